"""The tracking CNAME's target has no address, so the links cannot resolve.

What it catches
    With ``--check-dns`` or ``--cname``, a CNAME chain that ends on a name
    with neither an A nor an AAAA record: a target that does not exist
    (NXDOMAIN, a "dangling" CNAME), one that exists without addresses, or a
    chain that loops or runs longer than eight hops.

Why it matters
    A CNAME only says "look over there". If over there is nothing, the
    browser of every recipient who clicks a tracked link gets no address
    to connect to: the same broken links as a missing CNAME, even though
    the record looks right in the DNS host's control panel. It happens
    after a typo in the target (``sendgird.net``), or when a CDN
    distribution or a provider account is deleted while the record stays.

Failing example
    ``url1234.shop.com.  300  IN  CNAME  d111.cloudfront.net.``, checked
    with ``--cname url1234.shop.com=d111.cloudfront.net``, and
    ``dig a d111.cloudfront.net`` answers NXDOMAIN::

        url1234.shop.com: EL504 url1234.shop.com points to
        d111.cloudfront.net, but d111.cloudfront.net does not exist
        (NXDOMAIN): tracked links will not resolve [cname-target-unresolved]

Passing example
    ``url1234.shop.com.  300  IN  CNAME  sendgrid.net.`` and
    ``sendgrid.net.  300  IN  A  192.0.2.10`` (any address).

How to fix
    Correct the CNAME's target to the host the provider or CDN shows, or
    recreate the CDN distribution it named. The finding is a warning
    because a target can lack addresses for a moment while a provider
    moves it; if it persists, treat it as broken links.
"""

CODE = "EL504"
NAME = "cname-target-unresolved"
SEVERITY = "warning"
DEFAULT = True
FIXABLE = False
SCOPE = "dns"
