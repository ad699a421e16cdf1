"""The link's host is an IP address.

What it catches: ``https://52.14.200.7/offer`` or
``http://[2606:4700::1111]/``: a public address written as the host.
Loopback, private and documentation addresses are EL108's; ``0x7f.1`` and
other odd IPv4 forms are EL206's.

Why it matters: legitimate senders link to domain names. Spam filters
score links to bare IP addresses as a phishing sign, readers cannot tell
where the link goes, and the address breaks the day the server moves.

Failing::

    <a href="https://52.14.200.7/offer">Offer</a>

Passing::

    <a href="https://offers.shop.com/">Offer</a>

How to fix: give the server a host name in your domain and link to it.

Fix: no; the host name is not known to the linter.
"""

from __future__ import annotations

from linter.links import Link
from linter.rules.base import Hit
from linter.rules.context import RuleContext
from linter.tracking import ip_address_of, is_forbidden_host, web_url
from linter.urlcheck import whole_value_hit

CODE = "EL403"
NAME = "ip-host"
SEVERITY = "warning"
DEFAULT = True
FIXABLE = False
SCOPE = "link"


def check(link: Link, ctx: RuleContext) -> tuple[Hit, ...]:
    """Report a web link to a public IP address."""
    url = web_url(link.value)
    if url is None or not url.has_literal_host:
        return ()
    address = ip_address_of(url.host)
    if address is None or is_forbidden_host(url.host, ctx.forbidden_hosts):
        return ()

    return (
        whole_value_hit(
            link,
            f"the host is the IP address {address}; spam filters distrust "
            "links to bare addresses: link to a host name",
        ),
    )
