"""``--format github``: workflow commands that GitHub Actions turns into
annotations on the pull request's diff.

One line per finding, errors before warnings, because a job shows only the
first few annotations of each kind and the errors are what block a send.
The runner drops an annotation whose columns it finds inconsistent (a
column on a range over several lines, an end column before the start), so
columns are written only where they are valid.
"""

from __future__ import annotations

from linter.findings import ERROR, Finding
from linter.formats import Report


def escape_message(text: str) -> str:
    """Escape the text after ``::`` so that it stays on one command line."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a ``key=value`` value; ``:`` and ``,`` delimit the properties."""
    return escape_message(text).replace(":", "%3A").replace(",", "%2C")


def _title(finding: Finding) -> str:
    """``EL101 missing-scheme``, naming the domain or eml part if any."""
    title = f"{finding.code} {finding.name}"
    if finding.path is None and finding.domain:
        title += f" ({finding.domain})"
    if finding.part:
        title += f" (part {finding.part})"
    return title


def _position(finding: Finding) -> list[tuple[str, str]]:
    """The file and position properties that the runner accepts.

    A finding spanning several lines is annotated at its start only: the
    runner rejects ``col`` together with an ``endLine`` on another line.
    """
    if finding.path is None:
        return []

    properties = [("file", finding.path)]
    if finding.line is None:
        return properties
    properties.append(("line", str(finding.line)))

    if finding.column is not None:
        properties.append(("col", str(finding.column)))
        same_line = finding.end_line == finding.line
        end = finding.end_column
        if same_line and end is not None and end >= finding.column:
            properties.append(("endColumn", str(end)))
    return properties


def command(finding: Finding) -> str:
    """The workflow command for one finding."""
    kind = "error" if finding.severity == ERROR else "warning"
    properties = _position(finding) + [("title", _title(finding))]
    joined = ",".join(
        f"{key}={escape_property(value)}" for key, value in properties
    )
    return f"::{kind} {joined}::{escape_message(finding.message)}"


def render(report: Report) -> str:
    """Errors first, then warnings, each group in the order given."""
    errors = [f for f in report.findings if f.severity == ERROR]
    warnings = [f for f in report.findings if f.severity != ERROR]
    lines = [command(finding) for finding in errors + warnings]
    return "".join(line + "\n" for line in lines)
