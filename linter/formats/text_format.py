"""``--format text``: one line per finding, as editors and people read it.

``path:line:column: CODE message [name]``, the form that editors' problem
matchers and ``grep`` already understand; DNS findings put the domain where
the path would stand. A summary line closes the output.
"""

from __future__ import annotations

from collections.abc import Iterator

from linter.findings import Finding, fails_run
from linter.formats import Report


def _location(finding: Finding) -> str:
    if finding.path is None:
        return finding.domain or "-"
    place = f"{finding.path}:{finding.line}:{finding.column}"
    if finding.part:
        place += f" [part {finding.part}]"
    return place


def render(report: Report) -> str:
    """Every finding on its own line, DNS answers, then a count."""
    return "".join(render_pieces(report))


# Lines are joined this many at a time. One "…" or curly quote in a message
# makes a whole string two bytes a character, and joining 19,179 lines
# into one such string and encoding it took 23 ms: in pieces, only the
# piece that holds it pays.
_LINES_A_PIECE = 512


def render_pieces(report: Report) -> Iterator[str]:
    """``render``'s text in pieces, to be written one after the other."""
    findings = report.findings
    for first in range(0, len(findings), _LINES_A_PIECE):
        yield "".join([
            # The usual place (a path, no part) is spelled here rather than
            # in a call per finding: tens of thousands of lines in a big run.
            f"{finding.path}:{finding.line}:{finding.column}: {finding.code} "
            f"{finding.message} [{finding.name}]\n"
            if finding.path is not None and not finding.part else
            f"{_location(finding)}: {finding.code} {finding.message} "
            f"[{finding.name}]\n"
            for finding in findings[first:first + _LINES_A_PIECE]
        ])
    for answer in report.dns_answers:
        yield "\n" + answer.rstrip("\n") + "\n"
    if report.dns_answers:
        yield "\n"
    yield _summary(report) + "\n"


def _summary(report: Report) -> str:
    errors = sum(1 for f in report.findings if f.severity == "error")
    warnings = len(report.findings) - errors
    failing = sum(1 for f in report.findings if fails_run(f, report.strict))
    if report.findings:
        return (
            f"Found {len(report.findings)} problem(s) "
            f"({errors} error(s), {warnings} warning(s)) in "
            f"{report.files_checked} file(s); {failing} fail the run."
        )
    return f"All good: {report.files_checked} file(s) checked."
