"""A link through a public URL shortener.

What it catches: a web link whose host is a public shortener (``bit.ly``,
``tinyurl.com``, ``t.co``, ``ow.ly``, ``is.gd``, ``rebrand.ly``,
``cutt.ly``, ...) or one of its sub-domains. A shortener on your own
domain (``go.shop.com``) is not one of them.

Why it matters: spammers use the same shorteners, so their domains sit on
URL block lists and filters score them; the reader cannot see where the
link goes; and the link dies with the shortener or the account. A
click tracker already counts clicks, so the shortener adds nothing.

Failing::

    <a href="https://bit.ly/3xYz">Sale</a>

Passing::

    <a href="https://shop.com/sale">Sale</a>

How to fix: link to the destination itself.

Fix: no; the destination is only known by requesting the short link.
"""

from __future__ import annotations

from functools import lru_cache

from linter.links import Link
from linter.rules.base import Hit
from linter.rules.context import RuleContext
from linter.tracking import web_url
from linter.urlcheck import whole_value_hit

CODE = "EL404"
NAME = "url-shortener"
SEVERITY = "warning"
DEFAULT = True
FIXABLE = False
SCOPE = "link"

SHORTENERS = frozenset(
    """
    bit.ly bitly.com j.mp tinyurl.com goo.gl t.co ow.ly is.gd v.gd buff.ly
    rebrand.ly cutt.ly shorturl.at tiny.cc rb.gy t.ly bl.ink lnkd.in dlvr.it
    s.id tr.im x.co soo.gd clck.ru shorte.st adf.ly bit.do qr.ae po.st
    """.split()
)


def check(link: Link, ctx: RuleContext) -> tuple[Hit, ...]:
    """Report a link whose host is a public shortener."""
    url = web_url(link.value)
    if url is None or not url.has_literal_host:
        return ()
    shortener = _shortener(url.host)
    if shortener is None:
        return ()

    return (
        whole_value_hit(
            link,
            f"{shortener} is a public URL shortener: block lists and spam "
            "filters distrust it and readers cannot see the destination; "
            "link to the destination",
        ),
    )


@lru_cache(maxsize=4096)
def _shortener(host: str) -> str | None:
    """The shortener domain this host is, or is a sub-domain of (cached)."""
    labels = host.split(".")
    for count in range(2, min(len(labels), 3) + 1):
        candidate = ".".join(labels[-count:])
        if candidate in SHORTENERS:
            return candidate
    return None
