"""Character references in attribute values, decoded by the HTML5 rules.

Browsers decode ``&amp;`` in an href, so the provider's rewriter and the
recipient see ``&``. The attribute rules differ from text in one way that
matters for URLs: a legacy named reference without ``;`` followed by ``=``
or an alphanumeric stays as written, so ``?a=1&region=eu`` keeps
``&region`` (it is not ``®ion``). Python 3.11's ``html.unescape`` does
not know that rule, hence this module.
"""

from __future__ import annotations

import re
from html.entities import html5 as _NAMED

from linter.lazyre import lazy_pattern


_reference = lazy_pattern(
    r"&(?:#[xX]([0-9A-Fa-f]+);?|#([0-9]+);?|([A-Za-z][A-Za-z0-9]*;?))"
)


_LONGEST_NAME = max(len(name) for name in _NAMED)

# Numeric references to C1 controls mean windows-1252 (HTML5 §13.2.5.80).
_WINDOWS_1252 = {
    0x80: 0x20AC, 0x82: 0x201A, 0x83: 0x0192, 0x84: 0x201E, 0x85: 0x2026,
    0x86: 0x2020, 0x87: 0x2021, 0x88: 0x02C6, 0x89: 0x2030, 0x8A: 0x0160,
    0x8B: 0x2039, 0x8C: 0x0152, 0x8E: 0x017D, 0x91: 0x2018, 0x92: 0x2019,
    0x93: 0x201C, 0x94: 0x201D, 0x95: 0x2022, 0x96: 0x2013, 0x97: 0x2014,
    0x98: 0x02DC, 0x99: 0x2122, 0x9A: 0x0161, 0x9B: 0x203A, 0x9C: 0x0153,
    0x9E: 0x017E, 0x9F: 0x0178,
}


def _numeric(code: int) -> str:
    if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return "\ufffd"
    return chr(_WINDOWS_1252.get(code, code))


def _parse_digits(digits: str, base: int) -> int:
    """The number a reference names; absurdly long ones are out of range."""
    significant = digits.lstrip("0") or "0"
    if len(significant) > 8:
        return 0x110000
    return int(significant, base)


def _named(name: str, following: str) -> tuple[str, int] | None:
    """Decoded text and consumed length for ``&name``, or None to keep it."""
    if name.endswith(";") and name in _NAMED:
        return _NAMED[name], len(name)
    # Without ";" only the legacy names decode, longest first.
    for length in range(min(len(name), _LONGEST_NAME), 1, -1):
        prefix = name[:length]
        if prefix in _NAMED and not prefix.endswith(";"):
            rest = name[length:] + following
            if rest[:1] == "=" or rest[:1].isalnum():
                return None
            return _NAMED[prefix], length
    return None


Replacement = tuple[int, int, int, int]


def decode_attribute(raw: str) -> tuple[str, list[Replacement]]:
    """Decode references in an attribute value.

    Returns the decoded text and, for each reference replaced, its span in
    the raw text and in the decoded text (raw start, raw end, decoded
    start, decoded end), so callers can map decoded indices back to the
    source. The list is empty when nothing was decoded (the common case:
    then indices map one to one).
    """
    if "&" not in raw:
        return raw, []
    pieces: list[str] = []
    changes: list[Replacement] = []
    decoded_length = 0
    position = 0
    for match in _reference().finditer(raw):
        hex_digits, decimal, name = match.groups()
        if hex_digits is not None:
            replacement = _numeric(_parse_digits(hex_digits, 16))
            consumed = len(match.group())
        elif decimal is not None:
            replacement = _numeric(_parse_digits(decimal, 10))
            consumed = len(match.group())
        else:
            following = raw[match.end():match.end() + 1]
            named = _named(name, following)
            if named is None:
                continue
            replacement, consumed = named[0], named[1] + 1
        literal = raw[position:match.start()]
        pieces.append(literal)
        decoded_length += len(literal)
        pieces.append(replacement)
        changes.append((
            match.start(),
            match.start() + consumed,
            decoded_length,
            decoded_length + len(replacement),
        ))
        decoded_length += len(replacement)
        position = match.start() + consumed
    pieces.append(raw[position:])
    return "".join(pieces), changes
