"""The link's site blocked the check (403, 429 or 999); it may still work.

What it catches
    With ``--check-urls``, a link whose target answers 403 Forbidden, 429
    Too Many Requests (after two more tries, honouring ``Retry-After``) or
    999, the status LinkedIn gives to clients it takes for bots.

Why it matters
    These answers usually mean the site refuses automated requests, not
    that the page is gone: the link can work in a recipient's browser. The
    check could not confirm it either way, so it is a warning to look at
    by hand, not an error.

Failing example
    ``<a href="https://www.linkedin.com/company/shop">`` answers 999 to
    lint-email; it reports ``EL604 ... answers 999: the site blocks
    checkers; the link may still work for people``.

Passing example
    ``<a href="https://shop.com/">`` that answers 200 to any client.

How to fix
    Open the link in a browser before the send. When it works, silence the
    warning for that link with ``<!-- lint-email: disable-next-line EL604
    -- checked by hand -->`` or ignore EL604 for the run.
"""

CODE = "EL604"
NAME = "blocked-check"
SEVERITY = "warning"
DEFAULT = True
FIXABLE = False
SCOPE = "online"
