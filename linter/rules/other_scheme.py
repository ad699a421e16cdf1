"""A link uses a scheme other than http, https, mailto, tel or sms.

What it catches: ``ftp:``, ``git:``, ``irc:``, ``webcal:``, ``skype:``,
``cid:`` and every other scheme outside the five that mail clients open
everywhere. Dangerous schemes (``javascript:``, ``data:``, ``file:``) are
EL105, misspellings of http(s) (``htp:``) are EL103, and neither is
reported here.

Why it matters: mail clients and webmail may refuse to open such a link or
ask the reader first, and click trackers skip it, so clicks go uncounted.
It is a warning because some of these links are meant (a calendar feed,
an app link for readers who have the app).

Failing::

    <a href="ftp://files.shop.com/catalogue.pdf">Catalogue</a>

Passing::

    <a href="https://files.shop.com/catalogue.pdf">Catalogue</a>

How to fix: serve the target over https://, or link to a web page that
explains how to open it.

Fix: no; there is no equivalent to switch to.
"""

from __future__ import annotations

from linter.links import Link
from linter.rules.base import Hit
from linter.rules.context import RuleContext
from linter.urlcheck import ALLOWED_SCHEMES, OTHER_SCHEME, analyze, whole_value_hit

CODE = "EL109"
NAME = "other-scheme"
SEVERITY = "warning"
DEFAULT = True
FIXABLE = False
SCOPE = "link"


def check(link: Link, ctx: RuleContext) -> tuple[Hit, ...]:
    """Report a scheme that mail clients and trackers may not handle."""
    analysis = analyze(link.value)
    scheme = analysis.scheme
    if analysis.kind != OTHER_SCHEME or scheme is None:
        return ()
    if scheme in ALLOWED_SCHEMES:
        return ()

    return (
        whole_value_hit(
            link,
            f"'{scheme}:' links may not open in mail clients and are not "
            "tracked; prefer https://",
        ),
    )
