"""Reading files into documents, and linting a set of files.

A file that cannot be read is EL901 and the run goes on; one that does not
decode is EL902 and is linted all the same. ``.eml`` messages become one
document per HTML part (``linter.eml``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from linter.engine import Engine
from linter.findings import Finding
from linter.rules import rules_by_code
from linter.source import Document, decode


@dataclass
class RunResult:
    """What a lint over many files gives: findings and how many files."""

    findings: list[Finding]
    files_checked: int


def file_finding(path: str, code: str, message: str, engine: Engine) -> Finding:
    """A finding about a whole file, at 1:1."""
    rule = rules_by_code()[code]
    return Finding(
        path=path, line=1, column=1, end_line=1, end_column=1, code=code,
        name=rule.name, severity=engine.config.severity_of(code, rule.severity),
        message=message,
    )


def documents_from_bytes(data: bytes, display: str) -> list[Document]:
    """The documents in a file's bytes: one, or one per ``.eml`` part."""
    if display.lower().endswith(".eml"):
        from linter.eml import message_documents

        return message_documents(data, display)
    text, error = decode(data)
    return [Document(path=display, text=text, decode_error=error)]


def lint_bytes(data: bytes, display: str, engine: Engine,
               config_path: str | None = None) -> list[Finding]:
    """Lint one file's content."""
    findings: list[Finding] = []
    for document in documents_from_bytes(data, display):
        findings.extend(engine.lint_document(document, config_path))
    return findings


def lint_file(path: Path, display: str, engine: Engine,
              config_path: str | None = None) -> list[Finding]:
    """Read and lint one file; an unreadable one is an EL901 finding."""
    try:
        data = path.read_bytes()
    except OSError as error:
        reason = error.strerror or error.__class__.__name__
        if "EL901" not in engine.selected(config_path or display):
            return []
        return [file_finding(display, "EL901", f"cannot read file: {reason}", engine)]
    return lint_bytes(data, display, engine, config_path)


def lint_targets(targets: Iterable[tuple[Path, str, str]], engine: Engine) -> RunResult:
    """Lint (path, display, config path) triples one after the other."""
    findings: list[Finding] = []
    count = 0
    for path, display, config_path in targets:
        count += 1
        findings.extend(lint_file(path, display, engine, config_path))
    return RunResult(findings, count)
