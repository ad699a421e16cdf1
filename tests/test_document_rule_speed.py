"""The fast paths of the document rules EL214 and EL304 give the plain answer.

EL214 (long-line) walks the text a window at a time instead of splitting
it or indexing every line; EL304 (bare-url) looks only at the URL starts
that two searches in C let through. Each is held here to the
straightforward way of working out the same thing. Nothing here measures
time.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linter.config import Config
from linter.dialects import TokenIndex
from linter.engine import Engine
from linter.extract import build_links
from linter.rules import bare_url, long_line
from linter.rules.base import Hit
from linter.rules.context import DocumentFacts, RuleContext
from linter.scan import scan_links
from linter.source import Document
from linter.tracking import url_candidates

_ENGINE = Engine(Config())
_CONTEXT = RuleContext()
# Line breaks as linter.source counts them: CRLF and a lone CR each end
# one line, as an LF does.
_LINE_BREAK = re.compile(r"\r\n?|\n")


def facts_of(text: str) -> DocumentFacts:
    """What a document rule sees for ``text``, built as the engine builds it."""
    tokens = _ENGINE.dialects.find_tokens(text)
    index = TokenIndex(tokens)
    scanned = scan_links(text, index)
    links = build_links(text, scanned, index)
    return DocumentFacts(text, links, scanned, tokens, Document(path="t", text=text))


def lines_of(text: str) -> list[tuple[int, int, int]]:
    """Every line's start, end (before its break) and the next line's start."""
    lines, start = [], 0
    for line_break in _LINE_BREAK.finditer(text):
        lines.append((start, line_break.start(), line_break.end()))
        start = line_break.end()
    lines.append((start, len(text), len(text) + 1))
    return lines


def hit_spans(hits: list[Hit]) -> list[tuple[int, int, str]]:
    return [(hit.start, hit.end, hit.message) for hit in hits]


# --- EL214: lines over the limit -------------------------------------------

_BREAKS = st.sampled_from(["\n", "\r\n", "\r"])


_NEAR_LIMIT = st.sampled_from(
    [0, 1, long_line.LIMIT - 1, long_line.LIMIT, long_line.LIMIT + 1, 2500]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(_NEAR_LIMIT, _BREAKS), min_size=1, max_size=8),
       st.booleans(), st.data())
def test_long_lines_are_the_lines_over_the_limit(
    lines: list[tuple[int, str]], last_broken: bool, data: st.DataObject
) -> None:
    text = "".join("x" * length + newline for length, newline in lines)
    if not last_broken:
        text = text.rstrip("\r\n")
    first = data.draw(st.integers(0, len(text)))
    last = data.draw(st.integers(first, len(text)))
    walk_start = text.rfind("\n", 0, first) + 1
    expected = [
        line for line in lines_of(text)
        if line[1] - line[0] > long_line.LIMIT and walk_start <= line[0] <= last
    ]

    assert long_line._long_lines(text, first, last) == expected


def _long_line_hits_by_line_index(facts: DocumentFacts) -> list[Hit]:
    """EL214 the plain way: every link's line, measured through the index."""
    document, hits, reported = facts.document, [], set()
    for link in facts.links:
        line, _ = document.position(link.attribute.value_start)
        start, end = document.line_span(line)
        if line not in reported and end - start > long_line.LIMIT:
            reported.add(line)
            hits.append(Hit(start=start, end=start, message=(
                f"line is {end - start} characters long (limit "
                f"{long_line.LIMIT}); relays wrap it and can break the link")))
    return hits


_MARKUP_LINE = st.sampled_from([
    '<a href="https://shop.com/a">Sale</a>',
    "<a href=https://shop.com/b>",
    "<p>",
    '<td style="color:red">',
    "",
])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(_MARKUP_LINE, _NEAR_LIMIT, _BREAKS), max_size=8))
def test_long_line_rule_reports_what_the_line_index_shows(
    lines: list[tuple[str, int, str]]
) -> None:
    text = "".join(markup + "x" * length + newline
                   for markup, length, newline in lines)
    facts = facts_of(text)

    found = list(long_line.check_document(facts, _CONTEXT))
    assert hit_spans(found) == hit_spans(_long_line_hits_by_line_index(facts_of(text)))


def test_long_line_rule_builds_no_line_index() -> None:
    padding = "x" * 1500
    text = (f"<p>{padding}</p>\n" * 40 + '<a href="https://shop.com">a</a>'
            + padding + "\r\n<p>end</p>")
    facts = facts_of(text)

    [hit] = list(long_line.check_document(facts, _CONTEXT))
    assert text[hit.start:].startswith('<a href="https://shop.com">')
    assert facts.document._line_starts is None


# --- EL304: URL candidates in visible text -----------------------------------

_PIECES = [
    '<a href="https://shop.com/a">', "</a>", "<p>", "</p>", "<b>", " ", "\n",
    "https://", "HTTPS://", "http://", "www.", "WWW.", "shop.com", "/sale",
    ".com", "=", '="', "='", "(", ")", ",", '"', "'", "x", "é", "url(",
    "<!-- ", " -->", "<!--[if mso]>", "<![endif]-->", "<style>", "</style>",
    "<!DOCTYPE html \"", '<img src="', '">', "{{ url }}", "\u3000", "@",
]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40))
def test_visible_candidates_are_found_as_the_plain_way_finds_them(
    pieces: list[str],
) -> None:
    text = "".join(pieces)
    expected = bare_url._visible_candidates_exactly(text, facts_of(text).scan)

    assert bare_url._visible_candidates(text, facts_of(text).scan) == expected


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=30))
def test_the_markers_let_through_every_start_that_is_no_value(
    pieces: list[str],
) -> None:
    text = "".join(pieces)
    schemes = [match.start() for match in bare_url._scheme_marker().finditer(text)]
    dots = [match.start() for match in bare_url._www_marker().finditer(text)]
    marked = {at - 5 if text[at - 1] in "sS" else at - 4 for at in schemes}
    marked |= {dot - 3 for dot in dots}
    starts = {start for start, _ in url_candidates(text)
              if not bare_url._surely_a_value(text, start)}

    assert starts <= marked


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="=\"'(urlURLé x", max_size=12), st.data())
def test_value_test_is_the_lowercased_one(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    before = text[max(start - 5, 0):start].lower()
    expected = before.endswith(('="', "='", "=", "url(", 'url("', "url('"))

    assert bare_url._surely_a_value(text, start) == expected


@pytest.mark.parametrize(
    ("source", "urls"),
    [
        # After a value written in text: inside its run, or not.
        ("<p>a=https://shop.com/x,https://shop.com/y</p>", []),
        ("<p>x='www.shop.com/a'www.shop.com/b</p>", ["www.shop.com/b"]),
        # After a character a run may hold: worked out the plain way.
        ("<p>see (https://shop.com/sale)</p>", ["https://shop.com/sale"]),
        ("<p>@https://shop.com/x and ,www.shop.com</p>", ["www.shop.com"]),
        # Starts the markers must let through, and values they must not.
        ("<p>Say \"https://shop.com/a\" or 'www.shop.com/b'.</p>",
         ["https://shop.com/a", "www.shop.com/b"]),
        ("<p>url https://shop.com/a and url(https://shop.com/b)</p>",
         ["https://shop.com/a"]),
        ("<p>HTTPS://SHOP.COM/A\nWwW.Shop.com/b\u3000https://shop.com/c</p>",
         ["HTTPS://SHOP.COM/A", "WwW.Shop.com/b", "https://shop.com/c"]),
        ("<!--[if mso]><p>https://shop.com/outlook</p><![endif]-->",
         ["https://shop.com/outlook"]),
        ("<!-- https://shop.com/comment --><p>x</p>", []),
    ],
)
def test_the_fast_way_reports_what_the_plain_way_does(
    source: str, urls: list[str]
) -> None:
    fast = list(bare_url.check_document(facts_of(source), _CONTEXT))

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(bare_url, "_visible_candidates",
                      bare_url._visible_candidates_exactly)
        plain = list(bare_url.check_document(facts_of(source), _CONTEXT))
    assert hit_spans(fast) == hit_spans(plain)
    assert [source[hit.start:hit.end] for hit in fast] == urls


def test_a_usual_email_takes_the_fast_way(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(text: str, scan: object) -> list[tuple[int, int]]:
        raise AssertionError("worked out the exact way")

    monkeypatch.setattr(bare_url, "_visible_candidates_exactly", refuse)
    source = (
        '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" '
        '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">\n'
        '<html xmlns="http://www.w3.org/1999/xhtml"><body>\n'
        "<!-- Button: https://litmus.com/blog/buttons -->\n"
        '<a href="https://shop.com/?u=https://shop.com/b">Shop</a>\n'
        '<img src="https://cdn.shop.com/logo.png" alt="">\n'
        "<p>Visit https://shop.com/sale or www.shop.com today.</p>\n"
    )
    hits = list(bare_url.check_document(facts_of(source), _CONTEXT))

    assert [source[hit.start:hit.end] for hit in hits] == [
        "https://shop.com/sale", "www.shop.com"]
