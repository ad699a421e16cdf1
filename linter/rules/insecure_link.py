"""An ``http://`` link where ``https://`` is expected.

What it catches: a web link written with ``http://``. Local, private,
reserved and config-banned hosts are EL108's and not reported here.

Why it matters: browsers mark plain-HTTP pages "Not secure", some clients
and filters warn about or rewrite unencrypted links, and the request (with
any token in the URL) travels in the clear. Amazon SES keeps the
protocol a link was written with when it tracks it, unless the
configuration set requires HTTPS (PROVIDERS.md), so ``http://`` stays
``http://`` for every recipient.

Failing::

    <a href="http://shop.com/account">Your account</a>

Passing::

    <a href="https://shop.com/account">Your account</a>

How to fix: write ``https://`` once the site serves it.

Fix: no; whether the host serves HTTPS is not known offline.
"""

from __future__ import annotations

from linter.links import Link
from linter.rules.base import Hit
from linter.rules.context import RuleContext
from linter.tracking import is_forbidden_host, web_url
from linter.urlcheck import whole_value_hit

CODE = "EL401"
NAME = "insecure-link"
SEVERITY = "warning"
DEFAULT = True
FIXABLE = False
SCOPE = "link"


def check(link: Link, ctx: RuleContext) -> tuple[Hit, ...]:
    """Report a link with a literal ``http://`` to a public host."""
    url = web_url(link.value)
    if url is None or url.scheme != "http" or not url.host:
        return ()
    if is_forbidden_host(url.host, ctx.forbidden_hosts):
        return ()

    return (
        whole_value_hit(
            link,
            "link uses http://, unencrypted; write https:// (browsers flag "
            "plain-HTTP pages as not secure)",
        ),
    )
