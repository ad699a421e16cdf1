"""Links in every template dialect and email format, and file encodings."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from linter import Config, lint_paths, lint_text
from linter.config import read_config_file
from linter.dialects import DialectTable, TokenIndex
from linter.extract import build_links
from linter.links import Link
from linter.scan import scan

# EL301 (url-in-variable) is the one rule a whole-token href may break.
NOT_EL301 = Config(ignore=("EL301",))
# The rules these tests probe with: each fires on a link it can see.
PROBES = Config(select=("EL203", "EL205", "EL209", "EL212", "EL213", "EL902"))


def found(source: str, config: Config | None = None) -> list[tuple[str, int, int]]:
    return [(f.code, f.line or 0, f.column or 0)
            for f in lint_text(source, path="t.html", config=config or PROBES)]


def links(source: str) -> list[Link]:
    tokens = TokenIndex(DialectTable.build().find_tokens(source))
    return build_links(source, scan(source, tokens), tokens)


# MJML and Inky -----------------------------------------------------------

@pytest.mark.parametrize(
    "element",
    ["mj-button", "mj-image", "mj-social-element", "mj-navbar-link",
     "mj-carousel-image", "button", "item"],
)
def test_component_href_is_a_link(element: str) -> None:
    source = f"<mj-column>\n  <{element} css-class=\"x\" href=shop.com>Go</{element}>\n"
    column = source.splitlines()[1].index("shop.com") + 1

    assert found(source) == [("EL203", 2, column)]
    assert [(link.element, link.raw) for link in links(source)] == [
        (element, "shop.com")]


@pytest.mark.parametrize(
    "element", ["mj-button", "mj-image", "mj-navbar-link", "button", "item"])
def test_component_with_good_href_is_clean(element: str) -> None:
    assert found(f'<{element} href="https://shop.com/a">Go</{element}>') == []


def test_mj_raw_inner_html_is_linted() -> None:
    source = '<mj-raw>\n  <p><a href="{{ url }">x</a></p>\n</mj-raw>'

    assert found(source) == [("EL209", 2, 15)]


def test_mj_raw_good_link_is_clean() -> None:
    assert found('<mj-raw><a href="https://shop.com">x</a></mj-raw>') == []


# Outlook: conditional comments, VML, area ---------------------------------

def test_links_inside_mso_conditionals_are_linted() -> None:
    source = "<!--[if mso]>\n<table><tr><td><a href=x>Go</a></td></tr>\n<![endif]-->"

    assert found(source) == [("EL203", 2, 24)]
    [link] = links(source)
    assert link.in_conditional


def test_links_inside_non_mso_conditional_are_linted() -> None:
    source = "<!--[if !mso]><!-->\n<a href=x>Go</a>\n<!--<![endif]-->"

    assert found(source) == [("EL203", 2, 9)]


def test_plain_comments_are_not_linted() -> None:
    assert found("<!-- <a href=x>old</a> -->") == []


def test_vml_and_area_are_links_of_their_element() -> None:
    source = (
        '<!--[if mso]><v:roundrect xmlns:v="urn:schemas-microsoft-com:vml" '
        'href="https://shop.com/vml" arcsize="10%"><w:anchorlock/>'
        "</v:roundrect><![endif]-->"
        '<map name="m"><area shape="rect" href="https://shop.com/area"></map>'
    )

    assert [(link.element, link.raw, link.in_conditional)
            for link in links(source)] == [
        ("v:roundrect", "https://shop.com/vml", True),
        ("area", "https://shop.com/area", False),
    ]


def test_bad_vml_href_is_found_at_its_value() -> None:
    source = "<!--[if mso]>\n  <v:rect href=shop.com><![endif]-->"

    assert found(source) == [("EL203", 2, 16)]


def test_link_and_base_are_not_links() -> None:
    source = '<link rel="stylesheet" href=x.css><base href=y>'

    assert links(source) == []
    assert found(source) == []


# Markup inside template tokens, and attribute bindings -------------------

@pytest.mark.parametrize(
    "source",
    [
        "{!! '<a href=\"{{ bad }\">x</a>' !!}",
        "{!! '<a href=bad>x</a>' !!}",
        "<#assign l = \"<a href='x y'>\">",
        "<#assign m = \"<a href=x>\">${m}",
        "{{ '<a href=x>' | safe }}",
        "{% set l = '<a href=x>' %}",
        "<%= '<a href=x>' %>",
    ],
)
def test_markup_inside_a_token_is_template_code(source: str) -> None:
    assert links(source) == []
    assert found(source) == []


def test_link_after_a_token_with_markup_is_still_linted() -> None:
    source = "<#assign l = \"<a href='x'>\">\n<a href=y>y</a>"

    assert found(source) == [("EL203", 2, 9)]


@pytest.mark.parametrize(
    "binding", ["th:href", "data-th-href", ":href", "v-bind:href", "[href]"])
def test_attribute_binding_replaces_the_literal_href(binding: str) -> None:
    source = f'<a {binding}="@{{/sale(id=${{id}})}}" href=fallback>x</a>'

    assert links(source) == []
    assert found(source) == []


def test_without_binding_the_same_href_is_linted() -> None:
    assert found("<a class=x href=fallback>x</a>") == [("EL203", 1, 17)]


# Every dialect inside a value ---------------------------------------------

@pytest.mark.parametrize(
    "value",
    [
        "{{ url }}", "{{{ url }}}", "{% url 'x' %}", "<%= url %>",
        "*|ARCHIVE|*", "%%=RedirectTo(@u)=%%", "%%view_email_url%%",
        "${url}", "{!! $url !!}", "%recipient.url%", "%(link)s", "[[URL]]",
        '{{ url_for("home") }}', "{{ url }}?utm_source=mail",
        "https://shop.com/{{ path }}", "https://{{ host }}/a",
        "{% if a %}https://a.com{% else %}https://b.com{% endif %}",
    ],
)
def test_each_dialect_in_a_value_is_opaque(value: str) -> None:
    quote = "'" if '"' in value else '"'
    source = f"<p>Hi</p>\n<a href={quote}{value}{quote}>Go</a>"

    assert found(source, NOT_EL301) == []
    [link] = links(source)
    assert link.is_templated


def test_config_delimiters_make_a_token() -> None:
    source = '<a href="<<url>>">a</a>'
    config = Config(template_delimiters=(("<<", ">>"),),
                    ignore=NOT_EL301.ignore)

    assert found(source, config) == []
    tokens = TokenIndex(DialectTable.build((("<<", ">>"),)).find_tokens(source))
    [link] = build_links(source, scan(source, tokens), tokens)
    assert link.is_templated


def test_without_config_the_custom_token_is_markup() -> None:
    # "<<url>>" opens a tag when no delimiter says otherwise.
    assert found('<a href="<<url>>">a</a>') != []


def test_unclosed_token_in_a_value_is_el209() -> None:
    assert found('<p>x</p>\n<a href="{{ url }">a</a>') == [("EL209", 2, 10)]


# Python format strings: single braces only when the config says so ----------

def brace_config() -> Config:
    return Config(template_delimiters=(("{", "}"),), ignore=NOT_EL301.ignore)


def test_single_brace_is_a_token_when_configured() -> None:
    table = DialectTable.build((("{", "}"),))

    assert [t.text for t in table.find_tokens("a {name} b")] == ["{name}"]
    assert found('<a href="{url}">a</a>', brace_config()) == []
    [link] = links('<a href="https://shop.com/{id}">a</a>')
    assert not link.is_templated  # not a token without the config


def test_single_brace_keeps_double_brace_tokens() -> None:
    table = DialectTable.build((("{", "}"),))
    tokens = table.find_tokens("{{ a }} {{{ b }}} {% if c %} {d}")

    assert [(t.text, t.dialect) for t in tokens] == [
        ("{{ a }}", "jinja"), ("{{{ b }}}", "handlebars"),
        ("{% if c %}", "jinja"), ("{d}", "custom")]


def test_single_brace_does_not_hide_an_unclosed_double_brace() -> None:
    assert ("EL209", 1, 10) in found('<a href="{{ url }">a</a>', brace_config())


def test_single_brace_from_a_config_file(tmp_path: Path) -> None:
    config_file = tmp_path / "lint-email.toml"
    config_file.write_text('template-delimiters = [["{", "}"]]\n')
    config = read_config_file(config_file)
    assert config.template_delimiters == (("{", "}"),)

    source = '<a href="{url}">a</a>\n<a href="{{ url }">b</a>'
    result = found(source, config.replace(ignore=NOT_EL301.ignore))
    assert ("EL209", 2, 10) in result
    assert [line for _, line, _ in result if line == 1] == []


# Reading files: BOMs, declarations, undeclared bytes -----------------------

SOURCE = "<p>\u00e9\u00e8</p>\r\n<p>\u00fc <a href=x>y</a></p>\n"
EXPECTED = [("EL203", 2, 14)]


def lint_file(tmp_path: Path, name: str, data: bytes) -> list[tuple[str, int, int]]:
    path = tmp_path / name
    path.write_bytes(data)
    return [(f.code, f.line or 0, f.column or 0)
            for f in lint_paths([path], config=PROBES)]


@pytest.mark.parametrize(
    "bom, codec",
    [
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
    ],
)
def test_bom_decides_the_encoding(tmp_path: Path, bom: bytes, codec: str) -> None:
    assert lint_file(tmp_path, "a.html", bom + SOURCE.encode(codec)) == EXPECTED


def test_utf16_without_bom_is_el902(tmp_path: Path) -> None:
    result = lint_file(tmp_path, "a.html", SOURCE.encode("utf-16-le"))

    # No guessing: "<\0p\0>\0" is valid UTF-8 (six code points), and the
    # first bad byte is the 0xE9 of "\u00e9", at column 7.
    assert result[0] == ("EL902", 1, 7)


@pytest.mark.parametrize(
    "declaration, codec",
    [
        ('<meta charset="windows-1252">', "cp1252"),
        ("<meta charset=iso-8859-1>", "latin-1"),
        ('<meta http-equiv="Content-Type" content="text/html; '
         'charset=iso-8859-1">', "latin-1"),
        ("<META HTTP-EQUIV='content-type' CONTENT='text/html;charset=koi8-r'>",
         "koi8-r"),
    ],
)
def test_declared_charset_decodes(tmp_path: Path, declaration: str, codec: str) -> None:
    text = declaration + "\n" + SOURCE.replace("\u00e9\u00e8", "\u00e9")
    if codec == "koi8-r":
        text = text.replace("\u00e9", "\u0436").replace("\u00fc", "\u044f")
    assert lint_file(tmp_path, "a.html", text.encode(codec)) == [("EL203", 3, 14)]


def test_undeclared_latin1_is_el902_at_the_first_bad_byte(tmp_path: Path) -> None:
    data = "<p>ok</p>\n<p>ab \u00e9 and \u00e8</p><a href=x>".encode("latin-1")

    assert lint_file(tmp_path, "a.html", data) == [
        ("EL902", 2, 7), ("EL203", 2, 26)]


def test_utf8_is_the_default(tmp_path: Path) -> None:
    assert lint_file(tmp_path, "a.html", SOURCE.encode("utf-8")) == EXPECTED


def test_every_dialect_in_any_extension(tmp_path: Path) -> None:
    source = '<a href="{{ url }">a</a>'
    for name in ("a.html", "b.mjml", "c.liquid", "d.ftl", "e.blade.php"):
        assert lint_file(tmp_path, name, source.encode()) == [("EL209", 1, 10)]
