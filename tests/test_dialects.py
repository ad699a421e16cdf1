"""Template tokens of every dialect, found in any file."""

from __future__ import annotations

import pytest

from linter.dialects import DialectTable


def tokens(source: str, extra: tuple[tuple[str, str], ...] = ()) -> list[str]:
    return [token.text for token in DialectTable.build(extra).find_tokens(source)]


@pytest.mark.parametrize(
    "token",
    [
        "{{ url }}", "{{{ url }}}", "{% url 'home' %}", "{# note #}",
        "{{!-- note --}}", "<%= link %>", "<%# note %>", "*|UNSUB|*",
        "%%[ set @a = 1 ]%%", "%%=RedirectTo(@url)=%%", "%%FirstName%%",
        "${user.url}", "<#if vip>", "</#if>", "{!! $link !!}",
        "%recipient.url%", "%unsubscribe_url%", "%(reset_link)s",
        "[[SHORT_PERMALINK]]", "{{/* note */}}", "@if($vip)",
    ],
)
def test_each_dialect_is_one_token(token: str) -> None:
    assert tokens(f"a {token} b") == [token]


def test_unclosed_opener_is_not_a_token() -> None:
    assert tokens("{{ url } and later {{ other }}") == ["{{ other }}"]
    assert tokens("price ${ 5") == []


def test_balanced_braces_in_expressions() -> None:
    assert tokens("${ map{'a': 1} }") == ["${ map{'a': 1} }"]


def test_freemarker_strings_hold_markup() -> None:
    source = "<#assign link = \"<a href='x'>\"> <a href=\"y\">"
    assert tokens(source) == ["<#assign link = \"<a href='x'>\">"]


def test_blade_directive_is_not_an_address() -> None:
    assert tokens("mailto:me@if.com") == []


def test_config_adds_delimiters() -> None:
    assert tokens("a <<x>> b", extra=(("<<", ">>"),)) == ["<<x>>"]


def test_logic_tokens() -> None:
    table = DialectTable.build()
    found = table.find_tokens("{% if a %}{{ b }}{{#each c}}<% end %><%= d %>")
    assert [token.is_logic for token in found] == [True, False, True, True, False]
