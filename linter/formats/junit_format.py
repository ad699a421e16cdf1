"""``--format junit``: JUnit XML, for CI servers that show test reports.

Each template with findings is one test case (a DNS name with findings is
one too), and the suite counts every file checked as a test, so the CI's
"N tests, M failed" reads as "N templates, M broken". A case holds a single
``<failure>`` that lists all of its findings: Jenkins and GitLab read only
one failure per test case, so further failure elements would be hidden.
A file whose findings do not fail the run (warnings without ``--strict``)
passes, with its warnings in ``<system-out>``.

The report holds only files with findings, so files that passed appear in
the counts but not as test cases of their own.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from linter.findings import ERROR, Finding, fails_run
from linter.formats import Report

SUITE_NAME = "lint-email"
FILE_CLASSNAME = "lint-email"
DNS_CLASSNAME = "lint-email.dns"

# What XML 1.0 cannot hold, not even as a character reference.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(text: str) -> str:
    """Replace characters XML 1.0 forbids by a visible ``\\xNN`` escape.

    ElementTree escapes ``&``, ``<`` and ``>`` but writes control characters
    and lone surrogates as they are, which makes the document unreadable to
    every parser; a message quoting a broken href may hold either.
    """
    return _NOT_XML.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def _case_key(finding: Finding) -> tuple[str, str]:
    """The test case a finding belongs to: its file, or its DNS name."""
    if finding.path is not None:
        return FILE_CLASSNAME, finding.path
    return DNS_CLASSNAME, finding.domain or "-"


def _group(findings: list[Finding]) -> dict[tuple[str, str], list[Finding]]:
    """Findings per test case, cases in order of their first finding."""
    cases: dict[tuple[str, str], list[Finding]] = {}
    for finding in findings:
        cases.setdefault(_case_key(finding), []).append(finding)
    return cases


def _describe(finding: Finding) -> str:
    """One finding as a line of the failure text, like the text format."""
    place = ""
    if finding.line is not None:
        place = f"{finding.line}:{finding.column or 1}: "
    part = f" [part {finding.part}]" if finding.part else ""
    return f"{place}{finding.code} {finding.message} [{finding.name}]{part}"


def _count(findings: list[Finding]) -> str:
    """``2 error(s), 1 warning(s)``, the failure's one-line message."""
    errors = sum(1 for f in findings if f.severity == ERROR)
    warnings = len(findings) - errors
    return f"{errors} error(s), {warnings} warning(s)"


def _case(
    key: tuple[str, str], findings: list[Finding], strict: bool
) -> tuple[ET.Element, bool]:
    """The testcase element for one file or name, and whether it failed."""
    classname, name = key
    case = ET.Element("testcase", classname=classname, name=xml_safe(name))
    body = xml_safe("\n".join(_describe(f) for f in findings))

    failed = any(fails_run(f, strict) for f in findings)
    if failed:
        codes = sorted({f.code for f in findings})
        failure = ET.SubElement(
            case, "failure", message=_count(findings), type=" ".join(codes)
        )
        failure.text = body
    else:
        ET.SubElement(case, "system-out").text = body
    return case, failed


def render(report: Report) -> str:
    """A ``<testsuites>`` document with the single lint-email suite."""
    cases = _group(report.findings)
    elements = []
    failures = 0
    for key, findings in cases.items():
        element, failed = _case(key, findings, report.strict)
        elements.append(element)
        failures += failed

    # Every file checked is a test, and so is every DNS name with findings.
    file_cases = sum(1 for classname, _ in cases if classname == FILE_CLASSNAME)
    tests = max(report.files_checked, file_cases) + len(cases) - file_cases
    counts = {
        "name": SUITE_NAME,
        "tests": str(tests),
        "failures": str(failures),
        "errors": "0",
        "skipped": "0",
    }
    root = ET.Element("testsuites", counts)
    suite = ET.SubElement(root, "testsuite", counts)
    suite.extend(elements)

    ET.indent(root)
    xml = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + xml + "\n"
