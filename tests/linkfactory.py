"""Build one Link from an href as written, for unit tests of value rules.

The real engine finds template tokens with the full dialect table and
decodes every character reference; this stand-in knows a few of each,
enough to give rules the same kind of value, offsets and tokens: each
token becomes one TEMPLATE_MARK, and ``offsets`` is set whenever decoding
changes lengths.
"""

from __future__ import annotations

import html
import re

from linter.links import TEMPLATE_MARK, Attribute, Link, TemplateToken

# The rule modules that judge a link's value, as the registry names them.
VALUE_RULE_MODULES = (
    "missing_scheme",
    "relative_url",
    "misspelled_scheme",
    "repeated_scheme",
    "unsafe_scheme",
    "empty_href",
    "placeholder_href",
    "forbidden_host",
    "other_scheme",
    "whitespace_in_url",
    "smart_quotes",
    "invalid_host",
    "invalid_url",
    "encoded_template",
    "invalid_mailto",
    "invalid_tel",
)

# Jinja and friends, Handlebars triple-stash, ERB/EJS/SendGrid, Mailchimp,
# FreeMarker and Python format strings: the dialects the tests use.
_TOKEN_RE = re.compile(
    r"(?P<jinja>\{\{\{.*?\}\}\}|\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\})"
    r"|(?P<erb><%.*?%>)"
    r"|(?P<mailchimp>\*\|.*?\|\*)"
    r"|(?P<freemarker>\$\{.*?\})"
    r"|(?P<python>%\([A-Za-z_]\w*\)s)",
    re.DOTALL,
)
_REFERENCE_RE = re.compile(r"&(?:#[0-9]+|#[xX][0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]*);")


def _decode(reference: str) -> str:
    """One character reference decoded; an unknown one stays as written."""
    return html.unescape(reference)


def make_link(
    value_as_written: str, element: str = "a", quote: str = '"'
) -> tuple[str, Link]:
    """A document ``<element href=QUOTE VALUE QUOTE>x</element>`` and its link.

    ``quote`` may be '"', "'" or "" (an unquoted value).
    """
    head = f"<{element} href={quote}"
    document = f"{head}{value_as_written}{quote}>x</{element}>"
    base = len(head)

    chars: list[str] = []
    offsets: list[int] = []
    tokens: list[TemplateToken] = []
    index = 0
    raw = value_as_written
    while index < len(raw):
        offsets.append(base + index)
        token = _TOKEN_RE.match(raw, index)
        reference = _REFERENCE_RE.match(raw, index)
        if token:
            chars.append(TEMPLATE_MARK)
            tokens.append(
                TemplateToken(
                    start=base + index,
                    end=base + token.end(),
                    text=token.group(),
                    dialect=str(token.lastgroup),
                    is_logic=token.group().startswith("{%"),
                )
            )
            index = token.end()
        elif reference:
            decoded = _decode(reference.group())
            chars.append(decoded[0])
            for extra in decoded[1:]:
                # A reference that decodes to two characters maps both
                # onto its own start.
                offsets.append(base + index)
                chars.append(extra)
            index = reference.end()
        else:
            chars.append(raw[index])
            index += 1
    offsets.append(base + len(raw))

    value = "".join(chars)
    identity = value == raw
    attribute = Attribute(
        name="href",
        name_start=len(f"<{element} "),
        raw=raw,
        value_start=base,
        quote=quote,
        equals_start=len(f"<{element} href"),
    )
    link = Link(
        element=element,
        attribute=attribute,
        tag_start=0,
        attributes=(attribute,),
        value=value,
        offsets=None if identity else tuple(offsets),
        tokens=tuple(tokens),
        text="x",
    )
    return document, link


# An unquoted value ends at ASCII white space or ">" (HTML), not at NBSP.
_HREF_RE = re.compile(r"""href=(?:"([^"]*)"|'([^']*)'|([^ \t\n\r\f>]*))""")


def href_of(document: str) -> tuple[str, str]:
    """The first href of a document as written, and the quote around it."""
    match = _HREF_RE.search(document)
    assert match is not None, document
    for quote, group in (('"', 1), ("'", 2), ("", 3)):
        if match.group(group) is not None:
            return match.group(group), quote
    raise AssertionError(document)


def link_for_value(value: str) -> Link:
    """A link whose decoded value is ``value`` exactly: no references, no
    tokens (for URL test data, which is not HTML)."""
    attribute = Attribute(
        name="href", name_start=3, raw=value, value_start=9, quote='"'
    )
    return Link(
        element="a",
        attribute=attribute,
        tag_start=0,
        attributes=(attribute,),
        value=value,
        offsets=None,
    )
