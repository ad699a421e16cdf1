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
    document = facts.document
    if not facts.links or len(facts.text) <= LIMIT:
        return
    if not document.has_line_longer_than(LIMIT):
        return
    reported: set[int] = set()

    for link in facts.links:
        line, _ = document.position(link.attribute.value_start)
        if line in reported:
            continue
        start, end = document.line_span(line)
        if end - start > LIMIT:
            reported.add(line)
            yield Hit(
                start=start,
                end=start,
                message=(
                    f"line is {end - start} characters long (limit {LIMIT}); "
                    "relays wrap it and can break the link"
                ),
            )
