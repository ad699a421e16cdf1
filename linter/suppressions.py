"""Inline suppressions: ``<!-- lint-email: disable-next-line EL101 -->``.

Directives live in HTML comments or in template comments (``{# #}``,
``{{!-- --}}``, ``<%# %>``, ``<#-- -->``, ``{{/* */}}``):

- ``disable-next-line CODES`` silences the line after the comment's last
  line;
- ``disable CODES`` ... ``enable CODES`` silences a region (to the end of
  the file when never enabled again);
- ``disable-file`` silences the whole file.

CODES are codes, prefixes or names, comma- or space-separated; none means
every rule. Text after `` -- `` is the reason, for the reader.
"""

from __future__ import annotations

import re

from linter.lazyre import lazy_pattern
from linter.rules import resolve_selector
from linter.source import Document


_directive = lazy_pattern(
    r"lint-email:\s*(disable-next-line|disable-file|disable|enable)\b([^\n]*)"
)


class Suppression:
    """One directive and what it covers.

    ``codes`` is None for every rule; ``start`` is the comment's offset;
    ``line`` is the line a disable-next-line silences; ``region_end`` is
    where a disable region ends; ``used`` is set once it silences a finding.
    """

    __slots__ = ("kind", "codes", "start", "line", "region_end", "used")

    def __init__(self, kind: str, codes: frozenset[str] | None, start: int,
                 line: int = 0, region_end: int = -1, used: bool = False) -> None:
        self.kind = kind
        self.codes = codes
        self.start = start
        self.line = line
        self.region_end = region_end
        self.used = used

    def __repr__(self) -> str:
        return (f"Suppression({self.kind!r}, {self.codes!r}, {self.start}, "
                f"line={self.line}, region_end={self.region_end}, "
                f"used={self.used})")


class Suppressions:
    """All directives of one document, and the test against them."""

    __slots__ = ("items", "whole_file")

    def __init__(self, items: list[Suppression] | None = None,
                 whole_file: Suppression | None = None) -> None:
        self.items: list[Suppression] = [] if items is None else items
        self.whole_file = whole_file

    def __bool__(self) -> bool:
        """Whether the document holds any directive at all (most do not)."""
        return bool(self.items) or self.whole_file is not None

    def silences(self, code: str, offset: int, line: int) -> bool:
        """Whether a finding of ``code`` at ``offset`` is suppressed."""
        if self.whole_file is not None:
            self.whole_file.used = True
            return True
        for item in self.items:
            if item.codes is not None and code not in item.codes:
                continue
            if item.kind == "disable-next-line" and item.line == line:
                item.used = True
                return True
            if item.kind == "disable" and item.start <= offset < item.region_end:
                item.used = True
                return True
        return False

    def unused(self) -> list[Suppression]:
        """Directives that silenced nothing (for EL903)."""
        candidates = list(self.items)
        if self.whole_file is not None:
            candidates.append(self.whole_file)
        return [item for item in candidates if not item.used]


def _codes(words: str) -> frozenset[str] | None:
    words = words.split(" --", 1)[0]
    for closer in ("-->", "#}", "--}}", "%>", "*/}}", "}}", "--"):
        words = words.split(closer, 1)[0]
    selectors = [word for word in re.split(r"[,\s]+", words) if word]
    if not selectors:
        return None
    codes: set[str] = set()
    for selector in selectors:
        rules = resolve_selector(selector)
        if rules is None:
            continue
        codes.update(rule.code for rule in rules)
        # A prefix names the off-by-default rules too, here.
        if selector.upper().startswith("EL"):
            from linter.rules import all_rules
            codes.update(r.code for r in all_rules()
                         if r.code.startswith(selector.upper()))
    return frozenset(codes)


def parse_suppressions(
    document: Document, comments: list[tuple[int, int]]
) -> Suppressions:
    """Directives in the given comment spans (start, end offsets)."""
    found = Suppressions()
    open_regions: list[Suppression] = []
    text = document.text
    for start, end in comments:
        body = document.slice(start, end)
        if "lint-email:" not in body:
            continue
        for match in _directive().finditer(body):
            kind, words = match.group(1), match.group(2)
            item = Suppression(kind, _codes(words), start)
            if kind == "disable-file":
                found.whole_file = item
            elif kind == "disable-next-line":
                item.line = document.position(end)[0] + 1
                found.items.append(item)
            elif kind == "disable":
                item.region_end = len(text)
                found.items.append(item)
                open_regions.append(item)
            else:
                _close_regions(open_regions, item.codes, start)
    return found


def _close_regions(
    open_regions: list[Suppression], codes: frozenset[str] | None, at: int
) -> None:
    """End the open ``disable`` regions that an ``enable`` names."""
    for region in list(open_regions):
        if codes is None or region.codes is None or region.codes <= codes:
            region.region_end = at
            open_regions.remove(region)
