"""Output formats: each module renders a finished Report as one string.

Formatters decide nothing: the findings are sorted, filtered and given
their severities before they arrive here. A format module exposes
``render(report) -> str`` (and may expose ``render_pieces(report)``, the
same text in pieces) and is imported only when it is asked for, so that a
plain text run pays for no SARIF or JUnit code.
"""

import importlib
from collections.abc import Callable, Iterator
from typing import NamedTuple, Protocol

from linter.findings import Finding
from linter.rules.base import RuleInfo

FORMAT_NAMES = ("text", "json", "sarif", "github", "junit", "markdown")


class Report(NamedTuple):
    """Everything a formatter may show about one run."""

    findings: list[Finding]
    files_checked: int
    rules: list[RuleInfo]
    version: str
    # Human-readable DNS answers, one block per checked name, for text
    # output (the `dig`-style lines and the verdict).
    # Read-only, so one shared empty default is safe.
    dns_answers: list[str] = []
    # The config file the DNS checks came from, relative with "/": where
    # SARIF places DNS findings, since code scanning needs a file.
    config_path: str | None = None
    strict: bool = False


class _FormatModule(Protocol):
    def render(self, report: Report) -> str: ...


def render(format_name: str, report: Report) -> str:
    """Render ``report`` in the named format (one of FORMAT_NAMES)."""
    return _module(format_name).render(report)


def render_pieces(format_name: str, report: Report) -> Iterator[str]:
    """``render``'s output in pieces to write in turn (the text format's
    lines come in runs; any other format is one piece)."""
    module = _module(format_name)
    pieces: Callable[[Report], Iterator[str]] | None = getattr(
        module, "render_pieces", None)
    if pieces is None:
        yield module.render(report)
    else:
        yield from pieces(report)


def _module(format_name: str) -> _FormatModule:
    if format_name not in FORMAT_NAMES:
        raise ValueError(f"unknown format {format_name!r}")
    module: _FormatModule = importlib.import_module(
        f"linter.formats.{format_name}_format"
    )
    return module
