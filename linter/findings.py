"""The finding record that every rule produces and every formatter reads.

A finding is immutable and carries exactly the fields of the JSON output
(SPEC "Findings as JSON"), so formatters never compute anything: they only
choose how to write what is already here.
"""

from typing import Any, Iterable, NamedTuple

ERROR = "error"
WARNING = "warning"
SEVERITIES = (ERROR, WARNING)


class Finding(NamedTuple):
    """One problem at one place: a file position, or a DNS name.

    ``line`` and ``column`` are 1-based and counted in code points of the
    decoded text (SPEC "Positions"); they are None for DNS findings, which
    name a ``domain`` instead of a ``path``.
    """

    path: str | None
    line: int | None
    column: int | None
    end_line: int | None
    end_column: int | None
    code: str
    name: str
    severity: str
    message: str
    href: str | None = None
    fix: str | None = None
    part: str | None = None
    domain: str | None = None

    def sort_key(self) -> tuple[str, int, int, str]:
        """Order by path, line, column, code, as SPEC requires."""
        return (
            self.path or "",
            self.line or 0,
            self.column or 0,
            self.code,
        )

    def as_dict(self) -> dict[str, Any]:
        """The JSON object of this finding; optional keys only when set."""
        record = self._asdict()
        for key in ("part", "domain"):
            if record[key] is None:
                del record[key]
        return record


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Return the findings in the stable order every format uses."""
    return sorted(findings, key=Finding.sort_key)


def fails_run(finding: Finding, strict: bool) -> bool:
    """Whether this finding makes the run exit 1."""
    return finding.severity == ERROR or strict
