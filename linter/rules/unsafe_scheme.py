"""A link runs script, embeds data or points at a local file.

What it catches: the schemes ``javascript:``, ``vbscript:``, ``data:`` and
``file:`` in any case, also when tabs or line breaks split them
(browsers drop those), and Windows paths (``C:\\offers.html``,
``\\\\server\\share``).

Why it matters: mail clients and webmail block these links, spam filters
score them as phishing, and none of them works for a recipient: the file
lives on the author's machine, the script never runs. ``javascript:void(0)``
copied from a web page is the usual case. Such a value is reported here
only; other rules stay silent on it.

Failing::

    <a href="javascript:void(0)">Open</a>
    <a href="file:///C:/newsletter/offer.html">Offer</a>

Passing::

    <a href="https://shop.com/offer">Offer</a>

How to fix: link to a web page (``https://``), or remove the link.

Fix: no; there is no address to put in its place.
"""

from __future__ import annotations

from linter.links import Link
from linter.rules.base import Hit
from linter.rules.context import RuleContext
from linter.urlcheck import UNSAFE, analyze, whole_value_hit

CODE = "EL105"
NAME = "unsafe-scheme"
SEVERITY = "error"
DEFAULT = True
FIXABLE = False
SCOPE = "link"

_WHY = {
    "javascript": "runs script, which mail clients block",
    "vbscript": "runs script, which mail clients block",
    "data": "embeds data, which mail clients block as a phishing pattern",
    "file": "points at a file on the author's machine, which no recipient has",
}


def check(link: Link, ctx: RuleContext) -> tuple[Hit, ...]:
    """Report a script, data or local-file link."""
    analysis = analyze(link.value)
    if analysis.kind != UNSAFE or analysis.scheme is None:
        return ()

    return (
        whole_value_hit(
            link,
            f"a '{analysis.scheme}:' link {_WHY[analysis.scheme]}; "
            "link to an https:// page instead",
        ),
    )
