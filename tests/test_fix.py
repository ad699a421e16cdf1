"""``--fix`` and ``--diff``: byte-exact edits, atomic writes, stable results.

The fixes must never damage a template, so most tests compare bytes: the
fixed file against bytes built independently (by encoding text prefixes),
and the replayed passes of a fix against what the rules proposed.
"""

from __future__ import annotations

import codecs
import itertools
import logging
import os
import re
import shutil
import stat
import subprocess
import types
from pathlib import Path
from typing import Callable, Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import linter.engine
from linter import fix
from linter.cli import main
from linter.config import Config
from linter.dialects import TokenIndex
from linter.engine import Engine
from linter.extract import build_links
from linter.findings import Finding
from linter.links import Link
from linter.rules import rule_modules
from linter.rules.base import Edit, Hit, RuleInfo
from linter.rules.context import RuleContext
from linter.scan import scan
from linter.source import Document, decode, detect_encoding

# One template per fixable rule that makes the rule propose an edit, with
# the config settings it needs. A new fixable rule needs a line here (the
# registry test below fails until it has one).
CASES: dict[str, tuple[str, dict[str, object]]] = {
    "EL101": ('<a href="www.shop.com/sale">Sale</a>\n', {}),
    "EL103": ('<a href="htp://shop.com/sale">Sale</a>\n', {}),
    "EL104": ('<a href="http://http://shop.com/sale">Sale</a>\n', {}),
    "EL201": ('<a href=" https://shop.com/sale ">Sale</a>\n', {}),
    "EL202": ("<a href=\u201chttps://shop.com/sale\u201d>Sale</a>\n", {}),
    "EL203": ("<a href=https://shop.com/sale>Sale</a>\n", {}),
    "EL204": ('<a href = "https://shop.com/sale">Sale</a>\n', {}),
    "EL208": ('<a href="https://shop.com/?u=%7B%7Bname%7D%7D">Sale</a>\n', {}),
    "EL310": ('<a href="https://shop.com/search?q=men\'s+shoes">Men</a>\n', {}),
    "EL311": ('<a href="{{url}}">Sale</a>\n', {"provider": "sendgrid"}),
}

UNQUOTED = "<a href=https://shop.com>x</a>"
QUOTED = '<a href="https://shop.com">x</a>'


def fixable_codes() -> list[str]:
    """Codes of the registered rules that declare FIXABLE = True."""
    return [m.CODE for m in rule_modules() if getattr(m, "FIXABLE", False)]


def fix_of(data: bytes, name: str = "t.html", **config: object) -> fix.FileFix:
    """Fix bytes with a fresh engine (the config from keyword settings)."""
    return fix.fix_bytes(data, name, Engine(Config(**config)))  # type: ignore[arg-type]


def edited(data: bytes, edits: list[Edit]) -> bytes:
    """``data`` with edits applied, computed independently of linter.fix.

    Byte offsets come from encoding the text before each offset; the bytes
    between edits are sliced from ``data``.
    """
    encoding, bom_length = detect_encoding(data)
    text = data[bom_length:].decode(encoding)

    def byte_at(offset: int) -> int:
        return bom_length + len(text[:offset].encode(encoding))

    pieces = []
    cursor = 0
    for edit in sorted(edits, key=lambda e: e.start):
        pieces.append(data[cursor:byte_at(edit.start)])
        pieces.append(edit.replacement.encode(encoding))
        cursor = byte_at(edit.end)
    pieces.append(data[cursor:])
    return b"".join(pieces)


def proposed_edits(data: bytes, engine: Engine) -> list[Edit]:
    """The edits the engine proposes for a file's bytes."""
    encoding, bom_length = detect_encoding(data)
    text = data[bom_length:].decode(encoding)
    pairs = engine.lint_document_with_edits(Document("t.html", text, encoding))
    return [edit for _, edit in pairs if edit is not None]


def assert_replays(result: fix.FileFix, engine: Engine) -> None:
    """Each pass changed only its edited spans, and only with proposed edits."""
    current = result.original
    for edits in result.passes:
        offered = proposed_edits(current, engine)
        assert all(edit in offered for edit in edits)
        current = edited(current, edits)
    assert current == result.fixed


def open_edits(data: bytes, engine: Engine) -> list[Edit]:
    """Proposed edits that would still change something."""
    encoding, bom_length = detect_encoding(data)
    text = data[bom_length:].decode(encoding)
    return [edit for edit in proposed_edits(data, engine)
            if text[edit.start:edit.end] != edit.replacement]


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    return tmp_path


# -- every fixable rule ----------------------------------------------------


@pytest.mark.parametrize("code", fixable_codes())
def test_every_fixable_rule_has_a_case_that_proposes_an_edit(code: str) -> None:
    assert code in CASES, f"add a template for {code} to CASES"
    source, config = CASES[code]
    engine = Engine(Config(**config))  # type: ignore[arg-type]
    pairs = engine.lint_document_with_edits(Document("t.html", source))
    assert any(f.code == code and e is not None for f, e in pairs)


@pytest.mark.parametrize("code", fixable_codes())
def test_every_fixable_rule_is_fixed_once_and_for_all(code: str) -> None:
    source, config = CASES[code]
    first = fix_of(source.encode(), **config)
    assert first.changed
    assert code in {f.code for f in first.findings_before}
    assert code not in {f.code for f in first.remaining}
    assert fix_of(first.fixed, **config).fixed == first.fixed
    assert_replays(first, Engine(Config(**config)))  # type: ignore[arg-type]


@pytest.mark.parametrize("module", [m for m in rule_modules()
                                    if getattr(m, "FIXABLE", False)],
                         ids=lambda m: m.CODE)
def test_fixable_rules_say_what_they_fix(module: types.ModuleType) -> None:
    doc = module.__doc__ or ""
    fix_lines = [line for line in doc.splitlines() if line.startswith("Fix:")]
    assert fix_lines and not fix_lines[0].startswith("Fix: no")


def test_json_fix_field_shows_the_replacement(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    (workdir / "a.html").write_text(UNQUOTED + "\n")
    main(["--format", "json", "a.html"])
    finding = json.loads(capsys.readouterr().out)["findings"][0]
    assert finding["code"] == "EL203"
    assert finding["fix"] == '"https://shop.com"'


# -- byte-exact ------------------------------------------------------------


def test_crlf_line_endings_are_kept() -> None:
    data = f"<p>Hi</p>\r\n{UNQUOTED}\r\n<p>Bye</p>\r\n".encode()
    assert fix_of(data).fixed == f"<p>Hi</p>\r\n{QUOTED}\r\n<p>Bye</p>\r\n".encode()


def test_lone_cr_and_no_trailing_newline_are_kept() -> None:
    data = f"<p>Hi</p>\r{UNQUOTED}".encode()
    assert fix_of(data).fixed == f"<p>Hi</p>\r{QUOTED}".encode()


def test_utf8_bom_is_kept() -> None:
    data = codecs.BOM_UTF8 + f"<p>Grüße</p>\n{UNQUOTED}\n".encode()
    expected = codecs.BOM_UTF8 + f"<p>Grüße</p>\n{QUOTED}\n".encode()
    assert fix_of(data).fixed == expected


@pytest.mark.parametrize("codec, bom", [
    ("utf-16-le", codecs.BOM_UTF16_LE),
    ("utf-16-be", codecs.BOM_UTF16_BE),
    ("utf-32-le", codecs.BOM_UTF32_LE),
])
def test_utf16_and_utf32_with_bom(codec: str, bom: bytes) -> None:
    data = bom + f"<p>café ☃ 𝄞</p>\r\n{UNQUOTED}\r\n".encode(codec)
    result = fix_of(data)
    assert result.fixed == bom + f"<p>café ☃ 𝄞</p>\r\n{QUOTED}\r\n".encode(codec)
    assert result.encoding == codec


def test_windows_1252_declared_by_meta_charset() -> None:
    head = b'<meta charset="windows-1252">\n<p>caf\xe9 \x93quoted\x94</p>\n'
    data = head + b"<a href=https://shop.com/caf\xe9>x</a>\n"
    result = fix_of(data)
    assert result.fixed == head + b'<a href="https://shop.com/caf\xe9">x</a>\n'
    assert_replays(result, Engine(Config()))


def test_only_the_edited_spans_change() -> None:
    data = (f'<p>a\u00a0b</p>\r\n{UNQUOTED} <b>&amp;</b>\n'
            f'<a href = "https://shop.com/x">y</a>\t\n').encode()
    result = fix_of(data)
    assert result.fixed == (f'<p>a\u00a0b</p>\r\n{QUOTED} <b>&amp;</b>\n'
                            f'<a href="https://shop.com/x">y</a>\t\n').encode()
    assert_replays(result, Engine(Config()))


def test_a_quote_inside_an_unquoted_value_is_escaped_not_broken() -> None:
    result = fix_of(b'<a href=https://shop.com/?q="x">x</a>')
    assert result.fixed == b'<a href="https://shop.com/?q=&quot;x&quot;">x</a>'


def test_rebuild_refuses_text_that_does_not_map_back() -> None:
    # A replacement character decoded from a bad byte re-encodes to other
    # bytes: the file must be refused rather than silently changed.
    data = b"<p>\xff</p><a href=x>"
    text = data.decode("utf-8", errors="replace")
    with pytest.raises(fix.UnsafeFix):
        fix.rebuild_bytes(data, text, "utf-8", 0, [Edit(16, 17, '"x"')])


def test_rebuild_refuses_a_replacement_the_encoding_cannot_hold() -> None:
    with pytest.raises(fix.UnsafeFix):
        fix.rebuild_bytes(b"<a>", "<a>", "cp1252", 0, [Edit(1, 2, "\u2603")])


# -- idempotence and overlapping edits ---------------------------------------


def test_second_run_changes_nothing() -> None:
    data = ("<a href = https://shop.com/a>a</a>\n" * 3).encode()
    first = fix_of(data)
    second = fix_of(first.fixed)
    assert first.changed and not second.changed
    assert second.passes == []


def test_conflicts() -> None:
    assert fix.conflicts(Edit(0, 5, "x"), Edit(4, 8, "y"))
    assert not fix.conflicts(Edit(0, 5, "x"), Edit(5, 8, "y"))
    # An insertion touching an edit's end or start is a guess: conflict.
    assert fix.conflicts(Edit(5, 5, "x"), Edit(5, 8, "y"))
    assert fix.conflicts(Edit(0, 5, "x"), Edit(5, 5, "y"))
    assert fix.conflicts(Edit(3, 3, "x"), Edit(3, 3, "y"))
    assert not fix.conflicts(Edit(3, 3, "x"), Edit(4, 4, "y"))


def _proposal(code: str, start: int, end: int, text: str) -> fix.Proposal:
    finding = Finding(path="t.html", line=1, column=start + 1, end_line=1,
                      end_column=end + 1, code=code, name="x",
                      severity="warning", message="m")
    return fix.Proposal(finding, Edit(start, end, text))


def test_overlapping_edits_are_chosen_the_same_way_in_any_order() -> None:
    proposals = [
        _proposal("EL203", 8, 20, '"x"'),
        _proposal("EL101", 8, 8, "https://"),
        _proposal("EL201", 8, 20, "x"),
        _proposal("EL204", 2, 8, "="),
        _proposal("EL103", 12, 14, "tt"),
        _proposal("EL208", 30, 33, "{{"),
    ]
    choices = {
        tuple(p.edit for p in fix.choose_edits(order))
        for order in itertools.permutations(proposals)
    }
    # The insertion at 8 touches the chosen edit ending at 8; of the two
    # edits of 8..20, EL201 sorts first.
    assert choices == {(Edit(2, 8, "="), Edit(8, 20, "x"), Edit(30, 33, "{{"))}


# -- rules made up for the test, to reach the safety nets ------------------


def _fake_rule(code: str, check: Callable[[Link, RuleContext], Iterator[Hit]]
               ) -> types.ModuleType:
    module = types.ModuleType(f"fake_{code}")
    module.__doc__ = "A rule made up for a test.\n\nFix: yes, for the test."
    module.CODE, module.NAME, module.SEVERITY = code, f"fake-{code}", "warning"
    module.FIXABLE, module.SCOPE = True, "link"
    module.check = check
    return module


@pytest.fixture
def engine_with(monkeypatch: pytest.MonkeyPatch
                ) -> Callable[..., Engine]:
    """An engine that also runs the given made-up link rules."""
    def build(*modules: types.ModuleType, reverse: bool = False) -> Engine:
        engine = Engine(Config())
        infos = {m.CODE: RuleInfo.from_module(m) for m in modules}
        known = linter.engine.rules_by_code()
        monkeypatch.setattr(linter.engine, "rules_by_code",
                            lambda: {**known, **infos})
        engine.link_rules = engine.link_rules + list(modules)
        if reverse:
            engine.link_rules.reverse()
        selected = engine.selected
        monkeypatch.setattr(engine, "selected",
                            lambda path: selected(path) | set(infos))
        return engine
    return build


def _whole_value(text: Callable[[str], str]) -> Callable[[Link, RuleContext],
                                                           Iterator[Hit]]:
    """A check that replaces the whole raw value by ``text(raw)``."""
    def check(link: Link, ctx: RuleContext) -> Iterator[Hit]:
        start = link.attribute.value_start
        yield Hit(start, start + 1, "made up",
                  edit=Edit(start, link.attribute.value_end, text(link.raw)))
    return check


def test_conflicting_rules_give_the_same_bytes_in_any_rule_order(
    engine_with: Callable[..., Engine],
) -> None:
    upper = _fake_rule("EL990", _whole_value(lambda raw: raw.upper()))
    data = f"{UNQUOTED}\n{QUOTED}\n".encode()
    results = {fix.fix_bytes(data, "t.html", engine_with(upper, reverse=flag)).fixed
               for flag in (False, True)}
    assert len(results) == 1


def test_an_edit_that_breaks_the_markup_is_refused(
    engine_with: Callable[..., Engine], caplog: pytest.LogCaptureFixture,
) -> None:
    # Dropping the closing quote would make the value swallow the next tag.
    def unclose(link: Link, ctx: RuleContext) -> Iterator[Hit]:
        if link.attribute.quote and "b.com" in link.raw:
            end = link.attribute.value_end
            yield Hit(end, end + 1, "made up", edit=Edit(end, end + 1, ""))

    engine = engine_with(_fake_rule("EL990", unclose))
    data = b'<a href="https://b.com">b</a><p>x</p>\n<a href=https://c.com>c</a>\n'
    with caplog.at_level(logging.WARNING, logger="lint-email"):
        result = fix.fix_bytes(data, "t.html", engine)
    assert result.fixed == data.replace(b"=https://c.com", b'="https://c.com"')
    assert "t.html:1:23: EL990 not fixed: it would change the markup" in caplog.text
    assert "EL990" in {f.code for f in result.remaining}


def test_an_edit_that_swallows_a_template_token_is_refused(
    engine_with: Callable[..., Engine], caplog: pytest.LogCaptureFixture,
) -> None:
    # ``{%`` before the value would pair with the stray ``%}`` after the
    # ``{{id}}`` token and swallow it, though the tags stay the same.
    def open_logic(link: Link, ctx: RuleContext) -> Iterator[Hit]:
        if "{{" in link.raw:
            start = link.attribute.value_start
            cut = link.raw.index("{{")
            yield Hit(start, start + 1, "made up",
                      edit=Edit(start, start + cut, "{%" + link.raw[:cut]))

    engine = engine_with(_fake_rule("EL990", open_logic))
    data = b'<a href="https://shop.com/a{{id}}%}">x</a>\n'
    with caplog.at_level(logging.WARNING, logger="lint-email"):
        result = fix.fix_bytes(data, "t.html", engine)
    assert not result.changed
    assert "t.html:1:10: EL990 not fixed: it would change the markup" in caplog.text


def test_a_fix_that_never_settles_is_bounded(
    engine_with: Callable[..., Engine], caplog: pytest.LogCaptureFixture,
) -> None:
    engine = engine_with(_fake_rule("EL990", _whole_value(lambda raw: raw + "x")))
    with caplog.at_level(logging.WARNING, logger="lint-email"):
        result = fix.fix_bytes(QUOTED.encode(), "t.html", engine)
    assert len(result.passes) == fix.MAX_PASSES
    assert result.fixed.count(b"x") == fix.MAX_PASSES + 1
    assert "did not settle" in caplog.text


def test_a_replacement_the_file_encoding_cannot_hold_is_refused(
    engine_with: Callable[..., Engine], caplog: pytest.LogCaptureFixture,
) -> None:
    engine = engine_with(_fake_rule("EL990",
                                    _whole_value(lambda raw: raw + "\u2603")))
    data = b'<meta charset="windows-1252"><a href="https://shop.com">caf\xe9</a>'
    with caplog.at_level(logging.WARNING, logger="lint-email"):
        result = fix.fix_bytes(data, "t.html", engine)
    assert not result.changed
    assert "cannot be written in cp1252" in caplog.text


# -- what is never fixed ---------------------------------------------------


def test_suppressed_and_unselected_findings_are_not_fixed() -> None:
    data = (f"<!-- lint-email: disable-next-line EL203 -->\n{UNQUOTED}\n"
            f"{UNQUOTED}\n").encode()
    assert fix_of(data).fixed == (
        f"<!-- lint-email: disable-next-line EL203 -->\n{UNQUOTED}\n{QUOTED}\n"
    ).encode()
    assert not fix_of(data, ignore=("EL203",)).changed


def test_undecodable_file_is_left_alone_with_a_note(
    caplog: pytest.LogCaptureFixture,
) -> None:
    data = b"<p>caf\xe9</p>\n<a href=https://shop.com>x</a>\n"
    with caplog.at_level(logging.WARNING, logger="lint-email"):
        result = fix_of(data)
    assert not result.changed
    assert {"EL902", "EL203"} <= {f.code for f in result.remaining}
    assert "t.html: not fixed: it does not decode as utf-8 (EL902)" in caplog.text


def test_eml_message_is_left_alone_with_a_note(
    caplog: pytest.LogCaptureFixture,
) -> None:
    data = (b"From: a@shop.com\r\nSubject: Hi\r\nMIME-Version: 1.0\r\n"
            b"Content-Type: text/html; charset=utf-8\r\n\r\n"
            b"<a href=https://shop.com>x</a>\r\n")
    with caplog.at_level(logging.WARNING, logger="lint-email"):
        result = fix_of(data, "mail.eml")
    assert not result.changed
    assert "EL203" in {f.code for f in result.remaining}
    assert "mail.eml: not fixed: an .eml message is not rewritten" in caplog.text


# -- the command line: --fix ------------------------------------------------


def test_fix_writes_in_place_and_reports_what_remains(
    workdir: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    broken = '<a href="{{ url }">x</a>\n'  # EL209, an error no fix touches
    (workdir / "a.html").write_text(UNQUOTED + "\n" + broken)
    assert main(["--fix", "a.html"]) == 1
    captured = capsys.readouterr()
    assert (workdir / "a.html").read_text() == QUOTED + "\n" + broken
    assert "EL209" in captured.out and "EL203" not in captured.out
    assert "fixed 1 problem(s) in 1 file(s)" in captured.err

    (workdir / "b.html").write_text(UNQUOTED + "\n")
    assert main(["--strict", "--fix", "b.html"]) == 0
    assert main(["--strict", "b.html"]) == 0


def test_fix_keeps_the_file_mode(workdir: Path) -> None:
    page = workdir / "a.html"
    page.write_text(UNQUOTED)
    page.chmod(0o640)
    main(["--fix", "a.html"])
    assert page.read_text() == QUOTED
    assert stat.S_IMODE(page.stat().st_mode) == 0o640


def test_fix_through_a_symbolic_link_keeps_the_link(workdir: Path) -> None:
    (workdir / "real.html").write_text(UNQUOTED)
    (workdir / "link.html").symlink_to("real.html")
    main(["--fix", "link.html"])
    assert (workdir / "link.html").is_symlink()
    assert (workdir / "real.html").read_text() == QUOTED


def test_fix_leaves_no_temporary_file(workdir: Path) -> None:
    (workdir / "a.html").write_text(UNQUOTED)
    main(["--fix", "a.html"])
    assert sorted(p.name for p in workdir.iterdir()) == ["a.html"]


def test_a_failed_write_leaves_the_original_untouched(
    workdir: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    def refuse(source: object, target: object) -> None:
        raise PermissionError(13, "Permission denied")

    (workdir / "a.html").write_text(UNQUOTED)
    monkeypatch.setattr(fix.os, "replace", refuse)
    assert main(["--strict", "--fix", "a.html"]) == 1
    captured = capsys.readouterr()
    assert (workdir / "a.html").read_text() == UNQUOTED
    assert sorted(p.name for p in workdir.iterdir()) == ["a.html"]
    assert "a.html: not fixed: cannot write it: Permission denied" in captured.err
    assert "EL203" in captured.out


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_folder_leaves_the_original_untouched(workdir: Path) -> None:
    folder = workdir / "locked"
    folder.mkdir()
    (folder / "a.html").write_text(UNQUOTED)
    folder.chmod(0o555)
    try:
        main(["--fix", "locked/a.html"])
        assert (folder / "a.html").read_text() == UNQUOTED
        assert sorted(p.name for p in folder.iterdir()) == ["a.html"]
    finally:
        folder.chmod(0o755)


def test_fix_refuses_stdin(workdir: Path, monkeypatch: pytest.MonkeyPatch,
                           capsys: pytest.CaptureFixture[str]) -> None:
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"x")))
    assert main(["--fix", "-"]) == 2
    assert "--fix cannot rewrite standard input" in capsys.readouterr().err


# -- the command line: --diff -------------------------------------------------


DIFF_FILES = {
    "crlf.html": f"<p>Hi</p>\r\n{UNQUOTED}\r\n<p>Bye</p>\r\n".encode(),
    "tail.html": f"<p>Hi</p>\n<a href = 'https://shop.com'>x</a>".encode(),
    "latin.html": (b'<meta charset="windows-1252">\n<p>caf\xe9</p>\n'
                   b"<a href=https://shop.com/caf\xe9>x</a>\n"),
    "bom.html": codecs.BOM_UTF8 + f"{UNQUOTED}\n".encode(),
    "clean.html": f"{QUOTED}\n".encode(),
}


def _git(folder: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["git", "-c", "core.autocrlf=false", *args],
                          cwd=folder, capture_output=True, check=False)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_diff_applies_with_git_and_equals_fix(
    workdir: Path, capsysbinary: pytest.CaptureFixture[bytes],
) -> None:
    for name, data in DIFF_FILES.items():
        (workdir / name).write_bytes(data)
    assert _git(workdir, "init", "-q").returncode == 0

    assert main(["--diff", *DIFF_FILES]) == 1
    patch = capsysbinary.readouterr().out
    for name, data in DIFF_FILES.items():
        assert (workdir / name).read_bytes() == data  # --diff writes nothing
    assert b"\\ No newline at end of file\n" in patch
    assert b"clean.html" not in patch
    (workdir / "fixes.patch").write_bytes(patch)
    check = _git(workdir, "apply", "--check", "fixes.patch")
    assert check.returncode == 0, check.stderr
    assert _git(workdir, "apply", "fixes.patch").returncode == 0
    applied = {name: (workdir / name).read_bytes() for name in DIFF_FILES}

    for name, data in DIFF_FILES.items():
        (workdir / name).write_bytes(data)
    main(["--fix", *DIFF_FILES])
    assert applied == {name: (workdir / name).read_bytes() for name in DIFF_FILES}
    assert applied["crlf.html"] == DIFF_FILES["crlf.html"].replace(
        UNQUOTED.encode(), QUOTED.encode())


def test_diff_exits_0_when_there_is_nothing_to_fix(
    workdir: Path, capsysbinary: pytest.CaptureFixture[bytes],
) -> None:
    (workdir / "a.html").write_text('<a href="{{ url }">x</a>\n')  # EL209 only
    assert main(["--diff", "a.html"]) == 0
    assert capsysbinary.readouterr().out == b""


def test_diff_of_stdin(workdir: Path, monkeypatch: pytest.MonkeyPatch,
                       capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    import io
    import sys

    stdin = io.TextIOWrapper(io.BytesIO(f"{UNQUOTED}\n".encode()))
    monkeypatch.setattr(sys, "stdin", stdin)
    assert main(["--diff", "-", "--stdin-filename", "emails/w.html"]) == 1
    out = capsysbinary.readouterr().out
    assert out.startswith(b"--- a/emails/w.html\n+++ b/emails/w.html\n@@ -1 +1 @@\n")
    assert f"-{UNQUOTED}\n+{QUOTED}\n".encode() in out


def test_diff_writes_reports_to_files_only(
    workdir: Path, capsysbinary: pytest.CaptureFixture[bytes],
) -> None:
    import json

    (workdir / "a.html").write_text(UNQUOTED + "\n")
    assert main(["--diff", "--format", "text", "--format", "json=r.json",
                 "a.html"]) == 1
    assert capsysbinary.readouterr().out.startswith(b"--- a/a.html\n")
    report = json.loads((workdir / "r.json").read_text())
    assert [f["code"] for f in report["findings"]] == ["EL203"]


# -- properties ---------------------------------------------------------------

# Links that are fine, and links each fixable rule repairs.
GOOD_LINKS = [QUOTED, '<a href="{{ url }}">v</a>', "<a href='https://shop.com/s'>s</a>",
              '<a href="mailto:help@shop.com">m</a>']
BROKEN_LINKS = [source.rstrip("\n") for source, _ in CASES.values()] + [
    "<a href =https://shop.com/d>d</a>",
    "<a href=www.shop.com>w</a>",
    '<a href=" htp://shop.com/e ">e</a>',
    '<a class="b" href = https://shop.com/f?a=1&amp;b=2 title="t">f</a>',
]
MARKUP = ["<p>", "</p>", "<br>", "<!-- note -->", "{{ name }}", "&amp;", "<td>"]
FILLER = st.text(alphabet="abcXYZ .,!?-é\u00a0\t", max_size=10)
# Text that may contain markup characters: the fix must still be byte-exact
# and stable, even where it cannot repair everything.
WILD = st.text(alphabet='ab <>="\'/{}%&;#\u201c\u201dwh.:', max_size=12)
LINE_ENDS = st.sampled_from(["\n", "\r\n", " ", ""])
ENCODINGS = ["utf-8", "utf-8-bom", "utf-16-bom", "cp1252"]


def _template(pieces: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    rows = st.lists(st.tuples(pieces, LINE_ENDS), max_size=10)
    return rows.map(lambda items: "".join(a + b for a, b in items))


def _encoded(text: str, encoding: str) -> bytes:
    if encoding == "utf-8-bom":
        return codecs.BOM_UTF8 + text.encode("utf-8")
    if encoding == "utf-16-bom":
        return codecs.BOM_UTF16_LE + text.encode("utf-16-le")
    if encoding == "cp1252":
        head = '<meta charset="windows-1252">\n'
        return (head + text).encode("cp1252", errors="replace")
    return text.encode("utf-8")


GRAMMAR = _template(st.one_of(st.sampled_from(GOOD_LINKS + BROKEN_LINKS),
                              st.sampled_from(MARKUP), FILLER))
ANYTHING = _template(st.one_of(st.sampled_from(GOOD_LINKS + BROKEN_LINKS),
                               st.sampled_from(MARKUP), FILLER, WILD))
PROPERTY = settings(max_examples=50, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])
SENDGRID = Engine(Config(provider="sendgrid"))


@PROPERTY
@given(GRAMMAR, st.sampled_from(ENCODINGS))
def test_after_fix_no_fixable_finding_remains(text: str, encoding: str) -> None:
    result = fix.fix_bytes(_encoded(text, encoding), "t.html", SENDGRID)
    assert open_edits(result.fixed, SENDGRID) == []
    fixable = set(fixable_codes())
    assert not [f for f in result.remaining if f.code in fixable]


@PROPERTY
@given(ANYTHING, st.sampled_from(ENCODINGS))
def test_fixing_twice_equals_fixing_once(text: str, encoding: str) -> None:
    once = fix.fix_bytes(_encoded(text, encoding), "t.html", SENDGRID)
    twice = fix.fix_bytes(once.fixed, "t.html", SENDGRID)
    assert twice.fixed == once.fixed


@PROPERTY
@given(ANYTHING, st.sampled_from(ENCODINGS))
def test_bytes_outside_the_edited_spans_are_unchanged(text: str,
                                                      encoding: str) -> None:
    result = fix.fix_bytes(_encoded(text, encoding), "t.html", SENDGRID)
    assert_replays(result, SENDGRID)
    # The markup keeps its shape whatever was fixed.
    shape_before = fix._markup(decode(result.original)[0], SENDGRID)[0]
    assert fix._markup(decode(result.fixed)[0], SENDGRID)[0] == shape_before


# -- real templates ----------------------------------------------------------

_SIMPLE_VALUE = re.compile(r"[^\s\"'<>=`{}&]+")
_TEMPLATE_EXTENSIONS = (".html", ".htm", ".hbs", ".mustache", ".liquid", ".twig",
                        ".njk", ".mjml", ".ejs", ".j2")


def _spoiled(data: bytes, engine: Engine) -> bytes:
    """``data`` with every simple quoted href unquoted and spaced: ``href = x``."""
    encoding, bom_length = detect_encoding(data)
    text = data[bom_length:].decode(encoding)
    tokens = TokenIndex(engine.dialects.find_tokens(text))
    edits = []
    for link in build_links(text, scan(text, tokens), tokens):
        href = link.attribute
        if href.quote == '"' and _SIMPLE_VALUE.fullmatch(href.raw or ""):
            name_end = href.name_start + len(href.name)
            edits.append(Edit(name_end, href.value_end + 1, f" = {href.raw}"))
    return fix.rebuild_bytes(data, text, encoding, bom_length, edits)


def test_spoiled_real_templates_are_restored_byte_for_byte(
    shared_dir: Path,
) -> None:
    engine = Engine(Config())
    files = sorted(p for p in (shared_dir / "corpus").rglob("*")
                   if p.name.lower().endswith(_TEMPLATE_EXTENSIONS))
    restored = 0
    for path in files[::8]:
        data = path.read_bytes()
        if fix.fix_bytes(data, path.name, engine).changed or decode(data)[1]:
            continue  # the template has fixable findings of its own
        spoiled = _spoiled(data, engine)
        restored += spoiled != data
        assert fix.fix_bytes(spoiled, path.name, engine).fixed == data, path
    assert restored >= 10
