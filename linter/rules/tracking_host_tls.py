"""The branded tracking host's HTTPS certificate is wrong, expired or untrusted.

What it catches
    With ``--check-dns``, each tracking domain of the config
    (``[tool.lint-email.dns] tracking-domains``) and each ``--cname`` name
    gets a TLS handshake on port 443 with its own name, checked against
    the system's trust store: a certificate issued for another name, one
    that has expired, or one no trusted authority issued is EL605. A name
    that accepts no connection on port 443 is skipped, since some
    providers serve tracked links over ``http://`` only.

Why it matters
    With link branding and HTTPS tracking, every tracked ``https://`` link
    in every email goes through this host first. When its certificate does
    not match, every recipient's browser stops on a security warning
    before reaching the shop, and most of them leave.

Failing example
    ``url1234.shop.com`` CNAMEs to the provider, but the provider serves
    its own certificate for ``sendgrid.net`` because SSL was never set up
    for the branded name; lint-email reports ``EL605
    https://url1234.shop.com/: the certificate is not valid for
    url1234.shop.com``.

Passing example
    The provider's managed certificate (SendGrid Auto SSL, SparkPost
    ``v2.spgo.io``) or a CDN's certificate names ``url1234.shop.com``.

How to fix
    Turn on the provider's HTTPS for link branding, or put a CDN with a
    certificate for the name in front of it (and point the CNAME at the
    CDN). Until then, send tracked links over ``http://`` or turn off
    HTTPS tracking for the branded domain.
"""

CODE = "EL605"
NAME = "tracking-host-tls"
SEVERITY = "error"
DEFAULT = True
FIXABLE = False
SCOPE = "online"
