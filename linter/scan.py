"""The tokenizer: start tags, attributes, comments and text, with offsets.

It follows the HTML5 tokenizer where that decides what a link is: comment
forms, raw-text elements (``script``, ``style``, ``title``, ``textarea``
and the like, whose contents hold no tags), attribute quoting, and end of
file inside a tag (the tag is dropped, as browsers drop it). It differs on
purpose in one way: template tokens found beforehand are opaque, so a quote
or ``>`` inside ``{{ ... }}`` neither ends a value nor a tag.

Outlook conditional comments (``<!--[if mso]> ... <![endif]-->``) are
comments to every parser, yet Outlook renders and its users click what is
inside: their contents are scanned too, marked ``in_conditional``.

A DOM is never built; positions are offsets into the decoded text, so they
are exact by construction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from linter.dialects import TokenIndex
from linter.links import Attribute, TemplateToken

_WHITESPACE = "\t\n\f\r "
_RAW_TEXT_ELEMENTS = frozenset(
    "script style title textarea xmp iframe noembed noframes noscript".split()
)
_RAW_TEXT_END = {
    name: re.compile(rf"</{name}[\t\n\f\r />]", re.IGNORECASE)
    for name in _RAW_TEXT_ELEMENTS
}
_TAG_NAME_END = re.compile(r"[\t\n\f\r />]")
_ATTRIBUTE_NAME_END = re.compile(r"[\t\n\f\r />=]")
_UNQUOTED_VALUE_END = re.compile(r"[\t\n\f\r >]")
_NOT_WHITESPACE = re.compile(r"[^\t\n\f\r ]")
_CONDITIONAL_OPEN = re.compile(r"\[if[^\]]*\]>", re.IGNORECASE)
_CONDITIONAL_CLOSE = re.compile(r"<!\[endif\]\s*$", re.IGNORECASE)
_MARKUP_START = re.compile(r"<(?:!--|[!?/]|[A-Za-z])")


@dataclass(frozen=True, slots=True)
class StartTag:
    """A start tag: its name, its attributes and the tokens between them."""

    name: str
    start: int
    end: int
    attributes: tuple[Attribute, ...]
    # Template tokens standing between attributes, not inside a value.
    tokens_between: tuple[TemplateToken, ...] = ()
    in_conditional: bool = False


@dataclass(frozen=True, slots=True)
class EndTag:
    """An end tag: its name and the offset of its ``<``."""

    name: str
    start: int


@dataclass(frozen=True, slots=True)
class Comment:
    """An HTML comment; ``body`` offsets exclude ``<!--`` and ``-->``."""

    start: int
    end: int
    body_start: int
    body_end: int


@dataclass
class Scan:
    """What the tokenizer found, in source order."""

    start_tags: list[StartTag] = field(default_factory=list)
    end_tags: list[EndTag] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    # Visible text outside tags, comments and raw-text elements.
    text_spans: list[tuple[int, int]] = field(default_factory=list)


class Scanner:
    """One pass over a text with its template tokens already known."""

    def __init__(self, text: str, tokens: TokenIndex) -> None:
        self.text = text
        self.tokens = tokens
        self.scan = Scan()

    def run(self, start: int = 0, end: int | None = None,
            in_conditional: bool = False) -> Scan:
        """Scan ``text[start:end]`` and return everything found."""
        limit = len(self.text) if end is None else end
        position = start
        while position < limit:
            markup = self._next_markup(position, limit)
            if markup < 0:
                self._add_text(position, limit)
                break
            self._add_text(position, markup)
            position = self._markup(markup, limit, in_conditional)
        return self.scan

    def _next_markup(self, position: int, limit: int) -> int:
        """Offset of the next ``<`` that opens markup outside any token."""
        while True:
            match = _MARKUP_START.search(self.text, position, limit)
            if match is None:
                return -1
            token = self.tokens.containing(match.start())
            if token is None:
                return match.start()
            position = token.end

    def _add_text(self, start: int, end: int) -> None:
        if end > start:
            self.scan.text_spans.append((start, end))

    def _markup(self, at: int, limit: int, in_conditional: bool) -> int:
        """Consume the markup starting at ``at``; return where to go on."""
        text = self.text
        if text.startswith("<!--", at):
            return self._comment(at, limit, in_conditional)
        second = text[at + 1]
        if second in "!?":
            return self._bogus_comment(at, limit)
        if second == "/":
            return self._end_tag(at, limit)
        return self._start_tag(at, limit, in_conditional)

    def _comment(self, at: int, limit: int, in_conditional: bool) -> int:
        text = self.text
        body_start = at + 4
        # "<!-->" and "<!--->" are complete (empty) comments in HTML5.
        for abrupt in (">", "->"):
            if text.startswith(abrupt, body_start):
                end = body_start + len(abrupt)
                self.scan.comments.append(Comment(at, end, body_start, body_start))
                return end

        close = text.find("-->", body_start, limit)
        bang_close = text.find("--!>", body_start, limit)
        if bang_close >= 0 and (close < 0 or bang_close < close):
            body_end, end = bang_close, bang_close + 4
        elif close >= 0:
            body_end, end = close, close + 3
        else:
            body_end = end = limit
        self.scan.comments.append(Comment(at, end, body_start, body_end))
        self._conditional(body_start, body_end)
        return end

    def _conditional(self, body_start: int, body_end: int) -> None:
        """Scan the markup inside ``<!--[if ...]> ... <![endif]-->``."""
        opening = _CONDITIONAL_OPEN.match(self.text, body_start, body_end)
        if opening is None:
            return
        inner_end = body_end
        closing = _CONDITIONAL_CLOSE.search(self.text, opening.end(), body_end)
        if closing:
            inner_end = closing.start()
        self.run(opening.end(), inner_end, in_conditional=True)

    def _bogus_comment(self, at: int, limit: int) -> int:
        """``<!DOCTYPE>``, ``<![CDATA[``, ``<?xml ?>``: skipped up to ``>``."""
        close = self.text.find(">", at + 2, limit)
        return limit if close < 0 else close + 1

    def _end_tag(self, at: int, limit: int) -> int:
        text = self.text
        name_start = at + 2
        if name_start >= limit:
            return limit
        if text[name_start] == ">":
            return name_start + 1
        if not text[name_start].isascii() or not text[name_start].isalpha():
            return self._bogus_comment(at, limit)
        name_end = self._search(_TAG_NAME_END, name_start, limit)
        # End tags may carry (ignored) attributes, quoted values included.
        _, end = self._attributes(name_end, limit)
        if end < 0:
            return limit
        self.scan.end_tags.append(EndTag(text[name_start:name_end].lower(), at))
        return end

    def _start_tag(self, at: int, limit: int, in_conditional: bool) -> int:
        text = self.text
        name_end = self._search(_TAG_NAME_END, at + 1, limit)
        name = text[at + 1:name_end].lower()
        (attributes, between), end = self._attributes(name_end, limit)
        if end < 0:
            # End of file inside a tag: HTML5 emits nothing for it.
            return limit
        self.scan.start_tags.append(
            StartTag(name, at, end, attributes, between, in_conditional)
        )
        if name in _RAW_TEXT_ELEMENTS:
            closing = _RAW_TEXT_END[name].search(text, end, limit)
            return limit if closing is None else closing.start()
        return end

    def _attributes(
        self, position: int, limit: int
    ) -> tuple[tuple[tuple[Attribute, ...], tuple[TemplateToken, ...]], int]:
        """Read attributes up to the tag's ``>``; end -1 at end of input."""
        text = self.text
        attributes: list[Attribute] = []
        between: list[TemplateToken] = []
        while True:
            position = self._skip_whitespace_and_slashes(position, limit)
            if position >= limit:
                return (tuple(attributes), tuple(between)), -1
            if text[position] == ">":
                return (tuple(attributes), tuple(between)), position + 1
            token = self.tokens.containing(position)
            if token is not None:
                between.append(token)
                position = token.end
                continue
            attribute, position = self._attribute(position, limit)
            if attribute is None:
                return (tuple(attributes), tuple(between)), -1
            attributes.append(attribute)

    def _skip_whitespace_and_slashes(self, position: int, limit: int) -> int:
        text = self.text
        while position < limit and (text[position] in _WHITESPACE
                                    or text[position] == "/"):
            position += 1
        return position

    def _attribute(self, start: int, limit: int) -> tuple[Attribute | None, int]:
        """One attribute at ``start``: name, optional ``=`` and value."""
        text = self.text
        # A "=" first is part of the name (HTML5 "before attribute name").
        name_end = self._name_end(start + 1, limit)
        name = text[start:name_end].lower()
        after_name = self._skip_whitespace(name_end, limit)
        if after_name >= limit or text[after_name] != "=":
            return Attribute(name=name, name_start=start), name_end

        equals = after_name
        value_start = self._skip_whitespace(equals + 1, limit)
        spaced = after_name > name_end or value_start > equals + 1
        if value_start >= limit:
            return None, limit
        quote = text[value_start]
        if quote in "\"'":
            close = self._find_outside_tokens(quote, value_start + 1, limit)
            if close < 0:
                return None, limit
            raw = text[value_start + 1:close]
            value_start, next_position = value_start + 1, close + 1
        else:
            quote = ""
            close = self._unquoted_end(value_start, limit)
            raw = text[value_start:close]
            next_position = close
        attribute = Attribute(
            name=name,
            name_start=start,
            raw=raw,
            value_start=value_start,
            quote=quote,
            equals_start=equals,
            spaced_equals=spaced,
        )
        return attribute, next_position

    def _name_end(self, position: int, limit: int) -> int:
        """End of an attribute name; a template token also ends it."""
        end = self._search(_ATTRIBUTE_NAME_END, position, limit)
        index = self.tokens.first_from(position)
        if index < len(self.tokens.tokens):
            token_start = self.tokens.tokens[index].start
            if token_start < end:
                return token_start
        return end

    def _unquoted_end(self, position: int, limit: int) -> int:
        """End of an unquoted value: white space or ``>`` outside tokens."""
        while True:
            end = self._search(_UNQUOTED_VALUE_END, position, limit)
            token = self._token_in(position, end)
            if token is None:
                return end
            position = token.end

    def _find_outside_tokens(self, char: str, position: int, limit: int) -> int:
        """Offset of the next ``char`` not inside a template token, or -1."""
        text = self.text
        while True:
            found = text.find(char, position, limit)
            if found < 0:
                return -1
            token = self._token_in(position, found + 1)
            if token is None:
                return found
            position = token.end

    def _token_in(self, start: int, end: int) -> TemplateToken | None:
        """The first token that starts in ``[start, end)`` or covers start."""
        covering = self.tokens.containing(start)
        if covering is not None:
            return covering
        index = self.tokens.first_from(start)
        if index < len(self.tokens.tokens):
            token = self.tokens.tokens[index]
            if token.start < end:
                return token
        return None

    def _skip_whitespace(self, position: int, limit: int) -> int:
        match = _NOT_WHITESPACE.search(self.text, position, limit)
        return limit if match is None else match.start()

    def _search(self, pattern: re.Pattern[str], position: int, limit: int) -> int:
        match = pattern.search(self.text, position, limit)
        return limit if match is None else match.start()


def scan(text: str, tokens: TokenIndex) -> Scan:
    """Tokenize ``text``; the template tokens in ``tokens`` are opaque."""
    return Scanner(text, tokens).run()
