"""A link is a relative path, which means nothing inside an email.

What it catches: hrefs such as ``/account``, ``account/settings``,
``../offers`` or ``?q=1``. A web page resolves them against its own
address; an email has no address to resolve them against.

Why it matters: mail clients open such a link as nothing, as a local file,
or as a path on the webmail's own site, so the reader lands on an error
page; click trackers skip it. Templates copied from a web app often keep
its relative links. An anchor inside the email (``#top``) is not relative
in this sense and is not reported; a bare ``#`` is a placeholder (EL107).

Failing::

    <a href="/account/orders">Your orders</a>

Passing::

    <a href="https://shop.com/account/orders">Your orders</a>

How to fix: write the full address, or build it from a template variable
that holds the site's base URL (``{{ base_url }}/account``).

Fix: no; only the sender knows the site the path belongs to.
"""

from __future__ import annotations

from linter.links import Link
from linter.rules.base import Hit
from linter.rules.context import RuleContext
from linter.urlcheck import RELATIVE, analyze, shown, whole_value_hit

CODE = "EL102"
NAME = "relative-url"
SEVERITY = "error"
DEFAULT = True
FIXABLE = False
SCOPE = "link"


def check(link: Link, ctx: RuleContext) -> tuple[Hit, ...]:
    """Report a value that is a relative reference."""
    analysis = analyze(link.value)
    if analysis.kind != RELATIVE:
        return ()

    path = shown(link.value[analysis.core_start : analysis.core_end])
    return (
        whole_value_hit(
            link,
            f"'{path}' is a relative link: an email has no base URL, so mail "
            "clients cannot open it; write the full https:// address",
        ),
    )
