"""Rendered messages (``.eml``): one document per ``text/html`` part.

The standard library's parser reads the MIME structure, nested multiparts
included; each part is decoded by its own transfer encoding and charset,
and positions are given inside the decoded part, which the finding names
(``"2 text/html"``: the part's number among the message's leaf parts, then
its type).

A message is never too broken to report on. What the parser met on the
way (a multipart without its boundary, bad base64 padding, an unknown
charset) becomes a line in ``Document.defects``, reported as EL902 at 1:1
of the part it concerns, or of the first document for the whole message.

Every HTML document of a message also carries the message's
``text/plain`` parts and its top-level headers, for the document rules
that look beyond the HTML (bare URLs in the plain text, the
``List-Unsubscribe`` header). A message with no HTML part but with plain
text gives one document with empty text, named after its first plain
part, so those rules still run; a message with neither gives one empty
document only when there is a defect to report.
"""

import codecs
import email
import email.errors
import email.policy
import re
from email.header import decode_header, make_header
from email.message import Message
from typing import NamedTuple

from linter.source import (
    DecodeError,
    Document,
    MessageHeaders,
    decode,
    detect_encoding,
)

# The transfer encodings the parser undoes; anything else is read as is.
_KNOWN_TRANSFER_ENCODINGS = frozenset(
    {"", "7bit", "8bit", "binary", "quoted-printable", "base64"}
)
_FOLDING = re.compile(r"\r?\n(?=[ \t])")

# What each parser defect means to the author of the message.
_DEFECT_MEANINGS: dict[type[email.errors.MessageDefect], str] = {
    email.errors.NoBoundaryInMultipartDefect:
        "a multipart has no boundary parameter, so its parts cannot be read",
    email.errors.StartBoundaryNotFoundDefect:
        "the multipart boundary never appears in the body, so its parts "
        "cannot be read",
    email.errors.CloseBoundaryNotFoundDefect:
        "the multipart's closing boundary is missing",
    email.errors.MultipartInvariantViolationDefect:
        "a part declared multipart is not one",
    email.errors.FirstHeaderLineIsContinuationDefect:
        "the first header line is a continuation line",
    email.errors.MisplacedEnvelopeHeaderDefect:
        "a 'From ' envelope line stands among the headers",
    email.errors.MissingHeaderBodySeparatorDefect:
        "a header line is malformed or the blank line before the body is "
        "missing",
    email.errors.InvalidMultipartContentTransferEncodingDefect:
        "a multipart declares a transfer encoding other than 7bit, 8bit or "
        "binary",
    email.errors.InvalidBase64PaddingDefect:
        "the base64 body has bad padding",
    email.errors.InvalidBase64CharactersDefect:
        "the base64 body holds characters outside the base64 alphabet",
    email.errors.InvalidBase64LengthDefect:
        "the base64 body's length is not a multiple of four",
}


_TRANSFER_DEFECTS = (
    email.errors.InvalidBase64PaddingDefect,
    email.errors.InvalidBase64CharactersDefect,
    email.errors.InvalidBase64LengthDefect,
)


class _Reading:
    """What reading one message gathers before documents are built.

    ``defects`` are about the whole message or a part that is not HTML.
    """

    __slots__ = ("headers", "html", "plain_text", "plain_parts", "defects")

    def __init__(self, headers: MessageHeaders) -> None:
        self.headers = headers
        self.html: list[Document] = []
        self.plain_text: list[str] = []
        self.plain_parts: list[str] = []
        self.defects: list[str] = []


def message_documents(data: bytes, display: str) -> list[Document]:
    """The HTML parts of a message, decoded, as documents (see module doc)."""
    try:
        message = email.message_from_bytes(data, policy=email.policy.compat32)
        reading = _read_message(message, display)
    # The parser promises to register defects rather than raise, but odd
    # headers still reach code that raises; a message is never a traceback.
    except Exception as error:  # noqa: BLE001
        reason = f"cannot parse the message: {error.__class__.__name__}: {error}"
        return [Document(path=display, text="", defects=(reason,))]

    return _documents(reading, display)


def _read_message(message: Message, display: str) -> _Reading:
    """Walk the parts: decode HTML and plain text, collect defects.

    Leaf parts are numbered in order, from 1; a multipart container's own
    defects (a missing closing boundary) are about the message as a whole.
    """
    reading = _Reading(headers=_headers(message))
    number = 0
    for part in message.walk():
        if part.is_multipart():
            where = None if part is message else part.get_content_type()
            reading.defects.extend(_defect_lines(part.defects, where))
            continue

        number += 1
        _read_leaf(part, f"{number} {part.get_content_type()}", display, reading)
    return reading


def _read_leaf(part: Message, name: str, display: str, reading: _Reading) -> None:
    """Decode one leaf part if it is HTML or plain text; keep its defects.

    The defects of an HTML part stay on its document; those of any other
    part are the message's.
    """
    structural = _defect_lines(part.defects, name)
    content_type = part.get_content_type()
    if content_type not in ("text/html", "text/plain"):
        reading.defects.extend(structural)
        return

    decoded, encoding, problems = _decode_part(part, name)
    if content_type == "text/plain":
        reading.plain_text.append(decoded.text)
        reading.plain_parts.append(name)
        reading.defects.extend(structural + problems)
        if decoded.decode_error is not None:
            reading.defects.append(_decode_error_line(name, decoded.decode_error))
        return
    reading.html.append(
        Document(path=display, text=decoded.text, encoding=encoding, part=name,
                 decode_error=decoded.decode_error,
                 defects=tuple(structural + problems))
    )


class _Decoded(NamedTuple):
    text: str
    decode_error: DecodeError | None


def _decode_part(part: Message, name: str) -> tuple[_Decoded, str, list[str]]:
    """A part's text, the codec used, and the defects met decoding it.

    A declared charset decides; an unknown one is a defect and the part is
    read as UTF-8. With no charset declared, or a BOM, the part is read as
    a file is (BOM, ``<meta charset>``, else UTF-8).
    """
    problems: list[str] = []
    transfer = str(part.get("Content-Transfer-Encoding", "")).strip().lower()
    if transfer not in _KNOWN_TRANSFER_ENCODINGS:
        problems.append(
            f"broken message: {name}: unknown Content-Transfer-Encoding {transfer!r}; "
            "the body is read as it stands"
        )
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        payload = b""
    # get_payload(decode=True) registers base64 defects on the part.
    problems.extend(_defect_lines(part.defects, name, transfer_only=True))

    declared = part.get_content_charset()
    encoding = _codec(declared) if declared else None
    if declared and encoding is None:
        problems.append(
            f"broken message: {name}: unknown charset {declared!r}; the part "
            "is read as UTF-8"
        )
        encoding = "utf-8"
    if encoding is None or detect_encoding(payload)[1]:
        # No charset, or a BOM: read the part as a file is read.
        encoding = detect_encoding(payload)[0]
        text, error = decode(payload)
    else:
        text, error = decode(payload, encoding=encoding)
    return _Decoded(text, error), encoding, problems


def _codec(declared: str) -> str | None:
    """Python's codec for a declared MIME charset, or None if unknown."""
    try:
        return codecs.lookup(declared).name
    except LookupError:
        return None


def _defect_lines(
    defects: list[email.errors.MessageDefect], name: str | None,
    transfer_only: bool = False,
) -> list[str]:
    """One readable line per defect, naming the part when there is one.

    ``transfer_only`` picks the base64 defects, which the parser registers
    only once the body is decoded.
    """
    lines = []
    # An invariant violation only restates a missing or unfound boundary.
    if len(defects) > 1:
        defects = [d for d in defects
                   if not isinstance(d, email.errors.MultipartInvariantViolationDefect)]
    for defect in defects:
        is_transfer = isinstance(defect, _TRANSFER_DEFECTS)
        if is_transfer != transfer_only:
            continue
        meaning = _DEFECT_MEANINGS.get(type(defect)) or str(defect) or "malformed"
        where = f"{name}: " if name else ""
        lines.append(
            f"broken message: {where}{meaning} ({type(defect).__name__})"
        )
    return lines



def _decode_error_line(name: str, error: DecodeError) -> str:
    return (
        f"undecodable part: {name}: byte 0x{error.value:02X} at byte offset "
        f"{error.byte} of the decoded part is not valid {error.encoding}"
    )


def _headers(message: Message) -> MessageHeaders:
    """The message's top-level headers, unfolded and decoded."""
    headers = MessageHeaders()
    for name, value in message.items():
        key = name.lower()
        if key not in headers:
            headers[key] = _header_text(value)
    return headers


def _header_text(value: object) -> str:
    """A header value as text: folding removed, encoded words decoded."""
    unfolded = _FOLDING.sub("", str(value))
    try:
        return str(make_header(decode_header(unfolded)))
    except (LookupError, ValueError, UnicodeError):
        return unfolded


def _documents(reading: _Reading, display: str) -> list[Document]:
    """Attach the message-wide facts and defects to the documents."""
    documents = reading.html
    if not documents and (reading.plain_parts or reading.defects):
        part = reading.plain_parts[0] if reading.plain_parts else None
        documents = [Document(path=display, text="", part=part)]

    plain_text = tuple(reading.plain_text)
    plain_parts = tuple(reading.plain_parts)
    for index, document in enumerate(documents):
        document.plain_text = plain_text
        document.plain_parts = plain_parts
        document.headers = reading.headers
        if index == 0:
            document.defects = tuple(reading.defects) + document.defects
    return documents
