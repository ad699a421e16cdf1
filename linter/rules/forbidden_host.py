"""A link points at a host recipients cannot reach, or one the config bans.

What it catches: ``localhost``, loopback, private and link-local addresses
(``127.0.0.1``, ``10.0.0.5``, ``192.168.1.20``, ``[::1]``), the names
reserved for tests and documentation (``.localhost``, ``.local``,
``.test``, ``.invalid``, ``.example``, ``example.com``, ``example.net``,
``example.org`` and their sub-domains), and every host in the config's
``forbidden-hosts``: an exact name (``staging.shop.com``) or ``*.suffix``
for all sub-domains of it (``*.internal``), in any case.

Why it matters: these addresses only work on the machine or network the
template was written on. A template that passed review against a staging
or local server sends every recipient to a dead link. Hosts are compared as
browsers read them: ``0x7f.1`` is ``127.0.0.1``. A host built from
template tokens is judged only by its literal tail (``{{ env }}.local``).

Failing::

    <a href="http://localhost:3000/confirm">Confirm</a>

Passing::

    <a href="https://shop.com/confirm">Confirm</a>

How to fix: link to the production host, or build the host from a
variable that holds it.

Fix: no; the production host is not known to the linter.
"""

from __future__ import annotations

from functools import lru_cache

from linter.links import TEMPLATE_MARK, Link
from linter.rules.base import Hit
from linter.rules.context import RuleContext
from linter.urlcheck import (
    RESERVED_NAMES,
    RESERVED_SUFFIXES,
    analyze,
    is_private_address,
    matches_host,
    normalized_host,
    shown,
    whole_value_hit,
)

CODE = "EL108"
NAME = "forbidden-host"
SEVERITY = "error"
DEFAULT = True
FIXABLE = False
SCOPE = "link"

# Reserved names count with their sub-domains: `www.example.com` too.
_RESERVED_ENDINGS = RESERVED_SUFFIXES + tuple(f".{name}" for name in RESERVED_NAMES)


def check(link: Link, ctx: RuleContext) -> tuple[Hit, ...]:
    """Report a link to a local, private, reserved or banned host."""
    message = _message(link.value, ctx.forbidden_hosts)
    if message is None:
        return ()

    return (whole_value_hit(link, message),)


@lru_cache(maxsize=4096)
def _message(value: str, forbidden_hosts: tuple[str, ...]) -> str | None:
    """The finding's message when the value's host is forbidden, else None.

    Cached: it depends on the value and the config's hosts alone.
    """
    analysis = analyze(value)
    if analysis.has_no_host:
        return None
    host = normalized_host(analysis)
    if not host:
        return None

    reason = _reason(host, forbidden_hosts)
    return f"the host '{shown(host)}' {reason}" if reason else None


def _reason(host: str, forbidden_hosts: tuple[str, ...]) -> str | None:
    """Why recipients cannot use this host, or None when they can."""
    if TEMPLATE_MARK not in host and is_private_address(host):
        return (
            "is a loopback or private address, which recipients cannot "
            "reach; link to the public host"
        )
    if _is_reserved(host):
        return (
            "is reserved for local use, tests or documentation and never "
            "reaches a recipient; link to the real host"
        )
    for pattern in forbidden_hosts:
        if matches_host(host, pattern):
            return (
                f"matches '{pattern}' in the config's forbidden-hosts; "
                "link to the production host"
            )
    return None


def _is_reserved(host: str) -> bool:
    """Whether the host is a name reserved for local use, tests or docs.

    A host built from template tokens is judged by its literal tail.
    """
    if TEMPLATE_MARK in host:
        tail = host.rsplit(TEMPLATE_MARK, 1)[1]
        return tail.startswith(".") and tail.endswith(_RESERVED_ENDINGS)
    return host in RESERVED_NAMES or host.endswith(_RESERVED_ENDINGS)
