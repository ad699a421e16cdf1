"""A URL written as visible text, outside any ``<a href>``.

What it catches: ``https://shop.com/sale`` or ``www.shop.com`` in the text
of the email, not inside a link. Attributes, comments, ``<style>`` and
``<script>`` contents and template tokens are not text; the text of an
``<a href>`` (or any element with an href) is that link's (EL402).

Why it matters: mail clients turn such text into a link on their own,
after the provider has rewritten the links, so its clicks are never
tracked; and the client decides where the link ends, often taking a
trailing bracket or word with it.

Failing::

    <p>Our sale: https://shop.com/sale</p>

Passing::

    <p>Our sale: <a href="https://shop.com/sale">shop.com/sale</a></p>

How to fix: wrap the address in an ``<a href>``.

Fix: no; the link's markup and style are for the author to choose.

The finding points at the URL's first character. For ``.eml`` messages,
``find_bare_urls`` in ``linter.tracking`` finds the same URLs in a
``text/plain`` part, and ``plain_text_hits`` here reports them.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from operator import methodcaller
from typing import Iterator

from linter.lazyre import lazy_pattern
from linter.rules.base import Hit
from linter.rules.context import DocumentFacts, RuleContext
from linter.scan import Scan
from linter.tracking import (
    bare_url_end,
    find_bare_urls,
    url_candidate_end,
    url_candidates,
)

CODE = "EL304"
NAME = "bare-url"
SEVERITY = "warning"
DEFAULT = True
FIXABLE = False
SCOPE = "document"

# Elements without contents, whose closing tag would never come.
_VOID = frozenset({"area", "img", "input", "link", "base", "embed", "source"})
# How far a link's contents may run: as far as a link text reasonably does.
_CONTENT_LIMIT = 20_000
_FAR = 1 << 62


def _can_start_here(lead: str) -> str:
    """Lookbehinds, after a marker: ``lead`` ends here, after a character
    that a URL may follow (as in ``_BARE_URL``), and not where
    ``_surely_a_value`` sees a value (after ``=``, ``="``, ``='``, ``url(``,
    ``url("`` or ``url('``; no character but ``U``, ``R`` and ``L``
    lowercases to their letters)."""
    return (rf"(?<={lead})(?<![\w@.\-/=]{lead})(?<!=[\"']{lead})"
            rf"(?<![uU][rR][lL]\({lead})(?<![uU][rR][lL]\([\"']{lead})")


_HTTP = "[hH][tT][tT][pP]"
_WWW = r"[wW][wW][wW]\."
# The ``://`` of an http or https URL, and the dot of a ``www.`` in any
# case, where a URL this rule may report starts. Each pattern starts with
# its literal, so the search runs in C about as fast as a plain find, and
# the attribute values (most URLs of an email) never reach Python.
_scheme_marker = lazy_pattern(
    rf"://(?:{_can_start_here(_HTTP + '://')}"
    rf"|{_can_start_here(_HTTP + '[sS]://')})"
)
_www_marker = lazy_pattern(rf"\.{_can_start_here(_WWW)}")
_MATCH_START = methodcaller("start")


def check_document(facts: DocumentFacts, ctx: RuleContext) -> Iterator[Hit]:
    """Report the URLs in visible text that no link element holds."""
    text = facts.text
    scan = facts.scan
    visible = _visible_candidates(text, scan)
    if not visible:
        return
    excluded = _excluded_spans(facts)

    for start, end in visible:
        limit = _visible_end(start, end, scan, excluded)
        url_end = None if limit is None else bare_url_end(text, start, limit)
        if url_end is not None:
            # The real characters: a big file's text may be narrowed.
            yield _hit(facts.document.slice(start, url_end), start, url_end)


def _visible_candidates(text: str, scan: Scan) -> list[tuple[int, int]]:
    """The ``url_candidates`` that start in visible text and not right after
    ``=`` or ``url(``, as ``_visible_candidates_exactly`` finds them.

    Only the starts that the markers let through are looked at, each one
    kept or ruled out by itself, so the text spans of the whole file
    (costly for a big one) are never worked out. A start that follows a
    run break (white space, a quote, ``>``) cannot lie inside an earlier
    candidate's run, so no earlier one needs matching; after any other
    character (``(https://``) it might lie inside a value the markers
    skipped, and then every candidate is worked out the plain way.
    """
    starts = [
        at - 5 if text[at - 1] in "sS" else at - 4
        for at in map(_MATCH_START, _scheme_marker().finditer(text))
    ]
    starts += [dot - 3 for dot in map(_MATCH_START, _www_marker().finditer(text))]
    found = []

    for start in sorted(starts):
        # The markers spare Python most values; _surely_a_value decides.
        if _surely_a_value(text, start) or not scan.in_text(start):
            continue
        if start > 0 and not _breaks_a_run(text[start - 1]):
            return _visible_candidates_exactly(text, scan)
        end = url_candidate_end(text, start)
        if end is not None:
            found.append((start, end))
    return found


def _breaks_a_run(character: str) -> bool:
    """What no URL-looking run holds (``_BARE_URL``): white space (the
    pattern's ``\\s`` is ``str.isspace``), ``<``, ``>``, quotes, backticks."""
    return character in "<>\"'`" or character.isspace()


def _visible_candidates_exactly(text: str, scan: Scan) -> list[tuple[int, int]]:
    """The plain way: every candidate in order, then the visible ones."""
    return [
        (start, end) for start, end in url_candidates(text)
        if not _surely_a_value(text, start) and scan.in_text(start)
    ]


def _surely_a_value(text: str, start: int) -> bool:
    """A URL right after ``="``, ``='``, ``=`` or CSS ``url(``."""
    # Most URLs of an email are attribute values: those are told apart
    # without a slice or lowercasing (no other character lowercases to
    # ``=`` or a quote).
    if text.endswith(('="', "='", "="), 0, start):
        return True
    before = text[max(start - 5, 0):start].lower()
    return before.endswith(("url(", 'url("', "url('"))


def _visible_end(
    start: int, end: int, scan: Scan, excluded: list[tuple[int, int]]
) -> int | None:
    """How far ``[start, end)`` runs in visible text; None if it starts hidden."""
    span = scan.text_span_at(start)
    if span is None:
        return None
    end = min(end, span[1])

    after = bisect_right(excluded, (start, _FAR))
    if after > 0 and excluded[after - 1][1] > start:
        return None
    if after < len(excluded):
        end = min(end, excluded[after][0])
    return end


def plain_text_hits(text: str) -> Iterator[Hit]:
    """EL304 hits for a ``text/plain`` part, whose whole text is visible."""
    for start, end in find_bare_urls(text):
        yield _hit(text[start:end], start, end)


def _hit(url: str, start: int, end: int) -> Hit:
    shown = url if len(url) <= 60 else url[:59] + "…"
    return Hit(
        start=start,
        end=end,
        message=(
            f"bare URL {shown} in text: mail clients link it on their own, "
            'outside click tracking; wrap it in <a href="...">'
        ),
    )


def _excluded_spans(facts: DocumentFacts) -> list[tuple[int, int]]:
    """Template tokens and the contents of elements that carry an href."""
    spans = [(token.start, token.end) for token in facts.tokens]
    # TODO: the text of an <a> whose only href is a binding (th:href) counts as
    # visible text, because the lint scan keeps no tags without an href.
    for tag in facts.scan.start_tags:
        if tag.name in _VOID or not any(a.name == "href" for a in tag.attributes):
            continue
        # The lint scan keeps only ``</a>`` end tags, so the closing tag of
        # ``mj-button`` or ``v:roundrect`` is looked for in the text.
        closing = _closing_tag(tag.name).search(
            facts.text, tag.end, tag.end + _CONTENT_LIMIT
        )
        if closing is not None:
            spans.append((tag.end, closing.start()))
    return _merged(spans)


@lru_cache(maxsize=64)
def _closing_tag(name: str) -> re.Pattern[str]:
    return re.compile(rf"</{re.escape(name)}[\t\n\f\r />]", re.IGNORECASE)


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted spans with overlapping ones joined, so that bisect finds all."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged
