r"""Big texts kept at one byte a character, their wider characters set aside.

CPython stores a string at the width of its widest character, so a single
emoji makes a 60 MB template a 240 MB string. A big file is therefore
decoded piece by piece: every character above U+00FF is replaced by a
one-byte stand-in (one character for one, so every offset, line and
column stays the same) and kept apart with its offset.

A stand-in keeps the class its character has for the patterns that read
the whole text: white space stays white space (``\s``, ``str.isspace``),
a letter or digit stays a word character (``\w``, ``str.isalnum``), and
anything else becomes SUB, which no grammar here gives a meaning. The
tokenizer, the scan and the rules that search the whole text (bare URLs,
long lines, unsubscribe tags) then decide as they would on the real text.
Wherever characters are read or shown (attribute values, link text,
template tokens, comments, a bare URL's message), the engine puts the real
ones back with ``WideChars.restore``. What the stand-ins cannot keep:
``\d`` (no one-byte character but 0-9 is a decimal digit; no pattern over
the whole text uses it) and the few characters that match an ASCII letter
case-insensitively (the Kelvin sign, the long s, the dotted and dotless
i), which a narrowed file spells in no keyword.

A text with many wide characters (a template written in Cyrillic) is not
narrowed: setting them aside would cost more than it saves.
"""

import codecs
import threading
from array import array
from bisect import bisect_left
from itertools import chain
from typing import Iterable

# The stand-ins: NEL for white space, the feminine ordinal (a letter) for
# a word character, SUB (a control character no template uses) for the rest.
SPACE_STAND_IN = "\x85"
WORD_STAND_IN = "\xaa"
STAND_IN = "\x1a"

# At most one character in this many may be set aside.
_MAX_WIDE_SHARE = 64

_HANDLER = "lint-email-stand-in"
# The encode error handler below records into the list of the one
# narrow_decode call running; the lock keeps threads from sharing it.
_LOCK = threading.Lock()
_found: list[tuple[int, str]] = []


def _set_aside(error: UnicodeError) -> tuple[str, int]:
    """Encode-error handler: note a run of wide characters, stand in for it."""
    assert isinstance(error, UnicodeEncodeError)
    run = error.object[error.start:error.end]
    _found.append((error.start, run))
    return "".join(map(_stand_in, run)), error.end


def _stand_in(character: str) -> str:
    """The one-byte character of the same class (see the module's text)."""
    if character.isspace():
        return SPACE_STAND_IN
    if character.isalnum():
        return WORD_STAND_IN
    return STAND_IN


codecs.register_error(_HANDLER, _set_aside)


class WideChars:
    """The characters of a text above U+00FF, by offset, in order."""

    __slots__ = ("offsets", "chars")

    def __init__(self, offsets: "array[int]", chars: str) -> None:
        self.offsets = offsets
        self.chars = chars

    def __len__(self) -> int:
        return len(self.chars)

    def restore(self, text: str, start: int, end: int) -> str:
        """``text[start:end]`` with its real characters back in place."""
        piece = text[start:end]
        offsets = self.offsets
        low = bisect_left(offsets, start)
        high = bisect_left(offsets, end, low)
        if low == high:
            return piece

        characters = list(piece)
        for index in range(low, high):
            characters[offsets[index] - start] = self.chars[index]
        return "".join(characters)

    def touches(self, start: int, end: int) -> bool:
        """Whether a wide character lies in ``[start, end)``."""
        index = bisect_left(self.offsets, start)
        return index < len(self.offsets) and self.offsets[index] < end


def narrow_decode(pieces: Iterable[bytes], codec: str,
                  size_hint: int = 0) -> tuple[str, WideChars] | None:
    """The narrow text of the bytes in ``pieces`` and its wide characters.

    None when a byte does not decode (the caller's decode reports it) or
    when too many characters are wide. The pieces are decoded one at a
    time, so neither the file's bytes nor its wide string need to exist
    whole; encoding a piece to Latin-1 finds its wide characters in C.
    ``size_hint`` is the number of bytes, which no text has fewer
    characters than: the narrow text's buffer is made that big at once.
    """
    with _LOCK:
        try:
            return _narrow_pieces(pieces, codec, size_hint)
        except UnicodeDecodeError:
            return None
        finally:
            _found.clear()


def _narrow_pieces(pieces: Iterable[bytes], codec: str,
                   size_hint: int) -> tuple[str, WideChars] | None:
    decoder = codecs.getincrementaldecoder(codec)()
    # One buffer made at its full size: grown piece by piece it would be
    # copied, and the copies it leaves in the heap raise the peak.
    narrow = bytearray(size_hint)
    length = 0
    offsets = array("q")
    wide: list[str] = []
    for data in chain(pieces, (b"",)):
        # The empty piece at the end makes the decoder check that no
        # character was left cut short.
        text = decoder.decode(data, final=not data)
        encoded = text.encode("latin-1", _HANDLER)
        del text
        narrow[length:length + len(encoded)] = encoded
        for start, run in _found:
            offsets.extend(range(length + start, length + start + len(run)))
            wide.append(run)
        _found.clear()
        length += len(encoded)
        if len(offsets) * _MAX_WIDE_SHARE > length:
            return None
    with memoryview(narrow) as view:
        text = str(view[:length], "latin-1")
    return text, WideChars(offsets, "".join(wide))
