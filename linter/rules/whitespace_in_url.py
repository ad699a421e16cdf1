"""A link holds white space: leading, trailing or inside the address.

What it catches: spaces, non-breaking spaces (``&nbsp;``), tabs, line
breaks and the other Unicode spaces anywhere in the value, template tokens
aside. A value of nothing but white space is EL106 instead, and a space
inside a misspelled scheme (``Https ://``) is part of EL103.

Why it matters: a URL cannot hold raw white space (RFC 3986). Browsers
forgive it, but providers do not: Amazon SES leaves a link with a space
untracked, rewriters cut the link at the space, and some mail clients only
make the part before it clickable. Editors add them: a pasted address with
a trailing space, a long link wrapped onto two lines, a ``&nbsp;``.

Failing::

    <a href=" https://shop.com/summer sale">Sale</a>

Passing::

    <a href="https://shop.com/summer%20sale">Sale</a>

How to fix: remove the white space, or write a space that belongs to the
address as ``%20``.

Fix: yes, where it is unambiguous. ``--fix`` removes white space at either
end, removes every run that holds a tab or a line break (browsers drop
those, so the link keeps working as it did), removes spaces in a ``tel:``
or ``sms:`` number, and writes a space in the path, query or fragment of an
address with a host, or in a ``mailto:`` or ``sms:`` query, as ``%20``
(what browsers send). A space anywhere else (the scheme, the host, an email address) has
no safe fix, and then no fix is offered at all.
"""

from __future__ import annotations

from functools import lru_cache

from linter.links import Link
from linter.rules.base import Hit
from linter.rules.context import RuleContext
from linter.urlcheck import (
    EMPTY,
    LINE_BREAKS,
    TEMPLATED,
    UNSAFE,
    WHITESPACE_RE,
    Analysis,
    analyze,
    value_edit,
    whole_value_hit,
)

CODE = "EL201"
NAME = "whitespace-in-url"
SEVERITY = "error"
DEFAULT = True
FIXABLE = True
SCOPE = "link"

_NAMES = {"\t": "a tab", "\xa0": "a non-breaking space", " ": "a space"}

# Changes to the value, as value_edit takes them.
_Changes = tuple[tuple[int, int, str], ...]


def check(link: Link, ctx: RuleContext) -> tuple[Hit, ...]:
    """Report white space in the value, with a fix when every run has one."""
    found = _finding(link.value)
    if found is None:
        return ()

    message, changes = found
    edit = None if changes is None else value_edit(link, changes)
    return (whole_value_hit(link, message, edit),)


@lru_cache(maxsize=4096)
def _finding(value: str) -> tuple[str, _Changes | None] | None:
    """The message and the fix's changes, or None when there is no space.

    Cached: both depend on the value alone; only the edit built from the
    changes depends on where the link stands.
    """
    analysis = analyze(value)
    if analysis.kind in (EMPTY, UNSAFE):
        return None
    runs = _runs(value, analysis)
    if not runs:
        return None

    first_start, first_end = runs[0]
    where = _where(analysis, first_start, first_end)
    message = (
        f"{_name(value[first_start])} {where} the URL: providers leave such "
        "links untracked or cut them short; remove it or write %20"
    )
    return message, _changes(value, analysis, runs)


def _runs(value: str, analysis: Analysis) -> list[tuple[int, int]]:
    """Runs of white space as (start, end), except in an owned prefix."""
    owned_start, owned_end = analysis.core_start, analysis.owned_prefix_end
    runs: list[tuple[int, int]] = []
    for match in WHITESPACE_RE.finditer(value):
        start, end = match.span()
        if start < owned_end and end > owned_start:
            # Keep the parts of the run outside the misspelled scheme.
            if start < owned_start:
                runs.append((start, owned_start))
            if end > owned_end:
                runs.append((owned_end, end))
            continue
        runs.append((start, end))
    return runs


def _name(char: str) -> str:
    """What a reader calls this white space character."""
    if char in LINE_BREAKS and char != "\t":
        return "A line break"
    name = _NAMES.get(char, f"a space character (U+{ord(char):04X})")
    return name[0].upper() + name[1:]


def _where(analysis: Analysis, start: int, end: int) -> str:
    """Where a run stands: at the start, at the end or inside the value."""
    if end <= analysis.core_start:
        return "at the start of"
    if start >= analysis.core_end:
        return "at the end of"
    return "inside"


def _changes(
    value: str, analysis: Analysis, runs: list[tuple[int, int]]
) -> _Changes | None:
    """The changes that fix every run, or None when one has no safe fix."""
    changes: list[tuple[int, int, str]] = []
    for start, end in runs:
        replacement = _replacement(value, analysis, start, end)
        if replacement is None:
            return None
        changes.append((start, end, replacement))
    return tuple(changes)


def _replacement(value: str, analysis: Analysis, start: int, end: int) -> str | None:
    """What a run of white space becomes, or None when it is unclear."""
    inside = analysis.core_start <= start and end <= analysis.core_end
    if not inside or any(char in LINE_BREAKS for char in value[start:end]):
        return ""
    before = value[analysis.core_start : start]
    if analysis.scheme in ("tel", "sms") and "?" not in before:
        return ""
    if _in_path_or_query(value, analysis, start):
        return "%20" * (end - start)
    return None


def _in_path_or_query(value: str, analysis: Analysis, index: int) -> bool:
    """Whether ``value[index]`` is past the host, or in a known query."""
    before = value[analysis.core_start : index]
    if analysis.scheme in ("mailto", "sms") or analysis.kind == TEMPLATED:
        return "?" in before
    facts = analysis.facts
    if facts is None or facts.authority is None:
        return False
    return index >= analysis.value_index(facts.authority.end)
