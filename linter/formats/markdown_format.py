"""``--format markdown``: a GitHub job summary (``$GITHUB_STEP_SUMMARY``).

A heading, a one-line verdict and a table of findings; DNS findings get a
table of their own, keyed by domain. GitHub refuses a step summary over
1 MiB, so the tables stop at MAX_ROWS rows or SIZE_BUDGET bytes, whichever
comes first, and say how many findings were left out.

Cells are escaped for GitHub-flavoured Markdown: ``|`` would split the
cell, a backtick or ``*`` would start code or emphasis, and raw ``<`` would
let a quoted tag such as ``<v:roundrect>`` vanish into the page as HTML.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from linter.findings import ERROR, Finding, fails_run
from linter.formats import Report

MAX_ROWS = 500
# Below GitHub's 1 MiB per step, leaving room for the rest of the summary.
SIZE_BUDGET = 900_000
# A single cell (a very long URL, say) is cut so that no row eats the budget.
MAX_CELL = 1_000

FILE_HEADER = ("File", "Line", "Column", "Rule", "Message")
DNS_HEADER = ("Domain", "Rule", "Message")

_PUNCTUATION = re.compile(r"([\\`*_\[\]|~])")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def escape_cell(text: str) -> str:
    """Make ``text`` safe as the content of one GitHub table cell."""
    if len(text) > MAX_CELL:
        text = text[: MAX_CELL - 1] + "…"

    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _PUNCTUATION.sub(r"\\\1", text)
    text = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
    return _LINE_BREAK.sub("<br>", text).replace("\t", " ")


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def verdict(report: Report) -> str:
    """One line: failed, warnings only, or clean; with the counts."""
    errors = sum(1 for f in report.findings if f.severity == ERROR)
    warnings = len(report.findings) - errors
    checked = _plural(report.files_checked, "file")

    if any(fails_run(f, report.strict) for f in report.findings):
        mark = ":x: **Failed**"
    elif report.findings:
        mark = ":warning: **Passed with warnings**"
    else:
        return f":white_check_mark: **Passed**: no problems in {checked}."
    counts = f"{_plural(errors, 'error')} and {_plural(warnings, 'warning')}"
    return f"{mark}: {counts} in {checked} checked."


def _row(cells: tuple[str, ...]) -> str:
    return "| " + " | ".join(cells) + " |"


def _rule(finding: Finding) -> str:
    return f"`{finding.code}` {escape_cell(finding.name)}"


def _file_row(finding: Finding) -> str:
    place = escape_cell(finding.path or "")
    if finding.part:
        place += " (part " + escape_cell(finding.part) + ")"
    line = "" if finding.line is None else str(finding.line)
    column = "" if finding.column is None else str(finding.column)
    message = escape_cell(finding.message)
    return _row((place, line, column, _rule(finding), message))


def _dns_row(finding: Finding) -> str:
    domain = escape_cell(finding.domain or "")
    return _row((domain, _rule(finding), escape_cell(finding.message)))


def _table(
    header: tuple[str, ...],
    findings: list[Finding],
    row: Callable[[Finding], str],
    budget: int,
) -> tuple[list[str], int]:
    """The table's lines within ``budget`` bytes, and how many rows fit."""
    aligns = ["---:" if name in ("Line", "Column") else "---" for name in header]
    lines = [_row(header), _row(tuple(aligns))]
    used = sum(len(line.encode()) + 1 for line in lines)

    shown = 0
    for finding in findings[:MAX_ROWS]:
        line = row(finding)
        used += len(line.encode()) + 1
        if used > budget:
            break
        lines.append(line)
        shown += 1
    return lines, shown


def _section(
    title: str,
    header: tuple[str, ...],
    findings: list[Finding],
    row: Callable[[Finding], str],
    budget: int,
) -> list[str]:
    """A sub-heading, the table, and a note on the findings left out."""
    lines, shown = _table(header, findings, row, budget)
    section = ["", f"### {title}", "", *lines]
    left_out = len(findings) - shown
    if left_out:
        section += [
            "",
            f"{_plural(left_out, 'more finding')} not shown; the text, "
            "JSON or SARIF output has them all.",
        ]
    return section


def render(report: Report) -> str:
    """The job summary: heading, verdict, then the tables."""
    file_findings = [f for f in report.findings if f.path is not None]
    dns_findings = [f for f in report.findings if f.path is None]
    lines = ["## lint-email", "", verdict(report)]

    budget = SIZE_BUDGET
    if file_findings:
        section = _section(
            "Templates", FILE_HEADER, file_findings, _file_row, budget
        )
        lines += section
        budget -= sum(len(line.encode()) + 1 for line in section)
    if dns_findings:
        lines += _section(
            "Link-branding DNS", DNS_HEADER, dns_findings, _dns_row, budget
        )

    lines += ["", f"<sub>lint-email {escape_cell(report.version)}</sub>"]
    return "\n".join(lines) + "\n"
