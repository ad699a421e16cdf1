"""Fuzzing the whole lint: markup and template soup, and mutated templates.

Properties, for any input: ``lint_text`` and ``lint_bytes`` never raise;
every finding's line and column lie inside its document (line at most the
number of lines, column at most that line's length + 1); linting twice
gives the same findings. (That the fast and exact scans agree is
``tests/test_scan_equivalence.py``; the soup here feeds it too.)

The CI profile is short and derandomized (the same examples every run);
``pytest --fuzz-long tests/test_fuzz.py`` runs the long one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linter import Config
from linter.engine import Engine
from linter.files import documents_from_bytes, lint_bytes
from linter.findings import Finding
from linter.source import Document
from tests.test_scan_equivalence import assert_same_scan

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
ENGINE = Engine(Config(extend_select=("EL306", "EL405", "EL406", "EL903")))

_DELIMITERS = [
    ("{{", "}}"), ("{{{", "}}}"), ("{%", "%}"), ("{#", "#}"), ("{{!--", "--}}"),
    ("<%", "%>"), ("<%=", "%>"), ("<%#", "%>"), ("*|", "|*"), ("%%[", "]%%"),
    ("%%=", "=%%"), ("%%", "%%"), ("${", "}"), ("<#", ">"), ("<#--", "-->"),
    ("{!!", "!!}"), ("[[", "]]"), ("%recipient.", "%"), ("%(", ")s"),
    ("{{/*", "*/}}"),
]
_PIECES = [
    "<a", "<a ", "</a>", "<A HREF", "href", "href=", "HREF =", "=", '"', "'",
    "\u201c", "\u201d", ">", "/>", "<", "<!--", "-->", "--!>", "<!-->",
    "<!--[if mso]>", "<![endif]-->", "<!DOCTYPE html>", "<?xml ?>", "<![CDATA[",
    "<script>", "</script>", "<style>", "</style>", "<title>", "<textarea>",
    "<v:roundrect href=", "<area href=", "<mj-button href=", "</mj-button>",
    "<link href=", "th:href=", ":href=", "clicktracking=off", "data-pm-no-track",
    "https://", "http://", "www.shop.com", "shop.com/a?b=c&d=e", "mailto:",
    "tel:+41 600", "javascript:", "#", "&amp;", "&#x41;", "&nbsp;", "&",
    " ", "\t", "\n", "\r", "\r\n", "\x00", "\x0c", "\u00a0", "\u2028",
    "\U0001f600", "\U00010348", "\ufeff", "\ud7ff", "\ue000",
    "lint-email: disable-next-line EL101", "lint-email: disable-file",
    "@if", "%unsubscribe_url%", "*|UNSUB|*", "{{{ pm:unsubscribe }}}",
]


@st.composite
def template_soup(draw: st.DrawFn) -> str:
    """Markup, attributes with every quoting, comments and template tokens,
    balanced or not, joined in any order."""
    delimiter = st.sampled_from(_DELIMITERS).map(
        lambda pair: pair[0] + " x " + pair[1])
    unbalanced = st.sampled_from(_DELIMITERS).flatmap(
        lambda pair: st.sampled_from([pair[0], pair[1]]))
    piece = st.one_of(
        st.sampled_from(_PIECES), delimiter, unbalanced,
        st.text(max_size=8),
        st.text(alphabet="<>\"'=/ {}%|*#!-[]", max_size=6),
    )
    return "".join(draw(st.lists(piece, max_size=60)))


def _lines(text: str) -> list[str]:
    """The document's lines as SPEC counts them (CRLF and a lone CR end one)."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _assert_inside(findings: list[Finding], documents: list[Document]) -> None:
    texts = {document.part: document.text for document in documents}
    for finding in findings:
        if finding.line is None:
            continue
        lines = _lines(texts.get(finding.part, ""))
        assert 1 <= finding.line <= len(lines), finding
        assert finding.column is not None
        assert 1 <= finding.column <= len(lines[finding.line - 1]) + 1, finding


def check_text(text: str) -> None:
    """Every property for one input, as a .html file and its bytes."""
    data = text.encode("utf-8", errors="surrogatepass")
    first = lint_bytes(data, "t.html", ENGINE)
    assert lint_bytes(data, "t.html", ENGINE) == first
    _assert_inside(first, documents_from_bytes(data, "t.html"))


def check_bytes(data: bytes, name: str) -> None:
    first = lint_bytes(data, name, ENGINE)
    assert lint_bytes(data, name, ENGINE) == first
    _assert_inside(first, documents_from_bytes(data, name))


def _fuzz(request: pytest.FixtureRequest, strategy: st.SearchStrategy[object],
          check: Callable[..., None]) -> None:
    """Run ``check`` over ``strategy`` with the profile --fuzz-long picks."""
    name = request.config.fuzz_profile  # type: ignore[attr-defined]
    profile = settings.get_profile(name)

    @settings(profile, suppress_health_check=list(HealthCheck))
    @given(strategy)
    def run(example: object) -> None:
        check(example)

    run()


def test_soup_never_raises_and_stays_inside(request: pytest.FixtureRequest) -> None:
    _fuzz(request, template_soup(), check_text)


def test_soup_scans_agree(request: pytest.FixtureRequest) -> None:
    _fuzz(request, template_soup(), assert_same_scan)


def test_random_bytes_as_html_and_eml(request: pytest.FixtureRequest) -> None:
    def check(example: tuple[bytes, str]) -> None:
        check_bytes(*example)

    names = st.sampled_from(["t.html", "t.eml", "t.mjml"])
    _fuzz(request, st.tuples(st.binary(max_size=300), names), check)


_EML_HEAD = (b"MIME-Version: 1.0\r\nContent-Type: multipart/alternative; "
             b'boundary="b"\r\n\r\n--b\r\nContent-Type: text/html; charset=utf-8\r\n'
             b"Content-Transfer-Encoding: base64\r\n\r\n")


def test_broken_messages(request: pytest.FixtureRequest) -> None:
    def check(body: bytes) -> None:
        check_bytes(_EML_HEAD + body + b"\r\n--b--\r\n", "m.eml")
        check_bytes(_EML_HEAD + body, "m.eml")

    _fuzz(request, st.binary(max_size=200) | template_soup().map(str.encode), check)


def _corpus_samples() -> list[bytes]:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is absent")
    files = sorted(path for path in CORPUS.rglob("*")
                   if path.suffix in (".html", ".hbs", ".liquid", ".mjml", ".twig")
                   and path.is_file())
    # A few small templates of several dialects, the same ones every run.
    small = [path for path in files if path.stat().st_size < 12_000]
    return [path.read_bytes() for path in small[:: max(1, len(small) // 6)][:6]]


@st.composite
def mutated(draw: st.DrawFn, samples: list[bytes]) -> bytes:
    """A corpus template with bytes flipped, a cut, or a splice of another."""
    data = bytearray(draw(st.sampled_from(samples)))
    for _ in range(draw(st.integers(0, 4))):
        if not data:
            break
        kind = draw(st.sampled_from(["flip", "cut", "splice", "insert"]))
        at = draw(st.integers(0, len(data) - 1))
        if kind == "flip":
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif kind == "cut":
            del data[at:at + draw(st.integers(1, 400))]
        elif kind == "splice":
            other = draw(st.sampled_from(samples))
            start = draw(st.integers(0, max(0, len(other) - 1)))
            data[at:at] = other[start:start + draw(st.integers(1, 400))]
        else:
            data[at:at] = draw(st.sampled_from(_PIECES)).encode(
                "utf-8", errors="surrogatepass")
    if draw(st.booleans()):
        data = data[:draw(st.integers(0, len(data)))]  # truncated anywhere
    return bytes(data)


def test_mutated_corpus_templates(request: pytest.FixtureRequest) -> None:
    samples = _corpus_samples()

    def check(data: bytes) -> None:
        check_bytes(data, "t.html")
        assert_same_scan(data.decode("utf-8", errors="replace"))

    _fuzz(request, mutated(samples), check)
