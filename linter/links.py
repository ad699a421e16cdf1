"""Link records: one per URL-bearing attribute, built from the scan.

A link's ``value`` is the attribute value with character references decoded
and every template token replaced by one TEMPLATE_MARK character, so that
rules see the literal parts exactly and the template parts as opaque holes.
``offset(i)`` maps an index in ``value`` back to an offset in the decoded
document text, which the document's line index turns into line and column.
"""

from typing import NamedTuple

# Builds a NamedTuple record from a tuple of every field, in the class's
# order, defaults too: ``record(Link, (...))``. It skips the NamedTuple's
# Python-level __new__ (0.14 against 0.35 us for seven fields), which the
# hot paths pay once per token, tag, link, hit and finding;
# tests/test_fast_records.py holds each site to its class.
record = tuple.__new__

# A private-use code point stands for one template token inside a value.
# Private-use characters never appear in a real URL an author typed, and
# one character per token keeps index arithmetic simple.
TEMPLATE_MARK = "\ue000"


class TemplateToken(NamedTuple):
    """A template token found in the source: ``{{ url }}``, ``*|UNSUB|*``."""

    start: int
    end: int
    text: str
    dialect: str
    # Logic tokens (``{% if %}``, ``<#if>``) decide what markup exists;
    # output tokens (``{{ x }}``) only insert text.
    is_logic: bool = False
    is_comment: bool = False


class Attribute(NamedTuple):
    """One attribute of a start tag, with the offsets of its pieces.

    ``raw`` is the value as written (between the quotes, if any); ``value``
    is it decoded. Both are None for an attribute written without a value.
    """

    name: str
    name_start: int
    raw: str | None = None
    value_start: int = -1
    quote: str = ""
    equals_start: int = -1
    spaced_equals: bool = False

    @property
    def value_end(self) -> int:
        """Offset just past the raw value (before its closing quote)."""
        return self.value_start + len(self.raw or "")


class Link(NamedTuple):
    """One link as rules see it: where it is, what it says, its context."""

    element: str
    attribute: Attribute
    tag_start: int
    attributes: tuple[Attribute, ...]
    value: str
    # Offsets into the document for each index of ``value`` and one past the
    # end; None when the value maps one to one onto the raw text.
    offsets: tuple[int, ...] | None
    tokens: tuple[TemplateToken, ...] = ()
    in_conditional: bool = False
    # The visible text of the link, tags stripped, when the element has one.
    text: str | None = None
    # Set for ``.eml`` parts: "2 text/html".
    part: str | None = None
    # Template tokens between the tag's attributes (``{% if x %}``).
    tag_tokens: tuple[TemplateToken, ...] = ()
    # Just past the start tag's ">"; -1 when not known (a link made by hand).
    tag_end: int = -1

    @property
    def raw(self) -> str:
        """The value exactly as written in the source."""
        return self.attribute.raw or ""

    def offset(self, index: int) -> int:
        """Document offset of ``value[index]`` (``len(value)``: the end)."""
        if self.offsets is None:
            return self.attribute.value_start + index
        return self.offsets[index]

    @property
    def is_templated(self) -> bool:
        """Whether any part of the value comes from a template token."""
        return TEMPLATE_MARK in self.value

    @property
    def literal_prefix(self) -> str:
        """The value up to its first template token."""
        return self.value.split(TEMPLATE_MARK, 1)[0]

    def attr(self, name: str) -> Attribute | None:
        """The first attribute of the tag with this (lowercase) name."""
        for attribute in self.attributes:
            if attribute.name == name:
                return attribute
        return None
