"""Links built from the scan: which attributes are links, and their values.

A link is an ``href`` on any element but ``link`` and ``base`` (those load
resources, nobody clicks them): ``<a>``, ``<area>``, VML shapes, MJML's
``mj-button`` and friends, Inky's ``button`` and ``item``, and custom
components that compile to an ``<a>``. When a tag also carries an
attribute binding (``th:href``, ``:href``, ``v-bind:href``, ``[href]``),
the binding replaces the literal ``href`` at render time, so the literal
one is not linted.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_left
from typing import TYPE_CHECKING

from linter.charrefs import decode_attribute
from linter.dialects import TokenIndex
from linter.links import TEMPLATE_MARK, Attribute, Link, TemplateToken, record
from linter.scan import Scan, StartTag

if TYPE_CHECKING:
    from linter.widechars import WideChars

_NOT_LINKS = frozenset({"link", "base"})
_BINDINGS = frozenset({"th:href", "data-th-href", ":href", "v-bind:href", "[href]",
                       "th:attr"})
_TAGS_IN_TEXT = re.compile(r"<[^>]*>")


def build_links(text: str, scan: Scan, tokens: TokenIndex,
                wide: WideChars | None = None) -> list[Link]:
    """Every link in the scanned text, in source order.

    ``wide`` holds the real characters of a narrowed text: a tag that has
    any gets them back in its names and values, a link in its text.
    """
    links = []
    end_tag_starts = [tag.start for tag in scan.end_tags]
    for tag in scan.start_tags:
        if wide is not None and wide.touches(tag.start, tag.end):
            tag = _restored_tag(tag, text, wide)
        href = _link_attribute(tag)
        if href is None:
            continue
        value, offsets, value_tokens = _link_value(href, tokens)
        links.append(record(Link, (
            tag.name,  # element
            href,  # attribute
            tag.start,  # tag_start
            tag.attributes,
            value,
            offsets,
            value_tokens,  # tokens
            tag.in_conditional,
            _link_text(text, tag, scan, end_tag_starts, wide),  # text
            None,  # part
            tag.tokens_between,  # tag_tokens
            tag.end,  # tag_end
        )))
    links.sort(key=lambda link: link.tag_start)
    return links


def _link_attribute(tag: StartTag) -> Attribute | None:
    """The ``href`` that makes this tag a link, or None."""
    if tag.name in _NOT_LINKS:
        return None
    href = None
    for attribute in tag.attributes:
        if attribute.name in _BINDINGS:
            return None
        if attribute.name == "href" and href is None:
            href = attribute
    if href is None or href.raw is None:
        return None
    return href


def _link_value(
    href: Attribute, tokens: TokenIndex
) -> tuple[str, tuple[int, ...] | None, tuple[TemplateToken, ...]]:
    """The decoded value with tokens masked, and its offset map."""
    raw = href.raw or ""
    start = href.value_start
    value_tokens = tuple(tokens.within(start, start + len(raw)))
    if not value_tokens and "&" not in raw:
        return raw, None, ()

    pieces: list[str] = []
    offsets: list[int] = []
    position = start
    for token in value_tokens:
        _append_literal(raw[position - start:token.start - start], position,
                        pieces, offsets)
        pieces.append(TEMPLATE_MARK)
        offsets.append(token.start)
        position = token.end
    _append_literal(raw[position - start:], position, pieces, offsets)
    offsets.append(start + len(raw))
    return "".join(pieces), tuple(offsets), value_tokens


def _append_literal(
    literal: str, base: int, pieces: list[str], offsets: list[int]
) -> None:
    """Decode one literal stretch of a value, mapping each char to the source."""
    decoded, replacements = decode_attribute(literal)
    pieces.append(decoded)
    raw_position = 0
    decoded_position = 0
    for raw_start, raw_end, decoded_start, decoded_end in replacements:
        for _ in range(decoded_start - decoded_position):
            offsets.append(base + raw_position)
            raw_position += 1
        for _ in range(decoded_end - decoded_start):
            offsets.append(base + raw_start)
        raw_position = raw_end
        decoded_position = decoded_end
    for _ in range(len(decoded) - decoded_position):
        offsets.append(base + raw_position)
        raw_position += 1


def _restored_tag(tag: StartTag, text: str, wide: WideChars) -> StartTag:
    """The tag with the real characters of its names and values."""

    def real(start: int, length: int) -> str:
        return wide.restore(text, start, start + length)

    attributes = tuple(
        attribute._replace(
            name=real(attribute.name_start, len(attribute.name)).lower(),
            raw=(None if attribute.raw is None
                 else real(attribute.value_start, len(attribute.raw))),
        )
        for attribute in tag.attributes
    )
    return tag._replace(name=real(tag.start + 1, len(tag.name)).lower(),
                        attributes=attributes)


def _link_text(
    text: str, tag: StartTag, scan: Scan, end_tag_starts: list[int],
    wide: WideChars | None = None,
) -> str | None:
    """The visible text of an ``<a>``: up to its ``</a>``, tags stripped."""
    if tag.name != "a":
        return None
    index = bisect_left(end_tag_starts, tag.end)
    while index < len(scan.end_tags):
        end_tag = scan.end_tags[index]
        if end_tag.name == "a":
            # Measured before slicing: with thousands of nested <a> tags, a
            # slice per link up to the far-away </a> copied the file each time.
            if end_tag.start - tag.end > 5000:
                return None
            inner = (text[tag.end:end_tag.start] if wide is None
                     else wide.restore(text, tag.end, end_tag.start))
            return visible_text(inner)
        index += 1
    return None


def visible_text(inner: str) -> str:
    r"""A link's contents as a reader sees them: tags out, character
    references decoded, each run of white space one space, none at the
    ends.

    Most link texts hold no tag and no reference: each step is skipped
    when its character is absent, and the white space is collapsed by
    ``str.split``, which splits where ``\s`` matches (``str.isspace``).
    """
    if "<" in inner:
        inner = _TAGS_IN_TEXT.sub(" ", inner)
    if "&" in inner:
        inner = html.unescape(inner)
    return " ".join(inner.split())
