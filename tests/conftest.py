"""Shared test helpers: the shared/ folder beside the checkout, and lint()."""

from __future__ import annotations

from pathlib import Path

import pytest

from linter import Config, lint_text
from linter.findings import Finding

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture
def shared_dir() -> Path:
    """The read-only shared/ folder; tests that need it skip without it."""
    if not SHARED.is_dir():
        pytest.skip("../shared is absent (a clone without the shared folder)")
    return SHARED


def lint(source: str, **settings: object) -> list[Finding]:
    """Lint a snippet with a config built from keyword settings."""
    config = Config(**settings)  # type: ignore[arg-type]
    return lint_text(source, path="t.html", config=config)


def codes(source: str, **settings: object) -> list[str]:
    """The codes found in a snippet, in order."""
    return [finding.code for finding in lint(source, **settings)]


def pytest_addoption(parser: pytest.Parser) -> None:
    """``--fuzz-long``: run the fuzz tests with the long hypothesis profile."""
    parser.addoption("--fuzz-long", action="store_true", default=False,
                     help="fuzz with many examples (tests/test_fuzz.py)")


def pytest_configure(config: pytest.Config) -> None:
    """Pick the fuzz profile: short and fixed for CI, long when asked."""
    from hypothesis import settings

    settings.register_profile("fuzz-ci", max_examples=100, derandomize=True,
                              deadline=None)
    settings.register_profile("fuzz-long", max_examples=20_000, deadline=None)
    config.fuzz_profile = (  # type: ignore[attr-defined]
        "fuzz-long" if config.getoption("--fuzz-long") else "fuzz-ci")
