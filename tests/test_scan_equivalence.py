"""The fast scan gives what the exact scan gives, wherever the two can differ.

``scan_links`` skips the markup no rule reads in one compiled pattern and
hands a tag to the exact ``Scanner`` only where a template token lies in
it. These tests hold the two to the same links, comments, text spans and
findings: on hand-picked markup, on every file of the shared corpus, and
on generated markup with template tokens sprinkled in.
"""

from __future__ import annotations

from pathlib import Path
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import linter.engine
from linter.config import Config
from linter.dialects import DialectTable, TokenIndex
from linter.engine import Engine
from linter.extract import build_links
from linter.files import lint_bytes
from linter.findings import Finding
from linter.scan import Scan, TextSpans, scan, scan_links
from linter.source import Document

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
TABLE = DialectTable.build()


def _reads_href(tag_attributes: tuple[object, ...]) -> bool:
    return any("href" in getattr(attribute, "name", "") for attribute in tag_attributes)


def assert_same_scan(text: str, table: DialectTable = TABLE) -> None:
    """Fast and exact scans agree on everything the fast one records."""
    index = TokenIndex(table.find_tokens(text))
    exact, fast = scan(text, index), scan_links(text, index)

    assert build_links(text, fast, index) == build_links(text, exact, index)
    assert fast.comments == exact.comments
    kept = [tag for tag in exact.start_tags if _reads_href(tag.attributes)]
    assert fast.start_tags == kept
    assert fast.end_tags == [tag for tag in exact.end_tags if tag.name == "a"]
    _assert_same_text(text, exact, index)


def _assert_same_text(text: str, exact: Scan, index: TokenIndex) -> None:
    """``in_text`` (before the spans exist) and ``text_spans`` both agree.

    Offsets asked: every one in a short text; in a long one, both sides of
    the edges of some spans (where a mistake would show) and a sample.
    """
    spans = list(exact.text_spans)
    if len(text) <= 2000:
        offsets = list(range(len(text) + 1))
        inside = [any(s <= o < e for s, e in spans) for o in offsets]
        assert [exact.in_text(offset) for offset in offsets] == inside
    else:
        edges = {edge + shift for span in spans[::7] for edge in span
                 for shift in (-1, 0)}
        offsets = sorted(edges | set(range(0, len(text), 211)))
    expected = [exact.in_text(offset) for offset in offsets]
    expected_spans = [exact.text_span_at(offset) for offset in offsets]

    fresh = scan_links(text, index)
    assert [fresh.in_text(offset) for offset in offsets] == expected
    assert [fresh.text_span_at(offset) for offset in offsets] == expected_spans
    fast = scan_links(text, index)
    assert list(fast.text_spans) == spans
    assert [fast.in_text(offset) for offset in offsets] == expected
    assert [fast.text_span_at(offset) for offset in offsets] == expected_spans


def exact_findings(
    data: bytes, path: str, monkeypatch: pytest.MonkeyPatch
) -> list[Finding]:
    """The findings with the engine on the exact scan."""
    with monkeypatch.context() as patch:
        patch.setattr(linter.engine, "scan_links", scan)
        return lint_bytes(data, path, Engine(Config()))


CASES = [
    # Quoting, in and out of template tokens.
    '<a href="{{ url_for("home") }}" class="x">home</a>',
    "<a href='{{ a > b }}' title=\"x>y\">t</a><a href=bare>b</a>",
    '<a title="x>y" href="after">z</a><a href = "spaced">s</a>',
    '<a href="x&amp;y&lt;z">r</a><a href=x&region=eu>e</a>',
    # Template logic between attributes, and tokens cut into names.
    '<a {% if vip %}href="https://a.com"{% else %}href="https://b.com"{% endif %}>',
    '<td style="color: {{ c }}" {{ attrs }}><a href{{x}}="y">t</a></td>',
    '<a{{ x }} href="y">t</a><{{ tag }} href="z">',
    # Comments, conditionals, raw text, bogus comments.
    '<!-- <a href="hidden"> --><!--> <a href="a"><!---><a href="b"><!-- x --!>',
    '<!--[if mso]><v:roundrect href="https://a.com"></v:roundrect><![endif]-->'
    '<!--[if !mso]><!--><a href="https://b.com">b</a><!--<![endif]-->',
    '<script>x="<a href=\'s\'>"</script><style>a{}</style><title><a href="t">'
    '</title><textarea><a href="u"></textarea><a href="v">',
    '<script>{{ "</script>" }}<a href="in-script"></script><a href="after">',
    # Attributes the skip's usual form reads, and those it leaves to the rest.
    '<td  height="1" width=\'2\' data.x="3" class="a"/ style="b"\tid=c><a HREF="x">',
    '<td class="x"href="y">t</td><td class="a"x="b" ="c" =d><p a-b_c:d="">p</p>',
    '<td style="a"hreflang="en" h="1" H="2" hhref="z">u</td><img src="i"/>',
    # Raw-text names in any ASCII case, and near misses that are not raw text.
    '<SCRIPT><a href="s"></SCRIPT><StYlE><a href="t"></sTyLe><XMP><a href=u></xmp>',
    '<\u017fcript><a href="long-s"></a><scripts><a href="v"></a><titles>'
    '<a href="w"></a><noscript><a href="x"></noscript><iframe><a href=y></iframe>',
    "<!DOCTYPE html><?xml x?><![CDATA[<a href='c'>]]></ ><a href=d></>",
    # Tokens that hold markup, and markup inside tokens.
    "<#assign link = \"<a href='x'>\"> <a href=\"y\">{!! '<a href=\"z\">' !!}",
    '{{ "<!--" }}<a href="a">{{ "-->" }}</a><%= "<a href=x>" %>',
    # Cut short: end of file inside tags, values and comments.
    '<a href="x"', '<a href="x', "<a href=", "<a ", "</a", "</", "<!-- open",
    '<a href="{{ open"', '<!--[if mso]><a href="x"><![endif]-',
    # Other elements with links, bindings, and their end tags.
    '<mj-button href="m">M http://x.com</mj-button><a th:href="@{/x}">T</a>',
    '<button href="i">I</button><area href="a"><link href="s.css"><base href="/">',
    '<link href="s.css">www.x.com</link><mj-button href=m>x</MJ-Button >',
    '<A HREF="upper">U</A><a\nhref\n=\nx>n</a><a href="1" href="2">d</a>',
    # A link's text and "</a>" read with its start tag, and what stops that:
    # raw text after the tag, a tag or token in the text, other end tags.
    '<title>Hi</a></title><a href="x">t</a><a href=y></a><a href="z">t</A>',
    '<style>a</a></style><a href="x">t</a ><a href="y">t</a\n><a href="z">t</abbr>',
    '<a href="x">{{ t }}</a><a href="y">a&amp;b <b>c</b></a><a href="z">\n</a>',
    '<area href="x">text</a><textarea>t</a></textarea><a href="w">é</a>',
    # Text spans around lone "<", tokens and line ends.
    "a < b {{ x < y }} c <3 <<a href=k>k</a> \r\n<p>Grüße\U0001F600</p>",
    "*|UNSUB|* %%[ x ]%% ${ a{b} } [[LINK]] %(u)s @if($x) <a href=*|U|*>",
]


@pytest.mark.parametrize("source", CASES)
def test_hand_picked_markup(source: str) -> None:
    assert_same_scan(source)


@pytest.mark.parametrize("source", CASES)
def test_hand_picked_findings(source: str, monkeypatch: pytest.MonkeyPatch) -> None:
    data = source.encode("utf-8")
    assert lint_bytes(data, "t.html", Engine(Config())) == exact_findings(
        data, "t.html", monkeypatch
    )


def test_big_files_keep_their_spans_in_an_array(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Past a size the spans go in a TextSpans array; it reads the same."""
    import linter.scan

    monkeypatch.setattr(linter.scan, "_SPANS_AS_LIST", 0)
    for source in CASES:
        assert_same_scan(source)
    index = TokenIndex(TABLE.find_tokens("a<b>c</b>d"))
    spans = scan_links("a<b>c</b>d", index).text_spans
    assert isinstance(spans, TextSpans)
    assert (len(spans), spans[0], spans[-1], spans[1:]) == (3, (0, 1), (9, 10),
                                                            [(4, 5), (9, 10)])
    assert spans == [(0, 1), (4, 5), (9, 10)]
    with pytest.raises(IndexError):
        spans[3]


def test_custom_delimiters_are_opaque_too() -> None:
    table = DialectTable.build((("<<", ">>"), ("!x", "x!")))
    assert_same_scan('<a href="<<url>>">a</a><!x a x!><a <<x>> href="b">', table)


def test_fast_scan_leaves_out_unread_tags() -> None:
    """What makes it fast: only tags with an href are recorded."""
    index = TokenIndex(TABLE.find_tokens('<td class="x"><a href="y">t</a></td>'))
    fast = scan_links('<td class="x"><a href="y">t</a></td>', index)
    assert [tag.name for tag in fast.start_tags] == ["a"]
    assert [tag.name for tag in fast.end_tags] == ["a"]
    assert not fast.complete


def _corpus_files() -> list[Path]:
    if not CORPUS.is_dir():
        return []
    from linter.discovery import has_template_extension

    return sorted(p for p in CORPUS.rglob("*") if has_template_extension(p.name))


@pytest.fixture(scope="module")
def corpus_files() -> list[Path]:
    files = _corpus_files()
    if not files:
        pytest.skip("../shared is absent (a clone without the shared folder)")
    return files


def test_corpus_scans_agree(corpus_files: list[Path]) -> None:
    from linter.source import decode

    for path in corpus_files:
        text, _ = decode(path.read_bytes())
        assert_same_scan(text)


def test_corpus_findings_agree(
    corpus_files: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = Engine(Config())
    for path in corpus_files:
        data = path.read_bytes()
        fast = lint_bytes(data, str(path), engine)
        assert fast == exact_findings(data, str(path), monkeypatch), path


# Pieces that meet at every boundary the two scanners handle differently:
# tokens inside tags, values and names, quotes, comment and raw-text ends.
_PIECES = [
    "<a", "<A", " href=", " HREF=", "href", " th:href=", "=", " ", "\n", "\r",
    "\t", "/", ">", "<", "</a>", "</a", "</", "<td", " class=", "<mj-button",
    "</mj-button>", '"', "'", "x", "https://a.com", "&amp;", "<!--", "-->",
    "--!>", "<!--[if mso]>", "<![endif]-->", "<!", "<?", "<script>",
    "</script>", "<style>", "</style", "<title>", "{{ url }}", '{{ "q" }}',
    "{{ a > b }}", "{% if x %}", "{% endif %}", "{{", "}}", "<%= x %>",
    "<#if a>", "</#if>", "*|U|*", "${ y }", "[[L]]", "{# c #}", "{{!-- c --}}",
    "lint-email: disable-next-line", "www.shop.com", "<link", "</link>",
    "</MJ-BUTTON >", "<v:roundrect", "</v:roundrect>",
]


@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_PIECES), max_size=40).map("".join))
def test_generated_markup(source: str) -> None:
    assert_same_scan(source)


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_PIECES), max_size=30).map("".join))
def test_generated_findings(source: str) -> None:
    engine = Engine(Config())
    document = Document(path="t.html", text=source)
    fast = engine.lint_document(document)
    with mock.patch.object(linter.engine, "scan_links", scan):
        exact = engine.lint_document(Document(path="t.html", text=source))
    assert fast == exact
