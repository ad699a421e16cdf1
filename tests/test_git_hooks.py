"""hooks/pre-commit and hooks/pre-push in a throwaway git repository.

Each test builds a repository in tmp_path with its own HOME and global git
config, installs a hook by copying it into .git/hooks, and runs real
``git commit`` / ``git push``. lint-email is run from this checkout through
a small wrapper named by LINT_EMAIL, so no installed console script is
needed. Tests that need real findings skip until the CLI and EL101 exist.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
HOOKS = REPO / "hooks"

BROKEN = '<a href="www.shop.com">x</a>\n'
FIXED = '<a href="https://www.shop.com">x</a>\n'

pytestmark = pytest.mark.skipif(shutil.which("git") is None,
                                reason="git is not installed")


class Sandbox:
    """A git repository in tmp_path, isolated from the user's git config."""

    def __init__(self, tmp_path: Path) -> None:
        self.root = tmp_path / "work"
        self.root.mkdir()
        home = tmp_path / "home"
        home.mkdir()
        self.env = {k: v for k, v in os.environ.items()
                    if not k.startswith("GIT_") and k != "GITHUB_ACTIONS"}
        self.env.update({
            "HOME": str(home),
            "GIT_CONFIG_GLOBAL": str(home / ".gitconfig"),
            "GIT_CONFIG_NOSYSTEM": "1",
            "LINT_EMAIL": str(self._wrapper(tmp_path)),
        })
        self.git("init", "-q", "-b", "main")
        self.git("config", "user.name", "Hook Test")
        self.git("config", "user.email", "hooks@example.invalid")
        self.git("config", "commit.gpgsign", "false")

    def _wrapper(self, tmp_path: Path) -> Path:
        """An executable that runs lint-email from this checkout."""
        wrapper = tmp_path / "bin" / "lint-email"
        wrapper.parent.mkdir()
        wrapper.write_text(
            "#!/bin/sh\n"
            f"PYTHONPATH='{REPO}' exec '{sys.executable}' -m linter.cli \"$@\"\n",
            encoding="utf-8",
        )
        wrapper.chmod(0o755)
        return wrapper

    def git(self, *args: str, check: bool = True,
            **env: str) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            ["git", *args], cwd=self.root, env={**self.env, **env},
            capture_output=True, text=True, timeout=120,
        )
        if check:
            assert done.returncode == 0, done.stdout + done.stderr
        return done

    def install(self, hook: str) -> None:
        target = self.root / ".git" / "hooks" / hook
        shutil.copy(HOOKS / hook, target)
        target.chmod(0o755)

    def write(self, name: str, text: str) -> None:
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def commit(self, message: str = "change",
               **env: str) -> subprocess.CompletedProcess[str]:
        return self.git("commit", "-q", "-m", message, check=False, **env)


@pytest.fixture
def repo(tmp_path: Path) -> Sandbox:
    if not os.access("/bin/sh", os.X_OK):
        pytest.skip("no /bin/sh to run the hooks")
    return Sandbox(tmp_path)


def output(done: subprocess.CompletedProcess[str]) -> str:
    return done.stdout + done.stderr


# Without the CLI: finding lint-email, and skipping -------------------------


def test_pre_commit_says_how_to_get_lint_email(repo: Sandbox) -> None:
    repo.install("pre-commit")
    repo.write("emails/welcome.html", FIXED)
    repo.git("add", ".")

    done = repo.commit(LINT_EMAIL=str(repo.root / "no-such-program"))

    assert done.returncode == 1
    hint = [line for line in output(done).splitlines() if "lint-email" in line]
    assert len(hint) == 1 and "not found" in hint[0]
    assert "LINT_EMAIL" in hint[0]


def test_pre_commit_skips_commits_without_templates(repo: Sandbox) -> None:
    repo.install("pre-commit")
    repo.write("notes.txt", BROKEN)
    repo.git("add", ".")

    done = repo.commit(LINT_EMAIL=str(repo.root / "no-such-program"))

    assert done.returncode == 0, output(done)


def test_pre_push_says_how_to_get_lint_email(
    repo: Sandbox, tmp_path: Path
) -> None:
    repo.write("emails/welcome.html", FIXED)
    repo.git("add", ".")
    repo.commit()
    remote = add_remote(repo, tmp_path)
    repo.install("pre-push")

    done = repo.git("push", "-q", "origin", "main", check=False,
                    LINT_EMAIL=str(repo.root / "no-such-program"))

    assert done.returncode != 0
    assert "not found" in output(done)
    assert not branch_exists(remote)


# With the CLI: real findings -------------------------------------------------


def test_pre_commit_blocks_a_broken_link_then_lets_the_fix_in(
    repo: Sandbox,
) -> None:
    repo.install("pre-commit")
    repo.write("emails/welcome.html", BROKEN)
    repo.git("add", ".")

    broken = repo.commit()
    repo.write("emails/welcome.html", FIXED)
    repo.git("add", ".")
    fixed = repo.commit()

    assert broken.returncode != 0
    assert "EL101" in output(broken) and "emails/welcome.html" in output(broken)
    assert fixed.returncode == 0, output(fixed)
    assert repo.git("rev-list", "--count", "HEAD").stdout.strip() == "1"


def test_pre_commit_handles_spaces_and_upper_case(repo: Sandbox) -> None:
    repo.install("pre-commit")
    name = "my emails/Wel come, final.HTML"
    repo.write(name, BROKEN)
    repo.git("add", ".")

    done = repo.commit()

    assert done.returncode != 0
    assert "EL101" in output(done) and name in output(done)


def test_pre_commit_checks_the_staged_content(repo: Sandbox) -> None:
    repo.install("pre-commit")
    repo.write("emails/welcome.html", BROKEN)
    repo.git("add", ".")
    repo.write("emails/welcome.html", FIXED)  # fixed, but not staged

    staged_broken = repo.commit()
    repo.git("add", ".")
    repo.write("emails/welcome.html", BROKEN)  # broken, but not staged
    staged_fixed = repo.commit()

    assert staged_broken.returncode != 0
    assert "EL101" in output(staged_broken)
    assert "emails/welcome.html" in output(staged_broken)
    assert staged_fixed.returncode == 0, output(staged_fixed)


def add_remote(repo: Sandbox, tmp_path: Path) -> Path:
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True,
                   env=repo.env, capture_output=True, timeout=60)
    repo.git("remote", "add", "origin", str(remote))
    return remote


def branch_exists(remote: Path) -> bool:
    done = subprocess.run(["git", "rev-parse", "--verify", "-q", "main"],
                          cwd=remote, capture_output=True, timeout=60)
    return done.returncode == 0


def test_pre_push_blocks_a_broken_template(
    repo: Sandbox, tmp_path: Path
) -> None:
    repo.write("emails/order confirmation.mjml", BROKEN)
    repo.write("emails/plain.txt", BROKEN)
    repo.git("add", ".")
    repo.commit()
    remote = add_remote(repo, tmp_path)
    repo.install("pre-push")

    blocked = repo.git("push", "-q", "origin", "main", check=False)
    pushed_while_broken = branch_exists(remote)
    repo.write("emails/order confirmation.mjml", FIXED)
    repo.git("commit", "-q", "-am", "fix")
    passed = repo.git("push", "-q", "origin", "main", check=False)

    assert blocked.returncode != 0
    assert "EL101" in output(blocked)
    assert "emails/order confirmation.mjml" in output(blocked)
    assert "plain.txt" not in output(blocked)
    assert not pushed_while_broken
    assert passed.returncode == 0, output(passed)
    assert branch_exists(remote)
