"""Pieces that meet across modules: plain-text parts, rule options."""

from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path

import pytest

from linter import ConfigError, lint_paths, Config
from linter.config import read_config_file


def test_bare_url_in_a_plain_text_part(tmp_path: Path) -> None:
    message = EmailMessage()
    message["Subject"] = "Hi"
    message.set_content("Hello,\nsee https://www.acme-shop.com/sale now.\n")
    message.add_alternative('<a href="https://www.acme-shop.com/">Shop</a>',
                            subtype="html")
    path = tmp_path / "m.eml"
    path.write_bytes(bytes(message))
    found = lint_paths([path], config=Config(select=("EL304",)))
    assert [(f.code, f.line, f.column, f.part) for f in found] == [
        ("EL304", 2, 5, "1 text/plain")
    ]


def test_rule_options_are_validated_by_the_rule(tmp_path: Path) -> None:
    config = tmp_path / "lint-email.toml"
    config.write_text('[rules.EL406]\nrequired = "utm_source"\n')
    with pytest.raises(ConfigError) as error:
        read_config_file(config)
    assert "rules.EL406.required: expected a list of strings" in str(error.value)
    assert str(config) in str(error.value)


def test_rule_without_options_rejects_them(tmp_path: Path) -> None:
    config = tmp_path / "lint-email.toml"
    config.write_text("[rules.EL101]\nstrict = true\n")
    with pytest.raises(ConfigError, match="EL101 takes no options"):
        read_config_file(config)


def test_valid_rule_options_reach_the_rule(tmp_path: Path) -> None:
    config = tmp_path / "lint-email.toml"
    config.write_text('[rules.utm-policy]\nrequired = ["utm_source"]\n')
    assert read_config_file(config).options_for("EL406") == {
        "required": ["utm_source"]}
