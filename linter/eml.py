"""Rendered messages (``.eml``): one document per ``text/html`` part.

The standard library's parser reads the MIME structure; each part is
decoded by its own transfer encoding and charset, and positions are given
inside the decoded part, which the finding names (``"2 text/html"``, the
part's number among the message's leaf parts).
"""

from __future__ import annotations

import codecs
import email
import email.policy
from email.message import Message

from linter.source import Document, decode


def _leaf_parts(message: Message) -> list[Message]:
    return [part for part in message.walk() if not part.is_multipart()]


def _charset(part: Message) -> str:
    declared = part.get_content_charset() or "utf-8"
    try:
        return codecs.lookup(declared).name
    except LookupError:
        return "utf-8"


def message_documents(data: bytes, display: str) -> list[Document]:
    """The HTML parts of a message, decoded, as documents."""
    message = email.message_from_bytes(data, policy=email.policy.compat32)
    documents = []
    for number, part in enumerate(_leaf_parts(message), start=1):
        content_type = part.get_content_type()
        if content_type != "text/html":
            continue
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes):
            payload = b""
        text, error = decode(payload, encoding=_charset(part))
        documents.append(
            Document(
                path=display,
                text=text,
                encoding=_charset(part),
                part=f"{number} {content_type}",
                decode_error=error,
            )
        )
    return documents
