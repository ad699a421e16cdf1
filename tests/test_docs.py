"""The README, the registry and --list-rules agree on the rules."""

from __future__ import annotations

import re
from pathlib import Path

from linter.rules import all_rules

README = (Path(__file__).resolve().parents[1] / "README.md").read_text()
_ROW = re.compile(r"^\| (EL\d{3}) \| `([a-z-]+)` \| (E|W|off) \|", re.MULTILINE)


def test_readme_rule_table_matches_the_registry() -> None:
    documented = {code: (name, state) for code, name, state in _ROW.findall(README)}
    registered = {
        rule.code: (rule.name, ("E" if rule.severity == "error" else "W")
                    if rule.default else "off")
        for rule in all_rules()
    }
    assert documented == registered


def test_every_rule_has_an_explanation() -> None:
    for rule in all_rules():
        assert rule.summary.endswith("."), rule.code
        assert len(rule.doc.split()) >= 30, f"{rule.code} doc is too short"
