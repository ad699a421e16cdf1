"""``--format sarif``: SARIF 2.1.0, for code scanning services and IDEs.

One run holds every finding. Each rule the run knows is described in
``tool.driver.rules`` so that a viewer can show the rule's documentation
next to the result; ``ruleIndex`` points into that list. Positions are in
Unicode code points (SPEC "Positions"), which ``columnKind`` declares, so a
viewer counting UTF-16 units does not shift columns after an emoji.

File paths become relative URIs under ``%SRCROOT%`` (the directory the run
started in); DNS findings have no file, so they name the domain as a logical
location instead.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from typing import Any
from urllib.parse import quote

from linter.findings import ERROR, Finding
from linter.formats import Report
from linter.rules.base import RuleInfo

# A placeholder until the project has its public home.
PROJECT_URL = "https://github.com/lint-email/lint-email"

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA_URI = (
    "https://raw.githubusercontent.com/oasis-tcs/sarif-spec/master/"
    "Schemata/sarif-schema-2.1.0.json"
)
SOURCE_ROOT = "%SRCROOT%"

# Bumped when the inputs of the fingerprint change, so that a code
# scanning service does not match old alerts against new ones wrongly.
FINGERPRINT_KEY = "lintEmailLink/v1"

_WINDOWS_DRIVE = re.compile(r"^[A-Za-z]:/")

JsonObject = dict[str, Any]


def _level(severity: str) -> str:
    """SARIF's level for a lint-email severity."""
    return "error" if severity == ERROR else "warning"


def _text(value: str, fallback: str) -> JsonObject:
    """A SARIF message object; viewers show an empty text as a blank row."""
    return {"text": value or fallback}


def _rule_descriptor(rule: RuleInfo) -> JsonObject:
    """Describe one rule: its code, name, summary and ``--explain`` text."""
    summary = rule.summary or rule.name
    doc = rule.doc or summary
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": _text(summary, rule.code),
        "fullDescription": _text(doc, rule.code),
        "help": _text(doc, rule.code),
        "defaultConfiguration": {
            "level": _level(rule.severity),
            "enabled": rule.default,
        },
        "properties": {"fixable": rule.fixable},
    }


def _bare_descriptor(finding: Finding) -> JsonObject:
    """Describe a rule the report did not list, from what the finding says.

    SPEC wants every rule described; a finding whose rule is missing from
    ``report.rules`` still gets an entry rather than a dangling ruleId.
    """
    return {
        "id": finding.code,
        "name": finding.name,
        "shortDescription": _text(finding.name, finding.code),
        "defaultConfiguration": {"level": _level(finding.severity)},
    }


def _rule_table(report: Report) -> tuple[list[JsonObject], dict[str, int]]:
    """The driver's rules and, for each code, its index in that list."""
    descriptors: list[JsonObject] = []
    index: dict[str, int] = {}
    for rule in report.rules:
        if rule.code not in index:
            index[rule.code] = len(descriptors)
            descriptors.append(_rule_descriptor(rule))

    for finding in report.findings:
        if finding.code not in index:
            index[finding.code] = len(descriptors)
            descriptors.append(_bare_descriptor(finding))
    return descriptors, index


def artifact_location(path: str) -> JsonObject:
    """A SARIF artifactLocation for a path as the CLI reported it.

    Relative paths stay relative to ``%SRCROOT%`` so that code scanning can
    map them onto the repository; an absolute path becomes a ``file:`` URI.
    ``quote`` percent-encodes spaces, ``:``, ``#`` and non-ASCII, which keeps
    the URI a valid RFC 3986 reference whatever the file is called.
    """
    if os.sep != "/":
        path = path.replace(os.sep, "/")

    if path.startswith("/"):
        return {"uri": "file://" + quote(path, safe="/")}
    if _WINDOWS_DRIVE.match(path):
        return {"uri": "file:///" + path[:2] + quote(path[2:], safe="/")}
    return {"uri": quote(path, safe="/"), "uriBaseId": SOURCE_ROOT}


def _region(finding: Finding) -> JsonObject | None:
    """The finding's span; SARIF's endColumn, like ours, is exclusive."""
    if finding.line is None:
        return None

    region: JsonObject = {"startLine": finding.line}
    if finding.column is not None:
        region["startColumn"] = finding.column
    if finding.end_line is not None:
        region["endLine"] = finding.end_line
    if finding.end_column is not None:
        region["endColumn"] = finding.end_column
    return region


def _location(finding: Finding, config_path: str | None) -> JsonObject | None:
    """Where the finding is: a place in a file, or a DNS name."""
    if finding.path is not None:
        physical: JsonObject = {
            "artifactLocation": artifact_location(finding.path)
        }
        region = _region(finding)
        if region is not None:
            physical["region"] = region
        return {"physicalLocation": physical}

    if finding.domain is not None:
        logical = {
            "name": finding.domain,
            "fullyQualifiedName": finding.domain,
            "kind": "resource",
        }
        location: JsonObject = {"logicalLocations": [logical]}
        if config_path is not None:
            # Code scanning rejects results without a file: a DNS finding
            # stands at the top of the config file that asked for it.
            location["physicalLocation"] = {
                "artifactLocation": artifact_location(config_path),
                "region": {"startLine": 1},
            }
        return location
    return None


def _fingerprint(finding: Finding, occurrence: int) -> str:
    """A digest that survives lines moving above the link.

    Path, rule and href identify the problem; ``occurrence`` tells apart
    the same broken link pasted twice in one file, so that the second copy
    does not disappear into the first alert.
    """
    place = finding.path if finding.path is not None else finding.domain
    parts = (place or "", finding.code, finding.href or "", str(occurrence))
    digest = hashlib.sha256("\0".join(parts).encode("utf-8", "replace"))
    return digest.hexdigest()[:32]


def _result(
    finding: Finding, rule_index: int, occurrence: int,
    config_path: str | None = None,
) -> JsonObject:
    """One SARIF result for one finding."""
    result: JsonObject = {
        "ruleId": finding.code,
        "ruleIndex": rule_index,
        "level": _level(finding.severity),
        "message": _text(finding.message, finding.name),
    }
    location = _location(finding, config_path)
    if location is not None:
        result["locations"] = [location]
    result["partialFingerprints"] = {
        FINGERPRINT_KEY: _fingerprint(finding, occurrence)
    }

    properties: JsonObject = {}
    if finding.part:
        properties["part"] = finding.part
    if finding.domain:
        properties["domain"] = finding.domain
    if properties:
        result["properties"] = properties
    return result


def _results(report: Report, index: dict[str, int]) -> list[JsonObject]:
    """Every finding as a result, in the order the report gives them."""
    seen: dict[tuple[str | None, str | None, str, str | None], int] = {}
    results = []
    for finding in report.findings:
        key = (finding.path, finding.domain, finding.code, finding.href)
        occurrence = seen.get(key, 0)
        seen[key] = occurrence + 1
        results.append(_result(finding, index[finding.code], occurrence,
                               report.config_path))
    return results


def render(report: Report) -> str:
    """One SARIF log with one run describing the rules and every finding."""
    rules, index = _rule_table(report)
    driver = {
        "name": "lint-email",
        "version": report.version,
        "informationUri": PROJECT_URL,
        "rules": rules,
    }
    run = {
        "tool": {"driver": driver},
        "originalUriBaseIds": {
            SOURCE_ROOT: {
                "description": {"text": "The directory lint-email ran in."}
            }
        },
        "columnKind": "unicodeCodePoints",
        "results": _results(report, index),
    }
    log = {"$schema": SARIF_SCHEMA_URI, "version": SARIF_VERSION, "runs": [run]}
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"
