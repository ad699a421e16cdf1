"""Two ``href`` attributes on one tag.

What it catches: ``<a href="https://a.com" href="https://b.com">``.
Browsers keep the first and drop the second; some providers' rewriters
take the last, so the tracked link and the shown link differ.

Failing: ``<a href="https://a.com" class="btn" href="https://b.com">``
Passing: ``<a href="https://a.com" class="btn">``

It points at the second href's value. Tags where template logic chooses
between hrefs (``{% if %}href="a"{% else %}href="b"{% endif %}``) are
EL213's, not this rule's. No fix: which one was meant is a guess.
"""

from __future__ import annotations

from linter.links import Link
from linter.rules.base import Hit
from linter.rules.context import RuleContext

CODE = "EL212"
NAME = "duplicate-href"
SEVERITY = "warning"
DEFAULT = True
FIXABLE = False
SCOPE = "link"


def check(link: Link, ctx: RuleContext) -> list[Hit]:
    """Report every href after the first, unless logic chooses between them."""
    hrefs = [attribute for attribute in link.attributes if attribute.name == "href"]
    # One href, the common case, is settled before the tag's tokens.
    if len(hrefs) < 2 or any(token.is_logic for token in link.tag_tokens):
        return []

    hits = []
    for duplicate in hrefs[1:]:
        has_value = duplicate.raw is not None
        start = duplicate.value_start if has_value else duplicate.name_start
        hits.append(
            Hit(
                start=start,
                end=start + len(duplicate.raw or duplicate.name),
                message="second href on the same tag; browsers ignore it",
            )
        )
    return hits
