"""The host of a link is not a host name or address that can work.

What it catches, in the literal part of the host: an empty label
(``shop..com``, ``.shop.com``), a label over 63 characters, a label that
starts or ends with a hyphen, characters no host name may hold (``%``,
``|``, ``^``, ``[`` ...), an international name that does not convert to
punycode, a top-level domain that is neither letters nor ``xn--``
(``shop.c0m``, ``shop.123``), an IPv4 address not written as a dotted quad
(``0x7f.1``, ``3232235777``, ``1.2.3.4.5``, ``010.0.0.1``), a bad IPv6
address, and a host left empty after a user name or before a port.

Why it matters: browsers quietly turn some of these into another address
(``0x7f.1`` is ``127.0.0.1``) and refuse the rest; click trackers and
providers' rewriters reject them outright. Either way the reader never
gets to the page. Labels built from template tokens are not judged, and a
trailing dot (``shop.com.``) is allowed.

Failing::

    <a href="https://shop..com/sale">Sale</a>

Passing::

    <a href="https://shop.com/sale">Sale</a>

How to fix: correct the host name as it is registered.

Fix: no; the intended host cannot be guessed.
"""

from __future__ import annotations

from linter.links import Link
from linter.rules.base import Hit
from linter.rules.context import RuleContext
from linter.urlcheck import analyze, shown, whole_value_hit

CODE = "EL206"
NAME = "invalid-host"
SEVERITY = "error"
DEFAULT = True
FIXABLE = False
SCOPE = "link"


def check(link: Link, ctx: RuleContext) -> tuple[Hit, ...]:
    """Report the first problem of the literal host."""
    analysis = analyze(link.value)
    facts = analysis.facts
    # The common case first: a value with no host problem at all.
    if facts is None or facts.host_problem is None or facts.authority is None:
        return ()
    if analysis.has_no_host:
        return ()

    host = facts.authority.host
    subject = f"the host '{shown(host)}'" if host else "the link"
    return (
        whole_value_hit(
            link, f"{subject} {facts.host_problem}: the link cannot be opened"
        ),
    )
