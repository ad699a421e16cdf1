"""The href is already a provider's click-tracking redirect.

What it catches: a link copied from a sent email (or a web view of one)
back into a template: SendGrid ``.../ls/click?upn=...`` and
``.../wf/click?upn=...`` (on ``*.sendgrid.net`` or a branded host),
Amazon SES ``https://<id>.r.<region>.awstrack.me/L0/<encoded URL>/...``
(and ``/CL0/`` on custom domains), Postmark ``click.pstmrk.it``,
SparkPost ``spgo.io``, Mandrill ``mandrillapp.com/track/click/...?p=``,
Mailchimp ``list-manage.com/track/click``, Customer.io ``/e/c/<token>``,
Mailgun ``mailgun.org`` and ``email.<domain>/c/<token>``, Salesforce
Marketing Cloud ``cl.exct.net``. Every provider's formats are known,
whatever the profile.

Why it matters: the redirect belongs to one message sent to one
recipient. Sent again, every click is counted for that old message (or
that one person), then breaks when the provider expires the redirect.

Where the format carries the destination (SES ``/L0/`` and ``/CL0/``
paths, Mandrill's ``p=``, Customer.io's ``/e/c/`` token, Postmark's
encoded URL), the message names it. SendGrid, SparkPost, Mailgun and
Mailchimp links are opaque: open the link once to see where it leads.

Failing::

    <a href="https://a1.r.us-east-1.awstrack.me/L0/https:%2F%2Fshop.com/1/x">

Passing::

    <a href="https://shop.com">

How to fix: link to the destination itself; the provider wraps it again
when it sends the new email.

Fix: no; the destination of a copied link may carry the old recipient's
personal data, so it is shown, not written.
"""

from __future__ import annotations

from functools import lru_cache

from linter.links import Link
from linter.rules.base import Hit
from linter.rules.context import RuleContext
from linter.tracking import tracking_redirect, web_url
from linter.urlcheck import whole_value_hit

CODE = "EL308"
NAME = "copied-tracking-link"
SEVERITY = "error"
DEFAULT = True
FIXABLE = False
SCOPE = "link"


def check(link: Link, ctx: RuleContext) -> tuple[Hit, ...]:
    """Report an href that is a tracking redirect from a sent email."""
    message = _message(link.value)
    if message is None:
        return ()

    return (
        whole_value_hit(link, message),
    )


@lru_cache(maxsize=4096)
def _message(value: str) -> str | None:
    """The finding's message when the value is a tracking redirect, or None.

    Cached by value: cheaper than hashing its WebUrl for the redirect cache.
    """
    url = web_url(value)
    redirect = tracking_redirect(url) if url is not None else None
    if redirect is None:
        return None

    if redirect.destination:
        advice = f"link to its destination, {_shown(redirect.destination)}"
    else:
        advice = "open it once to find where it leads, and link there"
    return (
        f"href is a click-tracking redirect of {redirect.provider}, "
        f"copied from a sent email; {advice}"
    )


def _shown(url: str, limit: int = 100) -> str:
    return url if len(url) <= limit else url[: limit - 1] + "…"
