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

There are two scanners with one grammar. ``scan`` is the exact one, a
step-by-step reading that records every tag; ``--fix`` uses it to check
that a fix keeps the markup's shape. ``scan_links`` is the one linting
uses: one compiled pattern skips, in C, the text and the tags that cannot
matter to a rule (no ``href``, no template token inside, not a raw-text
element), so Python code runs only where a link, a comment or a template
token is. Wherever a template token lies inside markup it hands that one
tag to the exact scanner, so both give the same links, comments and text
spans (``tests/test_scan_equivalence.py`` holds them to it).
"""

import re
from array import array
from bisect import bisect_right
from collections.abc import Callable, Iterator, Sequence
from functools import cache
from itertools import chain, compress
from operator import lt
from typing import NamedTuple, overload

from linter.dialects import TokenIndex
from linter.lazyre import lazy_pattern
from linter.links import Attribute, TemplateToken, record

_WHITESPACE = "\t\n\f\r "
_RAW_TEXT_ELEMENTS = frozenset(
    "script style title textarea xmp iframe noembed noframes noscript".split()
)


@cache
def _raw_text_end(name: str) -> re.Pattern[str]:
    """The end tag of a raw-text element, compiled when first met.

    Patterns are compiled on first use here and below: compiling costs
    milliseconds, and a pre-commit run on one small file pays every one.
    """
    return re.compile(rf"</{name}[\t\n\f\r />]", re.IGNORECASE)

_TAG_NAME_END = re.compile(r"[\t\n\f\r />]")
_ATTRIBUTE_NAME_END = re.compile(r"[\t\n\f\r />=]")
_UNQUOTED_VALUE_END = re.compile(r"[\t\n\f\r >]")
_NOT_WHITESPACE = re.compile(r"[^\t\n\f\r ]")
_COMMENT_CLOSE = re.compile(r"--!?>")
_CONDITIONAL_OPEN = re.compile(r"\[if[^\]]*\]>", re.IGNORECASE)
_CONDITIONAL_CLOSE = re.compile(r"<!\[endif\]\s*$", re.IGNORECASE)
_MARKUP_START = re.compile(r"<(?:!--|[!?/]|[A-Za-z])")
# Conditional comments are scanned inside, recursively; an unclosed one
# that holds another nests, and deeper than this the inner ones are plain
# comments, so that "<!--[if mso]>" repeated 200,000 times cannot exhaust
# the stack. Real templates nest two or three.
# TODO: links inside conditionals nested deeper than this are not linted.
_MAX_CONDITIONAL_DEPTH = 32


class StartTag(NamedTuple):
    """A start tag: its name, its attributes and the tokens between them."""

    name: str
    start: int
    end: int
    attributes: tuple[Attribute, ...]
    # Template tokens standing between attributes, not inside a value.
    tokens_between: tuple[TemplateToken, ...] = ()
    in_conditional: bool = False


class EndTag(NamedTuple):
    """An end tag: its name and the offset of its ``<``."""

    name: str
    start: int


class Comment(NamedTuple):
    """An HTML comment; ``body`` offsets exclude ``<!--`` and ``-->``."""

    start: int
    end: int
    body_start: int
    body_end: int


class TextSpans(Sequence[tuple[int, int]]):
    """(start, end) spans of visible text, stored flat in an array.

    Eight bytes per offset rather than a tuple and two integers per span
    (about 120 bytes): a 60 MB template has a gap between tags every few
    dozen characters, and a list of tuples for it would outweigh the text.
    """

    __slots__ = ("_flat",)

    def __init__(self, flat: "array[int] | None" = None) -> None:
        self._flat = flat if flat is not None else array("q")

    def __len__(self) -> int:
        return len(self._flat) // 2

    @overload
    def __getitem__(self, index: int) -> tuple[int, int]: ...

    @overload
    def __getitem__(self, index: slice) -> list[tuple[int, int]]: ...

    def __getitem__(
        self, index: int | slice
    ) -> tuple[int, int] | list[tuple[int, int]]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError("text span index out of range")
        return self._flat[2 * index], self._flat[2 * index + 1]

    def __iter__(self) -> Iterator[tuple[int, int]]:
        offsets = iter(self._flat)
        return zip(offsets, offsets)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence):
            return NotImplemented
        return list(self) == list(other)

    def __repr__(self) -> str:
        return f"TextSpans({list(self)!r})"


# Sorts after every (offset, end) pair that starts at the same offset.
_AFTER_ANY_OFFSET = 1 << 62


class Scan:
    """What the tokenizer found, in source order.

    A complete scan (``scan``) holds every start and end tag. The scan
    that linting uses (``scan_links``, ``complete`` False) holds what rules
    read, and leaves out the rest so that a big file costs little memory:

    - ``start_tags``: the tags with an attribute whose name holds ``href``
      (``href`` itself, and bindings such as ``th:href`` or ``:href``);
    - ``end_tags``: every ``</a>``, where an ``<a>``'s text ends (only an
      ``<a>`` has text a rule reads);
    - ``comments``: every comment;
    - ``text_spans``: the visible text outside tags, comments and raw-text
      elements (as in the complete scan), worked out on first use.

    ``in_text(offset)`` and ``text_span_at(offset)`` answer for one offset
    what ``text_spans`` would, without working out every span: a rule that
    looks for something in the text (a bare URL) can search the whole text
    in C first and ask about each match.
    """

    __slots__ = ("start_tags", "_end_tags", "comments", "complete",
                 "_text_spans", "_span_builder", "_end_tag_builder", "_locator",
                 "_span_finder")

    def __init__(
        self,
        start_tags: list[StartTag] | None = None,
        end_tags: list[EndTag] | None = None,
        comments: list[Comment] | None = None,
        text_spans: Sequence[tuple[int, int]] | None = None,
        complete: bool = True,
    ) -> None:
        self.start_tags: list[StartTag] = start_tags if start_tags is not None else []
        self._end_tags: list[EndTag] | None = end_tags if end_tags is not None else []
        self.comments: list[Comment] = comments if comments is not None else []
        self.complete = complete
        self._text_spans = text_spans if text_spans is not None else []
        self._span_builder: Callable[[], Sequence[tuple[int, int]]] | None = None
        self._end_tag_builder: Callable[[], list[EndTag]] | None = None
        self._locator: Callable[[int], bool] | None = None
        self._span_finder: Callable[[int], tuple[int, int] | None] | None = None

    @property
    def end_tags(self) -> list[EndTag]:
        """The end tags (see the class docstring for the fast scan's)."""
        if self._end_tags is None:
            assert self._end_tag_builder is not None
            self._end_tags = self._end_tag_builder()
            self._end_tag_builder = None
        return self._end_tags

    @property
    def text_spans(self) -> Sequence[tuple[int, int]]:
        """Visible text outside tags, comments and raw-text elements."""
        if self._span_builder is not None:
            self._text_spans = self._span_builder()
            self._span_builder = None
        return self._text_spans

    def in_text(self, offset: int) -> bool:
        """Whether ``offset`` lies in one of the ``text_spans``."""
        if self._span_builder is not None and self._locator is not None:
            return self._locator(offset)
        return self.text_span_at(offset) is not None

    def text_span_at(self, offset: int) -> tuple[int, int] | None:
        """The one of the ``text_spans`` that holds ``offset``, or None."""
        if self._span_builder is not None and self._span_finder is not None:
            return self._span_finder(offset)
        spans = self.text_spans
        index = bisect_right(spans, (offset, _AFTER_ANY_OFFSET)) - 1
        if index >= 0 and spans[index][0] <= offset < spans[index][1]:
            return spans[index]
        return None

    def defer(
        self,
        end_tags: Callable[[], list[EndTag]],
        text_spans: Callable[[], Sequence[tuple[int, int]]],
        in_text: Callable[[int], bool],
        text_span_at: Callable[[int], tuple[int, int] | None],
    ) -> None:
        """Have ``end_tags`` and ``text_spans`` worked out when first read;
        until the spans are, the two look-ups answer by themselves."""
        self._end_tags, self._end_tag_builder = None, end_tags
        self._span_builder = text_spans
        self._locator = in_text
        self._span_finder = text_span_at

    def __repr__(self) -> str:
        return (f"Scan({len(self.start_tags)} start tags, "
                f"{len(self.comments)} comments, complete={self.complete})")


def _comment_close(text: str, body_start: int, limit: int) -> tuple[int, int]:
    """Where a comment's body ends and the comment ends (``-->``, ``--!>``).

    One search for both closers: looking for ``--!>`` on its own would read
    to the end of the file for every comment that lacks one.
    """
    close = _COMMENT_CLOSE.search(text, body_start, limit)
    if close is None:
        return limit, limit
    return close.start(), close.end()


def _conditional_body(
    text: str, body_start: int, body_end: int
) -> tuple[int, int] | None:
    """The markup inside ``<!--[if ...]> ... <![endif]-->``, or None."""
    opening = _CONDITIONAL_OPEN.match(text, body_start, body_end)
    if opening is None:
        return None
    inner_end = body_end
    closing = _CONDITIONAL_CLOSE.search(text, opening.end(), body_end)
    if closing:
        inner_end = closing.start()
    return opening.end(), inner_end


def _bogus_comment_end(text: str, at: int, limit: int) -> int:
    """``<!DOCTYPE>``, ``<![CDATA[``, ``<?xml ?>``: skipped up to ``>``."""
    close = text.find(">", at + 2, limit)
    return limit if close < 0 else close + 1


class Scanner:
    """The exact scan: one step at a time, every tag recorded.

    The template tokens are known beforehand and opaque.
    """

    def __init__(self, text: str, tokens: TokenIndex) -> None:
        self.text = text
        self.tokens = tokens
        self.spans: list[tuple[int, int]] = []
        self.scan = Scan(text_spans=self.spans)
        self.depth = 0

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
            self.spans.append((start, end))

    def _markup(self, at: int, limit: int, in_conditional: bool) -> int:
        """Consume the markup starting at ``at``; return where to go on."""
        text = self.text
        if text.startswith("<!--", at):
            return self._comment(at, limit, in_conditional)
        second = text[at + 1]
        if second in "!?":
            return _bogus_comment_end(text, at, limit)
        if second == "/":
            return self.end_tag(at, limit)
        return self.start_tag(at, limit, in_conditional)

    def _comment(self, at: int, limit: int, in_conditional: bool) -> int:
        text = self.text
        body_start = at + 4
        # "<!-->" and "<!--->" are complete (empty) comments in HTML5.
        for abrupt in (">", "->"):
            if text.startswith(abrupt, body_start):
                end = body_start + len(abrupt)
                self.scan.comments.append(Comment(at, end, body_start, body_start))
                return end

        body_end, end = _comment_close(text, body_start, limit)
        self.scan.comments.append(Comment(at, end, body_start, body_end))
        inner = _conditional_body(text, body_start, body_end)
        if inner is not None and self.depth < _MAX_CONDITIONAL_DEPTH:
            self.depth += 1
            self.run(inner[0], inner[1], in_conditional=True)
            self.depth -= 1
        return end

    def end_tag(self, at: int, limit: int) -> int:
        """Read the end tag (or ``</`` bogus comment) at ``at``."""
        text = self.text
        name_start = at + 2
        if name_start >= limit:
            return limit
        if text[name_start] == ">":
            return name_start + 1
        if not text[name_start].isascii() or not text[name_start].isalpha():
            return _bogus_comment_end(text, at, limit)
        name_end = self._search(_TAG_NAME_END, name_start, limit)
        # End tags may carry (ignored) attributes, quoted values included.
        _, end = self._attributes(name_end, limit)
        if end < 0:
            return limit
        self.scan.end_tags.append(EndTag(text[name_start:name_end].lower(), at))
        return end

    def start_tag(self, at: int, limit: int, in_conditional: bool) -> int:
        """Read the start tag at ``at``, and skip a raw-text element's body."""
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
            closing = _raw_text_end(name).search(text, end, limit)
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
    """Tokenize ``text`` exactly, every tag recorded; tokens are opaque."""
    return Scanner(text, tokens).run()



# -- the fast scan ---------------------------------------------------------
#
# The patterns spell out the exact scanner's grammar for markup that holds
# no template token. Possessive repeats keep them from backtracking into a
# reading the step-by-step scanner would not make: once a name, a run of
# white space or a value is read, it stays read.

_SPACE = r"[\t\n\f\r ]"
_NAME = r"[^\t\n\f\r />][^\t\n\f\r />=]*+"
# A name without "href" in it: it stops before an "href", and the tag then
# cannot end, so the tag is not skipped.
_H_ALONE = r"[hH](?![rR][eE][fF])"
_NAME_WITHOUT_HREF = (
    rf"(?:[^\t\n\f\r />hH]|{_H_ALONE})(?:[^\t\n\f\r />=hH]++|{_H_ALONE})*+"
)
_VALUE = r"""(?:"[^"]*+"|'[^']*+'|(?!["'])[^\t\n\f\r >]*+)"""
# An attribute either has "=" and a value, or no "=" follows its name.
_ATTRIBUTE_SYNTAX = rf"(?:{_SPACE}*+={_SPACE}*+{_VALUE}|(?!{_SPACE}*=))"


def _attribute_list(attribute: str) -> str:
    return rf"(?:[\t\n\f\r /]++|{attribute})*+>"


_ANY_ATTRIBUTES = _attribute_list(_NAME + _ATTRIBUTE_SYNTAX)
# The usual attribute is tried first, most often after one space: a name
# without an "h" (so without "href"), "=" and a double-quoted value. It
# reads what the general form after it would read, in fewer steps of the
# regex engine: a tenth of the scan's instructions (callgrind).
_PLAIN_ATTRIBUTE = r'[a-gi-zA-GI-Z:_-][a-gi-zA-GI-Z0-9:_-]*+="[^"]*+"'
_NO_HREF_ATTRIBUTES = (
    rf"(?: {_PLAIN_ATTRIBUTE}|[\t\n\f\r /]++|{_PLAIN_ATTRIBUTE}"
    rf"|{_NAME_WITHOUT_HREF}{_ATTRIBUTE_SYNTAX})*+>"
)
def _caseless_trie(words: list[str]) -> str:
    """A pattern for any of ``words``, ASCII-case-insensitively, as a trie.

    Words that share a first letter share its test: with one alternative a
    word, "<td" was tested against every name that starts with a "t".
    """
    longer = [word for word in words if word]
    if not longer:
        return ""
    if len(longer) < len(words):
        return f"(?:{_caseless_trie(longer)})?"
    by_first: dict[str, list[str]] = {}
    for word in sorted(longer):
        by_first.setdefault(word[0], []).append(word[1:])
    branches = [f"[{first}{first.upper()}]{_caseless_trie(rests)}"
                for first, rests in by_first.items()]
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"


# A tag name is read ASCII-case-insensitively here, and Unicode-lowercased
# by Python later; no character but an ASCII letter lowercases to a letter
# of these names, so the pattern stops at every raw-text name. Spelled with
# classes, a first-letter test and a trie rather than (?i:...): every tag
# the skip passes tries this, and case-insensitive matching lowercases each
# letter (8% of the scan's instructions, measured with callgrind; the trie
# saved another 15% of the skip's).
_RAW_TEXT_NAME = (
    "(?=[iInNsStTxX])"
    + _caseless_trie(sorted(_RAW_TEXT_ELEMENTS))
    + r"[\t\n\f\r />]"
)


_TAG_NAME = r"[A-Za-z][^\t\n\f\r />]*+"
# Markup no rule reads: a start tag with no href attribute that opens no
# raw text, an end tag other than "</a>", "</>", bogus comments. Most tags
# end right after their name ("<tr>", "</td>"): the ">" is tried before
# the attribute list, which would read it the same way.
_UNREAD_MARKUP = (
    rf"<(?!{_RAW_TEXT_NAME})[A-Za-z][^\t\n\f\r />]*+"
    rf"(?:>|{_NO_HREF_ATTRIBUTES})"
    rf"|</(?![aA][\t\n\f\r />]){_TAG_NAME}(?:>|{_ANY_ATTRIBUTES})"
    r"|</>|</[^A-Za-z>][^>]*+>|<(?:!(?!--)|\?)[^>]*+>"
)


@cache
def _unread() -> re.Pattern[str]:
    """One unread piece of markup, for the text spans."""
    return re.compile(_UNREAD_MARKUP)


# Text, unread markup, and a "<" that opens nothing: all skipped in C. A
# "<" whose next character is past the segment stops the skip, so that
# Python decides what it opens. (No capture group may sit inside the
# possessive repeat: Python 3.11 raises SystemError on one.)
_SKIP = rf"(?:[^<]++|{_UNREAD_MARKUP}|<(?=[^A-Za-z!?/]))*+"
# A start or end tag the step could not read whole (cut short, or a
# template token inside): rare, so compiled on first use.
_START_TAG = lazy_pattern(rf"<({_TAG_NAME}){_ANY_ATTRIBUTES}")
# The skip, then the markup it stopped at when that is one of the usual
# kinds, read in the same call: an "</a>", a start tag (with an href, or
# opening raw text), a comment that is not conditional, or the "<!--" of
# one that is. Each group matches only markup whole before the segment's
# end, as ``_markup`` would read it; anything else is left to it.
_STEP = re.compile(
    _SKIP
    + rf"(?:(</[aA](?=[\t\n\f\r />])(?:>|{_ANY_ATTRIBUTES}))"
    + rf"|(<({_TAG_NAME}){_ANY_ATTRIBUTES})"
    + r"|(<!--(?![\[>]|->)(?:[^-]++|-(?!-!?>))*+(--!?>))"
    + r"|(<!--))?"
)
_STEP_END_A, _STEP_START_TAG, _STEP_COMMENT, _STEP_COMMENT_OPEN = 1, 2, 4, 6
_END_TAG = lazy_pattern(rf"</({_TAG_NAME}){_ANY_ATTRIBUTES}")
_ATTRIBUTE = re.compile(
    rf"[\t\n\f\r /]*+({_NAME})(?:({_SPACE}*+)=({_SPACE}*+)"
    r"""(?:"([^"]*+)"|'([^']*+)'|((?!["'])[^\t\n\f\r >]*+)))?"""
)
_HREF = re.compile("href", re.IGNORECASE)
_SPAN = re.Match.span

# Up to this many text spans are kept as a list of tuples (about 120 bytes
# a span); a bigger file's go in a TextSpans array (16 bytes a span).
_SPANS_AS_LIST = 100_000

# Kinds of the extents the fast scan records for the text spans.
_MARKUP, _UNREAD_REGION = 0, 1


def _names_href(tag: StartTag) -> bool:
    """Whether a rule reads this start tag: an attribute name holds href."""
    return any("href" in attribute.name for attribute in tag.attributes)


class _LinkScanner:
    """The fast scan: Python runs only where a rule has something to read."""

    def __init__(self, text: str, tokens: TokenIndex) -> None:
        self.text = text
        self.index = tokens
        self.tokens = tokens.tokens
        # Not a Scan: the Scan holds this scanner's methods for its lazy
        # parts, and a cycle back would keep a big file's scan alive until
        # the garbage collector ran.
        self.start_tags: list[StartTag] = []
        self.comments: list[Comment] = []
        # (start, end, kind) triples in source order: markup read here, and
        # skipped stretches whose unread markup the text spans need later.
        self.extents = array("q")
        # Every end tag read in Python (all the </a>, and any handed to the
        # exact scanner), for ``end_tags``.
        self.end_tags_read: list[EndTag] = []
        self._exact: Scanner | None = None
        self._extent_starts: array[int] | None = None
        self.seen: dict[str, str] = {}
        self.depth = 0

    def run(self, start: int, limit: int, in_conditional: bool) -> None:
        """Scan ``text[start:limit]``."""
        text, tokens, extents = self.text, self.tokens, self.extents
        count = len(tokens)
        match = _STEP.match
        index = bisect_right(self.index.starts, start) - 1
        if index < 0 or tokens[index].end <= start:
            index += 1
        position = start
        while position < limit:
            while index < count and tokens[index].end <= position:
                index += 1
            segment_end = limit
            if index < count:
                token = tokens[index]
                if token.start <= position:
                    # Inside a template token: no "<" in it opens markup.
                    position = token.end
                    index += 1
                    continue
                segment_end = token.start if token.start < limit else limit
            # The pattern matches the empty string too: never None.
            step: re.Match[str] = match(  # type: ignore[assignment]
                text, position, segment_end)
            kind = step.lastindex
            if kind is None:
                stop = step.end()
                if stop > position:
                    extents.extend((position, stop, _UNREAD_REGION))
                if stop < segment_end:
                    stop = self._markup(stop, segment_end, limit, in_conditional)
                position = stop
                continue

            at = step.start(kind)
            if at > position:
                extents.extend((position, at, _UNREAD_REGION))
            if kind == _STEP_END_A:
                position = step.end()
                self.end_tags_read.append(record(EndTag, ("a", at)))
                extents.extend((at, position, _MARKUP))
            elif kind == _STEP_START_TAG:
                position = self._read_start_tag(
                    at, step.end(kind + 1), step.end(),
                    limit, in_conditional, skip_failed=True)
                extents.extend((at, position, _MARKUP))
            elif kind == _STEP_COMMENT:
                position = step.end()
                body_end = step.start(kind + 1)
                self.comments.append(
                    record(Comment, (at, position, at + 4, body_end)))
                extents.extend((at, position, _MARKUP))
            else:
                position = self._comment(at, limit, in_conditional)

    def _markup(self, at: int, segment_end: int, limit: int,
                in_conditional: bool) -> int:
        """Read the markup at ``at``; return where the text goes on."""
        text = self.text
        # What _MARKUP_START matches: "<" then "!", "?", "/" or a letter.
        second = text[at + 1] if at + 1 < limit else ""
        if second == "/":
            end = self._end_tag(at, segment_end, limit)
        elif second == "!":
            if text[at + 2:at + 4] == "--":
                return self._comment(at, limit, in_conditional)
            end = _bogus_comment_end(text, at, limit)
        elif second == "?":
            end = _bogus_comment_end(text, at, limit)
        elif second.isascii() and second.isalpha():
            end = self._start_tag(at, segment_end, limit, in_conditional)
        else:
            return at + 1
        self.extents.extend((at, end, _MARKUP))
        return end

    def _comment(self, at: int, limit: int, in_conditional: bool) -> int:
        text = self.text
        body_start = at + 4
        body_end = body_start
        # "<!-->" and "<!--->" are whole (empty) comments in HTML5.
        following = text[body_start:body_start + 2]
        if following[:1] == ">":
            end = body_start + 1
        elif following == "->":
            end = body_start + 2
        else:
            body_end, end = _comment_close(text, body_start, limit)
        self.comments.append(record(Comment, (at, end, body_start, body_end)))

        inner = None
        if text.startswith("[", body_start) and self.depth < _MAX_CONDITIONAL_DEPTH:
            inner = _conditional_body(text, body_start, body_end)
        if inner is None:
            self.extents.extend((at, end, _MARKUP))
            return end
        self.extents.extend((at, inner[0], _MARKUP))
        self.depth += 1
        self.run(inner[0], inner[1], in_conditional=True)
        self.depth -= 1
        self.extents.extend((inner[1], end, _MARKUP))
        return end

    def _start_tag(self, at: int, segment_end: int, limit: int,
                   in_conditional: bool) -> int:
        text = self.text
        match = _START_TAG().match(text, at, segment_end)
        if match is None:
            return self._exact_tag(at, limit, in_conditional)
        return self._read_start_tag(at, match.end(1), match.end(), limit,
                                    in_conditional)

    def _read_start_tag(self, at: int, name_end: int, end: int, limit: int,
                        in_conditional: bool, skip_failed: bool = False) -> int:
        """Record a whole start tag if it has an href; skip its raw text.

        ``skip_failed``: the skip stopped at this tag, which it passes
        unless an attribute's name holds "href" or the tag opens raw text;
        so a tag that opens no raw text is a link, with no test.
        """
        text = self.text
        name = text[at + 1:name_end].lower()
        raw = name in _RAW_TEXT_ELEMENTS
        if (skip_failed and not raw) or _HREF.search(text, name_end, end):
            tag = record(StartTag, (
                name, at, end,
                _read_attributes(text, name_end, end - 1, self.seen),
                (), in_conditional,
            ))
            if (skip_failed and not raw) or _names_href(tag):
                self.start_tags.append(tag)
        if raw:
            closing = _raw_text_end(name).search(text, end, limit)
            return limit if closing is None else closing.start()
        return end

    def _end_tag(self, at: int, segment_end: int, limit: int) -> int:
        match = _END_TAG().match(self.text, at, segment_end)
        if match is None:
            return self._exact_tag(at, limit, False)
        self.end_tags_read.append(EndTag(match.group(1).lower(), at))
        return match.end()

    def _exact_tag(self, at: int, limit: int, in_conditional: bool) -> int:
        """Hand one tag (template tokens inside, or cut short) to ``Scanner``."""
        exact = self._exact
        if exact is None:
            exact = self._exact = Scanner(self.text, self.index)
        if self.text[at + 1] == "/":
            end = exact.end_tag(at, limit)
        else:
            end = exact.start_tag(at, limit, in_conditional)
        found = exact.scan
        self.start_tags.extend(filter(_names_href, found.start_tags))
        self.end_tags_read.extend(found.end_tags)
        found.start_tags.clear()
        found.end_tags.clear()
        return end

    def end_tags(self) -> list[EndTag]:
        """Every ``</a>``: those read here, and any the exact scanner read
        (one with a template token inside)."""
        return [tag for tag in self.end_tags_read if tag.name == "a"]

    def in_text(self, offset: int) -> bool:
        """Whether ``offset`` is visible text; only its stretch is read again."""
        if not 0 <= offset < len(self.text):
            return False
        extents = self.extents
        if self._extent_starts is None:
            self._extent_starts = extents[0::3]
        index = bisect_right(self._extent_starts, offset) - 1
        if index < 0 or offset >= extents[3 * index + 1]:
            # Between extents: a template token or a lone "<" in the text.
            return True
        if extents[3 * index + 2] == _MARKUP:
            return False
        start, end = extents[3 * index], extents[3 * index + 1]
        for markup in _unread().finditer(self.text, start, end):
            if markup.end() > offset:
                return markup.start() > offset
        return True

    def text_span_at(self, offset: int) -> tuple[int, int] | None:
        """The text span around ``offset``: from the markup before to the next."""
        if not self.in_text(offset):
            return None
        return self._markup_end_before(offset), self._markup_start_after(offset)

    def _extent_at(self, offset: int) -> int:
        """Index of the last extent that starts at or before ``offset``."""
        if self._extent_starts is None:
            self._extent_starts = self.extents[0::3]
        return bisect_right(self._extent_starts, offset) - 1

    def _markup_start_after(self, offset: int) -> int:
        """Where the first piece of markup after text at ``offset`` starts."""
        text, extents = self.text, self.extents
        index = self._extent_at(offset)
        for extent in range(max(index, 0), len(extents) // 3):
            start, end, kind = extents[3 * extent:3 * extent + 3]
            if end <= offset and extent == index:
                continue
            if kind == _MARKUP:
                return start
            markup = _unread().search(text, max(start, offset), end)
            if markup is not None:
                return markup.start()
        return len(text)

    def _markup_end_before(self, offset: int) -> int:
        """Where the last piece of markup before text at ``offset`` ends."""
        text, extents = self.text, self.extents
        for extent in range(self._extent_at(offset), -1, -1):
            start, end, kind = extents[3 * extent:3 * extent + 3]
            if kind == _MARKUP:
                return end
            last = -1
            for markup in _unread().finditer(text, start, min(end, offset)):
                last = markup.end()
            if last >= 0:
                return last
        return 0

    def text_spans(self) -> Sequence[tuple[int, int]]:
        """The gaps between markup, the skipped stretches read tag by tag.

        The offsets are gathered and paired in C (array, map, compress),
        one stretch at a time so that a big file never holds every markup
        offset at once: a big file has a gap every few dozen characters.
        """
        text, extents = self.text, self.extents
        flat = array("q")
        cursor = 0
        for index in range(0, len(extents), 3):
            start, end = extents[index], extents[index + 1]
            if extents[index + 2] == _MARKUP:
                if start > cursor:
                    flat.extend((cursor, start))
                cursor = max(cursor, end)
                continue
            # cursor, then each unread markup's start and end: the gaps are
            # (cursor, first start), (first end, second start), ...
            bounds = array("q", (cursor,))
            bounds.extend(chain.from_iterable(
                map(_SPAN, _unread().finditer(text, start, end))
            ))
            if len(bounds) > 1:
                starts, ends = bounds[0:-1:2], bounds[1::2]
                flat.extend(chain.from_iterable(
                    compress(zip(starts, ends), map(lt, starts, ends))
                ))
                cursor = bounds[-1]
        if len(text) > cursor:
            flat.extend((cursor, len(text)))
        if len(flat) <= 2 * _SPANS_AS_LIST:
            # A list of tuples is what bisect reads fastest.
            pairs = iter(flat)
            return list(zip(pairs, pairs))
        return TextSpans(flat)


def _read_attributes(text: str, start: int, end: int,
                     seen: dict[str, str]) -> tuple[Attribute, ...]:
    """The attributes of a start tag that holds no template token.

    An attribute list met before (a template's buttons repeat theirs, and
    so do a team's templates: 84% of link tags over the corpus) is taken
    from ``_ATTRIBUTE_MEMO`` and moved to ``start``; parsing one is what
    it spares. Names and values already met in the document are shared
    (``seen``): a big template repeats the same ``style`` and ``class``
    values on every button, and their copies were most of a 60 MB file's
    memory.
    """
    source = text[start:end]
    relative = _ATTRIBUTE_MEMO.get(source)
    if relative is None:
        relative = _parsed_attributes(source, seen)
        if len(_ATTRIBUTE_MEMO) >= _ATTRIBUTE_MEMO_SIZE:
            _ATTRIBUTE_MEMO.clear()
        _ATTRIBUTE_MEMO[source] = relative
    if not start:
        return relative
    return tuple([
        record(Attribute, (
            attribute.name, attribute.name_start + start, attribute.raw,
            attribute.value_start + start, attribute.quote,
            attribute.equals_start + start, attribute.spaced_equals,
        )) if attribute.raw is not None else
        record(Attribute, (attribute.name, attribute.name_start + start,
                           None, -1, "", -1, False))
        for attribute in relative
    ])


# Attribute lists by their text, offsets counted from its start: a
# bounded memo, emptied when full, as the engine's link memo is.
_ATTRIBUTE_MEMO: dict[str, tuple[Attribute, ...]] = {}
_ATTRIBUTE_MEMO_SIZE = 4096


def _parsed_attributes(source: str,
                       seen: dict[str, str]) -> tuple[Attribute, ...]:
    """The attributes in ``source``, offsets counted from its start."""
    attributes = []
    for match in _ATTRIBUTE.finditer(source):
        # One call for every group's span; a link tag has many attributes.
        _, (name_start, name_end), (_, equals), (_, value_start), \
            double, single, bare = match.regs
        name = source[name_start:name_end].lower()
        name = seen.setdefault(name, name)
        if equals < 0:
            attributes.append(record(Attribute, (name, name_start, None, -1, "",
                                                 -1, False)))
            continue
        spaced = equals > name_end or value_start > equals + 1
        if double[0] >= 0:
            raw, value_start, quote = source[double[0]:double[1]], double[0], '"'
        elif single[0] >= 0:
            raw, value_start, quote = source[single[0]:single[1]], single[0], "'"
        else:
            raw, value_start, quote = source[bare[0]:bare[1]], bare[0], ""
        attributes.append(record(Attribute, (
            name, name_start, seen.setdefault(raw, raw), value_start, quote,
            equals, spaced,
        )))
    return tuple(attributes)


def scan_links(text: str, tokens: TokenIndex) -> Scan:
    """Tokenize ``text`` for linting: what rules read (see ``Scan``).

    It gives the same links, comments and text spans as ``scan``, and
    leaves out the tags no rule reads.
    """
    scanner = _LinkScanner(text, tokens)
    scanner.run(0, len(text), False)
    found = Scan(scanner.start_tags, comments=scanner.comments, complete=False)
    found.defer(scanner.end_tags, scanner.text_spans, scanner.in_text,
                scanner.text_span_at)
    return found
