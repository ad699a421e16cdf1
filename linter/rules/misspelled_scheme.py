"""The ``http://`` or ``https://`` at the start of a link is misspelled.

What it catches: a scheme one typing slip away from ``http`` or ``https``
(``htp://``, ``hhttps://``, ``htps://``) and a broken ``://`` after it
(``http//``, ``http:/x``, ``http:x``, ``https;//``, ``http:\\\\``,
``http:///x``, ``Https ://``).

Why it matters: some browsers guess what was meant, but mail clients and
click trackers do not: the link opens nothing, or is not tracked. A
misspelled scheme is reported here only, not also as an unknown scheme
(EL109) or a missing one (EL101). A scheme written twice is EL104, and a
scheme with nothing after it is EL106.

Failing::

    <a href="htps://shop.com/sale">Sale</a>
    <a href="http:/shop.com/sale">Sale</a>

Passing::

    <a href="https://shop.com/sale">Sale</a>

How to fix: write the scheme as ``https://`` (or ``http://``).

Fix: yes, when the intended scheme is certain (``httpx`` is one slip from
both) and a host name follows; ``--fix`` rewrites the scheme and its
separator, in lowercase.
"""

from __future__ import annotations

from linter.links import TEMPLATE_MARK, Link
from linter.rules.base import Edit, Hit
from linter.rules.context import RuleContext
from linter.urlcheck import (
    AMBIGUOUS,
    Analysis,
    analyze,
    shown,
    value_edit,
    whole_value_hit,
)

CODE = "EL103"
NAME = "misspelled-scheme"
SEVERITY = "error"
DEFAULT = True
FIXABLE = True
SCOPE = "link"


def check(link: Link, ctx: RuleContext) -> tuple[Hit, ...]:
    """Report a misspelled web scheme, with its correction when certain."""
    analysis = analyze(link.value)
    if not analysis.is_misspelled:
        return ()

    prefix = analysis.prefixes[0]
    written = shown(prefix.written)
    if prefix.scheme == AMBIGUOUS:
        return (
            whole_value_hit(
                link,
                f"misspelled scheme '{written}': write 'https://' or 'http://'",
            ),
        )
    right = f"{prefix.scheme}://"
    return (
        whole_value_hit(
            link,
            f"misspelled scheme '{written}': mail clients and trackers need "
            f"'{right}'",
            _edit(link, analysis, right),
        ),
    )


def _edit(link: Link, analysis: Analysis, right: str) -> Edit | None:
    """The correction of the scheme, when a host name follows it."""
    facts = analysis.facts
    if facts is None or facts.authority is None:
        return None
    host = facts.authority.host
    if not host or not (host[0].isalnum() or host[0] in "[" + TEMPLATE_MARK):
        return None
    prefix = analysis.prefixes[0]
    return value_edit(link, [(prefix.start, prefix.end, right)])
