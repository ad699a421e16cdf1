"""The paths that make lint-email fast give the answers of the plain ones.

The process pool, the findings cache, the line counting behind positions,
the walk's config paths and the token search's memory are each checked
against the straightforward way of getting the same result. Nothing here
measures time: that is ``benchmarks/``'s job.
"""

from __future__ import annotations

import os
import random
from email.message import EmailMessage
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import linter.files as files
from linter.cache import CACHE_FOLDER, FindingsCache
from linter.cli import main
from linter.config import Config
from linter.dialects import _Finder
from linter.discovery import _config_relative, _display, discover
from linter.engine import Engine
from linter.findings import Finding, sort_findings
from linter.source import Document

TEMPLATE = (
    '<p>Hi {{ name }}</p>\n<a href="https://shop.com/{{ path }}">Shop</a>\n'
    "<a href=www.shop.com>bare</a>\r\n<a href='{{ url }'>broken</a>\n"
)


def _write_files(folder: Path, count: int) -> list[tuple[Path, str, str]]:
    folder.mkdir(parents=True, exist_ok=True)
    targets = []
    for number in range(count):
        path = folder / f"t{number:02d}.html"
        path.write_text("\n" * number + TEMPLATE * (number % 4 + 1))
        targets.append((path, f"t{number:02d}.html", f"t{number:02d}.html"))
    return targets


def test_pool_gives_the_serial_findings_in_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    targets = _write_files(tmp_path, 20)
    engine = Engine(Config())
    serial = files.lint_targets(targets, engine, jobs=1)
    monkeypatch.setattr(files, "POOL_MIN_BYTES", 0)
    pooled = files.lint_targets(targets, engine, jobs=2)
    assert pooled.findings == serial.findings
    # They travel back as plain tuples: each must be a Finding again.
    assert {type(finding) for finding in pooled.findings} == {Finding}
    assert [finding._asdict() for finding in pooled.findings] == [
        finding._asdict() for finding in serial.findings]
    assert pooled.files_checked == serial.files_checked == 20
    assert len({finding.path for finding in serial.findings}) == 20


def test_runs_go_to_workers_while_targets_still_arrive(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    targets = _write_files(tmp_path, 20)
    monkeypatch.setattr(files, "POOL_MIN_BYTES", 0)
    monkeypatch.setattr(files, "CHUNK_BYTES", 1)
    run = files._Run(Engine(Config()), workers=2, cache=None)
    try:
        for target in targets[:10]:
            run.add(target)
        assert run.pool is not None
        # One file a run here: each worker had one of the first files found
        # at once (and may have had more since).
        assert [indexes for indexes, _ in run.sent][:2] == [[0], [1]]
        for target in targets[10:]:
            run.add(target)
        result = run.finish()
    finally:
        run.close()
    # Every file went to a worker once, in the order found.
    sent = [index for indexes, _ in run.sent for index in indexes]
    assert sent == list(range(20))
    serial = files.lint_targets(targets, Engine(Config()), jobs=1)
    assert result.findings == serial.findings


def test_runs_shrink_once_every_file_is_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The last runs are small, so that no worker waits long for another."""
    targets = _write_files(tmp_path, 40)
    sizes = [path.stat().st_size for path, _, _ in targets]
    monkeypatch.setattr(files, "POOL_MIN_BYTES", 0)
    monkeypatch.setattr(files, "CHUNK_BYTES", sum(sizes) // 4)
    monkeypatch.setattr(files, "SMALLEST_CHUNK_BYTES", 1)
    run = files._Run(Engine(Config()), workers=2, cache=None)
    try:
        for target in targets:
            run.add(target)
        result = run.finish()
    finally:
        run.close()

    run_bytes = [sum(sizes[index] for index in indexes)
                 for indexes, _ in run.sent]
    assert run_bytes[0] >= files.CHUNK_BYTES
    assert len(run.sent[-1][0]) == 1
    assert max(run_bytes[-3:]) < files.CHUNK_BYTES // 2
    sent = [index for indexes, _ in run.sent for index in indexes]
    assert sent == list(range(40))
    serial = files.lint_targets(targets, Engine(Config()), jobs=1)
    assert result.findings == serial.findings


def test_small_runs_stay_in_one_process() -> None:
    assert not files.needs_pool(40, 4_000, workers=2)
    assert not files.needs_pool(3, 3 * 10**7, workers=2)
    assert not files.needs_pool(400, 10**9, workers=1)
    assert files.needs_pool(files.POOL_MIN_FILES, files.POOL_MIN_BYTES, workers=2)


def test_worker_count() -> None:
    assert files.worker_count(3) == 3
    assert files.worker_count(0) >= 1


def test_negative_jobs_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.html").write_text(TEMPLATE)
    assert main(["-j", "-1", "a.html"]) == 2


def test_cache_serves_the_same_findings_under_any_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(files, "MIN_FILES", 0)
    targets = _write_files(tmp_path / "emails", 3)
    config = Config(root=tmp_path)
    engine = Engine(config)
    fresh = files.lint_targets(targets, engine, cache=FindingsCache(config))
    assert (tmp_path / CACHE_FOLDER / ".gitignore").read_text().endswith("*\n")

    def refuse(*args: object) -> list[object]:
        raise AssertionError("a cached file was linted again")

    with monkeypatch.context() as patch:
        patch.setattr(files, "lint_file", refuse)
        cached = files.lint_targets(targets, engine, cache=FindingsCache(config))
    assert cached.findings == fresh.findings

    renamed = [(path, "other/" + display, config_path)
               for path, display, config_path in targets]
    as_message = files.lint_targets([(targets[0][0], "m.eml", "m.eml")], engine,
                                    cache=FindingsCache(config))
    assert as_message.findings == files.lint_targets(
        [(targets[0][0], "m.eml", "m.eml")], engine).findings
    again = files.lint_targets(renamed, engine, cache=FindingsCache(config))
    expected = ["other/" + f.path for f in fresh.findings if f.path]
    assert [f.path for f in again.findings] == expected


def test_cache_misses_changed_content_and_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(files, "MIN_FILES", 0)
    targets = _write_files(tmp_path / "emails", 2)
    config = Config(root=tmp_path)
    files.lint_targets(targets, Engine(config), cache=FindingsCache(config))

    targets[0][0].write_text('<a href="http://a.com">a</a>')
    changed = files.lint_targets(targets, Engine(config), cache=FindingsCache(config))
    plain = files.lint_targets(targets, Engine(config))
    assert changed.findings == plain.findings

    strict = Config(root=tmp_path, ignore=("EL203",))
    assert FindingsCache(strict).path != FindingsCache(config).path
    ignored = files.lint_targets(targets, Engine(strict), cache=FindingsCache(strict))
    assert "EL203" not in {finding.code for finding in ignored.findings}


def test_broken_cache_file_is_ignored(tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(files, "MIN_FILES", 0)
    targets = _write_files(tmp_path / "emails", 2)
    config = Config(root=tmp_path)
    cache = FindingsCache(config)
    cache.path.parent.mkdir(parents=True)
    cache.path.write_bytes(b"not a pickle")
    result = files.lint_targets(targets, Engine(config), cache=cache)
    assert result.findings == files.lint_targets(targets, Engine(config)).findings


def test_no_cache_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.setattr(files, "MIN_FILES", 0)
    _write_files(tmp_path, 2)
    assert main(["--isolated", "--no-cache", "."]) == 1
    assert not (tmp_path / CACHE_FOLDER).exists()
    assert main(["--isolated", "."]) == 1
    assert (tmp_path / CACHE_FOLDER).is_dir()


_LINE_TEXT = st.text(alphabet="ab\r\n\t\u2028é", max_size=300)


@settings(max_examples=200, deadline=None)
@given(_LINE_TEXT, st.data())
def test_counted_positions_match_the_line_index(text: str, data: st.DataObject) -> None:
    offsets = data.draw(st.lists(st.integers(0, len(text)), max_size=40))
    counted = Document(path="t", text=text)
    indexed = Document(path="t", text=text)
    _ = indexed.line_starts
    expected = [indexed.position(offset) for offset in offsets]
    assert [counted.position(offset) for offset in offsets] == expected


@settings(max_examples=200, deadline=None)
@given(_LINE_TEXT, st.data())
def test_positions_in_one_pass_match_the_line_index(text: str,
                                                     data: st.DataObject) -> None:
    offsets = data.draw(st.lists(st.integers(0, len(text)), max_size=40))
    indexed = Document(path="t", text=text)
    _ = indexed.line_starts
    expected = {offset: indexed.position(offset) for offset in offsets}
    assert Document(path="t", text=text).positions(offsets) == expected


@pytest.mark.parametrize("spelling", [
    "{}", "{}/", "./{}", "{}/emails/..", "{}//emails", "ABSOLUTE",
])
def test_walk_config_paths_match_resolving_each_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, spelling: str
) -> None:
    root = tmp_path / "project"
    (root / "emails" / "deep").mkdir(parents=True)
    (root / "emails" / "a.html").write_text("x")
    (root / "emails" / "deep" / "b.html").write_text("x")
    outside = tmp_path / "outside.html"
    outside.write_text("x")
    os.symlink(outside, root / "emails" / "link.html")
    os.symlink(root / "emails", tmp_path / "alias")
    config = Config(root=root)
    monkeypatch.chdir(tmp_path)

    given = (str(root) if spelling == "ABSOLUTE" else spelling.format("project"))
    found = list(discover([given, "alias"], config))
    assert len(found) == 6
    for target in found:
        assert target.config_path == _config_relative(target.fs_path, config)
        # Shown as the path it was read from, normalised with "/".
        assert target.display == _display(target.path)
        assert Path(target.path).read_text() == "x"


def test_finder_answers_as_str_find() -> None:
    chance = random.Random(7)
    text = "".join(chance.choice("{}x") for _ in range(2000))
    finder = _Finder(text)
    for _ in range(3000):
        needle = chance.choice(["{{", "}}", "x{", "}}}"])
        start = chance.randrange(len(text) + 2)
        assert finder.find(needle, start) == text.find(needle, start)


def _message_with_two_html_parts() -> bytes:
    """Findings on lines 1 and 3 of one part, line 2 of the other: the
    parts' findings, one part after the other, are out of order."""
    message = EmailMessage()
    message["Subject"] = "Sale"
    message.set_content("<p>x</p>\n<a href=www.shop.com/2>two</a>\n",
                        subtype="html")
    message.add_alternative(
        "<a href=www.shop.com/1>one</a>\n<p>x</p>\n<a href=www.shop.com/3>3</a>\n",
        subtype="html")
    return bytes(message)


@pytest.mark.parametrize("jobs", [1, 2])
def test_runs_give_their_findings_sorted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int
) -> None:
    """In ``sort_findings`` order without sorting them again: a folder
    walked before a file whose name sorts first, and a message whose parts'
    findings interleave."""
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "b.html").write_text(TEMPLATE)
    (tmp_path / "a.html").write_text(TEMPLATE * 2)
    (tmp_path / "m.eml").write_bytes(_message_with_two_html_parts())
    targets = [(tmp_path / name, name, name)
               for name in ("a/b.html", "m.eml", "a.html")]
    targets += _write_files(tmp_path / "more", 12)
    monkeypatch.setattr(files, "POOL_MIN_BYTES", 0)

    result = files.lint_targets(targets, Engine(Config()), jobs=jobs)

    assert result.in_order
    assert result.findings == sort_findings(result.findings)
    assert [f.path for f in result.findings][:1] == ["a.html"]
    message_lines = [f.line for f in result.findings if f.path == "m.eml"]
    assert len(message_lines) >= 3 and message_lines == sorted(message_lines)


def test_files_sharing_a_name_are_left_to_sort(tmp_path: Path) -> None:
    (tmp_path / "one.html").write_text(TEMPLATE)
    (tmp_path / "two.html").write_text("\n" + TEMPLATE)
    targets = [(tmp_path / "one.html", "same.html", "same.html"),
               (tmp_path / "two.html", "same.html", "same.html")]

    result = files.lint_targets(targets, Engine(Config()))

    assert not result.in_order
    assert result.findings != sort_findings(result.findings)
