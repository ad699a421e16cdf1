"""Template dialects: finding the template tokens in a source text.

Template engines run before any HTML exists, so a token is opaque to the
HTML scan: a quote or ``>`` inside ``{{ url_for("home") }}`` neither ends
a value nor a tag. This module finds every token of every dialect,
whatever the file's extension, and the scan then treats each token as a
single opaque unit.

One table drives it: each row is an opening delimiter, how the token ends,
and what kind of token it is. The config's ``template-delimiters`` adds
rows. An opener without its closer is not a token (so a stray ``{{`` in
prose cannot swallow the rest of a file); a link value that holds such an
opener is reported by the unclosed-template rule instead.

Markup is full of the characters openers start with (every ``<``, the
braces of CSS, ``width="100%"``), so the search does not stop at each of
them: it looks for each opener through one of its rarer characters (an
anchor) and tries the opener pattern only where an opener can start.
"""

import re
from bisect import bisect_right
from typing import Iterable, NamedTuple, Sequence

from linter.links import TemplateToken, record



class Delimiter(NamedTuple):
    """One row of the dialect table."""

    opener: str
    closer: str
    dialect: str
    comment: bool = False
    # How ``${`` and similar count braces: the token ends at the closer
    # that balances the opener's brace.
    balanced: bool = False
    # FreeMarker directives hold string literals that may contain ``>``
    # (``<#assign link = "<a href='x'>">``): skip quoted strings.
    quoted: bool = False


# Order matters where one opener is a prefix of another: the longest
# opener at a position wins (``{{{`` before ``{{``, ``{{!--`` before
# ``{{!``), which the regex below gets by sorting on length.
BUILTIN_DELIMITERS: tuple[Delimiter, ...] = (
    Delimiter("{{!--", "--}}", "handlebars", comment=True),
    Delimiter("{{!", "}}", "handlebars", comment=True),
    Delimiter("{{/*", "*/}}", "go", comment=True),
    Delimiter("{{{", "}}}", "handlebars"),
    Delimiter("{{", "}}", "jinja"),
    Delimiter("{%", "%}", "jinja"),
    Delimiter("{#", "#}", "jinja", comment=True),
    Delimiter("{!!", "!!}", "blade"),
    Delimiter("<%#", "%>", "erb", comment=True),
    Delimiter("<%", "%>", "erb"),
    Delimiter("*|", "|*", "mailchimp"),
    Delimiter("%%[", "]%%", "ampscript"),
    Delimiter("%%=", "=%%", "ampscript"),
    Delimiter("${", "}", "freemarker", balanced=True),
    Delimiter("<#--", "-->", "freemarker", comment=True),
    Delimiter("<#", ">", "freemarker", quoted=True),
    Delimiter("</#", ">", "freemarker", quoted=True),
    Delimiter("<@", ">", "freemarker", quoted=True),
    Delimiter("</@", ">", "freemarker", quoted=True),
    Delimiter("[[", "]]", "mailjet"),
)


class _PatternToken(NamedTuple):
    """A token matched whole by a pattern rather than by a pair of delimiters."""

    pattern: str
    dialect: str
    # Every match starts with one of these literals: the search looks for
    # them, and tries the pattern only where one occurs.
    prefixes: tuple[str, ...]


_PATTERN_TOKENS: tuple[_PatternToken, ...] = (
    # AMPscript inline personalisation: %%FirstName%%.
    _PatternToken(r"%%[A-Za-z_][\w-]{0,63}%%", "ampscript", ("%%",)),
    # Mailgun recipient variables and its own unsubscribe tags.
    _PatternToken(r"%recipient\.[\w.-]{1,64}%", "mailgun", ("%recipient.",)),
    _PatternToken(
        r"%(?:tag_|mailing_list_)?unsubscribe_url%",
        "mailgun",
        ("%unsubscribe_url%", "%tag_", "%mailing_list_"),
    ),
    # Python %-format strings, common in Django and Flask mail code.
    _PatternToken(r"%\([A-Za-z_]\w{0,63}\)[sdr]", "python", ("%(",)),
    # Blade directives, only where they cannot be part of an address.
    _PatternToken(
        # The look-behind comes after the "@" so that the pattern starts
        # with the literal it is grouped and looked for by.
        r"@(?<![\w.@]@)(?:if|elseif|else|endif|unless|endunless|isset|endisset"
        r"|foreach|endforeach|for|endfor|forelse|endforelse|while|endwhile"
        r"|switch|case|endswitch|php|endphp|auth|endauth|guest|endguest"
        r"|lang|include|yield|section|endsection|component|endcomponent"
        r"|slot|endslot|csrf|json|env|endenv|empty|endempty|once|endonce)"
        r"\b(?:\s*\((?:[^()]|\([^()]*\))*\))?",
        "blade",
        ("@",),
    ),
)

# Words that make a token template *logic* (it decides what markup
# exists) rather than output; EL213 looks for logic between attributes.
_LOGIC_WORDS = frozenset(
    "if elif elsif else endif unless endunless for endfor each endeach"
    " case when endcase with endwith block endblock range end while"
    " endwhile switch endswitch foreach endforeach isset endisset list"
    " endlist".split()
)
# Openers whose every token is logic: AMPscript blocks, FreeMarker directives.
_LOGIC_OPENERS = frozenset(("%%[", "<#", "</#", "</@"))
# The token's first word is one of them, in any case: ASCII-only case
# folding, since the word is made of ASCII letters (the Kelvin sign is
# not a "k").
_LOGIC_FIRST_WORD = re.compile(
    r"[\s\-~=#^/]*(?ai:" + "|".join(sorted(_LOGIC_WORDS)) + r")(?![A-Za-z])"
)
_BRACE = re.compile(r"[{}]")


class DialectTable(NamedTuple):
    """A compiled set of delimiters, built once per run."""

    delimiters: tuple[Delimiter, ...]
    opener_re: re.Pattern[str]
    by_opener: dict[str, Delimiter]
    # The characters the search looks for, and the openers each finds.
    anchors: tuple["_Anchor", ...]

    @classmethod
    def build(cls, extra: Iterable[tuple[str, str]] = ()) -> "DialectTable":
        """Compile the built-in table plus the config's extra delimiter pairs.

        An extra pair replaces a built-in row with the same opener.
        """
        rows = {row.opener: row for row in BUILTIN_DELIMITERS}
        for opener, closer in extra:
            rows[opener] = Delimiter(opener, closer, "custom")
        ordered = sorted(rows.values(), key=lambda row: -len(row.opener))
        alternatives = [(row.opener[0], re.escape(row.opener[1:])) for row in ordered]
        alternatives += [
            (token.pattern[0], token.pattern[1:]) for token in _PATTERN_TOKENS
        ]
        opener_re = re.compile(_by_first_character(alternatives))
        needles = [row.opener for row in ordered]
        needles += [prefix for token in _PATTERN_TOKENS for prefix in token.prefixes]
        return cls(tuple(ordered), opener_re, rows, _anchors(needles))

    def find_tokens(self, text: str) -> list[TemplateToken]:
        """Every template token in ``text``, in order, never overlapping.

        The opener pattern is tried only where an opener can start: a
        search with it tests its class of first characters at every offset,
        in slow steps, and stops at every ``<``, ``{`` and ``%`` of the
        markup. Trying it at each possible start, left to right, finds what
        a search from the end of the last token would find.
        """
        tokens: list[TemplateToken] = []
        position = 0
        match_opener, by_opener = self.opener_re.match, self.by_opener
        finder = _Finder(text)
        for start in self._opener_starts(text):
            if start < position:
                continue
            match = match_opener(text, start)
            if match is None:
                continue
            row = by_opener.get(match.group())
            if row is None:
                token: TemplateToken | None = _pattern_token(text, match)
            else:
                token = _delimited_token(text, start, row, finder)
            if token is not None:
                tokens.append(token)
                position = token.end
        return tokens

    def _opener_starts(self, text: str) -> list[int]:
        """Every offset where an opener or a pattern's prefix starts, sorted."""
        starts: list[int] = []
        startswith = text.startswith
        for anchor in self.anchors:
            # A memchr pass: most texts lack most of the rarer characters.
            if anchor.character not in text:
                continue
            for at in _anchor_hits(text, anchor):
                for offset, found in anchor.needles:
                    if at >= offset and startswith(found, at - offset):
                        starts.append(at - offset)
        return sorted(set(starts))


def _delimited_token(
    text: str, start: int, row: Delimiter, finder: "_Finder"
) -> TemplateToken | None:
    """The token ``row`` opens at ``start``, or None if it never closes."""
    if _repeats_opener(text, start, row):
        return None

    end = _find_closer(text, start, row, finder)
    if end < 0:
        return None
    token_text = text[start:end]
    return record(TemplateToken, (
        start, end, token_text, row.dialect, _is_logic(token_text, row),
        row.comment,
    ))


class _Anchor(NamedTuple):
    """A character the search looks for, and the needles it finds.

    ``needles`` pairs an offset with the needles (openers, or literal
    starts of a pattern) that hold the character first at that offset.
    """

    character: str
    needles: tuple[tuple[int, tuple[str, ...]], ...]
    # Matches at an occurrence of ``character`` whose neighbours let a
    # needle lie across it. It starts with the character itself, so the
    # regex engine searches for it with a plain loop in C.
    neighbours: re.Pattern[str]
    # Common in markup: searched with ``neighbours`` rather than stepped
    # through with ``str.find``.
    common: bool


# How often each character occurs in HTML email, per million characters
# of the shared corpus: the punctuation template openers are made of.
_PER_MILLION = {
    "\\": 1, "`": 4, "^": 6, "~": 7, "$": 25, "+": 50, "?": 73, "@": 154,
    "|": 306, "(": 340, ")": 340, "'": 403, "&": 748, "*": 867, "_": 1121,
    "[": 1253, "]": 1253, "%": 2099, "!": 2395, "#": 2413, "{": 2696,
    "}": 2696, ",": 2957, ".": 5186, "/": 9533, "=": 12206, ";": 14632,
    "<": 14782, ">": 14870, ":": 15580, '"': 23700, "-": 23840, " ": 311491,
}
# Letters and digits are common; anything else (non-ASCII) is rare.
_ALNUM_PER_MILLION = 10_000
_OTHER_PER_MILLION = 100
# What looking for one character costs, in microseconds per million
# characters of text, roughly as measured on benchmarks/data/set-10mb:
# str.find skips to the next occurrence at memory speed, then each one
# costs a step of Python; the regex engine reads every character in C
# and stops only briefly at each occurrence.
_FIND_PASS, _FIND_STEP = 50.0, 0.4
_REGEX_PASS, _REGEX_STEP = 400.0, 0.05


def _anchors(needles: Iterable[str]) -> tuple[_Anchor, ...]:
    """The characters to look for so that every needle is found, cheaply.

    A needle that starts with a shorter one is found through it. The
    others are covered greedily (a weighted set cover): the character
    with the lowest cost per needle still uncovered is taken next.
    """
    kept = _without_longer_forms(needles)
    chosen: list[str] = []
    uncovered = set(kept)
    while uncovered:
        characters = sorted({c for needle in uncovered for c in needle})
        best = min(
            characters,
            key=lambda character: _search_cost(character)
            / sum(character in needle for needle in uncovered),
        )
        chosen.append(best)
        uncovered = {needle for needle in uncovered if best not in needle}

    groups: dict[str, dict[int, list[str]]] = {}
    for needle in kept:
        character = min((c for c in chosen if c in needle), key=_search_cost)
        offsets = groups.setdefault(character, {})
        offsets.setdefault(needle.index(character), []).append(needle)
    return tuple(
        _anchor(character, sorted(by_offset.items()))
        for character, by_offset in groups.items()
    )


def _anchor(character: str, by_offset: list[tuple[int, list[str]]]) -> _Anchor:
    """The anchor for ``character``, with a quick look at its neighbours.

    Every needle puts a known character just before the anchor (when the
    anchor is not its first) or just after it (when it is): most anchors
    in markup have neither.
    """
    needles = tuple((offset, tuple(found)) for offset, found in by_offset)
    before = {needle[at - 1] for at, found in needles if at for needle in found}
    after = {
        needle[1] for at, found in needles if not at for needle in found
        if len(needle) > 1
    }
    alone = any(
        not at and len(needle) == 1 for at, found in needles for needle in found
    )

    escaped = re.escape(character)
    looks = [""] if alone else []
    if after:
        looks.append(f"(?=[{_members(after)}])")
    if before:
        looks.append(f"(?<=[{_members(before)}]{escaped})")
    neighbours = re.compile(escaped + "(?:" + "|".join(looks) + ")")
    common = _regex_cost(character) < _find_cost(character)
    return _Anchor(character, needles, neighbours, common)


def _members(characters: set[str]) -> str:
    """The inside of a character class holding exactly ``characters``."""
    return "".join(re.escape(character) for character in sorted(characters))


def _without_longer_forms(needles: Iterable[str]) -> list[str]:
    """The needles that do not start with another needle, shortest first."""
    kept: list[str] = []
    for needle in sorted(set(needles), key=lambda needle: (len(needle), needle)):
        if not needle.startswith(tuple(kept)):
            kept.append(needle)
    return kept


def _frequency(character: str) -> int:
    """Occurrences per million characters of HTML email, as estimated."""
    if character in _PER_MILLION:
        return _PER_MILLION[character]
    if character.isascii() and character.isalnum():
        return _ALNUM_PER_MILLION
    return _OTHER_PER_MILLION


def _find_cost(character: str) -> float:
    """The cost of stepping through the character with ``str.find``."""
    return _FIND_PASS + _FIND_STEP * _frequency(character)


def _regex_cost(character: str) -> float:
    """The cost of one regex pass that stops at each occurrence."""
    return _REGEX_PASS + _REGEX_STEP * _frequency(character)


def _search_cost(character: str) -> float:
    """Microseconds per million characters to find every occurrence."""
    return min(_find_cost(character), _regex_cost(character))


def _anchor_hits(text: str, anchor: _Anchor) -> list[int]:
    """Offsets of the anchor's character where a needle may lie across it.

    ``str.find`` of one character runs at memory speed (memchr), so it
    skips a rare character's long gaps almost for free; a common one is
    left to the regex engine, whose stops cost less than Python's steps.
    """
    if anchor.common:
        # Only between the first and the last occurrence (both found at
        # memory speed), plus the one character the pattern looks past.
        first, last = text.find(anchor.character), text.rfind(anchor.character)
        scan = anchor.neighbours.finditer(text, first, last + 2)
        return [hit.start() for hit in scan]
    hits = []
    find, character = text.find, anchor.character
    may_start = anchor.neighbours.match
    at = find(character)
    while at >= 0:
        if may_start(text, at):
            hits.append(at)
        at = find(character, at + 1)
    return hits


def _repeats_opener(text: str, start: int, row: Delimiter) -> bool:
    """Whether a one-character opener continues a run of itself.

    With the config's single-brace ``{name}``, the second brace of an
    unclosed ``{{ url }`` is the tail of a broken ``{{``, not a token of
    its own, so the unclosed-template rule still sees the ``{{``.
    """
    return (len(row.opener) == 1 and start > 0
            and text[start - 1] == row.opener)


def _by_first_character(alternatives: list[tuple[str, str]]) -> str:
    """One pattern for (first character, rest) alternatives, in their order.

    Alternatives are grouped under their first character, keeping their
    order within a group (longest opener first): at each ``<`` of the
    markup only the openers that start with ``<`` are tried. Alternatives
    with different first characters never match at the same place, so the
    grouping matches exactly what the plain alternation matched.
    """
    groups: dict[str, list[str]] = {}
    for first, rest in alternatives:
        groups.setdefault(first, []).append(rest)
    return "|".join(
        re.escape(first) + "(?:" + "|".join(rests) + ")"
        for first, rests in groups.items()
    )


class _Finder:
    """``str.find`` over one text that remembers each needle's last answer.

    The token search asks for closers from ever later starts; without the
    memory, every stray ``{{`` with no ``}}`` after it would read to the
    end of the file again, which is quadratic in a big file.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self._last: dict[str, tuple[int, int]] = {}

    def find(self, needle: str, start: int) -> int:
        """The first offset at or after ``start`` where ``needle`` is, or -1."""
        last = self._last.get(needle)
        if last is not None:
            asked_from, found = last
            # Nothing in [asked_from, found): the answer holds for any later
            # start up to ``found``, and "none" holds for every later start.
            if asked_from <= start and (found < 0 or found >= start):
                return found
        found = self.text.find(needle, start)
        self._last[needle] = (start, found)
        return found


# How far the first look for a closer reaches.
_NEAR = 200


def _find_closer(text: str, start: int, row: Delimiter, finder: _Finder) -> int:
    """Offset just past the token's closer, or -1 when it does not close.

    For a plain pair, a second opener of the same kind before the closer
    means the first one was never closed (``{{ url }`` ... ``{{ x }}``).
    """
    body = start + len(row.opener)
    if row.balanced:
        return _find_balanced_brace(text, body)
    if row.quoted:
        return _find_closer_outside_strings(text, body, row.closer)
    # Most tokens close within a line: a bounded look in C first, and the
    # remembering finder only for the rest.
    close = text.find(row.closer, body, body + _NEAR)
    if close < 0:
        close = finder.find(row.closer, body)
    if close < 0:
        return -1
    # Looking no further than the closer keeps this linear: the search
    # stops at the next opener of the row, where the next try starts.
    if (not row.comment and row.opener[0] in "{[*%"
            and text.find(row.opener, body, close) >= 0):
        return -1
    return close + len(row.closer)


def _find_balanced_brace(text: str, position: int) -> int:
    """Past the ``}`` that closes a ``${`` expression, or -1.

    The expression must close on its own line run; a brace left open
    over 2000 characters is taken as a stray ``${`` (CSS or script), not a
    token.
    """
    depth = 1
    limit = min(len(text), position + 2000)
    for brace in _BRACE.finditer(text, position, limit):
        depth += 1 if brace.group() == "{" else -1
        if depth == 0:
            return brace.end()
    return -1


def _find_closer_outside_strings(text: str, position: int, closer: str) -> int:
    """Past the first ``closer`` that is not inside a quoted string, or -1."""
    pattern = re.compile(r'"[^"]*"|\'[^\']*\'|' + re.escape(closer))
    for match in pattern.finditer(text, position):
        if match.group() == closer:
            return match.end()
    return -1


def _pattern_token(text: str, match: re.Match[str]) -> TemplateToken:
    token_text = match.group()
    dialect = "blade" if token_text.startswith("@") else _pattern_dialect(
        token_text
    )
    is_logic = dialect in ("blade",) and not token_text.startswith(
        ("@lang", "@json", "@csrf", "@include", "@yield")
    )
    return record(TemplateToken, (
        match.start(), match.end(), token_text, dialect, is_logic,
        False,  # is_comment
    ))


def _pattern_dialect(token_text: str) -> str:
    for pattern, dialect, _ in _PATTERN_TOKENS:
        if re.fullmatch(pattern, token_text):
            return dialect
    return "custom"


def _is_logic(token_text: str, row: Delimiter) -> bool:
    """Whether a delimited token is control flow rather than output."""
    opener = row.opener
    if row.comment:
        return False
    if opener in _LOGIC_OPENERS:
        return True
    first = token_text[len(opener):len(opener) + 1]
    if opener in ("{{", "{{{") and first in ("#", "^", "/"):
        return True
    if opener == "<%" and first not in ("=", "-"):
        return True
    return _LOGIC_FIRST_WORD.match(token_text, len(opener)) is not None


class TokenIndex:
    """Fast lookups over a sorted, non-overlapping list of tokens."""

    def __init__(self, tokens: Sequence[TemplateToken]) -> None:
        self.tokens = tokens
        self.starts = [token.start for token in tokens]

    def containing(self, offset: int) -> TemplateToken | None:
        """The token that covers ``offset``, if any."""
        index = bisect_right(self.starts, offset) - 1
        if index >= 0 and offset < self.tokens[index].end:
            return self.tokens[index]
        return None

    def first_from(self, offset: int) -> int:
        """Index of the first token starting at or after ``offset``."""
        return bisect_right(self.starts, offset - 1)

    def within(self, start: int, end: int) -> list[TemplateToken]:
        """The tokens that start inside ``[start, end)``."""
        index = self.first_from(start)
        found = []
        while index < len(self.tokens) and self.tokens[index].start < end:
            found.append(self.tokens[index])
            index += 1
        return found
