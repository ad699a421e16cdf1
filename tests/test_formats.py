"""The machine-readable formats: SARIF, GitHub commands, JUnit, Markdown.

Reports are built by hand with messages that break naive writers: ``%``
and CR/LF for workflow commands, ``:`` and ``,`` in paths, ``|`` and
backticks for tables, control characters and ``]]>`` for XML, and text
outside the BMP for column counting.
"""

from __future__ import annotations

import html
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linter.findings import Finding
from linter.formats import Report, render, render_pieces
from linter.formats import text_format
from linter.formats import github_format, junit_format, markdown_format
from linter.formats import sarif_format
from linter.rules.base import RuleInfo

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
SARIF_SCHEMA = SHARED_DATA / "sarif-schema-2.1.0.json"

TRICKY = "100% off: a,b | `x`\r\nnext <v:roundrect> ]]> \x07 é 😀 \u202e"

MISSING_SCHEME = RuleInfo(
    code="EL101",
    name="missing-scheme",
    severity="error",
    default=True,
    fixable=True,
    summary="A web address without http:// or https://.",
    doc="A web address without http:// or https://.\n\nWrite the scheme.",
)
LONG_LINE = RuleInfo(
    code="EL214",
    name="long-line",
    severity="warning",
    default=True,
    fixable=False,
    summary="A line over 998 characters that holds a link.",
    doc="A line over 998 characters that holds a link.\n\nRelays wrap it.",
)
CNAME_MISSING = RuleInfo(
    code="EL501",
    name="cname-missing",
    severity="error",
    default=True,
    fixable=False,
    summary="No CNAME at the tracking domain.",
    doc="No CNAME at the tracking domain.\n\nAdd the record.",
)
RULES = [MISSING_SCHEME, LONG_LINE, CNAME_MISSING]


def link_finding(
    path: str = "templates/welcome.html",
    line: int = 12,
    column: int = 9,
    message: str = "www.shop.com has no scheme",
    **changes: Any,
) -> Finding:
    """An EL101 finding on one line, with overridable fields."""
    fields: dict[str, Any] = {
        "path": path,
        "line": line,
        "column": column,
        "end_line": line,
        "end_column": column + 12,
        "code": "EL101",
        "name": "missing-scheme",
        "severity": "error",
        "message": message,
        "href": "www.shop.com",
        "fix": "https://www.shop.com",
    }
    fields.update(changes)
    return Finding(**fields)


def long_line_finding(path: str = "legacy/a, b: c.html") -> Finding:
    """An EL214 warning spanning two lines."""
    return Finding(
        path=path,
        line=3,
        column=1,
        end_line=4,
        end_column=2,
        code="EL214",
        name="long-line",
        severity="warning",
        message="line 3 is 1200 characters long",
    )


def dns_finding(domain: str = "url1234.shop.com") -> Finding:
    """An EL501 finding: no file, a domain instead."""
    return Finding(
        path=None,
        line=None,
        column=None,
        end_line=None,
        end_column=None,
        code="EL501",
        name="cname-missing",
        severity="error",
        message=f"{domain} has no CNAME record",
        domain=domain,
    )


def mixed_report(strict: bool = False) -> Report:
    """A warning before errors, tricky text, an eml part and a DNS name."""
    findings = [
        long_line_finding(),
        link_finding(message=TRICKY, part="2 text/html"),
        link_finding(path="emails/año 2024.eml", line=40, column=3),
        dns_finding(),
    ]
    return Report(findings, files_checked=14, rules=RULES, version="1.2.3",
                  strict=strict)


# SARIF ------------------------------------------------------------------


def sarif_of(report: Report) -> dict[str, Any]:
    log: dict[str, Any] = json.loads(render("sarif", report))
    return log


@pytest.fixture(scope="module")
def sarif_validator() -> Any:
    """A validator for the whole log (the schema's ``Root`` definition).

    This copy of the schema keeps the log object under ``definitions/Root``
    and puts no constraint at its top level, so validating against the file
    as it is would accept anything.
    """
    jsonschema = pytest.importorskip("jsonschema")
    if not SARIF_SCHEMA.is_file():
        pytest.skip(f"SARIF schema not found at {SARIF_SCHEMA} (shared/data)")
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    root = {**schema, "$ref": "#/definitions/Root"}
    return jsonschema.Draft7Validator(root)


def test_sarif_validates_against_the_schema(sarif_validator: Any) -> None:
    log = sarif_of(mixed_report())

    errors = [e.message for e in sarif_validator.iter_errors(log)]

    assert errors == []


def test_sarif_validation_is_not_vacuous(sarif_validator: Any) -> None:
    log = sarif_of(mixed_report())
    log["runs"][0]["results"][0]["level"] = "fatal"
    log["runs"][0]["columnKind"] = "bytes"

    assert not sarif_validator.is_valid(log)


def test_sarif_empty_report_validates(sarif_validator: Any) -> None:
    log = sarif_of(Report([], files_checked=0, rules=[], version="0.0.1"))

    assert sarif_validator.is_valid(log)
    assert log["runs"][0]["results"] == []


def test_sarif_run_header() -> None:
    run = sarif_of(mixed_report())["runs"][0]
    driver = run["tool"]["driver"]

    assert run["columnKind"] == "unicodeCodePoints"
    assert driver["name"] == "lint-email"
    assert driver["version"] == "1.2.3"
    assert driver["informationUri"] == sarif_format.PROJECT_URL


def test_sarif_describes_every_rule() -> None:
    rules = sarif_of(mixed_report())["runs"][0]["tool"]["driver"]["rules"]
    by_id = {rule["id"]: rule for rule in rules}

    for info in RULES:
        described = by_id[info.code]
        assert described["name"] == info.name
        assert described["shortDescription"]["text"] == info.summary
        assert described["fullDescription"]["text"] == info.doc
        assert described["help"]["text"] == info.doc
        assert described["defaultConfiguration"]["level"] == info.severity


def test_sarif_describes_a_rule_missing_from_the_report() -> None:
    report = Report([long_line_finding()], 1, [MISSING_SCHEME], "1.0")

    run = sarif_of(report)["runs"][0]
    ids = [rule["id"] for rule in run["tool"]["driver"]["rules"]]

    assert ids == ["EL101", "EL214"]
    assert run["results"][0]["ruleIndex"] == 1


def test_sarif_rule_index_points_at_the_rule() -> None:
    report = mixed_report()
    run = sarif_of(report)["runs"][0]
    rules = run["tool"]["driver"]["rules"]

    assert len(run["results"]) == len(report.findings)
    for result, finding in zip(run["results"], report.findings):
        assert result["ruleId"] == finding.code
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] == finding.severity


def test_sarif_keeps_the_message_exactly() -> None:
    result = sarif_of(mixed_report())["runs"][0]["results"][1]

    assert result["message"]["text"] == TRICKY
    assert result["properties"]["part"] == "2 text/html"


def test_sarif_region_matches_the_finding() -> None:
    finding = long_line_finding()
    report = Report([finding], 1, RULES, "1.0")

    location = sarif_of(report)["runs"][0]["results"][0]["locations"][0]
    region = location["physicalLocation"]["region"]

    assert region == {
        "startLine": finding.line,
        "startColumn": finding.column,
        "endLine": finding.end_line,
        "endColumn": finding.end_column,
    }


# Characters RFC 3986 allows in a relative reference's path.
URI_PATH = re.compile(r"^(?:[A-Za-z0-9\-._~!$&'()*+,;=@/]|%[0-9A-F]{2})*$")


@pytest.mark.parametrize(
    "path",
    ["templates/welcome.html", "legacy/a, b: c.html", "emails/año 2024.eml",
     "odd/#50%.html", "a:b.html", "../shared/x.html", "mail/😀.html"],
)
def test_sarif_uri_is_a_relative_reference_to_the_path(path: str) -> None:
    report = Report([link_finding(path=path)], 1, RULES, "1.0")

    location = sarif_of(report)["runs"][0]["results"][0]["locations"][0]
    artifact = location["physicalLocation"]["artifactLocation"]

    assert URI_PATH.match(artifact["uri"]), artifact["uri"]
    assert ":" not in artifact["uri"].split("/")[0]
    assert unquote(artifact["uri"]) == path
    assert artifact["uriBaseId"] == "%SRCROOT%"


def test_sarif_absolute_path_is_a_file_uri() -> None:
    artifact = sarif_format.artifact_location("/srv/mail/a b.html")

    assert artifact == {"uri": "file:///srv/mail/a%20b.html"}


def test_sarif_dns_finding_has_a_logical_location() -> None:
    report = Report([dns_finding("url9.shop.com")], 0, RULES, "1.0")

    result = sarif_of(report)["runs"][0]["results"][0]
    (location,) = result["locations"]

    assert "physicalLocation" not in location
    assert location["logicalLocations"][0]["name"] == "url9.shop.com"
    assert location["logicalLocations"][0]["kind"] == "resource"


def test_sarif_dns_finding_stands_in_the_config_file(sarif_validator: Any) -> None:
    report = Report([dns_finding("url9.shop.com")], 0, RULES, "1.0",
                    config_path="pyproject.toml")

    document = sarif_of(report)
    sarif_validator.validate(document)
    (location,) = document["runs"][0]["results"][0]["locations"]

    physical = location["physicalLocation"]
    assert physical["artifactLocation"]["uri"] == "pyproject.toml"
    assert physical["region"] == {"startLine": 1}
    assert location["logicalLocations"][0]["name"] == "url9.shop.com"


def fingerprints(report: Report) -> list[str]:
    results = sarif_of(report)["runs"][0]["results"]
    return [r["partialFingerprints"][sarif_format.FINGERPRINT_KEY]
            for r in results]


def test_sarif_fingerprint_survives_a_moved_line() -> None:
    before = Report([link_finding(line=12)], 1, RULES, "1.0")
    after = Report([link_finding(line=30, column=2)], 1, RULES, "1.0")

    assert fingerprints(before) == fingerprints(after)


def test_sarif_fingerprint_tells_copies_and_files_apart() -> None:
    copies = [link_finding(line=1), link_finding(line=2),
              link_finding(path="other.html")]
    report = Report(copies, 2, RULES, "1.0")

    assert len(set(fingerprints(report))) == 3


# GitHub workflow commands -------------------------------------------------

COMMAND = re.compile(r"^::(error|warning) ([^:]*)::(.*)$")
ESCAPE = re.compile(r"%(25|0D|0A|3A|2C)")
UNESCAPED = {"25": "%", "0D": "\r", "0A": "\n", "3A": ":", "2C": ","}


def unescape(text: str) -> str:
    """Undo the runner's escapes in one pass, as the runner reads them."""
    return ESCAPE.sub(lambda m: UNESCAPED[m.group(1)], text)


def parse_command(line: str) -> tuple[str, dict[str, str], str]:
    """A workflow command as the runner sees it: kind, properties, message."""
    match = COMMAND.match(line)
    assert match, line
    kind, raw_properties, raw_message = match.groups()

    assert "\r" not in raw_message and "\n" not in raw_message
    properties = {}
    for item in raw_properties.split(","):
        key, value = item.split("=", 1)
        assert key not in properties
        properties[key] = unescape(value)
    return kind, properties, unescape(raw_message)


def github_lines(report: Report) -> list[str]:
    output = render("github", report)
    assert output.endswith("\n") or not output
    return output.splitlines()


def test_github_round_trips_tricky_text() -> None:
    path = "legacy/50%, a: b.html"
    finding = link_finding(path=path, message=TRICKY, part="2 text/html")

    (line,) = github_lines(Report([finding], 1, RULES, "1.0"))
    kind, properties, message = parse_command(line)

    assert kind == "error"
    assert message == TRICKY
    assert properties["file"] == path
    assert properties["line"] == "12"
    assert properties["col"] == "9"
    assert properties["endColumn"] == "21"
    assert properties["title"] == "EL101 missing-scheme (part 2 text/html)"


@settings(max_examples=200, deadline=None)
@given(message=st.text(), path=st.text(min_size=1))
def test_github_round_trips_any_text(message: str, path: str) -> None:
    finding = link_finding(path=path, message=message)

    line = github_format.command(finding)
    _, properties, parsed = parse_command(line)

    assert parsed == message
    assert properties["file"] == path


def test_github_escapes_as_spec_says() -> None:
    assert github_format.escape_message("5%\r\n:,") == "5%25%0D%0A:,"
    assert github_format.escape_property("5%\r\n:,") == "5%25%0D%0A%3A%2C"


def test_github_puts_errors_first_in_their_order() -> None:
    report = mixed_report()

    parsed = [parse_command(line) for line in github_lines(report)]
    kinds = [kind for kind, _, _ in parsed]
    messages = [message for _, _, message in parsed]

    errors = [f.message for f in report.findings if f.severity == "error"]
    warnings = [f.message for f in report.findings if f.severity != "error"]
    assert kinds == ["error"] * len(errors) + ["warning"] * len(warnings)
    assert messages == errors + warnings


def test_github_multiline_span_is_annotated_at_its_start() -> None:
    (line,) = github_lines(Report([long_line_finding()], 1, RULES, "1.0"))

    _, properties, _ = parse_command(line)

    assert properties["line"] == "3" and properties["col"] == "1"
    assert "endColumn" not in properties and "endLine" not in properties


def test_github_dns_finding_names_the_domain() -> None:
    (line,) = github_lines(Report([dns_finding("url9.shop.com")], 0, RULES, "1"))

    kind, properties, message = parse_command(line)

    assert kind == "error"
    assert set(properties) == {"title"}
    assert "url9.shop.com" in properties["title"]
    assert message == "url9.shop.com has no CNAME record"


def test_github_no_findings_no_output() -> None:
    assert render("github", Report([], 3, RULES, "1.0")) == ""


# JUnit --------------------------------------------------------------------


def junit_of(report: Report) -> ET.Element:
    return ET.fromstring(render("junit", report).encode("utf-8"))


def test_junit_counts_files_and_failures() -> None:
    root = junit_of(mixed_report())
    (suite,) = root.findall("testsuite")
    cases = suite.findall("testcase")
    failed = [case for case in cases if case.find("failure") is not None]

    assert suite.get("name") == "lint-email"
    assert suite.get("tests") == str(14 + 1)  # files, plus one DNS name
    assert suite.get("failures") == str(len(failed)) == "3"
    assert [case.get("name") for case in cases] == [
        "legacy/a, b: c.html",
        "templates/welcome.html",
        "emails/año 2024.eml",
        "url1234.shop.com",
    ]


def test_junit_one_failure_lists_every_finding_of_a_file() -> None:
    findings = [link_finding(line=1, message="first ]]> one"),
                link_finding(line=2, message="second & <two>")]
    root = junit_of(Report(findings, 1, RULES, "1.0"))

    (case,) = root.iter("testcase")
    (failure,) = case.findall("failure")

    assert failure.get("message") == "2 error(s), 0 warning(s)"
    assert failure.text is not None
    assert "1:9: EL101 first ]]> one" in failure.text
    assert "2:9: EL101 second & <two>" in failure.text


def test_junit_warnings_pass_unless_strict() -> None:
    lenient = junit_of(Report([long_line_finding()], 2, RULES, "1.0"))
    strict = junit_of(
        Report([long_line_finding()], 2, RULES, "1.0", strict=True)
    )

    (case,) = lenient.iter("testcase")
    assert case.find("failure") is None
    assert "EL214" in (case.findtext("system-out") or "")
    assert next(lenient.iter("testsuite")).get("failures") == "0"

    (case,) = strict.iter("testcase")
    assert case.find("failure") is not None
    assert next(strict.iter("testsuite")).get("failures") == "1"


def test_junit_stays_well_formed_with_forbidden_characters() -> None:
    message = "bell \x07, escape \x1b, lone \udc80, ok 😀 ]]>"
    report = Report([link_finding(message=message, path="a\x0cb.html")], 1,
                    RULES, "1.0")

    case = next(junit_of(report).iter("testcase"))
    text = case.findtext("failure") or ""

    assert "\\x07" in text and "\\x1b" in text and "\\xdc80" in text
    assert "ok 😀 ]]>" in text
    assert case.get("name") == "a\\x0cb.html"


@settings(max_examples=200, deadline=None)
@given(message=st.text(), path=st.text(min_size=1))
def test_junit_any_text_is_well_formed(message: str, path: str) -> None:
    report = Report([link_finding(path=path, message=message)], 1, RULES, "1")

    case = next(junit_of(report).iter("testcase"))

    assert case.get("name") == junit_format.xml_safe(path)


# Markdown -------------------------------------------------------------------


def split_row(row: str) -> list[str]:
    """The cells of a table row, honouring backslash escapes as GFM does."""
    assert row.startswith("| ") and row.endswith(" |"), row
    cells, current, escaped = [], "", False
    for char in row[2:-2]:
        if escaped:
            current += "\\" + char
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "|":
            cells.append(current.strip())
            current = ""
        else:
            current += char
    cells.append(current.strip())
    return cells


def unescape_cell(cell: str) -> str:
    """Read a cell back the way GitHub would show its text."""
    cell = cell.replace("<br>", "\n")
    cell = re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", cell)
    return html.unescape(cell)


def table_rows(markdown: str, header: str) -> list[list[str]]:
    """The data rows of the table whose header row starts with ``header``."""
    lines = markdown.splitlines()
    start = next(i for i, line in enumerate(lines)
                 if line.startswith(f"| {header} |"))
    rows = []
    for line in lines[start + 2:]:
        if not line.startswith("|"):
            break
        rows.append(split_row(line))
    return rows


def test_markdown_heading_and_verdict() -> None:
    text = render("markdown", mixed_report())
    lines = text.splitlines()

    assert lines[0].startswith("## ")
    verdict = lines[2]
    assert "Failed" in verdict
    assert "3 errors" in verdict and "1 warning " in verdict
    assert "14 files" in verdict


def test_markdown_verdicts_for_warnings_and_clean_runs() -> None:
    warned = markdown_format.verdict(Report([long_line_finding()], 1, RULES, "1"))
    clean = markdown_format.verdict(Report([], 1, RULES, "1"))

    assert "Passed with warnings" in warned and "1 warning" in warned
    assert "Passed" in clean and "1 file." in clean


def test_markdown_cells_keep_the_table_intact() -> None:
    text = render("markdown", mixed_report())

    rows = table_rows(text, "File")
    tricky = rows[1]

    assert all(len(row) == 5 for row in rows)
    assert tricky[:4] == ["templates/welcome.html (part 2 text/html)", "12",
                          "9", "`EL101` missing-scheme"]
    assert "`" not in tricky[4].replace("\\`", "")
    assert "<v:" not in tricky[4]
    assert unescape_cell(tricky[4]) == TRICKY.replace("\r\n", "\n").replace(
        "\x07", "\\x07")


def test_markdown_dns_findings_have_their_own_table() -> None:
    text = render("markdown", mixed_report())

    dns_rows = table_rows(text, "Domain")
    file_rows = table_rows(text, "File")

    assert dns_rows == [["url1234.shop.com", "`EL501` cname-missing",
                         "url1234.shop.com has no CNAME record"]]
    assert all(row[0] != "url1234.shop.com" for row in file_rows)


def test_markdown_caps_the_table() -> None:
    extra = 37
    count = markdown_format.MAX_ROWS + extra
    findings = [link_finding(line=n + 1) for n in range(count)]

    text = render("markdown", Report(findings, 1, RULES, "1.0"))

    assert len(table_rows(text, "File")) == markdown_format.MAX_ROWS
    assert f"{extra} more findings not shown" in text


def test_markdown_stays_under_the_summary_limit() -> None:
    count = markdown_format.MAX_ROWS
    huge = "<&>" * 20_000  # each character grows fourfold as an entity
    findings = [link_finding(line=n + 1, message=huge) for n in range(count)]

    text = render("markdown", Report(findings, 1, RULES, "1.0"))

    assert len(text.encode()) < 1024 * 1024
    shown = len(table_rows(text, "File"))
    assert 0 < shown < count
    assert f"{count - shown} more findings not shown" in text


def test_every_format_renders_through_the_registry() -> None:
    for name in ("sarif", "github", "junit", "markdown"):
        assert render(name, mixed_report()).endswith("\n")


def test_text_lines_name_the_place_a_part_and_a_domain() -> None:
    """The usual place, a message part after it, a DNS name for a path."""
    report = mixed_report()
    output = render("text", report)

    place, part, other, domain = report.findings
    assert (f"{place.path}:{place.line}:{place.column}: {place.code} "
            f"{place.message} [{place.name}]\n") in output
    assert (f"{part.path}:{part.line}:{part.column} [part 2 text/html]: "
            f"{part.code} {part.message} [{part.name}]\n") in output
    assert f"{other.path}:{other.line}:{other.column}: {other.code} " in output
    assert (f"\nurl1234.shop.com: EL501 url1234.shop.com has no CNAME record "
            f"[cname-missing]\n") in output


def test_text_comes_in_pieces_that_make_the_whole() -> None:
    """A long report is written in runs of lines, each ending a line; put
    together they are the one text, DNS answers and the count included."""
    report = mixed_report()
    many = [report.findings[0]._replace(line=number)
            for number in range(1, 2 * text_format._LINES_A_PIECE + 10)]
    long_report = report._replace(findings=many + report.findings,
                                  dns_answers=["url1234.shop.com. CNAME x.\n"])

    pieces = list(render_pieces("text", long_report))

    assert "".join(pieces) == render("text", long_report)
    assert len(pieces) >= 4
    assert all(piece.endswith("\n") for piece in pieces)
    assert render("text", long_report).startswith("".join(
        f"{f.path}:{f.line}:{f.column}: {f.code} {f.message} [{f.name}]\n"
        for f in many))
    assert render("text", long_report).endswith(
        "\n\nurl1234.shop.com. CNAME x.\n\nFound 1037 problem(s) (3 error(s), "
        "1034 warning(s)) in 14 file(s); 3 fail the run.\n")
    # Any other format is one piece.
    assert list(render_pieces("json", report)) == [render("json", report)]
