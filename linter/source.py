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
from bisect import bisect_right
from dataclasses import dataclass, field

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


@dataclass(frozen=True, slots=True)
class DecodeError:
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


@dataclass
class Document:
    """A decoded template (or one ``.eml`` part) and its line index."""

    path: str
    text: str
    encoding: str = "utf-8"
    part: str | None = None
    decode_error: DecodeError | None = None
    _line_starts: list[int] | None = field(default=None, repr=False)

    @property
    def line_starts(self) -> list[int]:
        """Offsets where each line begins, built on first use.

        Most files have few findings, so the index is only built when a
        position is actually needed.
        """
        if self._line_starts is None:
            starts = [0]
            starts.extend(match.end() for match in _LINE_BREAK.finditer(self.text))
            self._line_starts = starts
        return self._line_starts

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a text offset."""
        starts = self.line_starts
        line_index = bisect_right(starts, offset) - 1
        return line_index + 1, offset - starts[line_index] + 1

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
