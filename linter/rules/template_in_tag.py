"""Template logic inside a start tag that decides whether or which href exists.

What it catches: ``<a {% if vip %}href="https://shop.com/vip"{% endif %}>``.
Every HTML tool reads that as an ``<a>`` with the attribute text mixed in,
and click trackers may see no href at all, or the wrong one. Put the logic
inside the value, or around the whole tag.

Failing: ``<a {% if x %}href="https://a.co/v"{% else %}href="https://a.co"{% endif %}>``
Passing: ``<a href="{% if x %}https://a.co/v{% else %}https://a.co{% endif %}">``

Logic between other attributes (``{% if x %}target="_blank"{% endif %}``)
is not reported. It points at the tag's ``<``. No fix.
"""

from __future__ import annotations

from linter.links import Link
from linter.rules.base import Hit
from linter.rules.context import RuleContext

CODE = "EL213"
NAME = "template-in-tag"
SEVERITY = "warning"
DEFAULT = True
FIXABLE = False
SCOPE = "link"


def check(link: Link, ctx: RuleContext) -> tuple[Hit, ...]:
    """Report an href that stands between two logic tokens of its tag."""
    if not link.tag_tokens:
        return ()
    logic = [token for token in link.tag_tokens if token.is_logic]
    if not logic:
        return ()
    first, last = logic[0].start, logic[-1].end

    hrefs = [a for a in link.attributes if a.name == "href"]
    if not any(first < href.name_start < last for href in hrefs):
        return ()
    return (
        Hit(
            start=link.tag_start,
            end=link.tag_start + 1,
            message=(
                f"template logic {logic[0].text!r} in the tag decides the href;"
                " move it inside the value"
            ),
        ),
    )
