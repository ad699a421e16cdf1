"""Template delimiters in a link were percent-encoded by an editor.

What it catches: ``%7B%7B`` (``{{``), ``%7B%25`` (``{%``), ``%7B%23``
(``{#``), ``%24%7B`` (``${``), ``%5B%5B`` (``[[``), ``%3C%25`` (``<%``)
and ``*%7C`` (``*|``), in upper or lower case.

Why it matters: WYSIWYG editors, MJML and CSS inliners percent-encode
braces in ``href``. The template engine then finds no tag to fill in, and
every recipient gets the literal ``%7B%7B%20url%20%7D%7D`` in the link,
which leads nowhere. It breaks silently: the template renders without an
error.

Failing::

    <a href="https://shop.com/%7B%7B%20order_id%20%7D%7D">Your order</a>

Passing::

    <a href="https://shop.com/{{ order_id }}">Your order</a>

How to fix: write the delimiters as they are, and stop the tool that
encodes them (most inliners have an option to keep template tags).

Fix: yes, when every encoded token is closed and decodes to plain text:
``--fix`` decodes each token back (``%7B%7B%20url%20%7D%7D`` becomes
``{{ url }}``). A token that decodes to quotes, ``<``, ``>``, ``&`` or
control characters, or to a space in an unquoted value, is left for a
person to check.
"""

from __future__ import annotations

from urllib.parse import unquote

from linter.links import TEMPLATE_MARK, Link
from linter.rules.base import Edit, Hit
from linter.rules.context import RuleContext
from linter.urlcheck import (
    UNSAFE,
    WHITESPACE,
    EncodedToken,
    analyze,
    char_problem,
    find_encoded_tokens,
    value_edit,
    whole_value_hit,
)

CODE = "EL208"
NAME = "encoded-template"
SEVERITY = "error"
DEFAULT = True
FIXABLE = True
SCOPE = "link"

_UNSAFE_DECODED = frozenset("\"'<>&")


def check(link: Link, ctx: RuleContext) -> tuple[Hit, ...]:
    """Report percent-encoded template delimiters, decoded back if safe."""
    value = link.value
    # Every encoded opener holds a '%': most values are settled by that.
    if "%" not in value or analyze(value).kind == UNSAFE:
        return ()
    tokens = find_encoded_tokens(value)
    if not tokens:
        return ()

    opener = value[tokens[0].start : tokens[0].start + len(tokens[0].opener)]
    return (
        whole_value_hit(
            link,
            f"template delimiters are percent-encoded ('{opener}' is "
            f"'{unquote(opener)}'): the template engine will not fill them in",
            _edit(link, tokens),
        ),
    )


def _edit(link: Link, tokens: tuple[EncodedToken, ...]) -> Edit | None:
    """Decode every token back, or None when one is unsafe to decode."""
    changes: list[tuple[int, int, str]] = []
    for token in tokens:
        encoded = link.value[token.start : token.end]
        if not token.closed or TEMPLATE_MARK in encoded:
            return None
        try:
            decoded = unquote(encoded, errors="strict")
        except UnicodeDecodeError:
            return None
        if not all(_keeps(char) for char in decoded):
            return None
        if " " in decoded and not link.attribute.quote:
            # A space would end an unquoted value for any HTML tool that
            # does not know template syntax.
            return None
        changes.append((token.start, token.end, decoded))
    return value_edit(link, changes)


def _keeps(char: str) -> bool:
    """Whether a decoded character can go back into the source as is."""
    if char in _UNSAFE_DECODED or char_problem(char):
        return False
    return char == " " or char not in WHITESPACE
