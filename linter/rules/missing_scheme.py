"""A web or email address is written without its scheme.

What it catches: hrefs such as ``www.shop.com``, ``shop.com/sale``,
``facebook.com`` or ``//shop.com``, and an email address with no
``mailto:`` (``help@shop.com``).

Why it matters: an email has no base URL, so a mail client reads
``www.shop.com`` as a relative path and opens nothing, or a local file.
Click trackers only rewrite links that start with ``http://`` or
``https://``, so the click is not counted either. A protocol-relative
``//shop.com`` borrows the scheme of the page it sits on, and a mail client
has none.

Failing::

    <a href="www.shop.com/sale">Sale</a>

Passing::

    <a href="https://www.shop.com/sale">Sale</a>

How to fix: write the full address with ``https://`` (``mailto:`` for an
email address).

Fix: yes. ``--fix`` puts ``https://`` in front (``https:`` before ``//``,
``mailto:`` before an email address). A value that starts with a template
token is not judged here: the scheme may come from the variable (EL301).
"""

from __future__ import annotations

from linter.links import Link
from linter.rules.base import Hit
from linter.rules.context import RuleContext
from linter.urlcheck import (
    NO_SCHEME_EMAIL,
    NO_SCHEME_WEB,
    analyze,
    shown,
    value_edit,
    whole_value_hit,
)

CODE = "EL101"
NAME = "missing-scheme"
SEVERITY = "error"
DEFAULT = True
FIXABLE = True
SCOPE = "link"


def check(link: Link, ctx: RuleContext) -> tuple[Hit, ...]:
    """Report a web or email address that lacks its scheme."""
    analysis = analyze(link.value)
    kind = analysis.kind
    if kind != NO_SCHEME_EMAIL and kind != NO_SCHEME_WEB:
        return ()
    start = analysis.core_start
    address = shown(link.value[start : analysis.core_end])

    if kind == NO_SCHEME_EMAIL:
        return (
            whole_value_hit(
                link,
                f"'{address}' is an email address without 'mailto:': mail "
                "clients open it as a relative link; write 'mailto:' before it",
                value_edit(link, [(start, start, "mailto:")]),
            ),
        )
    prefix = analysis.effective_prefix
    return (
        whole_value_hit(
            link,
            f"'{address}' has no scheme: mail clients cannot open it and "
            f"trackers skip it; write '{prefix}' before it",
            value_edit(link, [(start, start, prefix)]),
        ),
    )
