"""A link on an element that click trackers never rewrite.

What it catches: a web link in a VML shape's ``href`` (``<v:roundrect>``,
``<v:rect>`` in a bulletproof button for Outlook, usually inside
``<!--[if mso]>``) or in an image map's ``<area href>``.

Why it matters: trackers rewrite ``<a href>`` only; Salesforce Marketing
Cloud says outright that VML links are not tracked, and the others skip
them too (PROVIDERS.md). Every click an Outlook reader makes on a VML
button is missing from the report, and the button still works, so nobody
notices.

Failing::

    <!--[if mso]>
    <v:roundrect href="https://shop.com/sale">...</v:roundrect>
    <![endif]-->

Passing::

    <a href="https://shop.com/sale" class="button">Shop the sale</a>

How to fix: make the button an ``<a>`` styled as a button (padding and
border on the ``<a>``, or a table cell around it), or accept that Outlook
clicks on the VML shape go uncounted and suppress this finding.

Fix: no; the markup of the button is the author's choice.
"""

from __future__ import annotations

from linter.links import Link
from linter.rules.base import Hit
from linter.rules.context import RuleContext
from linter.tracking import is_untracked_element, tracker, web_url
from linter.urlcheck import whole_value_hit

CODE = "EL305"
NAME = "untracked-element"
SEVERITY = "warning"
DEFAULT = True
FIXABLE = False
SCOPE = "link"


def check(link: Link, ctx: RuleContext) -> tuple[Hit, ...]:
    """Report a web link on a VML shape or an ``<area>``."""
    if not is_untracked_element(link.element):
        return ()
    url = web_url(link.value)
    # A scheme with no host (``http://``) is EL106's.
    if url is None or not url.host:
        return ()

    if link.element == "area":
        what = "an image map's <area> link"
    else:
        where = " in an Outlook conditional comment" if link.in_conditional else ""
        what = f"a VML <{link.element}> link{where}"
    return (
        whole_value_hit(
            link,
            f"{what} is never rewritten by {tracker(ctx.provider)}: its "
            "clicks go uncounted; use an <a href> for the link",
        ),
    )
