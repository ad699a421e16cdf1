"""A template token opened inside an href and never closed.

What it catches: ``href="{{ url }"``. The template engine either fails the
whole send or leaves the raw ``{{ url }`` in the link, which then goes
nowhere for every recipient.

Failing: ``<a href="https://shop.com/{{ path }">``
Passing: ``<a href="https://shop.com/{{ path }}">``

No fix: which closer was meant depends on the dialect and the author.
"""

from __future__ import annotations

import re
from typing import Iterator

from linter.links import TEMPLATE_MARK, Link
from linter.rules.base import Hit
from linter.rules.context import RuleContext

CODE = "EL209"
NAME = "unclosed-template"
SEVERITY = "error"
DEFAULT = True
FIXABLE = False
SCOPE = "link"

# Openers of the built-in dialects; closed tokens are already masked, so an
# opener left in the literal text never found its closer.
_OPENERS = re.compile(r"\{\{|\{%|\{#|<%|\*\||%%\[|%%=|\$\{|\[\[")


def check(link: Link, ctx: RuleContext) -> Iterator[Hit]:
    """Report an opener in the literal part of the value."""
    opener = _OPENERS.search(link.value.replace(TEMPLATE_MARK, " "))
    if opener is None:
        return

    yield Hit(
        start=link.offset(0),
        end=link.offset(len(link.value)),
        message=f"template token {opener.group()!r} is opened but not closed",
    )
