"""Big files read narrowed give the findings of the whole wide text.

``linter.widechars`` keeps a big template at one byte a character and
puts the real characters back wherever a rule reads them. These tests
narrow small files too (the size threshold patched to 0), so that every
corpus template and hand-made markup with wide characters in each place
a rule reads is linted both ways and compared.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import linter.files
from linter.config import Config
from linter.engine import Engine
from linter.files import _read_documents, lint_file
from linter.findings import Finding
from linter.widechars import STAND_IN, narrow_decode

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"

_TEXT = st.text(alphabet="ab<>\"'\n\x1aé\u2019\u200b\U0001F389\u0416", max_size=200)


def _pieces(data: bytes, size: int) -> list[bytes]:
    return [data[at:at + size] for at in range(0, len(data), size)]


@settings(max_examples=300, deadline=None)
@given(_TEXT, st.integers(1, 9), st.data())
def test_restore_gives_back_every_slice(text: str, size: int,
                                        data: st.DataObject) -> None:
    encoded = text.encode("utf-8")
    # The hint is the file's size; a wrong one may cost time, never bytes.
    hint = data.draw(st.sampled_from([0, len(encoded), len(encoded) // 2]))
    narrowed = narrow_decode(_pieces(encoded, size), "utf-8", hint)
    if narrowed is None:
        # Only a text with too many wide characters is left unnarrowed.
        assert sum(ord(char) > 0xFF for char in text) * 64 > 0
        return
    narrow, wide = narrowed

    assert len(narrow) == len(text)
    assert max(narrow, default="a") <= "\xff"
    assert wide.restore(narrow, 0, len(narrow)) == text
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    assert wide.restore(narrow, start, end) == text[start:end]
    assert wide.touches(start, end) == any(ord(c) > 0xFF for c in text[start:end])


def test_stand_in_is_the_only_change() -> None:
    text = ("<a href='https://shop.example/\u2019'>caf\u00e9 \U0001F389</a>"
            + " " * 200) * 100
    narrowed = narrow_decode([text.encode("utf-8")], "utf-8")
    assert narrowed is not None
    narrow, wide = narrowed
    assert narrow == text.replace("\u2019", STAND_IN).replace("\U0001F389", STAND_IN)
    assert len(wide) == 200


def test_stand_ins_keep_the_class_patterns_read() -> None:
    text = "a\u3000b\u0416c\u2192d\u2028e\u0663" + " " * 600
    narrowed = narrow_decode([text.encode("utf-8")], "utf-8")
    assert narrowed is not None
    narrow = narrowed[0]
    for real, stand_in in zip(text, narrow):
        assert real.isspace() == stand_in.isspace()
        assert real.isalnum() == stand_in.isalnum()


def test_mostly_wide_or_undecodable_text_is_not_narrowed() -> None:
    cyrillic = "<p>Отписаться от рассылки</p>".encode("utf-8")
    assert narrow_decode([cyrillic], "utf-8") is None
    assert narrow_decode([b"<p>ok\xff</p>"], "utf-8") is None


def _findings_both_ways(path: Path, monkeypatch: pytest.MonkeyPatch,
                        engine: Engine) -> tuple[list[Finding], list[Finding], bool]:
    """Findings read whole and read narrowed, and whether it was narrowed."""
    whole = lint_file(path, path.name, engine)
    monkeypatch.setattr(linter.files, "NARROW_MIN_BYTES", 0)
    narrowed = lint_file(path, path.name, engine)
    was_narrowed = _read_documents(path, path.name)[0].wide is not None
    monkeypatch.undo()
    return whole, narrowed, was_narrowed


WIDE_MARKUP = """<html><body>
<!-- lint-email: disable-next-line EL101 \u2014 the shop asked for it -->
<a href="www.shop.example/\u2019sale">Sale \U0001F389</a>
<a href="https://\u043f\u0440\u0438\u043c\u0435\u0440.example/ caf\u00e9">\u2192 go</a>
<a href=\u201chttps://shop.example/\u201d>quotes</a>
<a href="{{ url \u2019x }}">token</a>
<a h\u200bref="https://shop.example/">name</a>
<p>Visit https://\u043f\u0440\u0438\u043c\u0435\u0440.example/\u2192 today</p>
<p>https://shop.example/a\u3000next \u0416https://shop.example/word</p>
<p>\u2028www.shop.example</p>
<a href="https://bit.ly/\u0416">short</a>
</body></html>
""" + "<p>" + "plain words " * 400 + "</p>\n"


def test_wide_characters_everywhere_a_rule_reads(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "wide.html"
    path.write_text(WIDE_MARKUP * 3, encoding="utf-8")
    whole, narrowed, was_narrowed = _findings_both_ways(path, monkeypatch,
                                                        Engine(Config()))

    assert was_narrowed
    assert len(whole) > 10
    assert narrowed == whole


def test_corpus_findings_are_the_same_narrowed(
        monkeypatch: pytest.MonkeyPatch) -> None:
    if not CORPUS.is_dir():
        pytest.skip("../shared is absent (a clone without the shared folder)")
    engine = Engine(Config())
    narrowed_files = 0
    for path in sorted(CORPUS.rglob("*.html")):
        whole, narrowed, was_narrowed = _findings_both_ways(path, monkeypatch,
                                                            engine)
        assert narrowed == whole, path
        narrowed_files += was_narrowed
    assert narrowed_files > 20


@pytest.mark.parametrize("encoding, prefix", [
    ("utf-16", b""),  # Python writes the BOM itself
    ("utf-8", b"\xef\xbb\xbf"),
    ("cp1252", b'<meta charset="windows-1252">\r\n'),
])
def test_encodings_and_line_ends_lint_the_same_narrowed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, encoding: str,
        prefix: bytes) -> None:
    markup = WIDE_MARKUP if encoding != "cp1252" else WIDE_MARKUP.encode(
        "cp1252", "replace").decode("cp1252")
    path = tmp_path / f"{encoding}.html"
    path.write_bytes(prefix + markup.replace("\n", "\r\n").encode(encoding))
    whole, narrowed, was_narrowed = _findings_both_ways(path, monkeypatch,
                                                        Engine(Config()))

    assert was_narrowed
    assert len(whole) > 10
    assert narrowed == whole


def test_an_undecodable_big_file_is_read_the_usual_way(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "bad.html"
    path.write_bytes(WIDE_MARKUP.encode("utf-8") + b"<p>\xff</p>")
    whole, narrowed, was_narrowed = _findings_both_ways(path, monkeypatch,
                                                        Engine(Config()))

    assert not was_narrowed
    assert "EL902" in {finding.code for finding in whole}
    assert narrowed == whole
