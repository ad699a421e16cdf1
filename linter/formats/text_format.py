"""``--format text``: one line per finding, as editors and people read it.

``path:line:column: CODE message [name]``, the form that editors' problem
matchers and ``grep`` already understand; DNS findings put the domain where
the path would stand. A summary line closes the output.
"""

from __future__ import annotations

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
    # One line per finding, tens of thousands in a big run, written after
    # the workers are done: the usual place (a path, no part) is spelled
    # here rather than in a call per finding.
    lines = [
        f"{finding.path}:{finding.line}:{finding.column}: {finding.code} "
        f"{finding.message} [{finding.name}]"
        if finding.path is not None and not finding.part else
        f"{_location(finding)}: {finding.code} {finding.message} [{finding.name}]"
        for finding in report.findings
    ]
    for answer in report.dns_answers:
        lines.extend(["", answer.rstrip("\n")])
    if report.dns_answers:
        lines.append("")

    errors = sum(1 for f in report.findings if f.severity == "error")
    warnings = len(report.findings) - errors
    failing = sum(1 for f in report.findings if fails_run(f, report.strict))
    if report.findings:
        lines.append(
            f"Found {len(report.findings)} problem(s) "
            f"({errors} error(s), {warnings} warning(s)) in "
            f"{report.files_checked} file(s); {failing} fail the run."
        )
    else:
        lines.append(f"All good: {report.files_checked} file(s) checked.")
    return "\n".join(lines) + "\n"
