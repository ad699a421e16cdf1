"""The whole href, or its scheme, comes from a template token.

What it catches: ``href="{{ url }}"``, ``href="*|LINK|*"``,
``href="{{ base_url }}/sale"`` and ``href="{{ scheme }}://shop.com"``: a
link whose URL, or at least its ``http://``/``https://``, is only known
once the template has run.

Why it matters: click trackers rewrite links in the template as written,
before variables are filled in, and only when the href starts with a
literal ``http://`` or ``https://`` (SendGrid's "Click Tracking & HTML
Best Practices"; Customer.io, SparkPost and Braze say the same). A URL
that arrives whole through a variable is sent untracked: its clicks are
never counted. The provider's own tags (``*|UNSUB|*``,
``<%asm_group_unsubscribe_raw_url%>``, ``%unsubscribe_url%``,
``{{{ pm:unsubscribe }}}``, ``{% unsubscribe_url %}``, ...) are filled in
and tracked by the provider itself and are not reported; the generic
profile knows every provider's tags, a named profile only its own.
Logic whose branch starts with a literal URL (``{% if a %}https://a.com
{% else %}https://b.com{% endif %}``) is not reported either. Elements
trackers skip anyway (VML, ``<area>``) are EL305's.

Failing::

    <a href="{{ order_url }}">Your order</a>

Passing::

    <a href="https://shop.com/orders/{{ order_id }}">Your order</a>

How to fix: write the scheme and host literally and keep only the
variable parts in tokens.

Fix: no; what the variable holds is not known to the linter.
"""

from __future__ import annotations

from linter.links import TEMPLATE_MARK, Link
from linter.rules.base import Hit
from linter.rules.context import RuleContext
from linter.tracking import is_own_tag, is_untracked_element, tracker
from linter.urlcheck import whole_value_hit

CODE = "EL301"
NAME = "url-in-variable"
SEVERITY = "warning"
DEFAULT = True
FIXABLE = False
SCOPE = "link"

_WEB_PREFIXES = ("http://", "https://")


def _logic_then_literal_url(link: Link) -> bool:
    """``{% if a %}https://a.com{% else %}...``: each branch is a literal URL.

    The engine renders one branch, and the tracker sees a literal
    ``https://`` link, so logic at the start is not a URL from a variable.
    """
    value = link.value.lstrip()
    leading = len(value) - len(value.lstrip(TEMPLATE_MARK))
    # Only logic may stand before the URL: ``{% if a %}{{ a_url }}`` still
    # takes the URL from a variable.
    if not all(token.is_logic for token in link.tokens[:leading]):
        return False
    return value[leading:].lower().startswith(_WEB_PREFIXES)


def check(link: Link, ctx: RuleContext) -> tuple[Hit, ...]:
    """Report a link whose URL or scheme a template token supplies."""
    # Most links hold no token: the cheapest test goes first.
    if not link.tokens or is_untracked_element(link.element):
        return ()
    value = link.value
    start = len(value) - len(value.lstrip())
    literal = value[start:].split(TEMPLATE_MARK, 1)[0].lower()
    if TEMPLATE_MARK not in value[start:]:
        return ()

    whole = value.strip() == TEMPLATE_MARK
    if literal == "" and _logic_then_literal_url(link):
        return ()
    if literal == "":
        if is_own_tag(link.tokens[0].text, ctx.provider):
            return ()
        what = "the whole href" if whole else "the start of the href"
    elif any(p.startswith(literal) and p != literal for p in _WEB_PREFIXES):
        what = "the href's scheme"
    else:
        return ()

    message = (
        f"{what} comes from a template token: {tracker(ctx.provider)} "
        "cannot see a URL that a variable holds, so the link goes out "
        'untracked; write "https://host/" literally and keep only the '
        "variable parts in tokens"
    )
    return (whole_value_hit(link, message),)
