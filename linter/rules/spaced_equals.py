"""White space around the ``=`` of an href.

What it catches: ``<a href = "https://shop.com">``. HTML allows it, but
click-tracking rewriters match ``href="`` literally (SendGrid, SES and
Customer.io document quoted ``href="..."`` as what they rewrite), so the
link is sent untracked.

Failing: ``<a href = "https://shop.com">``
Passing: ``<a href="https://shop.com">``

Fix: ``--fix`` removes the white space on both sides of the ``=``.
"""

from __future__ import annotations

from linter.links import Link
from linter.rules.base import Edit, Hit
from linter.rules.context import RuleContext

CODE = "EL204"
NAME = "spaced-equals"
SEVERITY = "warning"
DEFAULT = True
FIXABLE = True
SCOPE = "link"


def check(link: Link, ctx: RuleContext) -> tuple[Hit, ...]:
    """Report white space before or after the ``=``; point at the ``=``."""
    href = link.attribute
    if not href.spaced_equals:
        return ()

    name_end = href.name_start + len(href.name)
    value_open = href.value_start - len(href.quote)
    return (
        Hit(
            start=href.equals_start,
            end=href.equals_start + 1,
            message="white space around '=' in href; trackers may miss the link",
            fix=None,
            edit=Edit(name_end, value_open, "="),
        ),
    )
