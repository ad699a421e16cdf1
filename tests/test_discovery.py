"""Which files a folder walk picks: extensions, globs, .gitignore, hidden."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from linter import Config
from linter.discovery import DEFAULT_EXTENSIONS, discover


def touch(root: Path, *names: str) -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("<p>x</p>")


def found(root: Path, config: Config | None = None, force: bool = False,
          paths: list[str] | None = None) -> list[str]:
    config = config or Config(root=root)
    return [t.display for t in discover(paths or [str(root)], config, force)]


def test_every_default_extension(tmp_path: Path) -> None:
    names = [f"t{i}{ext}" for i, ext in enumerate(DEFAULT_EXTENSIONS)]
    touch(tmp_path, *names, "notes.txt", "script.py", "x.php", "UPPER.HTML")
    shown = {Path(p).name for p in found(tmp_path)}
    assert shown == set(names) | {"UPPER.HTML"}


def test_hidden_and_node_modules_skipped(tmp_path: Path) -> None:
    touch(tmp_path, "a.html", ".git/b.html", ".cache/c.html", "node_modules/d.html")
    assert [Path(p).name for p in found(tmp_path)] == ["a.html"]


def test_gitignore(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".gitignore").write_text("build/\n*.tmp.html\n!keep.tmp.html\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / ".gitignore").write_text("/local.html\n")
    touch(tmp_path, "a.html", "build/b.html", "x.tmp.html", "keep.tmp.html",
          "sub/local.html", "sub/other.html", "deep/sub/local.html")
    shown = sorted(Path(p).relative_to(tmp_path).as_posix() for p in found(tmp_path))
    assert shown == ["a.html", "deep/sub/local.html", "keep.tmp.html", "sub/other.html"]


def test_include_and_exclude_globs(tmp_path: Path) -> None:
    touch(tmp_path, "emails/a.html", "emails/build/b.html", "web/c.html",
          "emails/d.txt")
    config = Config(root=tmp_path, include=("emails/**/*.html",),
                    exclude=("emails/build/**",))
    shown = [Path(p).relative_to(tmp_path).as_posix() for p in found(tmp_path, config)]
    assert shown == ["emails/a.html"]


def test_named_file_linted_unless_force_exclude(tmp_path: Path) -> None:
    touch(tmp_path, "build/b.html")
    config = Config(root=tmp_path, exclude=("build/**",))
    named = [str(tmp_path / "build" / "b.html")]
    assert len(found(tmp_path, config, paths=named)) == 1
    assert found(tmp_path, config, force=True, paths=named) == []


def test_folder_named_like_a_template_is_walked(tmp_path: Path) -> None:
    touch(tmp_path, "odd.html/inner.html")
    assert [Path(p).name for p in found(tmp_path)] == ["inner.html"]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links here")
def test_symlink_loop_is_not_followed(tmp_path: Path) -> None:
    touch(tmp_path, "a/x.html")
    os.symlink(tmp_path / "a", tmp_path / "a" / "loop")
    assert [Path(p).name for p in found(tmp_path)] == ["x.html"]


def test_display_paths_are_relative_as_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    touch(tmp_path, "t/a.html")
    monkeypatch.chdir(tmp_path)
    config = Config(root=tmp_path)
    assert [t.display for t in discover(["t"], config)] == ["t/a.html"]
    assert [t.display for t in discover(["./t/"], config)] == ["t/a.html"]
