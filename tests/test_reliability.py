"""Bad input, faults, interrupts and safety (GitHub issue 9).

Every bad input goes through the real command line twice: as a subprocess
(``python -m linter.cli`` in a temporary folder) and in-process
(``linter.cli.main``). Either way there is no traceback, the file gets its
finding (EL901 unreadable, EL902 undecodable) or is skipped as SPEC says,
and the other files of the same run are still linted.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Iterator

import pytest

import linter.cli
import linter.files
from linter import formats
from linter.dialects import DialectTable, TokenIndex
from linter.formats import Report
from linter.extract import build_links
from linter.scan import scan_links
from tests.test_scan_equivalence import assert_same_scan
from linter import Config, lint_paths, lint_text
from linter.cli import main

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
GOOD = '<a href="www.shop.com">Shop</a>\n'  # EL101 at 1:10

# What each bad input must give: the codes its findings must include, or
# an empty set where SPEC says nothing is linted (end of file inside a
# tag drops the tag, as HTML5 does).
EXPECTED: dict[str, set[str]] = {
    "good.html": {"EL101"},
    "binary.html": {"EL902"},
    "nul.html": {"EL207"},
    "invalid-utf8.html": {"EL902", "EL101"},
    "empty.html": set(),
    "eof-in-tag.html": set(),
    "eof-in-comment.html": set(),
    "eof-in-value.html": set(),
    "eof-in-conditional.html": {"EL101"},
    "eof-after-lt.html": set(),
    "broken-link.html": {"EL901"},
    "loop-a.html": {"EL901"},
    "loop-b.html": {"EL901"},
    "bad-base64.eml": {"EL902", "EL101"},
    "no-boundary.eml": {"EL902"},
    "garbage.eml": {"EL902"},
    "folder.html/inside.html": {"EL101"},
}


def _make_bad_tree(root: Path) -> None:
    """The bad inputs of the issue, beside one good template."""
    (root / "good.html").write_text(GOOD)
    (root / "binary.html").write_bytes(bytes(range(256)) * 40)
    (root / "nul.html").write_bytes(b'<a href="https://shop.com/\x00x">x</a>\x00\n')
    (root / "invalid-utf8.html").write_bytes(b'<p>caf\xe9</p><a href="www.x.com">x</a>')
    (root / "empty.html").write_bytes(b"")
    (root / "eof-in-tag.html").write_text('<a href="https://shop.com" ')
    (root / "eof-in-comment.html").write_text('<!-- <a href="www.x.com">')
    (root / "eof-in-value.html").write_text('<a href="https://shop.com')
    (root / "eof-in-conditional.html").write_text('<!--[if mso]><a href="www.x.com">')
    (root / "eof-after-lt.html").write_text("<")
    os.symlink("nowhere.html", root / "broken-link.html")
    os.symlink("loop-b.html", root / "loop-a.html")
    os.symlink("loop-a.html", root / "loop-b.html")
    (root / "folder.html").mkdir()
    (root / "folder.html" / "inside.html").write_text(GOOD)
    (root / "bad-base64.eml").write_bytes(
        b"Content-Type: text/html; charset=utf-8\r\n"
        b"Content-Transfer-Encoding: base64\r\n\r\n"
        b"PGEgaHJlZj0id3d3LmEuY29tIj4=*!x\r\n")
    (root / "no-boundary.eml").write_bytes(
        b"MIME-Version: 1.0\r\nContent-Type: multipart/alternative\r\n\r\n"
        b"--x\r\nContent-Type: text/html\r\n\r\n<a href='www.a.com'>x</a>\r\n--x--\r\n")
    (root / "garbage.eml").write_bytes(bytes(range(256)) * 10)


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A temporary current folder with no config and no CI variables."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    return tmp_path


@pytest.fixture
def bad_tree(workdir: Path) -> Path:
    (workdir / "t").mkdir()
    _make_bad_tree(workdir / "t")
    return workdir / "t"


def run_cli(*args: str, cwd: Path, timeout: float = 120,
            ) -> subprocess.CompletedProcess[str]:
    """The real command line in a subprocess, in ``cwd``."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("GITHUB_ACTIONS", None)
    return subprocess.run(
        [sys.executable, "-m", "linter.cli", "--no-cache", *args], cwd=cwd,
        env=env, capture_output=True, text=True, timeout=timeout, check=False,
    )


def _codes_by_file(report: dict[str, Any], prefix: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for finding in report["findings"]:
        found.setdefault(finding["path"].removeprefix(prefix), set()).add(
            finding["code"])
    return found


def _assert_expected(found: dict[str, set[str]]) -> None:
    for name, codes in EXPECTED.items():
        assert codes <= found.get(name, set()), (name, found.get(name))
        if not codes:
            assert name not in found, (name, found[name])


def test_bad_inputs_through_the_real_cli(bad_tree: Path) -> None:
    result = run_cli("--format", "json=out.json", "--format", "text", "t",
                     cwd=bad_tree.parent)

    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr == ""
    report = json.loads((bad_tree.parent / "out.json").read_text())
    _assert_expected(_codes_by_file(report, "t/"))
    assert report["files_checked"] == len(EXPECTED)


def test_bad_inputs_in_process(bad_tree: Path, monkeypatch: pytest.MonkeyPatch,
                               capsys: pytest.CaptureFixture[str]) -> None:
    # Root reads chmod-000 files, so a refused read is simulated for one file.
    denied = bad_tree / "denied.html"
    denied.write_text(GOOD)

    # Files are read from a descriptor (linter.files): the refusal comes
    # from os.open, as a real one does.
    real_open = os.open

    def refusing_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if Path(path).name == "denied.html":
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refusing_open)
    code = main(["--no-cache", "--format", "json", "t"])

    captured = capsys.readouterr()
    assert code == 1
    assert "Traceback" not in captured.err
    found = _codes_by_file(json.loads(captured.out), "t/")
    _assert_expected(found)
    assert found["denied.html"] == {"EL901"}


def test_unreadable_paths_named_on_the_command_line(
        bad_tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A path through a file (ENOTDIR, unreadable even as root), a missing
    file and a link loop, named explicitly, are EL901; the run goes on."""
    names = ["t/good.html/x.html", "t/missing.html", "t/loop-a.html", "t/good.html"]
    code = main(["--no-cache", "--format", "json", *names])

    report = json.loads(capsys.readouterr().out)
    found = _codes_by_file(report, "")
    assert code == 1
    for name in names[:3]:
        assert found[name] == {"EL901"}
    assert found["t/good.html"] == {"EL101"}


def test_the_walk_never_follows_folder_links(
        workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (workdir / "t").mkdir()
    (workdir / "t" / "a.html").write_text(GOOD)
    os.symlink("..", workdir / "t" / "up.html")
    os.symlink(".", workdir / "t" / "self")

    assert main(["--no-cache", "--format", "json", "t"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["files_checked"] == 1
    assert {f["path"] for f in report["findings"]} == {"t/a.html"}


# -- big inputs -------------------------------------------------------------

BIG_INPUTS = {
    "200,000 nested elements": (
        "<div><table><tr><td>" * 50_000 + GOOD + "</td></tr></table></div>" * 50_000),
    "100,000 attributes on one tag": (
        "<a " + " ".join(f"data-x{i}='{i}'" for i in range(100_000))
        + ' href="www.shop.com">x</a>'),
    "100,000 attributes, end of file inside the tag": (
        GOOD + '<a href="www.shop.com" '
        + " ".join(f"x{i}={i}" for i in range(100_000))),
    "100,000 template tokens in one tag": (
        "<a " + " ".join(f"{{{{ v{i} }}}}" for i in range(100_000))
        + ' href="www.shop.com">x</a>'),
    "200,000 unclosed conditional comments": (
        GOOD + "<!--[if mso]>" * 200_000 + GOOD),
    "200,000 unclosed comments and quotes": (
        GOOD + "<!--" * 100_000 + '<a href="' * 100_000),
    "1,000,000 lone <": GOOD + "<" * 1_000_000,
}


@pytest.mark.parametrize("name", BIG_INPUTS)
def test_big_inputs_finish_quickly(name: str) -> None:
    text = BIG_INPUTS[name]

    started = time.perf_counter()
    findings = lint_text(text, path="big.html", config=Config())
    elapsed = time.perf_counter() - started

    assert findings, "the literal link before or in the big input is linted"
    assert all(f.line is not None and f.line >= 1 for f in findings)
    # Generous: a quadratic path takes minutes here, the linear one < 3 s.
    assert elapsed < 30, f"{name}: {elapsed:.1f} s"


def test_nested_links_never_copy_the_text_up_to_a_far_end_tag() -> None:
    """Nested <a> tags whose </a> is far away: the link text of each was a
    slice up to it, a copy of the file per link (quadratic: 200,000 nested
    links took 40 s). Its length is measured first now."""
    slices: list[int] = []

    class WatchedText(str):
        def __getitem__(self, key: Any) -> str:
            if isinstance(key, slice):
                start, stop, _ = key.indices(len(self))
                slices.append(stop - start)
            return str.__getitem__(self, key)

    count = 3_000
    text = WatchedText('<a href="https://shop.com/">' * count + "</a>" * count)
    index = TokenIndex(DialectTable.build().find_tokens(text))
    links = build_links(text, scan_links(text, index), index)

    assert len(links) == count
    assert links[-1].text == ""
    assert max(slices) <= 5000


@pytest.mark.parametrize("depth", [3, 32, 33, 500])
def test_deeply_nested_conditionals_scan_alike(depth: int) -> None:
    """Past the depth limit both scanners stop looking inside, alike."""
    text = '<!--[if mso]><a href="www.a.com">' * depth + "<![endif]-->" * depth
    assert_same_scan(text)
    found = [f for f in lint_text(text, path="t.html") if f.code == "EL101"]
    assert len(found) == min(depth, 32)


def test_a_60_mb_file_through_the_cli(workdir: Path) -> None:
    """One 60 MB template (a link every 2.7 kB, as the corpus has), and a
    small one beside it: about 6 s on the CI machine."""
    filler = ('<tr><td class="c" style="padding:10px;color:#333">Our spring '
              "sale ends soon, with prices lower than ever on shoes.</td></tr>\n")
    block = filler * 20 + '<a href="www.shop.com/p?id=1">Shop</a>\n'
    copies = 60_000_000 // len(block) + 1
    (workdir / "big.html").write_bytes((block * copies).encode())
    (workdir / "small.html").write_text(GOOD)

    result = run_cli("--format", "json=out.json", "big.html", "small.html",
                     cwd=workdir)

    assert result.returncode == 1, result.stderr
    assert result.stderr == ""
    report = json.loads((workdir / "out.json").read_text())
    paths = {finding["path"] for finding in report["findings"]}
    assert paths == {"big.html", "small.html"}
    assert len(report["findings"]) == copies + 1


# -- command-line and config errors ----------------------------------------

BAD_FLAGS = [
    (["--format", "xml"], "--format"),
    (["--format", "=out.txt"], "--format"),
    (["--provider", "nope"], "--provider"),
    (["--select", "EL999"], "--select"),
    (["--ignore", "no-such-rule"], "--ignore"),
    (["--extend-select", "EL9999"], "--extend-select"),
    (["--dns-timeout", "-1"], "--dns-timeout"),
    (["--dns-timeout", "abc"], "--dns-timeout"),
    (["--dns-timeout", "inf"], "--dns-timeout"),
    (["--dns-timeout", "nan"], "--dns-timeout"),
    (["-j", "-2"], "--jobs"),
    (["-j", "two"], "--jobs"),
    (["--config", "missing.toml"], "missing.toml"),
    (["--explain", "EL999"], "--explain"),
    (["--no-such-flag"], "--no-such-flag"),
    (["--format", "json=no/such/folder/out.json"], "no/such/folder/out.json"),
    (["-", "a.html"], "standard input"),
]

BAD_CONFIGS = [
    ("provider = ", "invalid TOML"),
    ("provider = 3", "provider"),
    ('provider = "nope"', "provider"),
    ("no-such-key = 1", "no-such-key"),
    ('select = "EL1"', "select"),
    ('select = ["EL999"]', "select"),
    ('strict = "yes"', "strict"),
    ("dns = 3", "dns"),
    ("[dns]\ntimeout = inf", "dns.timeout"),
    ("[dns]\ntimeout = -2", "dns.timeout"),
    ("[dns]\nretries = 2", "dns.retries"),
    ("[dns]\nrecords = [{name = 'a'}]", "dns.records"),
    ('[severity]\nEL101 = "fatal"', "severity.EL101"),
    ('[severity]\nEL999 = "error"', "severity.EL999"),
    ("[per-file-ignores]\n'a/**' = 'EL1'", "per-file-ignores"),
    ("template-delimiters = [['{{']]", "template-delimiters"),
    ("include = [1]", "include"),
    ("[rules]\nEL406 = 1", "rules.EL406"),
]

BAD_PYPROJECTS = [
    ('tool = "lint-email"', "tool"),
    ("[tool]\nlint-email = 3", "tool.lint-email"),
    ("[tool.lint-email]\nstrict = 1", "tool.lint-email.strict"),
    ("[tool.lint-email]\nbad = 1", "tool.lint-email.bad"),
]


def _assert_usage_error(code: int, err: str, named: str) -> None:
    assert code == 2
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert 1 <= len(lines) <= 2, err
    assert lines[0].startswith("lint-email: error: "), err
    assert named in err, err


@pytest.mark.parametrize(("flags", "named"), BAD_FLAGS,
                         ids=[" ".join(flags) for flags, _ in BAD_FLAGS])
def test_bad_flags_exit_2_naming_the_flag(
        flags: list[str], named: str, workdir: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    (workdir / "a.html").write_text(GOOD)
    code = main([*flags, "a.html"] if "a.html" not in flags else flags)
    _assert_usage_error(code, capsys.readouterr().err, named)


@pytest.mark.parametrize(("content", "named"), BAD_CONFIGS,
                         ids=[content for content, _ in BAD_CONFIGS])
def test_bad_config_exits_2_naming_file_and_key(
        content: str, named: str, workdir: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    (workdir / "a.html").write_text(GOOD)
    (workdir / "bad.toml").write_text(content + "\n")
    code = main(["--config", "bad.toml", "a.html"])
    err = capsys.readouterr().err
    _assert_usage_error(code, err, named)
    assert "bad.toml" in err


@pytest.mark.parametrize(("content", "named"), BAD_PYPROJECTS,
                         ids=[content for content, _ in BAD_PYPROJECTS])
def test_bad_pyproject_found_upward_exits_2(
        content: str, named: str, workdir: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    (workdir / "pyproject.toml").write_text(content + "\n")
    (workdir / "sub").mkdir()
    (workdir / "sub" / "a.html").write_text(GOOD)
    os.chdir(workdir / "sub")
    code = main(["a.html"])
    err = capsys.readouterr().err
    _assert_usage_error(code, err, named)
    assert "pyproject.toml" in err


def test_undecodable_and_unreadable_configs(workdir: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    (workdir / "latin.toml").write_bytes(b'provider = "caf\xe9"\n')
    (workdir / "folder.toml").mkdir()
    for name in ("latin.toml", "folder.toml"):
        code = main(["--config", name, "."])
        _assert_usage_error(code, capsys.readouterr().err, name)


def test_usage_errors_through_the_real_cli(workdir: Path) -> None:
    (workdir / "bad.toml").write_text("[dns]\ntimeout = 'soon'\n")
    for args, named in ((["--format", "xml", "."], "--format"),
                        (["--config", "bad.toml", "."], "dns.timeout"),
                        (["-j", "x", "."], "--jobs")):
        result = run_cli(*args, cwd=workdir)
        _assert_usage_error(result.returncode, result.stderr, named)


# -- interrupts and closed pipes -------------------------------------------


def _no_temporary_files(folder: Path) -> bool:
    return not [path for path in folder.rglob("*") if "lint-email-tmp" in path.name]


def test_ctrl_c_while_linting_exits_130_and_writes_nothing(
        bad_tree: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    calls = []

    def interrupted(*args: object, **kwargs: object) -> list[object]:
        calls.append(args)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return []

    monkeypatch.setattr(linter.files, "lint_file", interrupted)
    code = main(["--no-cache", "-j", "1", "--format", "json=out.json", "t"])

    assert code == 130
    assert capsys.readouterr().err == "lint-email: interrupted\n"
    assert not (bad_tree.parent / "out.json").exists()
    assert _no_temporary_files(bad_tree.parent)


def test_ctrl_c_while_writing_a_report_leaves_no_partial_file(
        workdir: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    (workdir / "a.html").write_text(GOOD)
    (workdir / "out.json").write_text("the previous report\n")
    real_pieces = formats.render_pieces

    def half_then_interrupt(name: str, report: Report) -> Iterator[str]:
        whole = "".join(real_pieces(name, report))
        yield whole[: len(whole) // 2]
        raise KeyboardInterrupt

    monkeypatch.setattr(formats, "render_pieces", half_then_interrupt)
    code = main(["--format", "json=out.json", "a.html"])

    assert code == 130
    assert "Traceback" not in capsys.readouterr().err
    # The old report stays whole; the half-written temporary file is gone.
    assert (workdir / "out.json").read_text() == "the previous report\n"
    assert _no_temporary_files(workdir)


def test_ctrl_c_during_fix_leaves_files_intact(
        workdir: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    original = '<a href="www.shop.com">a</a>\n<a href = "www.b.com">b</a>\n'
    for index in range(3):
        (workdir / f"f{index}.html").write_text(original)
    real_replace = os.replace
    renames = []

    def replace_then_stop(source: Any, target: Any) -> None:
        renames.append(target)
        if len(renames) == 2:
            raise KeyboardInterrupt
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", replace_then_stop)
    code = main(["--fix", "f0.html", "f1.html", "f2.html"])

    assert code == 130
    assert "Traceback" not in capsys.readouterr().err
    assert (workdir / "f0.html").read_text() != original  # fixed whole
    for name in ("f1.html", "f2.html"):
        assert (workdir / name).read_text() == original  # untouched
    assert _no_temporary_files(workdir)


@pytest.fixture
def big_tree(workdir: Path) -> Path:
    """Enough templates that a lint runs for a few seconds.

    Every link differs, or the engine's link memo would answer all but the
    first and the lint would be over before the signal.
    """
    (workdir / "tree").mkdir()
    for index in range(300):
        block = "".join(f'<p>text <a href="www.shop.com/{index}/{link}">x</a>'
                        " more</p>\n" for link in range(400))
        (workdir / "tree" / f"f{index:03}.html").write_text(block)
    return workdir / "tree"


@pytest.mark.parametrize("jobs", ["1", "0"])
def test_sigint_to_a_running_lint(big_tree: Path, jobs: str) -> None:
    """Ctrl-C (SIGINT to the process group, workers included): exit 130,
    one line on stderr, no report file."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    process = subprocess.Popen(
        [sys.executable, "-m", "linter.cli", "--no-cache", "-j", jobs,
         "--format", "json=out.json", "tree"],
        cwd=big_tree.parent, env=env, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, start_new_session=True,
    )
    time.sleep(1.0)
    os.killpg(process.pid, signal.SIGINT)
    out, err = process.communicate(timeout=60)

    assert process.returncode == 130, err
    assert err.decode() == "lint-email: interrupted\n"
    assert out == b""
    assert not (big_tree.parent / "out.json").exists()
    assert _no_temporary_files(big_tree.parent)


def test_closed_stdout_ends_quietly(workdir: Path) -> None:
    (workdir / "tree").mkdir()
    for index in range(30):
        (workdir / "tree" / f"f{index:03}.html").write_text(GOOD * 100)
    big_tree = workdir / "tree"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("GITHUB_ACTIONS", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "linter.cli", "--no-cache", "tree"],
        cwd=big_tree.parent, env=env, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    first = process.stdout.readline()
    process.stdout.close()
    err = process.stderr.read()
    process.wait(timeout=60)

    assert first.startswith(b"tree/f000.html:1:")
    assert err == b""
    assert process.returncode in (0, 1)


@pytest.mark.parametrize("fmt", ["text", "json", "sarif"])
def test_pipe_into_head_has_no_noise(workdir: Path, fmt: str) -> None:
    for index in range(50):
        (workdir / f"f{index}.html").write_text(GOOD * 200)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("GITHUB_ACTIONS", None)
    result = subprocess.run(
        f"'{sys.executable}' -m linter.cli --no-cache --format {fmt} . | head -c 20",
        shell=True, cwd=workdir, env=env, capture_output=True, timeout=60,
        check=False,
    )
    assert len(result.stdout) == 20
    assert result.stderr == b""


def test_broken_pipe_in_process_returns_quietly(
        workdir: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    (workdir / "a.html").write_text(GOOD)

    class ClosedPipe:
        def write(self, text: str) -> int:
            raise BrokenPipeError(32, "Broken pipe")

        def flush(self) -> None:
            raise BrokenPipeError(32, "Broken pipe")

        def fileno(self) -> int:
            raise OSError("no descriptor")

    monkeypatch.setattr(sys, "stdout", ClosedPipe())
    assert main(["a.html"]) == 0
    assert capsys.readouterr().err == ""


# -- safety -----------------------------------------------------------------


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every way out to the network raises, and is recorded."""
    attempts: list[str] = []

    def refuse(name: str) -> Any:
        def refused(*args: object, **kwargs: object) -> Any:
            attempts.append(f"{name}{args[:2]!r}")
            raise OSError(f"network use during a lint: {name}")
        return refused

    monkeypatch.setattr(socket.socket, "connect", refuse("connect"))
    monkeypatch.setattr(socket.socket, "connect_ex", refuse("connect_ex"))
    monkeypatch.setattr(socket.socket, "sendto", refuse("sendto"))
    monkeypatch.setattr(socket, "create_connection", refuse("create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("getaddrinfo"))
    monkeypatch.setattr(socket, "gethostbyname", refuse("gethostbyname"))
    yield attempts


def test_a_lint_never_touches_the_network(
        no_network: list[str], workdir: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    paths = [str(REPO / "fixtures")]
    if CORPUS.is_dir():
        paths.append(str(CORPUS))
    findings = lint_paths(paths)
    code = main(["--no-cache", "-j", "1", "--format", "json", *paths])

    assert findings
    assert code == 1
    assert json.loads(capsys.readouterr().out)["findings"]
    assert no_network == []


XXE = """<?xml version="1.0"?>
<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd"><!ENTITY w "www.shop.com">]>
<html><body><a href="&e;">a</a><a href="&w;">b</a></body></html>
"""


def test_external_entities_are_never_expanded(workdir: Path) -> None:
    findings = lint_text(XXE, path="x.xhtml")
    hrefs = {finding.href for finding in findings}

    assert "&e;" in hrefs and "&w;" in hrefs  # the raw values, as written
    assert "root:" not in repr(findings)
    assert all("www.shop.com" not in (f.message or "") for f in findings
               if f.href == "&w;")


@pytest.mark.parametrize("token", [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ self.__init__.__globals__['os'].system('touch pwned') }}",
    "<%= `touch pwned` %>",
    "${'freemarker.template.utility.Execute'?new()('touch pwned')}",
])
def test_template_code_is_never_run(token: str, workdir: Path) -> None:
    def lint_with(expression: str) -> list[tuple[object, ...]]:
        source = (f'<a href="https://shop.com/{expression}">x</a>\n'
                  f'<a href="{expression}">y</a>\n')
        return [(f.line, f.column, f.code) for f in lint_text(source, path="t.html")]

    # The same delimiters around a harmless name give the same findings.
    harmless = "${x}" if token.startswith("$") else f"{token[:2]} x {token[-2:]}"
    assert lint_with(token) == lint_with(harmless)
    assert lint_with(token)
    assert not (workdir / "pwned").exists()
