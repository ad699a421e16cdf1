"""Records built with ``tuple.__new__`` hold the fields their class names.

The hot paths build findings, tokens, links and hits positionally with
``linter.links.record``, which is ``tuple.__new__`` (no NamedTuple
``__new__``, no defaults filled in), so a
value in the wrong place, or a field added to the class and not to the
site, would go unnoticed by the type checker. Each test here takes a record
from the real site and compares it with one built by keyword from values
known independently, every field set to something distinct.
"""

from typing import Any, NamedTuple

import pytest

from linter.config import Config
from linter.dialects import DialectTable, TokenIndex
from linter.engine import Engine, _Located
from linter.extract import build_links
from linter.findings import Finding
from linter.links import TEMPLATE_MARK, Attribute, Link, TemplateToken
from linter.rules.base import Edit, Hit
from linter.scan import Comment, EndTag, StartTag, scan, scan_links
from linter.source import Document
from linter.urlcheck import fixed_value, whole_value_hit

# One of each kind of token: output, logic, comment (delimited), and two
# matched by a pattern (AMPscript output, Blade logic).
TOKENS_SOURCE = (
    "<p>{{ first_name }}</p>{% if vip %}<b>VIP</b>{% endif %}"
    "{# a note #}<p>%%FirstName%%</p>@if($sale)<i>sale</i>"
)

LINK_SOURCE = (
    "<html><body>\n<!--[if mso]>\n"
    '<a {% if vip %}class="vip"{% endif %} '
    'href="https://shop.example/?a=1&amp;u={{ user_id }}">Shop  now</a>\n'
    "<![endif]-->\n</body></html>\n"
)


def _tokens(source: str) -> list[TemplateToken]:
    return DialectTable.build(()).find_tokens(source)


def _links(source: str) -> list[Link]:
    tokens = TokenIndex(_tokens(source))
    return build_links(source, scan_links(source, tokens), tokens)


def _token(source: str, token_text: str, dialect: str, is_logic: bool,
           is_comment: bool) -> TemplateToken:
    start = source.index(token_text)
    return TemplateToken(start=start, end=start + len(token_text),
                         text=token_text, dialect=dialect, is_logic=is_logic,
                         is_comment=is_comment)


def _assert_whole(record: NamedTuple, expected: NamedTuple) -> None:
    """Same class, every field there (none left to a default), same values."""
    assert type(record) is type(expected)
    assert len(record) == len(type(record)._fields)
    assert record._asdict() == expected._asdict()
    assert record == expected


def test_template_tokens_hold_their_fields_in_order() -> None:
    source = TOKENS_SOURCE
    expected = [
        _token(source, "{{ first_name }}", "jinja", False, False),
        _token(source, "{% if vip %}", "jinja", True, False),
        _token(source, "{% endif %}", "jinja", True, False),
        _token(source, "{# a note #}", "jinja", False, True),
        _token(source, "%%FirstName%%", "ampscript", False, False),
        _token(source, "@if($sale)", "blade", True, False),
    ]

    found = _tokens(source)

    assert len(found) == len(expected)
    for token, want in zip(found, expected):
        _assert_whole(token, want)


def test_a_link_holds_its_fields_in_order() -> None:
    source = LINK_SOURCE
    tokens = _tokens(source)
    [tag] = [t for t in scan_links(source, TokenIndex(tokens)).start_tags
             if t.name == "a"]
    [href] = [a for a in tag.attributes if a.name == "href"]
    raw = href.raw or ""
    value_token = next(t for t in tokens if t.text == "{{ user_id }}")
    # "&amp;" decodes to one "&", read from the reference's first offset;
    # the token becomes one mark, read from the token's start.
    before_amp = raw.index("&amp;")
    offsets = (
        [href.value_start + i for i in range(before_amp + 1)]
        + [href.value_start + i for i in range(before_amp + 5,
                                               raw.index("{{"))]
        + [value_token.start, href.value_start + len(raw)]
    )

    [link] = _links(source)

    _assert_whole(link, Link(
        element="a",
        attribute=href,
        tag_start=source.index("<a "),
        attributes=tag.attributes,
        value=f"https://shop.example/?a=1&u={TEMPLATE_MARK}",
        offsets=tuple(offsets),
        tokens=(value_token,),
        in_conditional=True,
        text="Shop now",
        part=None,
        tag_tokens=tuple(t for t in tokens if t.text.startswith("{%")),
        tag_end=source.index(">", source.index('href="')) + 1,
    ))


def test_a_whole_value_hit_holds_its_fields_in_order() -> None:
    [link] = _links(LINK_SOURCE)
    start = link.offset(0)
    end = link.offset(len(link.value))
    edit = Edit(start=start + 4, end=start + 5, replacement="s:")

    _assert_whole(whole_value_hit(link, "a message"),
                  Hit(start=start, end=end, message="a message", fix=None,
                      edit=None))
    _assert_whole(whole_value_hit(link, "a message", edit),
                  Hit(start=start, end=end, message="a message",
                      fix=fixed_value(link, edit), edit=edit))


def _hit_and_document() -> tuple[Hit, Link, Document]:
    """A hit that runs over a line break, in a document that is a part."""
    [link] = _links(LINK_SOURCE)
    start = LINK_SOURCE.index("https://")
    end = LINK_SOURCE.index("<![endif]")
    hit = Hit(start=start, end=end, message="the message", fix="the fix",
              edit=Edit(start=start, end=start + 5, replacement="https"))
    document = Document(path="mail.eml", text=LINK_SOURCE, part="2 text/html")
    return hit, link, document


def _line_and_column(text: str, offset: int) -> tuple[int, int]:
    return text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset)


def _finding_by_keyword(engine: Engine, code: str, hit: Hit, link: Link | None,
                        document: Document) -> Finding:
    line, column = _line_and_column(document.text, hit.start)
    end_line, end_column = _line_and_column(document.text, hit.end)
    name, severity = engine._rule_identity(code)
    return Finding(
        path=document.path, line=line, column=column, end_line=end_line,
        end_column=end_column, code=code, name=name, severity=severity,
        message=hit.message, href=link.raw if link is not None else None,
        fix=hit.fix, part=document.part, domain=None,
    )


@pytest.mark.parametrize("with_link", [True, False])
def test_a_finding_holds_its_fields_in_order(with_link: bool) -> None:
    engine = Engine(Config())
    hit, link, document = _hit_and_document()
    chosen = link if with_link else None
    expected = _finding_by_keyword(engine, "EL107", hit, chosen, document)
    # Every field differs from the one beside it, so a swap shows.
    values: list[Any] = list(expected)
    assert all(a != b for a, b in zip(values, values[1:]) if a is not None)

    _assert_whole(engine._finding("EL107", hit, document, chosen), expected)


def test_located_findings_hold_their_fields_in_order() -> None:
    engine = Engine(Config())
    hit, link, document = _hit_and_document()
    plain_hit = hit._replace(edit=None)

    located = engine._located(
        [("EL107", hit, link), ("EL301", plain_hit, None)], document)

    assert len(located) == 2
    _assert_whole(located[0], _Located(
        offset=hit.start,
        finding=_finding_by_keyword(engine, "EL107", hit, link, document),
        edit=hit.edit,
    ))
    _assert_whole(located[1], _Located(
        offset=hit.start,
        finding=_finding_by_keyword(engine, "EL301", plain_hit, None, document),
        edit=None,
    ))


def test_attributes_hold_their_fields_in_order() -> None:
    source = '<a  title = \'T\' href="https://shop.example/" download>x</a>'
    [tag] = scan_links(source, TokenIndex([])).start_tags

    title, href, download = tag.attributes

    _assert_whole(title, Attribute(
        name="title", name_start=source.index("title"), raw="T",
        value_start=source.index("T'"), quote="'",
        equals_start=source.index("="), spaced_equals=True,
    ))
    _assert_whole(href, Attribute(
        name="href", name_start=source.index("href"),
        raw="https://shop.example/", value_start=source.index("https"),
        quote='"', equals_start=source.index('="'), spaced_equals=False,
    ))
    _assert_whole(download, Attribute(
        name="download", name_start=source.index("download"),
    ))


def test_the_fast_scans_records_are_the_exact_scans() -> None:
    """Tags, end tags and comments, as the step-by-step scanner makes them
    (by position, through the NamedTuple constructor)."""
    source = ('<!-- note --><a class="c" href="https://shop.example/">Shop</a>'
              '<!--[if mso]><a href="x">t</a><![endif]-->')
    index = TokenIndex([])
    fast, exact = scan_links(source, index), scan(source, index)

    for found, made in zip(fast.start_tags, exact.start_tags, strict=True):
        _assert_whole(found, made)
    assert fast.start_tags[1].in_conditional
    for found_end, made_end in zip(fast.end_tags, exact.end_tags, strict=True):
        _assert_whole(found_end, made_end)
    for found_comment, made_comment in zip(fast.comments, exact.comments,
                                           strict=True):
        _assert_whole(found_comment, made_comment)
    assert len(fast.comments) == 2


# The classes built field by field with tuple.__new__, and how many fields
# each site gives. A field added to a class changes the left side only: the
# test fails until the site and this table give the new one too.
FAST_SITES = {
    "Finding (engine._finding)": (Finding, 13),
    "_Located (engine._located)": (_Located, 3),
    "TemplateToken (dialects)": (TemplateToken, 6),
    "Link (extract.build_links)": (Link, 12),
    "Hit (urlcheck.whole_value_hit, engine._moved)": (Hit, 5),
    "Attribute (scan._read_attributes)": (Attribute, 7),
    "StartTag (scan._read_start_tag)": (StartTag, 6),
    "EndTag (scan, </a>)": (EndTag, 2),
    "Comment (scan, plain and conditional)": (Comment, 4),
}


@pytest.mark.parametrize("site", sorted(FAST_SITES))
def test_each_fast_site_gives_every_field_of_its_class(site: str) -> None:
    record_class, given = FAST_SITES[site]

    assert len(record_class._fields) == given, (
        f"{record_class.__name__} has {len(record_class._fields)} fields; "
        f"the tuple.__new__ site behind {site} gives {given}: update both"
    )
