"""An href value that swallowed markup because a quote was never closed.

What it catches: ``<a href="https://shop.com>Shop</a> ... <a href="...``.
The value runs on to the next quote of its kind, taking tags and text with
it: the link goes nowhere and the text after it disappears in every mail
client.

Failing: ``<a href="https://shop.com>Shop</a>``
Passing: ``<a href="https://shop.com">Shop</a>``

It reports a value that holds ``<`` or ``>`` outside template tokens, or a
line break followed by more markup. No fix: where the quote should close
is a guess.
"""

from __future__ import annotations

import re
from functools import lru_cache

from linter.links import Link
from linter.rules.base import Hit
from linter.rules.context import RuleContext
from linter.urlcheck import whole_value_hit

CODE = "EL205"
NAME = "unclosed-quote"
SEVERITY = "error"
DEFAULT = True
FIXABLE = False
SCOPE = "link"

_SWALLOWED = re.compile(r"[<>]|[\r\n][^\r\n]*[=<>\"']")


def check(link: Link, ctx: RuleContext) -> tuple[Hit, ...]:
    """Report a quoted value that holds markup."""
    if not link.attribute.quote:
        return ()
    swallowed = _swallowed(link.value)
    if swallowed is None:
        return ()

    return (
        whole_value_hit(
            link,
            f"href value holds markup ({swallowed!r}): "
            "its closing quote is probably missing",
        ),
    )


@lru_cache(maxsize=4096)
def _swallowed(value: str) -> str | None:
    """The first character of markup in the value. Cached: value alone."""
    swallowed = _SWALLOWED.search(value)
    return None if swallowed is None else swallowed.group()[:1]
