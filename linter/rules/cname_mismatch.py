"""The tracking subdomain's CNAME points somewhere other than expected.

What it catches
    With ``--check-dns`` or ``--cname``, a CNAME whose chain never reaches
    the expected target. The expected targets are the provider's own
    (``--provider`` or the config's ``provider``: ``sendgrid.net`` or
    ``click.sendgrid.net`` for SendGrid, ``r.<region>.awstrack.me`` for
    SES, ...), unless the check names its own: ``--cname NAME=TARGET`` or a
    ``[[tool.lint-email.dns.records]]`` entry. Every hop of the chain is
    compared, so a CDN in between that CNAMEs on to the target passes. A
    ``*`` in an expected target stands for exactly one DNS label.

Why it matters
    A CNAME left over from the previous provider, or pointing at the wrong
    region or account, sends every tracked click to a service that does
    not know the link: recipients get an error or another company's page,
    and the sender's click statistics drop to zero.

Failing example
    ``url1234.shop.com.  300  IN  CNAME  mailgun.org.`` with
    ``--provider sendgrid``::

        url1234.shop.com: EL502 url1234.shop.com points to mailgun.org;
        expected sendgrid.net or click.sendgrid.net (the sendgrid
        provider's targets) [cname-mismatch]

Passing example
    ``url1234.shop.com.  300  IN  CNAME  sendgrid.net.`` with
    ``--provider sendgrid``.

How to fix
    Point the CNAME at the target the provider's link-branding page
    shows. If a CDN fronts the tracking domain on purpose (SendGrid's
    HTTPS set-up without Auto SSL), name the CDN host as the expected
    target: ``--cname url1234.shop.com=d111.cloudfront.net`` or a
    ``records`` entry in the config.
"""

CODE = "EL502"
NAME = "cname-mismatch"
SEVERITY = "error"
DEFAULT = True
FIXABLE = False
SCOPE = "dns"
