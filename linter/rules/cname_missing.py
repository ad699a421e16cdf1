"""The branded tracking subdomain does not exist or has no CNAME record.

What it catches
    With ``--check-dns`` or ``--cname``, a name that the DNS answers with
    NXDOMAIN (no such name), or that exists without a CNAME record: only
    addresses, only TXT, or nothing at all. The check asks for the CNAME
    exactly as ``dig cname url1234.shop.com`` does.

Why it matters
    With link branding on, the provider rewrites every tracked link to
    point at this subdomain (``https://url1234.shop.com/ls/click?...``).
    When the name is gone, no recipient's browser can resolve any tracked
    link in any email: every click ends on an error page, and the sender
    only hears about it from the recipients who bother to write.

Failing example
    ``dig cname url1234.shop.com`` answers ``status: NXDOMAIN``, or
    ``NOERROR`` with an empty answer section; lint-email reports::

        url1234.shop.com: EL501 url1234.shop.com does not exist (NXDOMAIN);
        expected a CNAME to sendgrid.net or click.sendgrid.net (the
        sendgrid provider's targets) [cname-missing]

Passing example
    ``url1234.shop.com.  300  IN  CNAME  sendgrid.net.``

How to fix
    Add the CNAME record at your DNS host exactly as the provider's
    link-branding page shows it, and wait for its TTL before sending. A DNS
    host that proxies or "flattens" the record answers with addresses
    instead of the CNAME; switch the record to plain DNS, or leave that
    name out of the DNS check if the proxy is on purpose. Check for a typo
    in the name (the ``urlNNNN`` number is per account).
"""

CODE = "EL501"
NAME = "cname-missing"
SEVERITY = "error"
DEFAULT = True
FIXABLE = False
SCOPE = "dns"
