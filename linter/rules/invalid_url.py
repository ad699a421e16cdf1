"""A link is not a valid URL: browsers reject it, or RFC 3986 does.

What it catches, when no more specific rule owns the problem: characters
no URL may hold (a backslash, ``<``, ``>``, ``"``, control characters,
zero-width and other invisible characters, bidirectional controls, the
replacement character ``�`` left by a bad decoding), a ``%`` not followed
by two hex digits (``%zz``, ``100%``), a port that is not a number up to
65535, and any other address the WHATWG parser that browsers use rejects.

Why it matters: a browser forgives some of these, but a provider's
rewriter is stricter: it skips or breaks the link, and a recipient on
another client gets an error page. Invisible characters usually come from
a paste, and the link looks right while it fails. White space (EL201),
smart quotes (EL202), host problems (EL206) and scheme problems (EL101 to
EL106) are reported by their own rules; this rule checks what remains,
with the scheme corrected, so a value is not reported twice for one
mistake.

Failing::

    <a href="https://shop.com/sale?discount=20%">Sale</a>

Passing::

    <a href="https://shop.com/sale?discount=20%25">Sale</a>

How to fix: remove the character, or percent-encode it (``%25`` for
``%``, ``%5C`` for ``\\``).

Fix: no; what an invisible or broken character stood for is not known.
"""

from __future__ import annotations

from functools import lru_cache

from linter.links import Link
from linter.rules.base import Hit
from linter.rules.context import RuleContext
from linter.urlcheck import (
    EMPTY,
    UNSAFE,
    Analysis,
    analyze,
    char_problem,
    literal_problem,
    whole_value_hit,
)

CODE = "EL207"
NAME = "invalid-url"
SEVERITY = "error"
DEFAULT = True
FIXABLE = False
SCOPE = "link"


def check(link: Link, ctx: RuleContext) -> tuple[Hit, ...]:
    """Report the first syntax problem no other rule owns."""
    problem = _value_problem(link.value)
    if not problem:
        return ()

    return (
        whole_value_hit(
            link, f"the URL {problem}: trackers and mail clients reject it"
        ),
    )


@lru_cache(maxsize=4096)
def _value_problem(value: str) -> str | None:
    """The value's first syntax problem, or None. Cached: value alone."""
    analysis = analyze(value)
    if analysis.kind in (EMPTY, UNSAFE) or analysis.has_no_host:
        return None
    return _problem(value, analysis)


def _problem(value: str, analysis: Analysis) -> str | None:
    """The first syntax problem: at the edges, then in the value."""
    edges = value[: analysis.core_start] + value[analysis.core_end :]
    for char in edges:
        problem = char_problem(char)
        if problem:
            return f"holds {problem}"
    if analysis.facts is not None:
        return analysis.facts.syntax_problem
    return literal_problem(value[analysis.core_start : analysis.core_end])
