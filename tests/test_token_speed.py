"""The anchored token search finds exactly what the plain search found.

``DialectTable.find_tokens`` looks for each opener through one of its
rarer characters and tries the opener pattern only there, bounds its
first look for a closer, and tests logic words with one pattern. These
tests hold it to a plain reference, the search as first written: one
regex search from the end of the last token, closers found with
``str.find`` from the token's body, logic words lower-cased and looked
up. They compare the two on generated texts made of every opener,
closer, pattern token and markup fragment, and on every file of the
shared corpus, with the built-in table and with extra delimiters.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from linter.dialects import (
    _LOGIC_WORDS,
    _NEAR,
    _PATTERN_TOKENS,
    BUILTIN_DELIMITERS,
    Delimiter,
    DialectTable,
    _PatternToken,
)
from linter.links import TemplateToken
from linter.source import decode

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"

# The config's extra rows: new openers, a built-in opener given another
# closer, one-character and non-ASCII openers, and openers made of the
# commonest characters of markup.
EXTRAS: list[tuple[tuple[str, str], ...]] = [
    (),
    (("[%", "%]"),),
    (("{{", "]]"),),
    (("[%", "%]"), ("{{", "]]"), ("<<", ">>")),
    (("{", "}"),),
    (("«", "»"), ("!x", "x!")),
    (("ab", "ba"), ("%", "%")),
    (("<", ">"), ("@@", "@@")),
]

_FIRST_WORD = re.compile(r"[\s\-~=#^/]*([A-Za-z]+)")


class ReferenceTable:
    """The token search as first written, kept plain for comparison."""

    def __init__(self, extra: tuple[tuple[str, str], ...] = ()) -> None:
        self.rows = {row.opener: row for row in BUILTIN_DELIMITERS}
        for opener, closer in extra:
            self.rows[opener] = Delimiter(opener, closer, "custom")
        ordered = sorted(self.rows.values(), key=lambda row: -len(row.opener))
        alternatives = [re.escape(row.opener) for row in ordered]
        alternatives += [token.pattern for token in _PATTERN_TOKENS]
        self.opener = re.compile("|".join(alternatives))

    def find_tokens(self, text: str) -> list[TemplateToken]:
        tokens: list[TemplateToken] = []
        position = 0
        while True:
            match = self.opener.search(text, position)
            if match is None:
                return tokens
            token = self._token_at(text, match)
            if token is None:
                position = match.start() + 1
            else:
                tokens.append(token)
                position = token.end

    def _token_at(self, text: str, match: re.Match[str]) -> TemplateToken | None:
        start = match.start()
        row = self.rows.get(match.group())
        if row is None:
            return _reference_pattern_token(match)
        if len(row.opener) == 1 and start > 0 and text[start - 1] == row.opener:
            return None
        end = _reference_closer_end(text, start + len(row.opener), row)
        if end < 0:
            return None
        token_text = text[start:end]
        return TemplateToken(
            start=start,
            end=end,
            text=token_text,
            dialect=row.dialect,
            is_logic=_reference_is_logic(token_text, row),
            is_comment=row.comment,
        )


def _reference_closer_end(text: str, body: int, row: Delimiter) -> int:
    if row.balanced:
        depth = 1
        for at in range(body, min(len(text), body + 2000)):
            if text[at] == "{":
                depth += 1
            elif text[at] == "}":
                depth -= 1
                if depth == 0:
                    return at + 1
        return -1
    if row.quoted:
        at = body
        while at < len(text):
            if text[at] in "\"'":
                closing = text.find(text[at], at + 1)
                if closing >= 0:
                    at = closing + 1
                    continue
            if text.startswith(row.closer, at):
                return at + len(row.closer)
            at += 1
        return -1
    close = text.find(row.closer, body)
    if close < 0:
        return -1
    if not row.comment and row.opener[0] in "{[*%":
        again = text.find(row.opener, body)
        if 0 <= again and again + len(row.opener) <= close:
            return -1
    return close + len(row.closer)


def _reference_is_logic(token_text: str, row: Delimiter) -> bool:
    if row.comment:
        return False
    inner = token_text[len(row.opener):]
    if row.opener in ("{{", "{{{") and inner[:1] in ("#", "^", "/"):
        return True
    if row.opener in ("%%[", "</#", "</@", "<#"):
        return True
    if row.opener == "<%" and inner[:1] not in ("=", "-"):
        return True
    word = _FIRST_WORD.match(inner)
    return bool(word and word.group(1).lower() in _LOGIC_WORDS)


def _reference_pattern_token(match: re.Match[str]) -> TemplateToken:
    token_text = match.group()
    if token_text.startswith("@"):
        dialect = "blade"
    else:
        dialect = next(
            (
                token.dialect
                for token in _PATTERN_TOKENS
                if re.fullmatch(token.pattern, token_text)
            ),
            "custom",
        )
    return TemplateToken(
        start=match.start(),
        end=match.end(),
        text=token_text,
        dialect=dialect,
        is_logic=dialect == "blade"
        and not token_text.startswith(
            ("@lang", "@json", "@csrf", "@include", "@yield")
        ),
    )


def assert_same_tokens(text: str, extra: tuple[tuple[str, str], ...]) -> None:
    found = DialectTable.build(extra).find_tokens(text)
    assert found == ReferenceTable(extra).find_tokens(text)


# Pieces of generated texts: what opens and closes tokens, whole pattern
# tokens and their bare starts, first words of logic, and the markup whose
# characters openers are made of.
_PATTERN_SAMPLES = [
    "%%FirstName%%", "%%", "%recipient.url%", "%recipient.", "%unsubscribe_url%",
    "%tag_unsubscribe_url%", "%mailing_list_unsubscribe_url%", "%tag_",
    "%(reset_link)s", "%(", "@if($vip)", "@endif", "@lang('x')", "me@if.com",
    "@", "@@if",
]
_MARKUP = [
    '<a href="', '">', "</a>", "<style>", "a{color:#fff}", 'width="100%"',
    "<!--[if mso]>", "<![endif]-->", "@media", "<td>", "</td>", "100%;",
    " ", "\n", '"', "'", "{", "}", "<", ">", "/", "=", "#", "%", "[", "]",
    "*", "|", "$", "!", "-", "(", ")",
]
_WORDS = [
    " if ", "#each ", "^", "=", "-", "END", "For", " for x ", "endblock",
    "endbloc\u212a", "é", "’", "\u00a0", "\u2003", "😀", "x",
]
_LONG = ["x" * (_NEAR + 3), "y" * 1998]


def _texts(extra: tuple[tuple[str, str], ...]) -> st.SearchStrategy[str]:
    rows = list(BUILTIN_DELIMITERS) + [Delimiter(o, c, "custom") for o, c in extra]
    pieces = [row.opener for row in rows] + [row.closer for row in rows]
    pieces += _PATTERN_SAMPLES + _MARKUP + _WORDS + _LONG
    known = st.sampled_from(pieces)
    piece = st.one_of(known, known, known, st.text(max_size=3))
    return st.lists(piece, max_size=40).map("".join)


@pytest.mark.parametrize("extra", EXTRAS, ids=repr)
@settings(
    max_examples=250,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_generated_texts_give_the_reference_tokens(
    extra: tuple[tuple[str, str], ...], data: st.DataObject
) -> None:
    assert_same_tokens(data.draw(_texts(extra)), extra)


@pytest.mark.parametrize(
    "text",
    [
        "{{x}}", "x {{", "a%", "{", "{{{{ x }}}}", "{{ a {{ b }}", "<%= a %>",
        "<%# note %>", "a</#if>", "<@macro/>", "*|UNSUB|*", "%%=v(@x)=%%",
        "${ a { b } }", "[[PERMALINK]]", "%(a)s%(b)s", "@if($a)@endif",
        "{{ " + "x" * (_NEAR - 3) + " }}", "{{ " + "x" * (_NEAR + 3) + " }}",
        "{% " + "x" * _NEAR + " %} {% end %}", "{{! a }}{{!-- b --}}{{/* c */}}",
        "{% endbloc\u212a %}", "{{ IF }}", "{{-\u00a0endfor}}", "a {!! $link !!}",
        "{{ a {{}}", "[[ a [[]]", "*| a *||*", "{% a {%%}",
    ],
)
@pytest.mark.parametrize("extra", EXTRAS, ids=repr)
def test_edge_texts_give_the_reference_tokens(
    text: str, extra: tuple[tuple[str, str], ...]
) -> None:
    assert_same_tokens(text, extra)


@pytest.mark.parametrize(
    "extra", [(), (("[%", "%]"), ("{{", "]]")), (("{", "}"),)], ids=repr
)
def test_corpus_gives_the_reference_tokens(extra: tuple[tuple[str, str], ...]) -> None:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is absent (a clone without the shared folder)")
    table, reference = DialectTable.build(extra), ReferenceTable(extra)
    paths = sorted(CORPUS.rglob("*.html"))
    assert paths

    for path in paths:
        text, _ = decode(path.read_bytes())
        assert table.find_tokens(text) == reference.find_tokens(text), path


@pytest.mark.parametrize("extra", EXTRAS, ids=repr)
def test_every_opener_and_pattern_start_is_looked_for(
    extra: tuple[tuple[str, str], ...]
) -> None:
    table = DialectTable.build(extra)
    looked_for = [
        (anchor, offset, needle)
        for anchor in table.anchors
        for offset, needles in anchor.needles
        for needle in needles
    ]
    wanted = [row.opener for row in table.delimiters]
    wanted += [prefix for token in _PATTERN_TOKENS for prefix in token.prefixes]

    for anchor, offset, needle in looked_for:
        assert needle[offset] == anchor.character
        # The quick look at the neighbours lets every needle through.
        assert anchor.neighbours.match("x" + needle + "x", 1 + offset), needle
    for opener in wanted:
        assert any(opener.startswith(needle) for _, _, needle in looked_for), opener


@pytest.mark.parametrize("token", _PATTERN_TOKENS, ids=lambda token: token.dialect)
@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_every_pattern_token_starts_with_a_listed_prefix(
    token: _PatternToken, data: st.DataObject
) -> None:
    sample = data.draw(st.from_regex(token.pattern, fullmatch=True))
    assume(re.fullmatch(token.pattern, sample))
    assert sample.startswith(token.prefixes)


def test_markup_without_openers_is_not_tried() -> None:
    markup = (
        '<style>a{color:#fff;width:100%}.b{margin:0}</style>'
        '<!--[if mso]><td width="100%" bgcolor="#ffffff">50% off</td>'
        "<![endif]--><p>[note] {not this} #1 *bold* a|b $5</p>"
    ) * 40
    assert DialectTable.build()._opener_starts(markup) == []
