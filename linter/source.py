"""Reading a template: bytes to decoded text, and offsets to positions.

The rules of SPEC "Reading files": a BOM decides the encoding; else a
``<meta charset>`` (or ``http-equiv`` Content-Type) in the first 1024
bytes; else UTF-8. Nothing is guessed. The first byte that is invalid in
that encoding is remembered for EL902, and the text is still decoded (with
replacement characters) so that the rest of the file is linted.

A Document owns the line index. Positions are 1-based and count code
points; CRLF and a lone CR each end one line, and nothing else does (not
U+2028, not a form feed), which is why ``str.splitlines`` is not used.
"""

from __future__ import annotations

import codecs
import re
from array import array
from bisect import bisect_right
from typing import TYPE_CHECKING, Iterable, NamedTuple, TypeVar, overload

if TYPE_CHECKING:
    from linter.widechars import WideChars

_Default = TypeVar("_Default")

_BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 LE must be tried before UTF-16 LE: its BOM starts with FF FE.
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Both forms of declaration put "charset=" before the name, so one
# pattern over the <meta> tag finds either.
_META_CHARSET = re.compile(
    rb"<meta\b[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:\-]+)", re.IGNORECASE
)
_LINE_BREAK = re.compile(r"\r\n?|\n")
_MATCH_END = re.Match.end
# Positions of a text up to this long are found by counting line feeds,
# for the first few findings of a file; then the line index is built.
_COUNTED_SPAN = 1 << 18
_COUNTED_POSITIONS = 32


class DecodeError(NamedTuple):
    """Where decoding failed: offset in the decoded text, and why."""

    offset: int
    byte: int
    value: int
    encoding: str


def detect_encoding(data: bytes) -> tuple[str, int]:
    """The encoding to read ``data`` with, and the length of its BOM."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding, len(bom)

    declared = _META_CHARSET.search(data[:1024])
    if declared:
        name = declared.group(1).decode("ascii").lower()
        known = _known_encoding(name)
        if known:
            return known, 0
    return "utf-8", 0


def _known_encoding(name: str) -> str | None:
    """The codec for a declared charset, or None when Python has none.

    HTML treats a declared UTF-16 or UTF-32 without a BOM as UTF-8: the
    declaration was readable as ASCII, so the file cannot be UTF-16.
    """
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None
    if codec.startswith(("utf-16", "utf-32")):
        return "utf-8"
    # HTML reads a declared Latin-1 as windows-1252 (WHATWG Encoding).
    if codec in ("latin-1", "iso8859-1", "ascii"):
        return "cp1252"
    return codec


def decode(
    data: bytes, encoding: str | None = None
) -> tuple[str, DecodeError | None]:
    """Decode ``data`` by SPEC's rules; report the first undecodable byte.

    ``encoding`` is given for ``.eml`` parts, whose declared charset
    decides. The BOM is not part of the text: column 1 is the first
    character after it, as editors show it.
    """
    if encoding is None:
        codec, bom_length = detect_encoding(data)
    else:
        codec, bom_length = encoding, 0
    body = data[bom_length:]
    try:
        return body.decode(codec), None
    except UnicodeDecodeError as error:
        good = body[: error.start].decode(codec, errors="replace")
        problem = DecodeError(
            offset=len(good),
            byte=bom_length + error.start,
            value=body[error.start],
            encoding=codec,
        )
        return body.decode(codec, errors="replace"), problem


class MessageHeaders(dict[str, str]):
    """A message's top-level headers, looked up by name in any case.

    Header names are case-insensitive (RFC 5322), so the keys are stored
    lowercase and every lookup lowercases its name:
    ``headers.get("List-Unsubscribe")`` finds ``list-unsubscribe``. Values
    are unfolded and their encoded words decoded; where a header is
    repeated, the first one is kept.
    """

    def __getitem__(self, name: str) -> str:
        return super().__getitem__(name.lower())

    def __contains__(self, name: object) -> bool:
        return super().__contains__(name.lower() if isinstance(name, str) else name)

    @overload
    def get(self, name: str, default: None = None, /) -> str | None: ...

    @overload
    def get(self, name: str, default: str | _Default, /) -> str | _Default: ...

    def get(self, name: str, default: object = None, /) -> object:
        """The header's value, or ``default`` when the message has none."""
        return super().get(name.lower(), default)


class Document:
    """A decoded template (or one ``.eml`` part) and its line index.

    The fields after ``decode_error`` are only set for ``.eml`` parts:
    ``plain_text`` holds the message's decoded ``text/plain`` parts (named
    in ``plain_parts``, in the same order) for rules about visible text,
    ``headers`` the message's top-level headers (``List-Unsubscribe`` for
    the unsubscribe rule), and ``defects`` one message per defect the MIME
    parser met (a missing boundary, bad base64), each an EL902 at 1:1.
    """

    __slots__ = ("path", "text", "encoding", "part", "decode_error",
                 "plain_text", "plain_parts", "headers", "defects", "wide",
                 "_line_starts", "_positions_counted")

    def __init__(
        self, path: str, text: str, encoding: str = "utf-8",
        part: str | None = None, decode_error: DecodeError | None = None,
        plain_text: tuple[str, ...] = (), plain_parts: tuple[str, ...] = (),
        headers: MessageHeaders | None = None, defects: tuple[str, ...] = (),
        wide: WideChars | None = None,
    ) -> None:
        self.path = path
        self.text = text
        self.encoding = encoding
        self.part = part
        self.decode_error = decode_error
        self.plain_text = plain_text
        self.plain_parts = plain_parts
        self.headers = headers
        self.defects = defects
        self.wide = wide
        self._line_starts: array[int] | None = None
        self._positions_counted = 0

    def _fields(self) -> tuple[object, ...]:
        return (self.path, self.slice(0, len(self.text)), self.encoding,
                self.part, self.decode_error, self.plain_text,
                self.plain_parts, self.headers, self.defects)

    def slice(self, start: int, end: int) -> str:
        """The real characters of ``text[start:end]``.

        The same as the slice, except in a big file whose ``text`` is
        narrowed (``linter.widechars``): there it puts back the characters
        above U+00FF that ``text`` holds stand-ins for.
        """
        if self.wide is None:
            return self.text[start:end]
        return self.wide.restore(self.text, start, end)

    def __eq__(self, other: object) -> bool:
        """Documents are equal when every field but the line index is."""
        if not isinstance(other, Document):
            return NotImplemented
        return self._fields() == other._fields()

    __hash__ = None  # type: ignore[assignment]  # mutable, like a list

    def __repr__(self) -> str:
        return f"Document(path={self.path!r}, part={self.part!r})"

    @property
    def line_starts(self) -> array[int]:
        """Offsets where each line begins, built on first use.

        An array (8 bytes a line: a 60 MB file has a million and a half),
        filled in C from the line-break matches.
        """
        if self._line_starts is None:
            starts = array("q", (0,))
            starts.extend(map(_MATCH_END, _LINE_BREAK.finditer(self.text)))
            self._line_starts = starts
        return self._line_starts

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a text offset.

        Most files have a few findings: for those, counting the line feeds
        before each offset (in C) is cheaper than indexing every line. A
        file with many findings, a big one or one with a CR gets the index.
        """
        if self._line_starts is None and self._count_lines_directly(offset):
            text = self.text
            line_start = text.rfind("\n", 0, offset) + 1
            return text.count("\n", 0, offset) + 1, offset - line_start + 1
        starts = self.line_starts
        line_index = bisect_right(starts, offset) - 1
        return line_index + 1, offset - starts[line_index] + 1

    def positions(self, offsets: Iterable[int]) -> dict[int, tuple[int, int]]:
        """The (line, column) of many offsets at once, as ``position`` gives.

        Counting the line feeds from one offset to the next, in order,
        reads the text once however many findings a file has; a file with
        a CR, or with its line index built already, looks each one up.
        """
        wanted = sorted(set(offsets))
        if self._line_starts is not None or "\r" in self.text:
            return {offset: self.position(offset) for offset in wanted}

        text = self.text
        found: dict[int, tuple[int, int]] = {}
        line, line_start, counted_to = 1, 0, 0
        for offset in wanted:
            last_break = text.rfind("\n", counted_to, offset)
            if last_break >= 0:
                line += text.count("\n", counted_to, last_break + 1)
                line_start = last_break + 1
            counted_to = offset
            found[offset] = (line, offset - line_start + 1)
        return found

    def _count_lines_directly(self, offset: int) -> bool:
        self._positions_counted += 1
        return (self._positions_counted <= _COUNTED_POSITIONS
                and offset <= _COUNTED_SPAN and "\r" not in self.text)

    def line_span(self, line: int) -> tuple[int, int]:
        """Offsets of a 1-based line's first character and of its end.

        The end excludes the line break.
        """
        starts = self.line_starts
        start = starts[line - 1]
        if line < len(starts):
            end = starts[line]
            while end > start and self.text[end - 1] in "\r\n":
                end -= 1
        else:
            end = len(self.text)
        return start, end
