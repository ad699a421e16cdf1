"""The engine's memo of link answers gives what the rules give.

A link met before (same start tag, text and tokens, at another offset) is
answered from the memo, its hits and edits moved to where it is. Each test
here lints with the memo and without it and wants the same findings and
the same edits, so that a rule that came to read something outside the
link, or a key that left a part of the link out, would show.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linter.config import Config
from linter.engine import Engine
from linter.rules import rule_modules
from linter.source import Document

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"

# Links that rules report (with and without fixes), links they pass, and
# the markup around them that changes what a link is: tokens in and
# between attributes, a conditional comment, text, attributes after href.
_LINKS = [
    '<a href="www.shop.com">Shop</a>',
    '<a href="www.shop.com">www.other.com</a>',
    "<a href=www.shop.com>Shop</a>",
    '<a href="#">x</a>',
    '<a href="https://example.com">example</a>',
    '<a href="http://shop.com/a b">Sale</a>',
    '<a href="htp://shop.com">x</a>',
    '<a href="https://shop.com/?u={{ user }}">x</a>',
    '<a href="{{ url }}">x</a>',
    '<a {% if vip %}class="vip"{% endif %} href="https://shop.com">x</a>',
    '<a href="https://shop.com" clicktracking="off">x</a>',
    '<a clicktracking=off href="https://shop.com">x</a>',
    '<a href = "https://shop.com">x</a>',
    '<a href="https://shop.com" href="https://b.com">x</a>',
    '<a href="mailto:bob@@shop.com">mail</a>',
    '<a href="\u201chttps://shop.com\u201d">x</a>',
    '<area href="https://shop.com">',
    '<a href="https://shop.com">https://shop.com</a>',
]
_FILLERS = ["", "\n", "<p>text</p>", "  ", "<td style=\"x\">", "{{ name }}",
            "<!--[if mso]>", "<![endif]-->", "\u00e9\u00e8", "\r\n\t"]


def _plain(source: str, monkeypatch: pytest.MonkeyPatch,
           path: str = "t.html") -> list[object]:
    """What the rules give link by link, with no memo at all."""
    engine = Engine(Config())
    with monkeypatch.context() as patched:
        patched.setattr(Engine, "_link_memo", lambda self, selected: None)
        return list(engine.lint_document_with_edits(
            Document(path=path, text=source)))


def test_a_repeated_link_is_reported_at_each_place(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    source = "\n".join(["<p>", *_LINKS, "<p>x</p>  ", *_LINKS, *_LINKS])
    engine = Engine(Config())

    remembered = list(engine.lint_document_with_edits(
        Document(path="t.html", text=source)))

    assert remembered == _plain(source, monkeypatch)
    # Each of the three copies has its own findings, at its own place.
    places = {(finding.line, finding.column) for finding, _ in remembered}
    assert len(places) >= 3 * 8
    assert any(edit is not None for _, edit in remembered)


def test_a_link_in_a_conditional_comment_is_its_own(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The same tag inside Outlook's conditional comment says so."""
    tag = '<v:roundrect href="https://shop.com/sale">Sale</v:roundrect>'
    source = f"{tag}\n<!--[if mso]>{tag}<![endif]-->\n{tag}"

    remembered = list(Engine(Config()).lint_document_with_edits(
        Document(path="t.html", text=source)))

    assert remembered == _plain(source, monkeypatch)
    messages = [finding.message for finding, _ in remembered
                if finding.code == "EL305"]
    assert len(messages) == 3
    assert sum("conditional comment" in message for message in messages) == 1


def test_the_memo_answers_a_link_met_before(monkeypatch: pytest.MonkeyPatch) -> None:
    engine = Engine(Config())
    calls: list[str] = []
    original = Engine._check_link

    def counting(self: Engine, link, checks):  # type: ignore[no-untyped-def]
        calls.append(link.value)
        return original(self, link, checks)

    monkeypatch.setattr(Engine, "_check_link", counting)
    engine.lint_document(Document(path="a.html", text='<a href="#">x</a>'))
    engine.lint_document(Document(path="b.html", text='\n\n <a href="#">x</a>'))
    engine.lint_document(Document(path="c.html", text='<a href="#">y</a>'))

    # The second file's link is the first one moved: only the third, whose
    # text differs, goes through the rules again.
    assert calls == ["#", "#"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_FILLERS), st.sampled_from(_LINKS)),
                min_size=1, max_size=12))
def test_any_arrangement_of_links_gives_the_plain_answers(
    pieces: list[tuple[str, str]],
) -> None:
    source = "".join(filler + link for filler, link in pieces)
    with pytest.MonkeyPatch.context() as monkeypatch:
        # One engine for all examples would carry its memo across them,
        # which is what a run does: keep it.
        remembered = list(_SHARED.lint_document_with_edits(
            Document(path="t.html", text=source)))
        assert remembered == _plain(source, monkeypatch)


_SHARED = Engine(Config())


def test_selections_do_not_share_answers() -> None:
    """A per-file ignore changes the rules a link meets: its own memo."""
    config = Config(per_file_ignores=(("quiet/*", ("EL107",)),))
    engine = Engine(config)
    link = '<a href="#">x</a>'

    loud = engine.lint_document(Document(path="loud/a.html", text=link))
    quiet = engine.lint_document(Document(path="quiet/a.html", text=link))

    assert [finding.code for finding in loud] == ["EL107"]
    assert quiet == []


@pytest.mark.skipif(not CORPUS.is_dir(), reason="no shared corpus here")
def test_the_corpus_gives_the_plain_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every corpus template, linted in one run (memo shared), as if alone."""
    engine = Engine(Config())
    paths = sorted(CORPUS.rglob("*.html"))
    assert paths
    for path in paths:
        source = path.read_text(encoding="utf-8", errors="replace")
        remembered = list(engine.lint_document_with_edits(
            Document(path=path.name, text=source)))
        assert remembered == _plain(source, monkeypatch, path.name), path.name


def test_link_rules_read_only_the_link_and_the_settings() -> None:
    """The memo's premise, in the rules' signatures: (link, context)."""
    import inspect

    for module in rule_modules():
        if module.SCOPE == "link":
            assert list(inspect.signature(module.check).parameters) == [
                "link", "ctx"], module.CODE
