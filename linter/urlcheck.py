"""URL checks shared by the rules that judge a link's value.

Browsers forgive what click trackers and mail clients do not, so a link is
judged in two layers: a WHATWG parse (ada-url, the parser browsers use)
decides what is a URL at all, and strict email rules on top catch what it
forgives (raw white space, `http:/x`, doubled schemes, odd hosts).

Each value is read once into an ``Analysis``: where its scheme stands, what
kind of link it is, and, for web links, the facts about its host and syntax.
Rules only pick the facts they own from it, which keeps one problem in one
rule (``htp://x.com`` is a misspelled scheme, not also an unknown one).

Template tokens arrive as TEMPLATE_MARK. They are holes, not text: a host
or port holding one is not judged, and before a WHATWG parse each mark is
replaced by a literal that is valid where it stands.
"""

import ipaddress
import re
from functools import lru_cache
from typing import NamedTuple, Sequence

import ada_url

from linter.links import TEMPLATE_MARK, Link, record
# The rules package imports no rule module when it loads, so this import
# makes no cycle; importing inside a function would cost ~2 µs per hit.
from linter.rules.base import Edit, Hit

# Records here are NamedTuples: as immutable as frozen dataclasses, and
# several times cheaper to define, which start-up time notices.

# --- character classes -------------------------------------------------

# White space of every kind an editor or a paste can leave in a value.
WHITESPACE = frozenset(
    "\t\n\x0b\x0c\r \x85\xa0\u1680\u2028\u2029\u202f\u205f\u3000"
    + "".join(chr(c) for c in range(0x2000, 0x200B))
)
LINE_BREAKS = frozenset("\t\n\r\x0b\x0c\x85\u2028\u2029")

# Typographic quotes: word processors put them where `"` was meant.
SMART_QUOTES = frozenset(
    "\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f"
    "\u2032\u2033\u2034\u2035\u2036\u00ab\u00bb\u2039\u203a"
    "\u301d\u301e\u301f\uff02\uff07"
)

# Characters a reader cannot see: zero-width spaces and joiners, the soft
# hyphen, the byte-order mark.
INVISIBLE = frozenset(
    "\u00ad\u180e\u200b\u200c\u200d\u2060\u2061\u2062\u2063\u2064\ufeff"
)
# Bidirectional controls, which can make a link read as another one.
BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
    "\u2066\u2067\u2068\u2069"
)
# ASCII that RFC 3986 never allows in a URL and WHATWG only tolerates.
FORBIDDEN_ASCII = {"\\": "a backslash", "<": "'<'", ">": "'>'", '"': "'\"'"}

HEX_DIGITS = frozenset("0123456789abcdefABCDEF")


def _char_class(chars: frozenset[str] | str) -> str:
    """A regex character class matching any of ``chars``."""
    return "[" + "".join(re.escape(c) for c in sorted(chars)) + "]"


WHITESPACE_RE = re.compile(_char_class(WHITESPACE) + "+")
SMART_QUOTE_RE = re.compile(_char_class(SMART_QUOTES))
# Every character char_problem may object to, to find them with one search
# instead of a call per character: ASCII controls and the forbidden four,
# C1 controls, invisible and bidi characters, surrogates, non-characters.
_SUSPECT_RE = re.compile(
    r'[\x00-\x1f\x7f-\x9f\\<>"\ud800-\udfff\ufdd0-\ufdef\ufffd-\uffff'
    + "".join(re.escape(c) for c in sorted(INVISIBLE | BIDI_CONTROLS))
    + "".join(f"\\U{plane:04X}FFFE\\U{plane:04X}FFFF" for plane in range(1, 17))
    + "]"
)
_DROPPED_FOR_PARSE = {ord(c): None for c in WHITESPACE | SMART_QUOTES}


def char_problem(char: str) -> str | None:
    """Why ``char`` cannot stand in a URL, or None when it may.

    White space and smart quotes have rules of their own (EL201, EL202), so
    they are not problems here.
    """
    code = ord(char)
    if char in WHITESPACE or char in SMART_QUOTES or char == TEMPLATE_MARK:
        return None
    if char in FORBIDDEN_ASCII:
        return FORBIDDEN_ASCII[char]
    if code < 0x20 or 0x7F <= code <= 0x9F:
        return f"a control character (U+{code:04X})"
    if char in INVISIBLE:
        return f"an invisible character (U+{code:04X})"
    if char in BIDI_CONTROLS:
        return f"a bidirectional control character (U+{code:04X})"
    if 0xD800 <= code <= 0xDFFF:
        return f"a lone surrogate (U+{code:04X})"
    if 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE:
        return f"a non-character (U+{code:04X})"
    if code == 0xFFFD:
        return "a replacement character (U+FFFD), the trace of a bad decoding"
    return None


def first_char_problem(text: str) -> str | None:
    """The problem of the first character in ``text`` that has one."""
    for match in _SUSPECT_RE.finditer(text):
        problem = char_problem(match.group())
        if problem:
            return problem
    return None


# --- template delimiters encoded by editors ------------------------------

# Percent-encoded openers of template tokens, with their closers. An editor
# or CSS inliner that encodes `{{` leaves the engine nothing to substitute.
ENCODED_DELIMITERS: tuple[tuple[str, str], ...] = (
    ("%7B%7B%7B", "%7D%7D%7D"),
    ("%7B%7B", "%7D%7D"),
    ("%7B%25", "%25%7D"),
    ("%7B%23", "%23%7D"),
    ("%24%7B", "%7D"),
    ("%5B%5B", "%5D%5D"),
    ("%3C%25", "%25%3E"),
    ("*%7C", "%7C*"),
)
_ENCODED_OPENER_RE = re.compile(
    "|".join(re.escape(opener) for opener, _ in ENCODED_DELIMITERS),
    re.IGNORECASE,
)
_ENCODED_CLOSER_RES = {
    opener: re.compile(re.escape(closer), re.IGNORECASE)
    for opener, closer in ENCODED_DELIMITERS
}


class EncodedToken(NamedTuple):
    """An encoded template token: ``value[start:end]``, closed or not."""

    start: int
    end: int
    opener: str
    closed: bool


def find_encoded_tokens(value: str) -> tuple[EncodedToken, ...]:
    """The percent-encoded template tokens in ``value``, left to right.

    An opener without its closer reaches to the end of the value.
    """
    tokens: list[EncodedToken] = []
    position = 0

    while match := _ENCODED_OPENER_RE.search(value, position):
        opener = match.group().upper()
        closer = _ENCODED_CLOSER_RES[opener].search(value, match.end())
        if closer is None:
            tokens.append(EncodedToken(match.start(), len(value), opener, False))
            break
        tokens.append(EncodedToken(match.start(), closer.end(), opener, True))
        position = closer.end()

    return tuple(tokens)


def mask_encoded_tokens(text: str) -> str:
    """``text`` with each encoded template token made of TEMPLATE_MARKs.

    The length is kept, so that indices into the masked text are indices
    into ``text``.
    """
    pieces: list[str] = []
    position = 0
    for token in find_encoded_tokens(text):
        pieces.append(text[position : token.start])
        pieces.append(TEMPLATE_MARK * (token.end - token.start))
        position = token.end
    pieces.append(text[position:])
    return "".join(pieces)


# --- schemes -------------------------------------------------------------

WEB_SCHEMES = ("http", "https")
# Schemes whose URLs have a host WHATWG parses as a domain or an address.
SPECIAL_SCHEMES = frozenset({"http", "https", "ftp", "ws", "wss"})
ALLOWED_SCHEMES = frozenset({"http", "https", "mailto", "tel", "sms"})
UNSAFE_SCHEMES = frozenset({"javascript", "vbscript", "data", "file"})
# Real schemes one typing slip away from http(s): never "misspelled".
_REAL_NEAR_WEB = frozenset({"shttp"})
AMBIGUOUS = "?"

_SCHEME_RE = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
# A scheme name and what was typed for "://": at most two colons or
# semicolons, then slashes either way, blanks around the colon.
_PREFIX_RE = re.compile(r"([A-Za-z]+)([ \t]*[:;]{0,2}[ \t]*[/\\]*)")
_DRIVE_RE = re.compile(r"[A-Za-z]:[\\/]")
_TAB_NEWLINE_RE = re.compile(r"[\t\n\r]")


def _typing_distance(left: str, right: str) -> int:
    """Edits (insert, delete, change, swap neighbours) from left to right."""
    previous2: list[int] = []
    previous = list(range(len(right) + 1))
    for i, left_char in enumerate(left, 1):
        current = [i]
        for j, right_char in enumerate(right, 1):
            cost = 0 if left_char == right_char else 1
            best = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if (
                i > 1
                and j > 1
                and left_char == right[j - 2]
                and left[i - 2] == right_char
            ):
                best = min(best, previous2[j - 2] + 1)
            current.append(best)
        previous2, previous = previous, current
    return previous[-1]


@lru_cache(maxsize=1024)
def intended_web_scheme(name: str) -> str | None:
    """The web scheme a scheme name stands for: exact or one slip away.

    Returns "http" or "https", AMBIGUOUS when the name is one slip from
    both (``httpx``), or None when it is no web scheme.
    """
    lowered = name.lower()
    if lowered in WEB_SCHEMES:
        return lowered
    if lowered in _REAL_NEAR_WEB or not 3 <= len(lowered) <= 6:
        return None
    near = [s for s in WEB_SCHEMES if _typing_distance(lowered, s) <= 1]
    if not near:
        return None
    return near[0] if len(near) == 1 else AMBIGUOUS


def _is_separator(separator: str) -> bool:
    """Whether text after a scheme name reads as an attempt at ``://``."""
    slashes = separator.count("/") + separator.count("\\")
    return ":" in separator or ";" in separator or slashes >= 2


class SchemePrefix(NamedTuple):
    """A web scheme as written at ``value[start:end]``, e.g. ``htp://``."""

    start: int
    end: int
    written: str
    scheme: str  # "http", "https" or AMBIGUOUS
    # The name is "http" or "https" in any case, whatever follows it.
    exact_name: bool
    # The name is exact and ``://`` follows it.
    correct: bool


def _read_prefix(text: str, position: int, first: bool) -> SchemePrefix | None:
    """The web scheme prefix at ``position`` of ``text``, if one stands there."""
    match = _PREFIX_RE.match(text, position)
    if match is None:
        return None

    name = match.group(1)
    separator = match.group(2).rstrip(" \t")
    scheme = intended_web_scheme(name)
    if scheme is None or not _is_separator(separator):
        return None
    end = match.start(2) + len(separator)
    # `http://http:8080/` is a host called "http" with a port, not a scheme.
    if not first and separator == ":" and text[end : end + 1].isdigit():
        return None

    exact_name = name.lower() in WEB_SCHEMES
    correct = exact_name and separator == "://"
    return SchemePrefix(
        position, end, text[position:end], scheme, exact_name, correct
    )


def read_web_prefixes(text: str, start: int) -> tuple[SchemePrefix, ...]:
    """The web scheme prefixes at ``text[start:]``: one, several, or none."""
    prefixes: list[SchemePrefix] = []
    position = start
    while prefix := _read_prefix(text, position, first=not prefixes):
        prefixes.append(prefix)
        position = prefix.end
        while position < len(text) and text[position] in WHITESPACE:
            position += 1
    return tuple(prefixes)


def chosen_scheme(prefixes: Sequence[SchemePrefix]) -> str | None:
    """The scheme to keep when a value repeats its scheme, or None.

    The innermost scheme written correctly wins: it belongs to the address
    that was pasted after an editor had already put a scheme there.
    """
    for prefix in reversed(prefixes):
        if prefix.exact_name:
            return prefix.scheme
    for prefix in reversed(prefixes):
        if prefix.scheme != AMBIGUOUS:
            return prefix.scheme
    return None


# --- hosts ---------------------------------------------------------------

_LABEL_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-_")
_FILE_EXTENSIONS = frozenset(
    "html htm shtml xhtml php asp aspx jsp cfm cgi png jpg jpeg gif svg webp "
    "bmp ico pdf css js mjs json xml txt csv md doc docx xls xlsx ppt pptx "
    "zip gz tar mp3 mp4 mov avi wav ics vcf eml rss atom woff woff2 ttf".split()
)


def _is_number_label(label: str) -> bool:
    """Whether WHATWG reads this label as a number (an IPv4 part)."""
    if label[:2].lower() == "0x":
        return all(c in HEX_DIGITS for c in label[2:])
    return label.isdigit()


def _ipv4_problem(labels: list[str]) -> str | None:
    """The problem of a host WHATWG would read as an IPv4 address."""
    quad = len(labels) == 4 and all(
        label.isdigit() and (label == "0" or not label.startswith("0"))
        for label in labels
    )
    if not quad:
        return "is an IPv4 address not written as a dotted quad (a.b.c.d)"
    if any(int(label) > 255 for label in labels):
        return "is an IPv4 address with a part over 255"
    return None


def _label_problem(label: str, is_tld: bool) -> str | None:
    """The problem of one literal host label, or None."""
    if label == "":
        return "has an empty label (two dots in a row, or a leading dot)"
    if len(label) > 63:
        return f"has a label over 63 characters ({label[:20]}...)"
    if label.startswith("-") or label.endswith("-"):
        return f"has a label that starts or ends with a hyphen ('{label}')"
    for char in label:
        if char not in _LABEL_CHARS:
            return f"holds {char!r}, which is not allowed in a host name"
    if is_tld and not (label.isalpha() or label.startswith("xn--")):
        return f"ends in '{label}', which is not a top-level domain"
    return None


def _ascii_host(host: str) -> str | None:
    """The host in ASCII (punycode for international names), or None."""
    if host.isascii():
        return host.lower()
    try:
        converted = ada_url.idna_to_ascii(host)
    except (ValueError, UnicodeError):
        return None
    text = bytes(converted).decode("ascii", "replace")
    return text or None


def _ipv6_problem(host: str) -> str | None:
    """The problem of a bracketed host, which must be an IPv6 address."""
    if not host.endswith("]"):
        return "has a '[' with no closing ']'"
    try:
        ipaddress.IPv6Address(host[1:-1])
    except ValueError:
        return "is not a valid IPv6 address"
    if "%" in host:
        return "names a network interface, which no recipient has"
    return None


def host_problem(host: str) -> str | None:
    """Why a host as written cannot work for recipients, or None.

    White space is EL201's: each piece between white space is judged on
    its own (``shop .com`` is a space, not a bad host), once tabs and line
    breaks, which browsers drop, are taken out. Characters that
    EL207 reports are skipped here. Labels that hold a template mark are
    not judged, and neither are the IP forms of such a host.
    """
    # Browsers drop tabs and line breaks, and stop at other white space.
    joined = "".join(c for c in host if c not in LINE_BREAKS)
    pieces = "".join(" " if c in WHITESPACE else c for c in joined).split()
    if not pieces:
        return "has no host name"
    for piece in pieces:
        problem = _piece_problem(piece)
        if problem:
            return problem
    return None


def _piece_problem(host: str) -> str | None:
    """The problem of a host, or of one piece of it, without white space."""
    if host.startswith("["):
        return None if TEMPLATE_MARK in host else _ipv6_problem(host)
    if TEMPLATE_MARK in host:
        return _templated_host_problem(host)
    if first_char_problem(host):
        return None

    ascii_host = _ascii_host(host)
    if ascii_host is None or "%" in ascii_host and "%" not in host:
        return "is not a valid international domain name"
    name = ascii_host[:-1] if ascii_host.endswith(".") else ascii_host
    if len(name) > 253:
        return "is longer than 253 characters"
    labels = name.split(".")
    if labels[-1] and _is_number_label(labels[-1]):
        return _ipv4_problem(labels)

    for index, label in enumerate(labels):
        problem = _label_problem(label, is_tld=index == len(labels) - 1)
        if problem:
            return problem
    return None


def _templated_host_problem(host: str) -> str | None:
    """Judge only the literal labels of a host built around template tokens."""
    labels = host.split(".")
    for index, label in enumerate(labels):
        if TEMPLATE_MARK in label:
            continue
        is_tld = index == len(labels) - 1 and len(labels) > 1
        if label == "" and index == len(labels) - 1:
            continue
        ascii_label = _ascii_host(label)
        if ascii_label is None:
            return "is not a valid international domain name"
        problem = _label_problem(ascii_label, is_tld)
        if problem:
            return problem
    return None


# --- the parts of a URL with an authority ---------------------------------


class Authority(NamedTuple):
    """Where the authority of ``scheme://authority/...`` stands, and its parts.

    Offsets are into the string that was split. ``host`` is as written,
    white space and all; ``port`` has white space removed and is None when
    no ``:`` follows the host.
    """

    start: int
    end: int
    host: str
    port: str | None


def split_authority(url: str) -> Authority | None:
    """Split the authority of a ``scheme://`` URL; None when it has none."""
    marker = url.find("://")
    if marker < 0:
        return None
    start = marker + 3
    end = start
    while end < len(url) and url[end] not in "/?#\\":
        end += 1

    host_port = url[start:end].rpartition("@")[2]
    if host_port.lstrip().startswith("["):
        bracket = host_port.find("]")
        host = host_port if bracket < 0 else host_port[: bracket + 1]
        rest = "" if bracket < 0 else host_port[bracket + 1 :]
        port: str | None = rest[1:] if rest.startswith(":") else (rest or None)
    else:
        host, colon, port = host_port.partition(":")
        port = port if colon else None
    if port is not None:
        port = "".join(c for c in port if c not in WHITESPACE)
    return Authority(start, end, host, port)


def port_problem(port: str | None) -> str | None:
    """Why a port cannot be used, or None (a templated port is not judged)."""
    if not port or TEMPLATE_MARK in port:
        return None
    if not port.isdigit() or not port.isascii():
        return f"has a port that is not a number (':{port}')"
    if int(port) > 65535:
        return f"has a port over 65535 (':{port}')"
    return None


def percent_problem(text: str) -> str | None:
    """The first ``%`` not followed by two hex digits, described; or None."""
    index = text.find("%")
    while index >= 0:
        following = text[index + 1 : index + 3]
        bad = len(following) < 2 or not all(c in HEX_DIGITS for c in following)
        if bad and TEMPLATE_MARK not in following:
            return f"has a '%' not followed by two hex digits ('%{following}')"
        index = text.find("%", index + 1)
    return None


def parse_form(url: str) -> str:
    """``url`` as ada-url should parse it: other rules' problems removed.

    White space and smart quotes are dropped (EL201, EL202 report them),
    encoded template tokens and template marks become a neutral literal:
    "0" in a port, "x" elsewhere.
    """
    text = mask_encoded_tokens(url.translate(_DROPPED_FOR_PARSE))
    authority = split_authority(text)
    if authority is not None:
        host_end = authority.end
        if authority.port is not None:
            host_end = text.rfind(":", authority.start, authority.end)
        head = text[:host_end].replace(TEMPLATE_MARK, "x")
        port = text[host_end : authority.end].replace(TEMPLATE_MARK, "0")
        text = head + port + text[authority.end :]
    return text.replace(TEMPLATE_MARK, "x")


class ParsedUrl(NamedTuple):
    """What the WHATWG parser made of a URL."""

    hostname: str
    pathname: str
    search: str
    hash: str


@lru_cache(maxsize=4096)
def whatwg_parse(url: str) -> ParsedUrl | None:
    """Parse ``url`` as browsers do, with no base; None when they reject it."""
    try:
        parsed = ada_url.URL(url)
    except (ValueError, UnicodeError):
        return None
    return ParsedUrl(
        hostname=str(parsed.hostname),
        pathname=str(parsed.pathname),
        search=str(parsed.search),
        hash=str(parsed.hash),
    )


# --- the analysis of one value ------------------------------------------

EMPTY = "empty"
TEMPLATED = "templated"
FRAGMENT = "fragment"
UNSAFE = "unsafe"
WEB = "web"
NO_SCHEME_WEB = "no-scheme-web"
NO_SCHEME_EMAIL = "no-scheme-email"
RELATIVE = "relative"
OTHER_SCHEME = "other-scheme"


class UrlFacts(NamedTuple):
    """What the URL checks found in one absolute URL (the effective URL)."""

    scheme: str
    authority: Authority | None
    parsed: ParsedUrl | None
    # EL206: the first problem of the literal host.
    host_problem: str | None
    # EL207: the first syntax problem (characters, escapes, port, parse).
    syntax_problem: str | None

    @property
    def has_empty_authority(self) -> bool:
        """``http://`` with nothing, or only a query or fragment, after it."""
        return (
            self.scheme in SPECIAL_SCHEMES
            and self.authority is not None
            and self.authority.start == self.authority.end
        )


class Analysis(NamedTuple):
    """One link value, read once for every value rule.

    Indices are into the value. ``core_start:core_end`` is the value
    without leading and trailing white space. ``prefixes`` are the web
    scheme prefixes as written (several when the scheme is repeated).
    ``effective`` is the absolute URL the value stands for once its scheme
    is put right (None for values that are no absolute URL), and ``rest``
    the value index where the part after the scheme begins.
    """

    kind: str
    core_start: int
    core_end: int
    scheme: str | None = None
    prefixes: tuple[SchemePrefix, ...] = ()
    effective: str | None = None
    effective_prefix: str = ""
    rest: int = 0
    facts: UrlFacts | None = None

    @property
    def is_misspelled(self) -> bool:
        """One web scheme, written wrong (EL103), with something after it."""
        return (
            len(self.prefixes) == 1
            and not self.prefixes[0].correct
            and not self.has_no_host
        )

    @property
    def is_repeated(self) -> bool:
        """Two or more web schemes in a row (EL104)."""
        return len(self.prefixes) > 1 and not self.has_no_host

    @property
    def has_no_host(self) -> bool:
        """A web scheme with nothing after it (EL106)."""
        if self.kind != WEB:
            return False
        if self.rest >= self.core_end:
            return True
        return self.facts is not None and self.facts.has_empty_authority

    @property
    def owned_prefix_end(self) -> int:
        """Where a misspelled or repeated scheme, owned by EL103/104, ends."""
        if self.is_misspelled or self.is_repeated:
            return self.prefixes[-1].end
        return self.core_start

    def value_index(self, effective_index: int) -> int:
        """The value index of an index into ``effective`` past its prefix."""
        return self.rest + effective_index - len(self.effective_prefix)


def _is_edge(char: str) -> bool:
    """Whether a character at an end of a value is no part of the address.

    White space is EL201's, smart quotes around the value EL202's, and
    control characters, which browsers drop there, EL207's.
    """
    return char in WHITESPACE or char in SMART_QUOTES or ord(char) < 0x20


def core_bounds(value: str) -> tuple[int, int]:
    """Where the value starts and ends once its edges are set aside."""
    start, end = 0, len(value)
    while start < end and _is_edge(value[start]):
        start += 1
    while end > start and _is_edge(value[end - 1]):
        end -= 1
    return start, end


@lru_cache(maxsize=4096)
def analyze(value: str) -> Analysis:
    """Read a link value once: its kind, scheme and URL facts (cached)."""
    start, end = core_bounds(value)
    core = value[start:end]

    if not core:
        return Analysis(EMPTY, start, end)
    if core.startswith(TEMPLATE_MARK) or _ENCODED_OPENER_RE.match(core):
        return Analysis(TEMPLATED, start, end)
    if core.startswith("#"):
        return Analysis(FRAGMENT, start, end)
    if _unsafe_scheme(core) is not None:
        return Analysis(UNSAFE, start, end, scheme=_unsafe_scheme(core))

    prefixes = read_web_prefixes(value[:end], start)
    if prefixes:
        return _web_analysis(value, start, end, prefixes)
    return _other_analysis(value, start, end)


def _unsafe_scheme(core: str) -> str | None:
    """The dangerous scheme a value opens with, as browsers read it."""
    if core.startswith("\\\\") or _DRIVE_RE.match(core):
        return "file"
    # Browsers drop tabs and line breaks anywhere: `java\tscript:` runs.
    match = _SCHEME_RE.match(_TAB_NEWLINE_RE.sub("", core))
    if match and match.group(1).lower() in UNSAFE_SCHEMES:
        return match.group(1).lower()
    return None


def _web_analysis(
    value: str, start: int, end: int, prefixes: tuple[SchemePrefix, ...]
) -> Analysis:
    """Analysis of a value that opens with one or more web schemes."""
    scheme = chosen_scheme(prefixes) if len(prefixes) > 1 else prefixes[0].scheme
    if scheme in (None, AMBIGUOUS):
        scheme = "https"
    effective_prefix = f"{scheme}://"
    rest = prefixes[-1].end
    effective = effective_prefix + value[rest:end]
    return Analysis(
        WEB,
        start,
        end,
        scheme=scheme,
        prefixes=prefixes,
        effective=effective,
        effective_prefix=effective_prefix,
        rest=rest,
        facts=inspect_url(effective) if rest < end else None,
    )


_EMAIL_RE = re.compile(r"[^\s@/:?#]+@([^\s@/:?#]+)")
_FIRST_PART_RE = re.compile(r"[:/?#]")


def _other_analysis(value: str, start: int, end: int) -> Analysis:
    """Analysis of a value with a scheme other than http(s), or none."""
    core = value[start:end]

    if core.startswith("//"):
        return _no_scheme_web(value, start, end, "https:")
    email = _EMAIL_RE.fullmatch(core)
    if email and ("." in email.group(1) or TEMPLATE_MARK in email.group(1)):
        return Analysis(NO_SCHEME_EMAIL, start, end)
    if _looks_like_host(core):
        return _no_scheme_web(value, start, end, "https://")

    # A token before the first delimiter may be the scheme or the host
    # (`http{{ s }}://`, `shop.{{ tld }}/x`): that is not guessed at.
    if TEMPLATE_MARK in _FIRST_PART_RE.split(core, maxsplit=1)[0]:
        return Analysis(TEMPLATED, start, end)
    match = _SCHEME_RE.match(core)
    if match is None:
        return Analysis(RELATIVE, start, end)
    scheme = match.group(1).lower()
    return Analysis(
        OTHER_SCHEME,
        start,
        end,
        scheme=scheme,
        effective=core,
        rest=start,
        facts=inspect_url(core),
    )


def _no_scheme_web(value: str, start: int, end: int, prefix: str) -> Analysis:
    """Analysis of a web address written without its scheme."""
    effective = prefix + value[start:end]
    return Analysis(
        NO_SCHEME_WEB,
        start,
        end,
        scheme="https",
        effective=effective,
        effective_prefix=prefix,
        rest=start,
        facts=inspect_url(effective),
    )


_FIRST_SEGMENT_RE = re.compile(r"([^\s/?#:@\\]+)(?::\d{1,5})?(?=[/?#]|$)")


def _looks_like_host(core: str) -> bool:
    """Whether a value with no scheme starts with a host name.

    ``www.shop.com``, ``shop.com/sale``, ``localhost:3000`` and
    ``10.0.0.1`` do; ``logo.png``, ``account/settings`` and ``url`` do not.
    """
    match = _FIRST_SEGMENT_RE.match(core)
    if match is None:
        return core.lower().startswith("www.")
    host = match.group(1).lower()
    if host.startswith("www.") and len(host) > 4:
        return True
    if host == "localhost":
        return True
    labels = host.split(".")
    if len(labels) < 2 or TEMPLATE_MARK in host:
        return False
    if all(label.isdigit() for label in labels):
        return len(labels) == 4
    tld = labels[-1]
    if tld in _FILE_EXTENSIONS:
        return False
    plain = all(
        label and all(c.isalnum() or c in "-_" for c in label) for label in labels
    )
    return plain and (tld.isalpha() and len(tld) >= 2 or tld.startswith("xn--"))


@lru_cache(maxsize=4096)
def inspect_url(url: str) -> UrlFacts:
    """Check one absolute URL (with marks) against the strict email rules."""
    match = _SCHEME_RE.match(url)
    scheme = match.group(1).lower() if match else ""
    masked = mask_encoded_tokens(url)
    authority = split_authority(masked) if scheme in SPECIAL_SCHEMES else None
    parsed = whatwg_parse(parse_form(url))

    host = None
    if authority is not None and authority.start < authority.end:
        host = _host_facts(authority.host, parsed)
    syntax = _syntax_problem(url, authority, parsed, host is not None)
    return UrlFacts(scheme, authority, parsed, host, syntax)


def _host_facts(host: str, parsed: ParsedUrl | None) -> str | None:
    """The host's problem: its own checks, then whether browsers take it.

    A host with a character EL207 reports, or with a template mark, is
    not blamed for a failed parse.
    """
    problem = host_problem(host)
    if problem is not None or parsed is not None or TEMPLATE_MARK in host:
        return problem
    if first_char_problem(host):
        return None
    return _unparsable_host(host)


def _unparsable_host(host: str) -> str | None:
    """Blame the host when browsers reject it even in a plain URL."""
    plain = "".join(c for c in host if c not in WHITESPACE)
    if whatwg_parse(f"http://{plain}/") is not None:
        return None
    return "is not a host name browsers accept"


def _syntax_problem(
    url: str,
    authority: Authority | None,
    parsed: ParsedUrl | None,
    host_blamed: bool,
) -> str | None:
    """The first syntax problem of ``url`` that no other rule owns."""
    problem = first_char_problem(url)
    if problem:
        return f"holds {problem}"
    problem = percent_problem(mask_encoded_tokens(url))
    if problem:
        return problem
    if authority is not None:
        problem = port_problem(authority.port)
        if problem:
            return problem
    if parsed is None and not host_blamed:
        return "is not a URL browsers can open"
    return None


@lru_cache(maxsize=4096)
def literal_problem(text: str) -> str | None:
    """The first character or escape problem of a value that is no URL.

    For relative and fragment values, which have no WHATWG parse. Cached:
    an email repeats its ``#`` and relative links.
    """
    problem = first_char_problem(text)
    if problem:
        return f"holds {problem}"
    return percent_problem(mask_encoded_tokens(text))


# --- forbidden hosts -------------------------------------------------------

RESERVED_SUFFIXES = (
    ".localhost",
    ".local",
    ".test",
    ".invalid",
    ".example",
)
RESERVED_NAMES = ("localhost", "example.com", "example.net", "example.org")


def normalized_host(analysis: Analysis) -> str | None:
    """The host of a web link as browsers see it, lowercased; None if none.

    Template marks are kept (such a host is judged only by its literal
    tail); the WHATWG form is used when the host is literal, so that
    ``0x7f.1`` is read as ``127.0.0.1``.
    """
    facts = analysis.facts
    if facts is None or facts.authority is None or not facts.authority.host:
        return None
    host = facts.authority.host
    if TEMPLATE_MARK not in host and facts.parsed is not None:
        host = facts.parsed.hostname
    host = host.lower().rstrip(".")
    return host[1:-1] if host.startswith("[") and host.endswith("]") else host


# A character that no IPv4 or IPv6 address (without a zone) holds.
_NOT_IP_CHAR = re.compile(r"[^0-9A-Fa-f.:]")


def is_private_address(host: str) -> bool:
    """Whether the host is a loopback, private or link-local address."""
    # Most hosts are names: spare them the two ValueErrors of ip_address.
    if "%" in host or _NOT_IP_CHAR.search(host):
        return False
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return (
        address.is_loopback
        or address.is_private
        or address.is_link_local
        or address.is_unspecified
    )


def matches_host(host: str, pattern: str) -> bool:
    """Whether ``host`` matches a config host: ``name`` or ``*.suffix``.

    A wildcard matches sub-domains only, at any depth. When the host holds
    a template mark, only its literal tail after the last mark is known.
    """
    pattern = pattern.lower().rstrip(".")
    if TEMPLATE_MARK in host:
        tail = host.rsplit(TEMPLATE_MARK, 1)[1]
        suffix = pattern[1:] if pattern.startswith("*.") else "." + pattern
        return tail.startswith(".") and tail.endswith(suffix)
    if pattern.startswith("*."):
        return host.endswith(pattern[1:]) and len(host) > len(pattern) - 1
    return host == pattern


# --- edits on a link's value ----------------------------------------------


def raw_between(link: Link, start: int, end: int) -> str:
    """The source text that ``link.value[start:end]`` was decoded from."""
    base = link.attribute.value_start
    return link.raw[link.offset(start) - base : link.offset(end) - base]


def value_edit(link: Link, changes: Sequence[tuple[int, int, str]]) -> Edit:
    """One edit that replaces ``value[i:j]`` by ``text`` for each change.

    Changes are in value indices, sorted and not overlapping; the source
    text between them (character references, template tokens) is kept
    byte for byte.
    """
    pieces: list[str] = []
    position = changes[0][0]
    for start, end, text in changes:
        pieces.append(raw_between(link, position, start))
        pieces.append(text)
        position = end
    return Edit(
        link.offset(changes[0][0]), link.offset(changes[-1][1]), "".join(pieces)
    )


def fixed_value(link: Link, edit: Edit) -> str:
    """The href as written once ``edit`` is applied to the source."""
    base = link.attribute.value_start
    raw = link.raw
    return raw[: edit.start - base] + edit.replacement + raw[edit.end - base :]


def whole_value_hit(link: Link, message: str, edit: Edit | None = None) -> Hit:
    """A hit on the whole value (SPEC "Positions"), with its fix if any."""
    start, end = link.offset(0), link.offset(len(link.value))
    # Most hits of the value rules are made here (``record``: see links.py).
    if edit is None:
        return record(Hit, (start, end, message, None, None))
    return record(Hit, (start, end, message, fixed_value(link, edit), edit))


def shown(text: str, limit: int = 60) -> str:
    """A piece of a value fit for a message: tokens as {…}, long text cut."""
    text = text.replace(TEMPLATE_MARK, "{…}")
    return text if len(text) <= limit else text[: limit - 1] + "…"
