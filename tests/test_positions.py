"""Positions as SPEC defines them: 1-based, code points, CR/LF/CRLF lines."""

from __future__ import annotations

import pytest

from tests.conftest import lint


def _where(source: str, code: str) -> tuple[int, int]:
    found = [f for f in lint(source) if f.code == code]
    assert found, f"no {code} in {source!r}"
    assert found[0].line is not None and found[0].column is not None
    return found[0].line, found[0].column


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("<a href=x.html>", (1, 9)),
        ("\n\n  <a href=x>", (3, 11)),
        ("a\r\nb\r\n<a href=x>", (3, 9)),
        ("a\rb\r<a href=x>", (3, 9)),
        ("a\r\n\rb\n<a href=x>", (4, 9)),
        ("\t\t<a\thref=x>", (1, 11)),
        ("<p>Grüße, 日本</p><a href=x>", (1, 25)),
        ("<p>\U0001F600\U0001F600</p><a href=x>", (1, 18)),
        ("<a\n   class='btn'\n   href=x>", (3, 9)),
        ("<a\r\n  href\r\n  =\r\n  x>", (4, 3)),
        # U+2028 and form feed do not end lines, whatever str.splitlines says.
        ("a\u2028b\x0c<a href=x>", (1, 13)),
    ],
)
def test_unquoted_value_position(source: str, expected: tuple[int, int]) -> None:
    assert _where(source, "EL203") == expected


def test_spaced_equals_points_at_the_equals_sign() -> None:
    assert _where('<a\n  href  =  "https://x.com">', "EL204") == (2, 9)


def test_template_in_tag_points_at_the_tag() -> None:
    source = 'x\n   <a {% if a %}href="https://a.com"{% endif %}>'
    assert _where(source, "EL213") == (2, 4)


def test_duplicate_href_points_at_second_value() -> None:
    source = '<a href="https://a.com"\n   href="https://b.com">'
    assert _where(source, "EL212") == (2, 10)


def test_end_position_is_the_end_of_the_value() -> None:
    found = [f for f in lint("<a href=abc.html>") if f.code == "EL203"][0]
    assert (found.end_line, found.end_column) == (1, 17)


def test_seventy_thousand_lines() -> None:
    source = "<p>x</p>\n" * 70_000 + "<a href=late.html>\n"
    assert _where(source, "EL203") == (70_001, 9)


def test_character_references_keep_source_positions() -> None:
    # The value is decoded, but positions stay those of the source text.
    found = lint('<a href="{{ a }">&amp;</a><a href=\n"x&amp;y {{ b }">')
    positions = [(f.line, f.column) for f in found if f.code == "EL209"]
    assert positions == [(1, 10), (2, 2)]
