"""lint-email: lint the links in email templates before they are sent.

The Python API (SPEC "Python API"): ``lint_text`` and ``lint_paths`` return
findings, frozen records with the JSON fields as attributes; ``Config``
builds a config in code. Nothing here prints or exits.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from linter.config import Config, ConfigError
from linter.findings import Finding

__version__ = "0.1.0"
__all__ = ["Config", "ConfigError", "Finding", "lint_paths", "lint_text", "__version__"]


def lint_text(text: str, path: str = "<string>",
              config: Config | None = None) -> list[Finding]:
    """Lint a template given as text; ``path`` names it in the findings."""
    from linter.engine import Engine
    from linter.source import Document

    engine = Engine(config or Config())
    return engine.lint_document(Document(path=path, text=text))


def lint_paths(paths: Iterable[str | Path],
               config: Config | None = None) -> list[Finding]:
    """Lint files and folders (walked as the command line walks them)."""
    from linter.discovery import discover
    from linter.engine import Engine
    from linter.files import lint_targets
    from linter.findings import sort_findings

    config = config or Config()
    engine = Engine(config)
    targets = discover([str(path) for path in paths], config)
    result = lint_targets(
        ((t.path, t.display, t.config_path) for t in targets), engine)
    return result.findings if result.in_order else sort_findings(result.findings)
