"""A line over 998 characters that holds a link.

What it catches: minified or inlined HTML written on one long line. RFC
5322 limits a line to 998 characters; relays that enforce it wrap the line
wherever it reaches the limit, often inside a URL, and the link breaks for
every recipient whose mail passed that relay.

Failing: a 1,200-character line with ``<a href="https://shop.com">`` on it.
Passing: the same markup with line breaks between tags.

It reports each such line once, at column 1. No fix: where to break lines
safely depends on the markup (inside ``<pre>`` white space shows).
"""

from __future__ import annotations

from bisect import bisect_right
from typing import Iterator

from linter.rules.base import Hit
from linter.rules.context import DocumentFacts, RuleContext

CODE = "EL214"
NAME = "long-line"
SEVERITY = "warning"
DEFAULT = True
FIXABLE = False
SCOPE = "document"

LIMIT = 998


def check_document(facts: DocumentFacts, ctx: RuleContext) -> Iterator[Hit]:
    """Report the lines over the limit that hold a link's value."""
    text, links = facts.text, facts.links
    if not links or len(text) <= LIMIT:
        return
    # Links come in source order (``build_links``): only the lines from the
    # first link's to the last one's are measured, and never through the
    # line index, which most files would then build for nothing.
    lines = _long_lines(
        text, links[0].attribute.value_start, links[-1].attribute.value_start
    )
    if not lines:
        return
    starts = [start for start, _, _ in lines]
    reported: set[int] = set()

    for link in links:
        offset = link.attribute.value_start
        index = bisect_right(starts, offset) - 1
        if index < 0 or offset >= lines[index][2] or index in reported:
            continue  # on a line within the limit, or reported already
        reported.add(index)
        start, end, _ = lines[index]
        yield Hit(
            start=start,
            end=start,
            message=(
                f"line is {end - start} characters long (limit {LIMIT}); "
                "relays wrap it and can break the link"
            ),
        )


def _long_lines(text: str, first: int, last: int) -> list[tuple[int, int, int]]:
    """The lines over LIMIT that start between the line feed before
    ``first`` and ``last``: each one's start, its end and the next line's.

    Lines end as ``linter.source`` ends them (LF, CRLF or a lone CR; the
    end excludes the break), so an offset lies on the line that starts at
    or before it and whose next line starts after it. The walk: the
    LIMIT + 1 characters from a line's start hold no break (a long line
    starts there) or a last one, before which no long line starts, so
    each search in C moves about LIMIT characters on.
    """
    found = []
    step = LIMIT + 1
    last_start = min(last, len(text) - step)
    rfind = text.rfind  # looked up once: the loop runs a thousand times a MB
    line_start = rfind("\n", 0, first) + 1
    while line_start <= last_start:
        window_end = line_start + step
        last_break = rfind("\n", line_start, window_end)
        if last_break < 0:
            last_break = rfind("\r", line_start, window_end)
        if last_break >= 0:
            line_start = last_break + 1
            continue

        line_end = text.find("\n", window_end)
        if line_end < 0:
            line_end = len(text)
        carriage_return = text.find("\r", window_end, line_end)
        if carriage_return >= 0:
            line_end = carriage_return
        after = line_end + (2 if text.startswith("\r\n", line_end) else 1)
        found.append((line_start, line_end, after))
        line_start = after
    return found
