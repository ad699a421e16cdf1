"""A ``mailto:`` link has no address, an invalid one, or spaces in its query.

What it catches: ``mailto:`` with nothing after it, an address that is not
a valid email address (``mailto:info@shop``, ``mailto:info.shop.com``,
``mailto:Info <info@shop.com>``), in the address list (several addresses
separated by commas are fine) or in a ``to``, ``cc`` or ``bcc`` field of
the query, and white space left unencoded in the query
(``?subject=Hello there``).

A ``mailto:`` with a query and no address (``mailto:?subject=...&body=...``)
is valid (RFC 6068): "share with a friend" links open a new message and
let the reader choose the recipient, so they are not reported. Addresses
built from template tokens are not judged.

Why it matters: the reader's mail app opens a message to nobody or to a
wrong address, or cuts the subject at the first space (Outlook and some
webmails do); a reply or request is lost.

Failing::

    <a href="mailto:help@shop">Write to us</a>

Passing::

    <a href="mailto:help@shop.com?subject=Order%20question">Write to us</a>

How to fix: write a full address, and encode spaces in the query as
``%20``.

Fix: no; the address cannot be guessed (EL201 fixes the spaces).
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import unquote

from linter.links import TEMPLATE_MARK, Link
from linter.rules.base import Hit
from linter.rules.context import RuleContext
from linter.urlcheck import WHITESPACE, analyze, shown, whole_value_hit

CODE = "EL210"
NAME = "invalid-mailto"
SEVERITY = "warning"
DEFAULT = True
FIXABLE = False
SCOPE = "link"

_ADDRESS_FIELDS = ("to", "cc", "bcc")

# The plainest addresses: dot-atom ASCII before a host of letter, digit and
# hyphen labels with a letters-only top-level domain. validators.email
# accepts every one of them (tests/test_link_rule_speed.py holds it to
# that), so they are settled here without its ~50 ms import.
_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_PLAIN_ADDRESS = re.compile(
    rf"(?P<local>{_ATOM}(?:\.{_ATOM})*)@(?P<domain>(?:{_LABEL}\.)+[A-Za-z]{{2,63}})"
)


def check(link: Link, ctx: RuleContext) -> tuple[Hit, ...]:
    """Report the first problem of a mailto: link."""
    problem = _value_problem(link.value)
    if problem is None:
        return ()

    return (whole_value_hit(link, f"the mailto: link {problem}"),)


@lru_cache(maxsize=4096)
def _value_problem(value: str) -> str | None:
    """What is wrong with a mailto: value, or None (also for other links).

    Cached: the answer depends on the value alone, which templates repeat.
    """
    analysis = analyze(value)
    if analysis.scheme != "mailto":
        return None
    return _problem(value[analysis.core_start + len("mailto:") : analysis.core_end])


def _problem(body: str) -> str | None:
    """What is wrong with the part after ``mailto:``, or None."""
    addresses, has_query, query = body.partition("?")
    if any(char in WHITESPACE for char in query):
        return (
            "has white space in its query: mail apps cut the subject or "
            "body there; write it as %20"
        )
    if not addresses.strip() and not has_query:
        return "has no address: the reader's mail app opens a message to nobody"

    for address in _addresses(addresses, query):
        if not _is_email(address):
            return f"has '{shown(address)}', which is not a valid email address"
    return None


def _addresses(addresses: str, query: str) -> list[str]:
    """The literal addresses of the link: its list, and to, cc, bcc."""
    found = [unquote(item).strip() for item in addresses.split(",")]
    for field in query.split("&"):
        name, _, text = field.partition("=")
        if unquote(name).strip().lower() in _ADDRESS_FIELDS:
            found.extend(unquote(item).strip() for item in text.split(","))
    return [item for item in found if item and TEMPLATE_MARK not in item]


def _is_email(address: str) -> bool:
    """Whether ``address`` is a valid email address (validators' check)."""
    plain = _PLAIN_ADDRESS.fullmatch(address)
    if plain is not None:
        return len(plain.group("local")) <= 64 and len(plain.group("domain")) <= 253
    # validators takes ~50 ms to import: pay that only for unusual addresses.
    import validators

    return bool(validators.email(address))
