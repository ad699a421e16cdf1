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
