"""Config discovery, validation errors, per-file-ignores and severity."""

from __future__ import annotations

from pathlib import Path

import pytest

from linter import Config, ConfigError, lint_text
from linter.cli import main
from linter.config import find_config_file, load_config, read_config_file

UNQUOTED = "<a href=https://shop.com>x</a>\n"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_pyproject_table_is_found_upward(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool.lint-email]\nprovider = "ses"\n')
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    assert find_config_file(deep) == tmp_path / "pyproject.toml"
    assert load_config(start=deep).provider == "ses"


def test_pyproject_without_our_table_is_passed_over(tmp_path: Path) -> None:
    write(tmp_path / "lint-email.toml", 'provider = "mailgun"\n')
    write(tmp_path / "sub" / "pyproject.toml", "[tool.black]\nline-length = 88\n")
    assert load_config(start=tmp_path / "sub").provider == "mailgun"


def test_dot_file_and_isolated(tmp_path: Path) -> None:
    write(tmp_path / ".lint-email.toml", 'provider = "postmark"\n')
    assert load_config(start=tmp_path).provider == "postmark"
    assert load_config(start=tmp_path, isolated=True).provider == "generic"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("provider = 3\n", "provider: expected a string"),
        ('provider = "gmail"\n', "unknown provider 'gmail'"),
        ('colour = "red"\n', "colour: unknown key"),
        ('select = "EL1"\n', "select: expected a list of strings"),
        ('ignore = ["EL999"]\n', "unknown rule 'EL999'"),
        ("strict = 1\n", "strict: expected true or false"),
        ('[severity]\nEL203 = "fatal"\n', 'severity.EL203: expected "error" or'),
        ('[severity]\nEL000 = "error"\n', "severity.EL000: expected a rule code"),
        ("template-delimiters = [[\"[[\"]]\n", "template-delimiters: expected"),
        ("[dns]\ntimeout = -1\n", "dns.timeout: expected a positive number"),
        ("[dns]\nserver = 1\n", "dns.server: unknown key"),
        ('[[dns.records]]\nname = "a"\n', "dns.records: expected tables"),
        ("provider = \n", "invalid TOML"),
    ],
)
def test_config_errors_name_file_and_key(
    tmp_path: Path, content: str, expected: str
) -> None:
    path = write(tmp_path / "lint-email.toml", content)
    with pytest.raises(ConfigError) as error:
        read_config_file(path)
    message = str(error.value)
    assert str(path) in message
    assert expected in message
    assert "\n" not in message


def test_pyproject_errors_show_the_table_prefix(tmp_path: Path) -> None:
    path = write(tmp_path / "pyproject.toml", "[tool.lint-email]\nstrict = 'yes'\n")
    with pytest.raises(ConfigError, match=r"tool\.lint-email\.strict: expected"):
        read_config_file(path)


def test_config_error_exits_2_without_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "lint-email.toml", "nope = 1\n")
    write(tmp_path / "a.html", UNQUOTED)
    assert main(["a.html"]) == 2
    err = capsys.readouterr().err
    assert "lint-email.toml: nope: unknown key" in err
    assert "Traceback" not in err
    assert main(["--isolated", "a.html"]) == 0


def test_per_file_ignores_and_severity(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    write(
        tmp_path / "pyproject.toml",
        '[tool.lint-email.per-file-ignores]\n"legacy/**" = ["EL203"]\n'
        '[tool.lint-email.severity]\nunquoted-href = "error"\n',
    )
    write(tmp_path / "legacy" / "old.html", UNQUOTED)
    write(tmp_path / "new.html", UNQUOTED)
    assert main(["."]) == 1
    out = capsys.readouterr().out
    assert "new.html:1:9: EL203" in out
    assert "legacy/old.html" not in out


def test_config_file_from_the_command_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "conf" / "strict.toml", "strict = true\n")
    write(tmp_path / "a.html", UNQUOTED)
    assert main(["a.html"]) == 0
    assert main(["--config", "conf/strict.toml", "a.html"]) == 1
    assert main(["--config", "missing.toml", "a.html"]) == 2
    assert "missing.toml: cannot read config" in capsys.readouterr().err


def test_config_in_code() -> None:
    config = Config(ignore=("EL203",))
    assert lint_text(UNQUOTED, config=config) == []
    with pytest.raises(ConfigError, match="unknown provider"):
        Config(provider="nope")
    with pytest.raises(ConfigError, match="unknown rule"):
        Config(select=("EL999",))
