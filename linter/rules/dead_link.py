"""The link's target answers with an error page (4xx or 5xx).

What it catches
    With ``--check-urls``, a literal ``http(s)`` link whose target answers
    a 4xx status other than 403 and 429 (those are EL604), or a 5xx status
    that stays after two more tries, once the redirects are followed.
    ``HEAD`` is asked first and ``GET`` where the server refuses ``HEAD``
    (405, 501), so a server without ``HEAD`` is not reported.

Why it matters
    Every recipient who clicks lands on "Not Found" or a server error, and
    the click tracker counts the click as a success. A campaign is sent
    once: a link that died between design and send cannot be fixed later.

Failing example
    ``<a href="https://shop.com/spring-sale">`` where the page was removed;
    lint-email reports ``EL601 https://shop.com/spring-sale answers 404
    Not Found``, at the link's value, once for every place the URL stands.

Passing example
    ``<a href="https://shop.com/summer-sale">`` that answers 200, or
    redirects (up to ``--max-redirects``) to a page that does.

How to fix
    Point the link at the page that replaced the old one, or ask the
    site's owner to redirect the old address. A 5xx can be a passing
    outage: check the page by hand before the send.
"""

CODE = "EL601"
NAME = "dead-link"
SEVERITY = "error"
DEFAULT = True
FIXABLE = False
SCOPE = "online"
