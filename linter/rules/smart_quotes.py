"""A link holds typographic quotes (“ ” ‘ ’ ″) instead of straight ones.

What it catches: curly double and single quotes, primes, low quotes and
guillemets anywhere in the value. The usual cause is a word processor or
a chat app that turned ``href="..."`` into ``href=”...”``: the curly
quotes are then no delimiters, and HTML reads them as part of the address.

Why it matters: the address becomes ``”https://shop.com”``, which no
browser opens as a web link (it is a relative path to the mail client),
trackers skip it, and a curly apostrophe inside a path (``men’s``) is sent
percent-encoded to a page that does not exist. The finding points at the
first smart quote.

Failing::

    <a href=”https://shop.com/sale”>Sale</a>

Passing::

    <a href="https://shop.com/sale">Sale</a>

How to fix: type the quotes around the value as straight ``"``, and remove
curly quotes from inside it.

Fix: yes, when the smart quotes only stand at the ends of the value: on an
unquoted attribute both become straight ``"`` (the value is then quoted as
meant); on a quoted one they are removed. A smart quote inside the value
has no safe fix.
"""

from __future__ import annotations

from linter.links import Link
from linter.rules.base import Edit, Hit
from linter.rules.context import RuleContext
from linter.urlcheck import (
    SMART_QUOTE_RE,
    UNSAFE,
    analyze,
    fixed_value,
    raw_between,
    value_edit,
)

CODE = "EL202"
NAME = "smart-quotes"
SEVERITY = "error"
DEFAULT = True
FIXABLE = True
SCOPE = "link"


def check(link: Link, ctx: RuleContext) -> tuple[Hit, ...]:
    """Report the first smart quote, with a fix when they delimit the value."""
    value = link.value
    if not SMART_QUOTE_RE.search(value) or analyze(value).kind == UNSAFE:
        return ()
    quotes = [match.start() for match in SMART_QUOTE_RE.finditer(value)]

    first = quotes[0]
    edit, fix = _fix(link, quotes)
    return (
        Hit(
            start=link.offset(first),
            end=link.offset(first + 1),
            message=(
                f"typographic quote '{value[first]}' in the URL: the link is "
                "broken; use straight quotes around the value"
            ),
            fix=fix,
            edit=edit,
        ),
    )


def _fix(link: Link, quotes: list[int]) -> tuple[Edit | None, str | None]:
    """The edit and new value when the smart quotes are only at the ends."""
    value = link.value
    last = len(value) - 1
    if any(index not in (0, last) for index in quotes):
        return None, None

    if link.attribute.quote == "" and len(quotes) == 2:
        # Both ends of an unquoted value: they were meant as its quotes.
        if '"' in link.raw:
            return None, None
        edit = value_edit(link, [(0, 1, '"'), (last, last + 1, '"')])
        return edit, raw_between(link, 1, last)
    # A quote at one end only, or inside real quotes: it goes. (Made
    # straight, a lone quote on an unquoted value would never close.)
    edit = value_edit(link, [(index, index + 1, "") for index in quotes])
    return edit, fixed_value(link, edit)
