"""The command line in-process: exit codes, flags, formats, errors."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from linter.cli import main

BROKEN = '<a href="https://shop.com/{{url}">x</a>\n'  # EL209, an error
WARNING_ONLY = "<a href=https://shop.com>x</a>\n"  # EL203, a warning
CLEAN = '<a href="https://shop.com">x</a>\n'


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    return tmp_path


def test_exit_codes(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (workdir / "clean.html").write_text(CLEAN)
    (workdir / "warn.html").write_text(WARNING_ONLY)
    (workdir / "broken.html").write_text(BROKEN)
    assert main(["clean.html"]) == 0
    assert main(["warn.html"]) == 0
    assert main(["--strict", "warn.html"]) == 1
    assert main(["broken.html"]) == 1
    assert main(["--exit-zero", "broken.html"]) == 0
    assert main(["--no-such-flag"]) == 2
    assert "broken.html:1:10: EL209" in capsys.readouterr().out


def test_text_output_names_path_line_column(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (workdir / "sub").mkdir()
    (workdir / "sub" / "a.html").write_text("\n" + BROKEN)
    main(["sub"])
    out = capsys.readouterr().out
    assert "sub/a.html:2:10: EL209 " in out


def test_json_output(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (workdir / "a.html").write_text(BROKEN + WARNING_ONLY)
    assert main(["--format", "json", "a.html"]) == 1
    document = json.loads(capsys.readouterr().out)
    assert document["version"] == 1
    assert document["files_checked"] == 1
    first = document["findings"][0]
    assert first["path"] == "a.html"
    assert (first["line"], first["column"], first["code"]) == (1, 10, "EL209")
    assert first["href"] == "https://shop.com/{{url}"
    assert [f["code"] for f in document["findings"]] == ["EL209", "EL203"]


def test_format_to_file(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (workdir / "a.html").write_text(BROKEN)
    main(["--format", "text", "--format", "json=out.json", "a.html"])
    assert "EL209" in capsys.readouterr().out
    assert json.loads((workdir / "out.json").read_text())["findings"]


def test_unknown_format_is_a_usage_error(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--format", "xml", "."]) == 2
    err = capsys.readouterr().err
    assert "--format" in err and "xml" in err and "Traceback" not in err


def test_stdin(workdir: Path, monkeypatch: pytest.MonkeyPatch,
               capsys: pytest.CaptureFixture[str]) -> None:
    stdin = io.TextIOWrapper(io.BytesIO(BROKEN.encode()))
    monkeypatch.setattr(sys, "stdin", stdin)
    assert main(["-", "--stdin-filename", "emails/w.html"]) == 1
    assert "emails/w.html:1:10: EL209" in capsys.readouterr().out


def test_select_ignore(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (workdir / "a.html").write_text(BROKEN + WARNING_ONLY)
    assert main(["--ignore", "EL209", "a.html"]) == 0
    assert main(["--select", "unquoted-href", "a.html"]) == 0
    out = capsys.readouterr().out
    assert "EL209" not in out and "EL203" in out
    assert main(["--select", "EL999", "a.html"]) == 2
    assert "EL999" in capsys.readouterr().err


def test_off_by_default_rule_needs_its_own_code(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (workdir / "a.html").write_text(
        "<!-- lint-email: disable-next-line EL101 -->\n<p>x</p>\n"
    )
    main(["--extend-select", "EL9", "a.html"])
    assert "EL903" not in capsys.readouterr().out
    main(["--extend-select", "EL903", "a.html"])
    assert "EL903" in capsys.readouterr().out


def test_list_rules_and_explain(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--list-rules"]) == 0
    listing = capsys.readouterr().out
    assert "EL203  unquoted-href" in listing
    assert main(["--explain", "unquoted-href"]) == 0
    assert "Failing:" in capsys.readouterr().out
    assert main(["--explain", "EL000"]) == 2


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["--version"])
    assert stopped.value.code == 0
    assert capsys.readouterr().out.startswith("lint-email ")


def test_github_format_is_default_under_actions(
    workdir: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    (workdir / "a.html").write_text(BROKEN)
    main(["a.html"])
    assert capsys.readouterr().out.startswith("::error file=a.html,line=1,col=10")


def test_missing_file_is_el901_and_run_goes_on(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (workdir / "b.html").write_text(BROKEN)
    assert main(["missing.html", "b.html"]) == 1
    out = capsys.readouterr().out
    assert "missing.html:1:1: EL901" in out and "b.html:1:10: EL209" in out


def test_undecodable_file_is_el902_and_still_linted(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (workdir / "a.html").write_bytes(b"<p>caf\xe9</p>\n<a href=x.html>")
    assert main(["a.html"]) == 1
    out = capsys.readouterr().out
    assert "a.html:1:7: EL902 byte 0xE9" in out
    assert "a.html:2:9: EL203" in out


def test_the_command_flushes_its_whole_report_before_it_exits(tmp_path: Path) -> None:
    """``console`` ends the process without the interpreter's teardown:
    the report, far bigger than a pipe's buffer, must be out whole, and
    the exit code must be ``main``'s (1: with --strict, warnings fail)."""
    for number in range(300):
        (tmp_path / f"t{number:03d}.html").write_text('<a href="#">x</a>')
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    env.pop("GITHUB_ACTIONS", None)

    result = subprocess.run(
        [sys.executable, "-m", "linter.cli", "--isolated", "--no-cache", "--strict",
         "."],
        cwd=tmp_path, env=env, capture_output=True, timeout=120, check=False,
    )

    lines = result.stdout.decode().splitlines()
    assert result.returncode == 1, result.stderr
    assert len(lines) == 301
    assert lines[-1].startswith("Found 300 problem(s)")
    assert result.stderr == b""
