"""More links in one email than the provider tracks.

What it catches: an email with more tracked links than the profile's
limit: 1000 for SendGrid, 250 for Amazon SES. A link counts when the
provider would rewrite it: an ``<a>`` (or a component that becomes one)
with a literal ``http://`` or ``https://`` href that does not opt out of
tracking. The generic profile and providers with no documented limit do
not run this check.

Why it matters: links past the limit go out untracked, so the report of
the campaign misses their clicks without saying so.

It reports once per document, at 1:1.

Failing::

    <!-- --provider ses: a digest with 300 of these -->
    <a href="https://shop.com/p/1">Product 1</a>

Passing::

    <!-- the same digest with 250 links at most, or the rest opted out -->
    <a ses:no-track href="https://shop.com/p/251">Product 251</a>

How to fix: send fewer links per email, or opt the ones whose clicks do
not matter out of tracking.

Fix: no; which links may go is for the sender to decide.
"""

from __future__ import annotations

from typing import Iterator

from linter.rules.base import Hit
from linter.rules.context import DocumentFacts, RuleContext
from linter.tracking import is_tracked, short_name

CODE = "EL303"
NAME = "too-many-links"
SEVERITY = "warning"
DEFAULT = True
FIXABLE = False
SCOPE = "document"


def check_document(facts: DocumentFacts, ctx: RuleContext) -> Iterator[Hit]:
    """Count the links the provider tracks and compare with its limit."""
    limit = ctx.provider.max_links
    if limit is None or len(facts.links) <= limit:
        return
    tracked = sum(1 for link in facts.links if is_tracked(link, ctx.provider))
    if tracked <= limit:
        return

    yield Hit(
        start=0,
        end=0,
        message=(
            f"{tracked} tracked links, but {short_name(ctx.provider)} tracks at "
            f"most {limit} per email; the links past the limit go out untracked"
        ),
    )
