"""``--format json``: the machine-readable contract of SPEC, version 1."""

from __future__ import annotations

import json

from linter.formats import Report


def render(report: Report) -> str:
    """One JSON document with every finding, sorted as given."""
    document = {
        "version": 1,
        "tool": {"name": "lint-email", "version": report.version},
        "files_checked": report.files_checked,
        "findings": [finding.as_dict() for finding in report.findings],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
