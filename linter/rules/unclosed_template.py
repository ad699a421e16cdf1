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
from functools import lru_cache

from linter.links import TEMPLATE_MARK, Link
from linter.rules.base import Hit
from linter.rules.context import RuleContext
from linter.urlcheck import whole_value_hit

CODE = "EL209"
NAME = "unclosed-template"
SEVERITY = "error"
DEFAULT = True
FIXABLE = False
SCOPE = "link"

# Openers of the built-in dialects; closed tokens are already masked, so an
# opener left in the literal text never found its closer.
_OPENERS = re.compile(r"\{\{|\{%|\{#|<%|\*\||%%\[|%%=|\$\{|\[\[")


def check(link: Link, ctx: RuleContext) -> tuple[Hit, ...]:
    """Report an opener in the literal part of the value."""
    opener = _unclosed_opener(link.value)
    if opener is None:
        return ()

    return (
        whole_value_hit(
            link,
            f"template token {opener!r} is opened but not closed",
        ),
    )


@lru_cache(maxsize=4096)
def _unclosed_opener(value: str) -> str | None:
    """The first opener in the value's literal text. Cached: value alone."""
    opener = _OPENERS.search(value.replace(TEMPLATE_MARK, " "))
    return None if opener is None else opener.group()
