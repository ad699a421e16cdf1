"""Every fixture template carries its expected findings; run them all.

A fixture's first comment lists what it expects, one ``line:column CODE``
per line, and may set options (``options: provider=sendgrid
extend-select=EL306``). A file without expectations must be clean.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from linter import Config, lint_paths

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
_EXPECT = re.compile(r"^\s*(\d+):(\d+) (EL\d{3})\s*$", re.MULTILINE)
_OPTIONS = re.compile(r"^\s*options:(.*)$", re.MULTILINE)
_LIST_SETTINGS = {"select", "extend_select", "ignore", "forbidden_hosts"}


def _header(path: Path) -> str:
    text = path.read_bytes().decode("utf-8", errors="replace")
    start = text.find("<!--")
    end = text.find("-->", start)
    return text[start:end] if start >= 0 else ""


def _config(header: str) -> Config:
    settings: dict[str, object] = {}
    options = _OPTIONS.search(header)
    for word in (options.group(1).split() if options else []):
        key, _, value = word.partition("=")
        key = key.replace("-", "_")
        settings[key] = tuple(value.split(",")) if key in _LIST_SETTINGS else value
    return Config(root=FIXTURES, **settings)  # type: ignore[arg-type]


def _fixture_files() -> list[Path]:
    return sorted(
        p for p in FIXTURES.rglob("*") if p.is_file() and p.name != "README.md"
    )


@pytest.mark.parametrize(
    "path", _fixture_files(), ids=lambda p: p.relative_to(FIXTURES).as_posix()
)
def test_fixture(path: Path) -> None:
    header = _header(path)
    expected = sorted((int(l), int(c), code) for l, c, code in _EXPECT.findall(header))
    findings = lint_paths([path], config=_config(header))
    actual = sorted((f.line or 0, f.column or 0, f.code) for f in findings)
    assert actual == expected, "\n".join(
        f"{f.line}:{f.column} {f.code} {f.message}" for f in findings
    )


def test_bad_fixtures_expect_something() -> None:
    for path in (FIXTURES / "bad").rglob("*.*"):
        assert _EXPECT.search(_header(path)), f"{path.name} expects nothing"
