"""The link's host does not resolve, refuses the connection, or times out.

What it catches
    With ``--check-urls``, a literal ``http(s)`` link whose host name has
    no address, whose server refuses the connection, whose answer does not
    come within ``--url-timeout`` seconds (default 10) after two more
    tries, or whose HTTPS certificate a browser would reject.

Why it matters
    No recipient can open the link at all: the browser shows its own error
    page, not even the site's. A typo in a host name (``shpo.com``) or a
    retired campaign domain looks like this.

Failing example
    ``<a href="https://promo.shop-old.com/">`` after the domain lapsed;
    lint-email reports ``EL602 https://promo.shop-old.com/ does not resolve
    (no such host)``.

Passing example
    ``<a href="https://shop.com/">`` that answers within the time-out.

How to fix
    Correct the host name, or renew the domain and point it at a server.
    On a slow site raise ``--url-timeout``; behind a firewall that blocks
    the CI machine, run the check from where recipients stand.
"""

CODE = "EL602"
NAME = "unreachable-link"
SEVERITY = "error"
DEFAULT = True
FIXABLE = False
SCOPE = "online"
