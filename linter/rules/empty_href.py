"""A link has no target: an empty href, only white space, or a bare scheme.

What it catches: ``href=""``, a value of only spaces (or ``&nbsp;``), and
a web scheme with no host after it: ``http://``, ``https://``, ``http://?x``.

Why it matters: an empty href reloads nothing or opens the webmail's own
page, and a bare ``http://`` is what an editor leaves when a link field is
cleared. Either way the reader clicks a button that does nothing, and
trackers have no address to count. Such a value is reported here only, not
also as a misspelled or repeated scheme.

Failing::

    <a href="http://">Shop now</a>

Passing::

    <a href="https://shop.com/new">Shop now</a>

How to fix: fill in the address, or remove the link.

Fix: no; the missing address cannot be guessed.
"""

from __future__ import annotations

from linter.links import Link
from linter.rules.base import Hit
from linter.rules.context import RuleContext
from linter.urlcheck import EMPTY, WHITESPACE, analyze, shown, whole_value_hit

CODE = "EL106"
NAME = "empty-href"
SEVERITY = "error"
DEFAULT = True
FIXABLE = False
SCOPE = "link"


def check(link: Link, ctx: RuleContext) -> tuple[Hit, ...]:
    """Report an empty value or a web scheme without a host."""
    analysis = analyze(link.value)

    if analysis.kind == EMPTY:
        blank = link.value and all(c in WHITESPACE for c in link.value)
        what = "only white space" if blank else "empty"
        return (
            whole_value_hit(
                link, f"the href is {what}: the link opens nothing; fill it in"
            ),
        )
    if analysis.has_no_host:
        written = shown(link.value[analysis.core_start : analysis.core_end])
        return (
            whole_value_hit(
                link,
                f"'{written}' has no host: the link opens nothing; "
                "fill in the address",
            ),
        )
    return ()
