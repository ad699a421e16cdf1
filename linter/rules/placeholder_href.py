"""A link still holds a placeholder instead of its address.

What it catches: ``#``, ``#!``, the bare home page of ``example.com``,
``example.net`` or ``example.org``, and a short list of words that stand
for "put the link here": ``url``, ``link``, ``href``, ``your-link-here``,
``your-url-here``, ``link-here``, ``insert-link-here``, ``TODO``, ``TBD``,
``FIXME``, ``xxx``, ``placeholder`` (any case; spaces and underscores count
as hyphens), also as a host (``https://your-link-here``).

Why it matters: template starters ship with ``href="#"`` on every button
and social icon; sent as is, the reader clicks and nothing happens, and
trackers do not count a ``#``. The list is short on purpose: every entry is
a placeholder, never a real address. An anchor inside the email (``#top``)
is not one. A value can break other rules too: ``http://example.com`` is
also a forbidden host (EL108), ``TODO`` also a relative link (EL102).

Failing::

    <a href="#">Follow us</a>

Passing::

    <a href="https://instagram.com/shop">Follow us</a>

How to fix: fill in the real address, or remove the link.

Fix: no; the real address cannot be guessed.
"""

from __future__ import annotations

from functools import lru_cache

from linter.links import TEMPLATE_MARK, Link
from linter.rules.base import Hit
from linter.rules.context import RuleContext
from linter.urlcheck import (
    FRAGMENT,
    NO_SCHEME_WEB,
    RELATIVE,
    WEB,
    Analysis,
    analyze,
    normalized_host,
    shown,
    whole_value_hit,
)

CODE = "EL107"
NAME = "placeholder-href"
SEVERITY = "warning"
DEFAULT = True
FIXABLE = False
SCOPE = "link"

PLACEHOLDER_FRAGMENTS = frozenset({"#", "#!"})
PLACEHOLDER_WORDS = frozenset(
    {
        "url",
        "link",
        "href",
        "your-link-here",
        "your-url-here",
        "link-here",
        "url-here",
        "insert-link-here",
        "insert-url-here",
        "todo",
        "tbd",
        "fixme",
        "xxx",
        "placeholder",
    }
)
PLACEHOLDER_HOSTS = frozenset(
    f"{www}example.{tld}" for www in ("", "www.") for tld in ("com", "net", "org")
)


def check(link: Link, ctx: RuleContext) -> tuple[Hit, ...]:
    """Report a value that is a known placeholder."""
    message = _message(link.value)
    if message is None:
        return ()

    return (whole_value_hit(link, message),)


@lru_cache(maxsize=4096)
def _message(value: str) -> str | None:
    """The finding's message when the value is a placeholder, else None.

    Cached: it depends on the value alone, and starters repeat ``#``.
    """
    analysis = analyze(value)
    core = value[analysis.core_start : analysis.core_end]
    if TEMPLATE_MARK in core or not _is_placeholder(analysis, core):
        return None
    return (
        f"'{shown(core)}' is a placeholder, not an address: the link leads "
        "nowhere; fill in the real one"
    )


def _is_placeholder(analysis: Analysis, core: str) -> bool:
    """Whether a literal value is one of the known placeholders."""
    if analysis.kind == FRAGMENT:
        return core in PLACEHOLDER_FRAGMENTS
    if analysis.kind == RELATIVE:
        return _word(core) in PLACEHOLDER_WORDS
    if analysis.kind not in (WEB, NO_SCHEME_WEB) or analysis.facts is None:
        return False

    parsed = analysis.facts.parsed
    host = normalized_host(analysis)
    bare = parsed is not None and parsed.pathname in ("", "/")
    bare = bare and parsed is not None and not parsed.search and not parsed.hash
    host = host or ""
    return bare and (host in PLACEHOLDER_HOSTS or _word(host) in PLACEHOLDER_WORDS)


def _word(text: str) -> str:
    """A value as a placeholder word: lowercase, with hyphens for blanks."""
    return text.lower().replace("_", "-").replace(" ", "-")
