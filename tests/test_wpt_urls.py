"""The value rules against the WHATWG URL test data (web-platform-tests).

Two promises. No input a conforming parser rejects may pass: every
``"failure": true`` entry draws an error, whatever its base, since an
email has no base URL. And no clean URL may draw an error: the entries
that parse, are absolute http(s) and are valid RFC 3986 as written with a
plain host are checked for false positives.
"""

from __future__ import annotations

import importlib
import ipaddress
import json
import re
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from linter.rules.context import RuleContext
from tests.linkfactory import VALUE_RULE_MODULES, link_for_value

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
TESTDATA = DATA / "wpt-urltestdata.json"

RULES: list[ModuleType] = [
    importlib.import_module(f"linter.rules.{name}")
    for name in VALUE_RULE_MODULES
]
CTX = RuleContext()

# Reserved hosts (example.com, 127.0.0.1, [::1] ...) are forbidden by
# policy (EL108), not because the URL is malformed: they do not count as
# false positives of the syntax checks.
POLICY_RULES = frozenset({"EL108"})


def _entries() -> list[dict[str, Any]]:
    if not TESTDATA.is_file():
        pytest.skip(f"{TESTDATA} is absent (a clone without ../shared/data)")
    data = json.loads(TESTDATA.read_text(encoding="utf-8"))
    return [entry for entry in data if isinstance(entry, dict)]


def _hits(value: str) -> list[tuple[str, str]]:
    """(code, severity) of every value rule that reports ``value``.

    The value is handed over as already decoded: the WPT inputs are URLs,
    not HTML, so no character reference or template token is in them.
    """
    link = link_for_value(value)
    return [
        (rule.CODE, rule.SEVERITY)
        for rule in RULES
        for _ in rule.check(link, CTX)
    ]


def test_every_rejected_input_draws_an_error() -> None:
    """An input WHATWG rejects is an error here (with one exception below)."""
    failures = [entry["input"] for entry in _entries() if entry.get("failure")]
    missed = []
    for value in failures:
        found = _hits(value)
        if value == "#":
            # SPEC: a bare "#" is a placeholder (EL107, a warning), and a
            # fragment is never a relative URL; it must still be reported.
            assert ("EL107", "warning") in found
            continue
        if not any(severity == "error" for _, severity in found):
            missed.append((value, found))

    assert len(failures) > 200
    assert missed == []


# A conservative reading of RFC 3986 for an absolute http(s) URL: a
# preferred-name host with a letters TLD, a dotted quad or an IPv6
# literal, a decimal port, and only unreserved, sub-delims, ":@/?" and
# valid percent-escapes after it.
_PCHAR = r"(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9A-Fa-f]{2})"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?"
_CLEAN_URL = re.compile(
    rf"https?://(?:[^@/?#\[\]]*@)?"
    rf"(?P<host>(?:{_LABEL}\.)*[A-Za-z](?:[A-Za-z0-9\-]*[A-Za-z0-9])?"
    rf"|\d{{1,3}}(?:\.\d{{1,3}}){{3}}|\[[0-9A-Fa-f:.]+\])"
    rf"(?::\d{{0,5}})?(?:/{_PCHAR}*)?(?:\?{_PCHAR}*)?(?:#{_PCHAR}*)?",
)


def _is_clean(value: str) -> bool:
    """Whether a WPT input is a clean absolute http(s) URL as written."""
    if not value.isascii() or any(c.isspace() or ord(c) < 0x20 for c in value):
        return False
    match = _CLEAN_URL.fullmatch(value)
    if match is None:
        return False
    host = match.group("host")
    if host.startswith("["):
        try:
            ipaddress.IPv6Address(host[1:-1])
        except ValueError:
            return False
    elif host[0].isdigit():
        try:
            ipaddress.IPv4Address(host)
        except ValueError:
            return False
    port = value.split(host, 1)[1].split("/", 1)[0].lstrip(":")
    return not port.isdigit() or int(port) <= 65535


def test_clean_valid_urls_draw_no_error() -> None:
    """No error on a URL that WHATWG accepts and that is RFC 3986 clean."""
    clean = sorted(
        {
            entry["input"]
            for entry in _entries()
            if not entry.get("failure") and _is_clean(entry["input"])
        }
    )
    wrong = []
    for value in clean:
        errors = [
            code
            for code, severity in _hits(value)
            if severity == "error" and code not in POLICY_RULES
        ]
        if errors:
            wrong.append((value, errors))

    # 70 inputs pass the filter in the stored data; far fewer would mean
    # that the filter or the data changed and the test lost its teeth.
    assert len(clean) >= 60, len(clean)
    assert wrong == []


def test_clean_filter_is_not_empty_handed() -> None:
    """The filter keeps plain URLs and drops the doubtful ones."""
    assert _is_clean("http://example.com/a?b=c#d")
    assert _is_clean("https://user:pw@1.2.3.4:8080/")
    assert _is_clean("http://[::1]/")
    assert not _is_clean("http://example.com/a b")
    assert not _is_clean("http:/example.com/")
    assert not _is_clean("http://0x7f.1/")
    assert not _is_clean("http://example.com/%zz")
    assert not _is_clean("http://ex\\ample.com/")
