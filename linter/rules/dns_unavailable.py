"""The DNS could not be asked, so the tracking CNAME is not confirmed.

What it catches
    With ``--check-dns`` or ``--cname``, a name whose check got no usable
    answer: no answer within ``--dns-timeout`` (the whole DNS check shares
    that one time-out), SERVFAIL or REFUSED from every name server, or no
    resolver at all (no ``--nameserver`` and no ``/etc/resolv.conf``). It
    is also reported when the CNAME matched but its target's addresses
    could not be looked up.

Why it matters
    Nothing is known about the name, good or bad. A SERVFAIL often means
    the domain's DNSSEC or its name servers are broken, which recipients'
    resolvers see too; a time-out in CI usually means the runner cannot
    reach the resolver. Either way the send goes out unchecked, so this is
    a warning rather than an error (``--strict`` makes it fail the run).

Failing example
    ``dig cname url1234.shop.com @10.0.0.2`` prints
    ``;; connection timed out; no servers could be reached``::

        url1234.shop.com: EL503 url1234.shop.com could not be checked:
        timed out (no answer from 10.0.0.2:53); expected a CNAME to
        sendgrid.net or click.sendgrid.net (the sendgrid provider's
        targets) [dns-unavailable]

Passing example
    Any answer from the resolver, even NXDOMAIN, which is then EL501.

How to fix
    Give a resolver the machine can reach: ``--nameserver 1.1.1.1`` (or
    ``[2606:4700:4700::1111]``), and allow outbound DNS (UDP and TCP port
    53) from the CI runner. Raise ``--dns-timeout`` on a slow network. For
    a SERVFAIL, check the domain's name servers and DNSSEC signatures.
"""

CODE = "EL503"
NAME = "dns-unavailable"
SEVERITY = "warning"
DEFAULT = True
FIXABLE = False
SCOPE = "dns"
