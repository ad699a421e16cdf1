"""An href whose value is not in quotes.

What it catches: ``<a href=https://shop.com/sale>``. Browsers accept it,
but link rewriters of several providers look for ``href="`` or ``href='``
and leave an unquoted link untracked; and a value that later gains a space
or a ``>`` from a template variable breaks the whole tag.

Failing: ``<a href=https://shop.com>``
Passing: ``<a href="https://shop.com">``

Fix: ``--fix`` wraps the value in double quotes, writing any ``"`` inside
it as ``&quot;`` so the value means exactly what it meant before. The JSON
``fix`` field shows the quoted value.
"""

from __future__ import annotations

from linter.links import Link
from linter.rules.base import Edit, Hit
from linter.rules.context import RuleContext

CODE = "EL203"
NAME = "unquoted-href"
SEVERITY = "warning"
DEFAULT = True
FIXABLE = True
SCOPE = "link"

# A value opened by a typographic quote is EL202's, whose fix quotes it.
_SMART_QUOTES = "\u201c\u201d\u2018\u2019\u2033\u201e"


def check(link: Link, ctx: RuleContext) -> tuple[Hit, ...]:
    """Report a value written without quotes."""
    href = link.attribute
    if href.quote or not href.raw or href.raw[0] in _SMART_QUOTES:
        return ()

    quoted = '"' + href.raw.replace('"', "&quot;") + '"'
    return (
        Hit(
            start=link.offset(0),
            end=link.offset(len(link.value)),
            message='href value is not quoted; write href="..."',
            fix=quoted,
            edit=Edit(href.value_start, href.value_end, quoted),
        ),
    )
