"""The ``lint-email`` hook run by the real pre-commit framework.

pre-commit installs a hook repository from a git commit, so the test copies
this checkout (uncommitted changes included) into a fresh repository,
commits it there, and points a project's ``.pre-commit-config.yaml`` at
that commit. pre-commit then builds the hook's virtual environment with
pip, as it would for a user; that needs the package index, and makes this
the slowest test of the suite.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

BROKEN = '<a href="www.shop.com">x</a>\n'
FIXED = '<a href="https://www.shop.com">x</a>\n'

# Left out of the copy when this checkout is not a git work tree.
NOT_COPIED = shutil.ignore_patterns(
    ".git", "__pycache__", "*.pyc", ".mypy_cache", ".pytest_cache",
    ".hypothesis", ".venv", "*.egg-info",
)


def skip_reason() -> str | None:
    """Why the real hook cannot be exercised here, or None."""
    if shutil.which("git") is None:
        return "git is not installed"
    try:
        import pre_commit  # noqa: F401
    except ImportError:
        return "pre-commit is not installed"
    return None


pytestmark = pytest.mark.skipif(skip_reason() is not None,
                                reason=str(skip_reason()))


def isolated_env(tmp_path: Path) -> dict[str, str]:
    """Environment with its own HOME, git config and pre-commit cache."""
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("GIT_", "PRE_COMMIT")) and k != "PYTHONPATH"
           and k != "GITHUB_ACTIONS"}
    env.update({
        "HOME": str(home),
        "GIT_CONFIG_GLOBAL": str(home / ".gitconfig"),
        "GIT_CONFIG_NOSYSTEM": "1",
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-cache"),
        "GIT_AUTHOR_NAME": "Hook Test",
        "GIT_AUTHOR_EMAIL": "hooks@example.invalid",
        "GIT_COMMITTER_NAME": "Hook Test",
        "GIT_COMMITTER_EMAIL": "hooks@example.invalid",
    })
    return env


def git(cwd: Path, env: dict[str, str], *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, env=env, text=True,
                          capture_output=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def checkout_files() -> list[str] | None:
    """Tracked and untracked files of this checkout, less what git ignores."""
    done = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO, capture_output=True, timeout=120,
    )
    if done.returncode != 0:
        return None
    names = done.stdout.decode("utf-8", "surrogateescape").split("\0")
    return [name for name in names if name and (REPO / name).is_file()]


def hook_repository(tmp_path: Path, env: dict[str, str]) -> tuple[Path, str]:
    """This checkout, as it is now, committed in a repository of its own."""
    copy = tmp_path / "hook-repo"
    names = checkout_files()
    if names is None:
        shutil.copytree(REPO, copy, ignore=NOT_COPIED, symlinks=True)
    else:
        for name in names:
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, copy / name)

    git(copy, env, "init", "-q")
    git(copy, env, "add", "-A")
    git(copy, env, "commit", "-q", "--no-verify", "-m", "snapshot")
    return copy, git(copy, env, "rev-parse", "HEAD").strip()


def run_pre_commit(project: Path, env: dict[str, str]) -> tuple[int, str]:
    done = subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", "--all-files",
         "--color", "never"],
        cwd=project, env=env, text=True, capture_output=True, timeout=900,
    )
    return done.returncode, done.stdout + done.stderr


def test_real_pre_commit_runs_the_hook(tmp_path: Path) -> None:
    env = isolated_env(tmp_path)
    hook_repo, rev = hook_repository(tmp_path, env)
    project = tmp_path / "project"
    (project / "emails").mkdir(parents=True)
    (project / ".pre-commit-config.yaml").write_text(
        "repos:\n"
        f"  - repo: {hook_repo.as_posix()}\n"
        f"    rev: {rev}\n"
        "    hooks:\n"
        "      - id: lint-email\n",
        encoding="utf-8",
    )
    template = project / "emails" / "welcome.html"
    template.write_text(BROKEN, encoding="utf-8")
    (project / "emails" / "notes.txt").write_text(BROKEN, encoding="utf-8")
    git(project, env, "init", "-q")
    git(project, env, "add", "-A")

    broken_code, broken_output = run_pre_commit(project, env)
    template.write_text(FIXED, encoding="utf-8")
    git(project, env, "add", "-A")
    fixed_code, fixed_output = run_pre_commit(project, env)

    assert broken_code == 1, broken_output
    assert "EL101" in broken_output
    assert "emails/welcome.html" in broken_output
    assert "notes.txt" not in broken_output
    assert fixed_code == 0, fixed_output
    assert "lint-email" in fixed_output and "Passed" in fixed_output
