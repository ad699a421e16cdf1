"""A run over ../shared/corpus: no crash, no finding on a template token,
every position inside its file, and exactly the reviewed findings."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from linter import Config, lint_paths
from linter.findings import Finding

EXPECTED = Path(__file__).with_name("corpus_expected.tsv")
# What opens a template token, for the check that no finding other than
# EL301 (which is about exactly that) lands on a templated href.
_TEMPLATE = re.compile(r"\{\{|\{%|<%|\*\||%%|\$\{|\[\[|%\(|%recipient")


@pytest.fixture(scope="module")
def corpus_findings(request: pytest.FixtureRequest) -> tuple[Path, list[Finding]]:
    corpus = Path(__file__).resolve().parents[2] / "shared" / "corpus"
    if not corpus.is_dir():
        pytest.skip("../shared/corpus is absent (a clone without the shared folder)")
    return corpus, lint_paths([corpus], config=Config(root=corpus))


def _relative(corpus: Path, finding: Finding) -> str:
    return Path(finding.path or "").resolve().relative_to(corpus.resolve()).as_posix()


def test_no_finding_on_template_values(
    corpus_findings: tuple[Path, list[Finding]]
) -> None:
    _, findings = corpus_findings
    on_templates = [
        f for f in findings
        if f.href and _TEMPLATE.search(f.href) and f.code != "EL301"
    ]
    assert on_templates == []


def test_positions_are_inside_their_files(
    corpus_findings: tuple[Path, list[Finding]]
) -> None:
    corpus, findings = corpus_findings
    for finding in findings:
        text = (corpus / _relative(corpus, finding)).read_bytes().decode(
            "utf-8", errors="replace")
        lines = re.split(r"\r\n?|\n", text)
        assert finding.line is not None and 1 <= finding.line <= len(lines)
        assert finding.column is not None
        assert 1 <= finding.column <= len(lines[finding.line - 1]) + 1


def test_findings_match_the_reviewed_list(
    corpus_findings: tuple[Path, list[Finding]]
) -> None:
    corpus, findings = corpus_findings
    actual = sorted(
        f"{_relative(corpus, f)}\t{f.line}\t{f.column}\t{f.code}" for f in findings
    )
    expected = sorted(
        line for line in EXPECTED.read_text().splitlines()
        if line and not line.startswith("#")
    )
    missing = sorted(set(expected) - set(actual))[:20]
    extra = sorted(set(actual) - set(expected))[:20]
    assert actual == expected, f"missing: {missing}\nextra: {extra}"
