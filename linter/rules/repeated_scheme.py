"""The scheme of a link is written twice, as in ``http://http://``.

What it catches: a web scheme followed by another one, spelled right or
not: ``http://http://shop.com``, ``https://https//shop.com``,
``http://https://shop.com``. It happens when an address that already has
its scheme is pasted into an editor field that adds one.

Why it matters: browsers read the second scheme as a host called "http"
or "https", so the link leads nowhere, and trackers rewrite a broken
address. Such a value is reported here only, not also as a misspelled
scheme (EL103).

Failing::

    <a href="http://https://shop.com/sale">Sale</a>

Passing::

    <a href="https://shop.com/sale">Sale</a>

How to fix: keep one scheme.

Fix: yes. ``--fix`` keeps the innermost scheme that is spelled right (the
one of the pasted address) and drops the others.
"""

from __future__ import annotations

from linter.links import Link
from linter.rules.base import Hit
from linter.rules.context import RuleContext
from linter.urlcheck import (
    analyze,
    chosen_scheme,
    shown,
    value_edit,
    whole_value_hit,
)

CODE = "EL104"
NAME = "repeated-scheme"
SEVERITY = "error"
DEFAULT = True
FIXABLE = True
SCOPE = "link"


def check(link: Link, ctx: RuleContext) -> tuple[Hit, ...]:
    """Report a doubled scheme, with the value reduced to one scheme."""
    analysis = analyze(link.value)
    if not analysis.is_repeated:
        return ()

    first, last = analysis.prefixes[0], analysis.prefixes[-1]
    written = shown(link.value[first.start : last.end])
    scheme = chosen_scheme(analysis.prefixes)
    message = f"the scheme is written more than once ('{written}')"
    if scheme is None:
        return (whole_value_hit(link, f"{message}: keep one"),)
    return (
        whole_value_hit(
            link,
            f"{message}: the link leads nowhere; keep one '{scheme}://'",
            value_edit(link, [(first.start, last.end, f"{scheme}://")]),
        ),
    )
