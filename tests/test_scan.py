"""The tokenizer: HTML5 rules where they decide what a link is."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linter.charrefs import decode_attribute
from linter.dialects import DialectTable, TokenIndex
from linter.extract import build_links
from linter.links import TEMPLATE_MARK, Attribute, Link
from linter.scan import _ATTRIBUTE_MEMO, _read_attributes, scan


def links(source: str) -> list[Link]:
    tokens = TokenIndex(DialectTable.build().find_tokens(source))
    return build_links(source, scan(source, tokens), tokens)


def values(source: str) -> list[str]:
    return [link.value for link in links(source)]


def test_comments_hide_links() -> None:
    assert values('<!-- <a href="a"> --><a href="b">') == ["b"]
    assert values('<!--> <a href="a">') == ["a"]
    assert values('<!---> <a href="a">') == ["a"]
    assert values('<!-- x --!> <a href="a">') == ["a"]


def test_raw_text_elements_hide_links() -> None:
    source = (
        '<script>x="<a href=\'s\'>"</script><style>a{}</style>'
        '<title><a href="t"></title><textarea><a href="u"></textarea>'
        '<a href="b">'
    )
    assert values(source) == ["b"]


def test_outlook_conditional_comments_are_linted() -> None:
    source = (
        '<!--[if mso]><v:roundrect href="https://a.com"></v:roundrect>'
        '<![endif]--><!--[if !mso]><!--><a href="https://b.com">b</a><!--<![endif]-->'
    )
    found = links(source)
    assert [(link.element, link.in_conditional) for link in found] == [
        ("v:roundrect", True),
        ("a", False),
    ]


def test_first_of_duplicate_attributes_wins() -> None:
    assert values('<a href="first" href="second">') == ["first"]


def test_quotes_and_unquoted_values() -> None:
    assert values("<a href='single'>") == ["single"]
    assert values("<a href=bare>") == ["bare"]
    assert values('<a title="x>y" href="after">') == ["after"]


def test_template_tokens_are_opaque_to_quoting() -> None:
    found = links('<a href="{{ url_for("home") }}" class="x">')
    assert len(found) == 1
    assert found[0].value == TEMPLATE_MARK
    assert found[0].raw == '{{ url_for("home") }}'


def test_template_token_with_angle_brackets_does_not_end_the_tag() -> None:
    found = links('<a href="https://x.com/{{ a > b }}">t</a>')
    assert [link.value for link in found] == ["https://x.com/" + TEMPLATE_MARK]


def test_end_of_file_inside_a_tag_drops_it() -> None:
    assert values('<a href="x"') == []
    assert values('<a href="x') == []


def test_link_elements() -> None:
    source = (
        '<link href="style.css"><base href="https://b.com/"><area href="a">'
        '<mj-button href="m"><button href="i"><a th:href="@{/x}" href="t">'
    )
    assert values(source) == ["a", "m", "i"]


def test_link_text() -> None:
    found = links('<a href="https://x.com">Visit <b>shop.com</b>&nbsp;now</a>')
    assert found[0].text == "Visit shop.com now"


def test_attribute_character_references_follow_html5() -> None:
    assert decode_attribute("?a=1&amp;b=2")[0] == "?a=1&b=2"
    # Legacy names followed by "=" or a letter stay as written.
    assert decode_attribute("?a=1&region=eu")[0] == "?a=1&region=eu"
    assert decode_attribute("&copy2")[0] == "&copy2"
    assert decode_attribute("x&lt")[0] == "x<"
    assert decode_attribute("&#x80;")[0] == "\u20ac"
    assert decode_attribute("&#0;")[0] == "\ufffd"
    assert decode_attribute("&#x0000000041;")[0] == "A"


def test_decoded_value_maps_back_to_source() -> None:
    source = '<a href="x&amp;y&lt;z">'
    link = links(source)[0]
    assert link.value == "x&y<z"
    assert [source[link.offset(i)] for i in range(len(link.value))] == list("x&y&z")
    assert link.offset(len(link.value)) == source.index('">')


def test_raw_text_names_pattern_matches_exactly_those_names() -> None:
    """The trie the fast scan stops at raw text with: every raw-text name in
    any ASCII case, and no other name (prefixes, longer names, near misses)."""
    import re
    from itertools import product

    from linter.scan import _RAW_TEXT_ELEMENTS, _RAW_TEXT_NAME

    pattern = re.compile(_RAW_TEXT_NAME)
    names = set(_RAW_TEXT_ELEMENTS)
    names |= {name[:cut] for name in _RAW_TEXT_ELEMENTS for cut in range(1, len(name))}
    names |= {name + "s" for name in _RAW_TEXT_ELEMENTS}
    names |= {"td", "tr", "table", "span", "img", "i", "sup", "th", "noembeds"}
    for name in sorted(names):
        for cases in product((str.lower, str.upper), repeat=min(len(name), 3)):
            spelled = "".join(case(char) for case, char in zip(cases, name)) + name[3:]
            for delimiter in " />\t":
                found = pattern.match(spelled + delimiter) is not None
                assert found == (name in _RAW_TEXT_ELEMENTS), spelled


def _visible_text_plainly(inner: str) -> str:
    """The straightforward way: strip tags, decode, collapse, trim."""
    import html
    import re

    stripped = re.sub(r"<[^>]*>", " ", inner)
    return re.sub(r"\s+", " ", html.unescape(stripped)).strip()


# Tags, references and the white space \s and str.isspace both know.
_LINK_TEXT_ALPHABET = "ab <>/&;#x2\u00a0\u2003\u3000\t\n\r\x0b\x1c\u0085é"


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=_LINK_TEXT_ALPHABET, max_size=40))
def test_link_text_is_what_the_plain_way_gives(inner: str) -> None:
    from linter.extract import visible_text

    assert visible_text(inner) == _visible_text_plainly(inner)


@pytest.mark.parametrize("inner", [
    "", "  Shop  now ", "<b>Shop</b>&nbsp;now", "a&amp;b", "\u2003x\u3000",
    "<img src=x>", "line\r\nbreak", "&#x20;x&#32;", "<", "a<b", "&", "a\x1cb",
])
def test_link_text_examples_match_the_plain_way(inner: str) -> None:
    from linter.extract import visible_text

    assert visible_text(inner) == _visible_text_plainly(inner)


_ATTRIBUTE_TEXT = st.lists(
    st.sampled_from([
        ' href="https://shop.com/a"', " href='/b?x=1'", " href=www.shop.com",
        ' style="color:#fff; width:100%"', " target=_blank", " disabled",
        ' class = "btn"', " =odd", " data-x=''", "/", "\n", ' title="a>b"',
        " HREF=Mixed", ' h="1"',
    ]),
    max_size=6,
).map("".join)


@settings(max_examples=200, deadline=None)
@given(_ATTRIBUTE_TEXT, st.integers(0, 40), st.integers(0, 40))
def test_remembered_attribute_lists_are_the_parsed_ones(
    attributes: str, first: int, second: int
) -> None:
    """An attribute list read again at another offset, from the memo, is
    what the exact scanner reads there: same names, values, offsets."""
    def read_at(offset: int) -> tuple[tuple[Attribute, ...], tuple[Attribute, ...]]:
        text = "x" * offset + "<a" + attributes + ">"
        start = offset + 2
        fast = _read_attributes(text, start, start + len(attributes), {})
        [tag] = scan(text, TokenIndex([])).start_tags
        return fast, tag.attributes

    _ATTRIBUTE_MEMO.clear()
    parsed, exact_first = read_at(first)
    remembered, exact_second = read_at(second)

    assert parsed == exact_first
    assert remembered == exact_second


def test_attribute_memo_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    import linter.scan

    monkeypatch.setattr(linter.scan, "_ATTRIBUTE_MEMO_SIZE", 3)
    _ATTRIBUTE_MEMO.clear()
    for number in range(10):
        text = f'<a href="/{number}">'
        _read_attributes(text, 2, len(text) - 1, {})
        assert len(_ATTRIBUTE_MEMO) <= 3
