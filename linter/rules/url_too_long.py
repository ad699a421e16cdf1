"""A URL longer than the provider's click tracking handles.

What it catches: a web link whose literal text is over the profile's limit,
counted in UTF-8 bytes as the provider's documentation counts it: 255 for
Mandrill, which stops tracking past it; 4096 for SparkPost, which rejects
the message (the SparkPost profile makes this an error); 2048 for every
other profile, the length past which some trackers and older clients
drop or cut links. Only literal parts count: template tokens are not
guessed at, so a templated URL is reported only when its literal parts
alone are over the limit.

Why it matters: a link over the limit goes out untracked, is cut, or stops
the whole message, depending on the provider.

Failing::

    <a href="https://shop.com/cart?items=...3,000 bytes of state...">Cart</a>

Passing::

    <a href="https://shop.com/cart/8a3f">Cart</a>

How to fix: keep state on the server and link to a short URL that names
it; drop parameters nobody reads.

Fix: no; which parameters may go is not known to the linter.
"""

from __future__ import annotations

from linter.links import Link
from linter.providers import GENERIC
from linter.rules.base import Hit
from linter.rules.context import RuleContext
from linter.tracking import short_name, web_url
from linter.urlcheck import whole_value_hit

CODE = "EL302"
NAME = "url-too-long"
SEVERITY = "warning"
DEFAULT = True
FIXABLE = False
SCOPE = "link"


def check(link: Link, ctx: RuleContext) -> tuple[Hit, ...]:
    """Report a web link whose literal bytes exceed the provider's limit."""
    url = web_url(link.value)
    limit = ctx.provider.max_url_length
    # A character is at most 4 bytes: short URLs need no encoding to pass.
    if url is None or 4 * len(url.text) <= limit:
        return ()
    size = url.literal_bytes
    if size <= limit:
        return ()

    if ctx.provider.name == GENERIC.name:
        whose = "the length some trackers and mail clients handle"
    else:
        whose = f"{short_name(ctx.provider)}'s limit"
    return (
        whole_value_hit(
            link,
            f"URL is {size} bytes, over {whose} of {limit} bytes; link to "
            "a shorter URL",
        ),
    )
