"""Inline suppressions in HTML comments and template comments."""

from __future__ import annotations

import pytest

from tests.conftest import codes, lint

LINE = "<a href=https://shop.com>x</a>"  # EL203


@pytest.mark.parametrize(
    "comment",
    [
        "<!-- lint-email: disable-next-line EL203 -- legacy -->",
        "<!-- lint-email: disable-next-line unquoted-href -->",
        "<!-- lint-email: disable-next-line EL2 -->",
        "<!-- lint-email: disable-next-line -->",
        "{# lint-email: disable-next-line EL203 #}",
        "{{!-- lint-email: disable-next-line EL203 --}}",
        "<%# lint-email: disable-next-line EL203 %>",
        "<#-- lint-email: disable-next-line EL203 -->",
        "{{/* lint-email: disable-next-line EL203 */}}",
    ],
)
def test_disable_next_line(comment: str) -> None:
    assert codes(f"{comment}\n{LINE}\n{LINE}\n") == ["EL203"]


def test_disable_next_line_names_other_rule() -> None:
    assert codes(f"<!-- lint-email: disable-next-line EL101 -->\n{LINE}\n") == ["EL203"]


def test_region() -> None:
    source = (
        f"{LINE}\n<!-- lint-email: disable EL203 -->\n{LINE}\n{LINE}\n"
        f"<!-- lint-email: enable EL203 -->\n{LINE}\n"
    )
    assert [f.line for f in lint(source)] == [1, 6]


def test_region_without_enable_runs_to_the_end() -> None:
    assert codes(f"<!-- lint-email: disable EL203 -->\n{LINE}\n{LINE}\n") == []


def test_disable_file() -> None:
    assert codes(f"{LINE}\n<!-- lint-email: disable-file -->\n{LINE}\n") == []


def test_unused_suppression_when_selected() -> None:
    source = "<!-- lint-email: disable-next-line EL203 -->\n<p>fine</p>\n"
    assert codes(source) == []
    found = lint(source, extend_select=("EL903",))
    assert [(f.code, f.line, f.column) for f in found] == [("EL903", 1, 1)]


@pytest.mark.parametrize(("source", "holds_one"), [
    ('<a href="#">x</a>', False),
    ('<!-- a note --><a href="#">x</a>', False),
    ('<!-- lint-email: disable-next-line EL107 -->\n<a href="#">x</a>', True),
    ('<!-- lint-email: disable-file -->', True),
])
def test_a_document_without_directives_has_empty_suppressions(
    source: str, holds_one: bool
) -> None:
    """The engine skips asking about each finding when there are none."""
    from linter.source import Document
    from linter.suppressions import parse_suppressions

    comments = ([(source.index("<!--"), source.index("-->") + 3)]
                if "<!--" in source else [])
    found = parse_suppressions(Document(path="t.html", text=source), comments)

    assert bool(found) is holds_one
