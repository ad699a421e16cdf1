"""The link redirects in a loop, too many times, or from https to http.

What it catches
    With ``--check-urls``, a link whose redirects come back to an address
    already visited, that take more than ``--max-redirects`` hops (default
    5), or that start on ``https://`` and end on ``http://``.

Why it matters
    A loop or an endless chain ends in a browser error for every recipient.
    A downgrade to ``http://`` sends the recipient's click, and anything in
    its query string, unencrypted, and browsers warn about it. Click
    trackers add one redirect of their own in front of every link, so a
    long chain gets longer still.

Failing example
    ``https://shop.com/a`` redirects to ``https://shop.com/b``, which
    redirects back to ``https://shop.com/a``; lint-email reports ``EL603
    redirect loop: https://shop.com/a -> https://shop.com/b ->
    https://shop.com/a``.

Passing example
    ``https://shop.com/old`` redirects once to ``https://shop.com/new``,
    which answers 200.

How to fix
    Link to the final address directly, and fix the site's redirect rules
    so that ``https://`` pages never send visitors to ``http://``.
"""

CODE = "EL603"
NAME = "bad-redirect"
SEVERITY = "warning"
DEFAULT = True
FIXABLE = False
SCOPE = "online"
