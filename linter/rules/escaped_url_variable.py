"""A Handlebars ``{{url}}`` that HTML-escapes the URL (SendGrid).

What it catches, under the SendGrid profile only: an href whose URL comes
from a double-stashed Handlebars token, ``href="{{url}}"`` or
``href="{{ base }}/sale"``. Handlebars HTML-escapes what ``{{ }}`` prints,
turning ``&`` into ``&amp;`` and ``=`` into ``&#x3D;``.

Why it matters: SendGrid's dynamic templates are Handlebars, and SendGrid
asks for triple braces in an href (PROVIDERS.md): with ``{{ }}`` the
escaped ``&amp;`` and ``&#x3D;`` end up inside the tracked URL and the
query string the page receives is garbled. Tokens later in the value
(``?id={{id}}``) are not reported: they hold ids and names, and printing
user data unescaped could let a ``"`` break out of the attribute.

Failing::

    <a href="{{order_url}}">Your order</a>

Passing::

    <a href="{{{order_url}}}">Your order</a>

How to fix: use triple braces for a token that prints a URL.

Fix: yes; ``--fix`` writes ``{{{url}}}`` for ``{{url}}``.
"""

from __future__ import annotations

from linter.links import TEMPLATE_MARK, Link, TemplateToken
from linter.providers import SENDGRID
from linter.rules.base import Edit, Hit
from linter.rules.context import RuleContext
from linter.urlcheck import whole_value_hit

CODE = "EL311"
NAME = "escaped-url-variable"
SEVERITY = "warning"
DEFAULT = True
FIXABLE = True
SCOPE = "link"

# After "{{": Handlebars blocks, partials, comments and the unescaped "{{&".
_NOT_OUTPUT = "#/^>!&*"


def check(link: Link, ctx: RuleContext) -> tuple[Hit, ...]:
    """Report a double-stashed token that supplies the URL, under SendGrid."""
    if ctx.provider.name != SENDGRID.name or not link.tokens:
        return ()
    value = link.value
    if not value.lstrip().startswith(TEMPLATE_MARK):
        return ()
    token = link.tokens[0]
    if not _prints_escaped(token):
        return ()

    replacement = "{" + token.text + "}"
    message = (
        f"{token.text} HTML-escapes the URL (& becomes &amp;), which "
        f"ends up in SendGrid's tracked link; write {replacement}"
    )
    return (whole_value_hit(link, message,
                            Edit(token.start, token.end, replacement)),)


def _prints_escaped(token: TemplateToken) -> bool:
    """A Handlebars ``{{ expression }}`` that prints its value escaped."""
    text = token.text
    if token.is_comment or token.is_logic:
        return False
    if not text.startswith("{{") or text.startswith("{{{") or not text.endswith("}}"):
        return False
    body = text[2:-2].strip().lstrip("~").strip()
    return bool(body) and body[0] not in _NOT_OUTPUT and body != "else"
