"""A URL inside a query parameter, not percent-encoded.

What it catches: ``https://shop.com/login?next=https://shop.com/cart``:
a parameter value that starts with a literal ``scheme://``. Encoded
(``next=https%3A%2F%2Fshop.com%2Fcart``) it is fine; a value from a
template token is not guessed at.

Why it matters: click trackers find URLs by their ``http://``, and one
nested unencoded is rewritten too, so the outer link's parameter gets the
tracker's redirect instead of the page it meant (PROVIDERS.md); and any
``&`` of the inner URL splits the outer query, losing the inner
parameters.

Failing::

    <a href="https://shop.com/login?next=https://shop.com/cart?id=1&s=2">

Passing::

    <a href="https://shop.com/login?next=https%3A%2F%2Fshop.com%2Fcart">

How to fix: percent-encode the inner URL (in Jinja ``|urlencode``, in
Liquid ``| url_encode``, in Handlebars a helper).

Fix: no; where the inner URL ends (which ``&`` is whose) is ambiguous.
"""

from __future__ import annotations

from linter.lazyre import lazy_pattern
from linter.links import Link
from linter.rules.base import Hit
from linter.rules.context import RuleContext
from linter.tracking import query_parameters, web_url
from linter.urlcheck import whole_value_hit

CODE = "EL309"
NAME = "unencoded-nested-url"
SEVERITY = "warning"
DEFAULT = True
FIXABLE = False
SCOPE = "link"


_nested = lazy_pattern(r"[A-Za-z][A-Za-z0-9+.\-]*://")


def check(link: Link, ctx: RuleContext) -> tuple[Hit, ...]:
    """Report the first query parameter that holds an unencoded URL."""
    url = web_url(link.value)
    if url is None or "://" not in url.query:
        return ()

    for name, written, _ in query_parameters(url):
        if _nested().match(written):
            return (
                whole_value_hit(
                    link,
                    f"query parameter '{name}' holds a URL that is not "
                    "percent-encoded: trackers rewrite the inner URL and "
                    "its '&' splits the outer query; percent-encode it",
                ),
            )
    return ()
