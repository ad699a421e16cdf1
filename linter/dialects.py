"""Template dialects: finding the template tokens in a source text.

Template engines run before any HTML exists, so a token is opaque to the
HTML scan: a quote or ``>`` inside ``{{ url_for("home") }}`` neither ends
a value nor a tag. This module finds every token of every dialect in one
pass over the text, whatever the file's extension, and the scan then
treats each token as a single opaque unit.

One table drives it: each row is an opening delimiter, how the token ends,
and what kind of token it is. The config's ``template-delimiters`` adds
rows. An opener without its closer is not a token (so a stray ``{{`` in
prose cannot swallow the rest of a file); a link value that holds such an
opener is reported by the unclosed-template rule instead.
"""

import re
from bisect import bisect_right
from typing import Iterable, NamedTuple, Sequence

from linter.links import TemplateToken


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

# Tokens matched whole by a pattern rather than by a pair of delimiters.
_PATTERN_TOKENS: tuple[tuple[str, str], ...] = (
    # AMPscript inline personalisation: %%FirstName%%.
    (r"%%[A-Za-z_][\w-]{0,63}%%", "ampscript"),
    # Mailgun recipient variables and its own unsubscribe tags.
    (r"%recipient\.[\w.-]{1,64}%", "mailgun"),
    (r"%(?:tag_|mailing_list_)?unsubscribe_url%", "mailgun"),
    # Python %-format strings, common in Django and Flask mail code.
    (r"%\([A-Za-z_]\w{0,63}\)[sdr]", "python"),
    # Blade directives, only where they cannot be part of an address.
    (
        # The look-behind comes after the "@" so that every alternative of
        # the opener pattern starts with a literal: the regex engine then
        # skips, in C, every character that cannot open a token.
        r"@(?<![\w.@]@)(?:if|elseif|else|endif|unless|endunless|isset|endisset"
        r"|foreach|endforeach|for|endfor|forelse|endforelse|while|endwhile"
        r"|switch|case|endswitch|php|endphp|auth|endauth|guest|endguest"
        r"|lang|include|yield|section|endsection|component|endcomponent"
        r"|slot|endslot|csrf|json|env|endenv|empty|endempty|once|endonce)"
        r"\b(?:\s*\((?:[^()]|\([^()]*\))*\))?",
        "blade",
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
_FIRST_WORD = re.compile(r"[\s\-~=#^/]*([A-Za-z]+)")
_BRACE = re.compile(r"[{}]")


class DialectTable(NamedTuple):
    """A compiled set of delimiters, built once per run."""

    delimiters: tuple[Delimiter, ...]
    opener_re: re.Pattern[str]
    by_opener: dict[str, Delimiter]

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
        alternatives += [(pattern[0], pattern[1:]) for pattern, _ in _PATTERN_TOKENS]
        opener_re = re.compile(_by_first_character(alternatives))
        return cls(tuple(ordered), opener_re, rows)

    def find_tokens(self, text: str) -> list[TemplateToken]:
        """Every template token in ``text``, in order, never overlapping."""
        tokens: list[TemplateToken] = []
        position = 0
        search = self.opener_re.search
        finder = _Finder(text)
        while True:
            match = search(text, position)
            if match is None:
                return tokens
            token = self._token_at(text, match, finder)
            if token is None:
                position = match.start() + 1
                continue
            tokens.append(token)
            position = token.end

    def _token_at(
        self, text: str, match: re.Match[str], finder: "_Finder | None" = None
    ) -> TemplateToken | None:
        """The token that starts at ``match``, or None if it never closes."""
        start, opened = match.start(), match.group()
        row = self.by_opener.get(opened)
        if row is None:
            return _pattern_token(text, match)
        if _repeats_opener(text, start, row):
            return None

        end = _find_closer(text, start, row, finder or _Finder(text))
        if end < 0:
            return None
        token_text = text[start:end]
        return TemplateToken(
            start=start,
            end=end,
            text=token_text,
            dialect=row.dialect,
            is_logic=_is_logic(token_text, row),
            is_comment=row.comment,
        )


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

    The token search asks for closers and openers from ever later starts;
    without the memory, every stray ``{{`` with no ``}}`` after it would
    read to the end of the file again, which is quadratic in a big file.
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
    close = finder.find(row.closer, body)
    if close < 0:
        return -1
    if not row.comment and row.opener[0] in "{[*%":
        again = finder.find(row.opener, body)
        if 0 <= again and again + len(row.opener) <= close:
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
    return TemplateToken(
        start=match.start(),
        end=match.end(),
        text=token_text,
        dialect=dialect,
        is_logic=dialect in ("blade",) and not token_text.startswith(
            ("@lang", "@json", "@csrf", "@include", "@yield")
        ),
    )


def _pattern_dialect(token_text: str) -> str:
    for pattern, dialect in _PATTERN_TOKENS:
        if re.fullmatch(pattern, token_text):
            return dialect
    return "custom"


def _is_logic(token_text: str, row: Delimiter) -> bool:
    """Whether a delimited token is control flow rather than output."""
    if row.comment:
        return False
    inner = token_text[len(row.opener):]
    if row.opener in ("{{", "{{{") and inner[:1] in ("#", "^", "/"):
        return True
    if row.opener in ("%%[", "</#", "</@"):
        return True
    if row.opener == "<#":
        return True
    if row.opener == "<%" and inner[:1] not in ("=", "-"):
        return True
    word = _FIRST_WORD.match(inner)
    return bool(word and word.group(1).lower() in _LOGIC_WORDS)


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
