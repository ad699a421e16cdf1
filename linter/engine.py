"""The lint run for one document: tokens, scan, links, rules, findings.

This is the data flow of the README's architecture section, in order.
Everything here is pure: text and config in, findings out. Reading files
and walking folders happen in ``linter.files`` and ``linter.api``.
"""

from collections.abc import Callable, Sequence
from typing import NamedTuple

from linter.config import Config
from linter.dialects import DialectTable, TokenIndex
from linter.extract import build_links
from linter.findings import Finding
from linter.links import Link, TemplateToken, record
from linter.providers import get_provider
from linter.rules import rule_modules, rules_by_code
from linter.rules.base import Edit, Hit
from linter.rules.context import DocumentFacts, RuleContext
from linter.scan import Scan, scan_links
from linter.source import Document
from linter.suppressions import Suppressions, parse_suppressions



class _Located(NamedTuple):
    """A finding with the offset it came from (for suppressions).

    ``edit`` is the rule's safe change to the source, kept for ``--fix``.
    """

    offset: int
    finding: Finding
    edit: Edit | None = None


def _restored_tokens(tokens: list[TemplateToken],
                     document: Document) -> list[TemplateToken]:
    """Tokens of a narrowed text, with their real characters back."""
    wide = document.wide
    assert wide is not None
    return [
        token._replace(text=document.slice(token.start, token.end))
        if wide.touches(token.start, token.end) else token
        for token in tokens
    ]


# A link rule's check: the link and the run's settings in, hits out.
LinkCheck = Callable[[Link, RuleContext], Sequence[Hit]]
# What a link is made of, its offsets counted from its "<": the start
# tag's text, the link's text, whether it sits in a conditional comment,
# its part, and where its tokens are (in the value, between attributes).
_LinkKey = tuple[str, str | None, bool, str | None,
                 tuple[tuple[int, int], ...], tuple[tuple[int, int], ...]]
# Links whose answers are remembered, per selection of rules: templates
# repeat their buttons, footers and placeholders (the 2,247 links of the
# corpus have 64 distinct hrefs). Past this many the memo starts again,
# which keeps it to a few megabytes.
_LINK_MEMO_SIZE = 4096


def _link_key(link: Link, text: str) -> _LinkKey:
    """What makes a link, with offsets counted from its start tag."""
    base = link.tag_start
    return (
        text[base:link.tag_end], link.text, link.in_conditional, link.part,
        tuple([(token.start - base, token.end - base) for token in link.tokens]),
        tuple([(token.start - base, token.end - base)
               for token in link.tag_tokens]),
    )


def _moved(hit: Hit, delta: int) -> Hit:
    """The hit, and its edit, ``delta`` characters further on."""
    edit = hit.edit
    if edit is not None:
        edit = Edit(edit.start + delta, edit.end + delta, edit.replacement)
    # Every remembered hit of a repeated link is moved (thousands of "#"
    # placeholders a run): built whole rather than by _replace.
    return record(Hit, (hit.start + delta, hit.end + delta, hit.message,
                        hit.fix, edit))


def _suppressions(document: Document, scanned: Scan,
                  tokens: list[TemplateToken]) -> Suppressions:
    """The directives in the document's HTML and template comments.

    Most files hold none: one search of the text spares reading each
    comment (a conditional comment can hold half the email).
    """
    if "lint-email:" not in document.text:
        return Suppressions()
    comment_spans = [(c.start, c.end) for c in scanned.comments]
    comment_spans += [(t.start, t.end) for t in tokens if t.is_comment]
    comment_spans.sort()
    return parse_suppressions(document, comment_spans)


class Engine:
    """Lints documents with one config; build it once per run."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.dialects = DialectTable.build(config.template_delimiters)
        provider = get_provider(config.provider)
        self.context = RuleContext(
            provider=provider,
            forbidden_hosts=config.forbidden_hosts,
            options={code: dict(options) for code, options in config.rule_options},
        )
        modules = rule_modules()
        self.link_rules = [m for m in modules if m.SCOPE == "link"]
        self.document_rules = [m for m in modules if m.SCOPE == "document"]
        self._selection_cache: dict[str, frozenset[str]] = {}
        self._checks_by_selection: dict[
            frozenset[str], list[tuple[str, LinkCheck]]] = {}
        self._link_memos: dict[
            frozenset[str], dict[_LinkKey, tuple[tuple[str, Hit], ...]]] = {}
        self._identities: dict[str, tuple[str, str]] = {}

    def selected(self, path: str) -> frozenset[str]:
        """The codes that run on this file (per-file-ignores applied)."""
        key = self.config.per_file_ignores and path or ""
        codes = self._selection_cache.get(key)
        if codes is None:
            codes = self.config.selected_codes(path)
            self._selection_cache[key] = codes
        return codes

    def lint_document(
        self, document: Document, config_path: str | None = None
    ) -> list[Finding]:
        """Every finding in one decoded document, sorted, suppressions applied.

        ``config_path`` is the path per-file-ignores match against
        (relative to the config's folder); by default the document's path.
        """
        pairs = self.lint_document_with_edits(document, config_path)
        return [finding for finding, _ in pairs]

    def lint_document_with_edits(
        self, document: Document, config_path: str | None = None
    ) -> list[tuple[Finding, Edit | None]]:
        """Like ``lint_document``, each finding paired with its rule's edit.

        Only selected rules run and suppressed findings are gone, so every
        edit here is one ``--fix`` may apply.
        """
        selected = self.selected(config_path or document.path)
        text = document.text
        tokens = self.dialects.find_tokens(text)
        if document.wide is not None:
            tokens = _restored_tokens(tokens, document)
        token_index = TokenIndex(tokens)
        scanned = scan_links(text, token_index)
        links = build_links(text, scanned, token_index, document.wide)

        located: list[_Located] = []
        if document.decode_error is not None and "EL902" in selected:
            located.append(self._decode_finding(document))
        if "EL902" in selected:
            located.extend(self._defect_finding(document, defect)
                           for defect in document.defects)
        # Hits first, findings after: their positions are then counted in
        # one pass over the text.
        reported: list[tuple[str, Hit, Link | None]] = []
        checks = self._link_checks(selected)
        # A narrowed text's tags are not their real characters: no memo.
        memo = self._link_memo(selected) if document.wide is None else None
        found: Sequence[tuple[str, Hit]]
        for link in links:
            if memo is None:
                found = self._check_link(link, checks)
            else:
                found = self._remembered_check(link, checks, text, memo)
            if found:
                reported.extend([(code, hit, link) for code, hit in found])
        facts = DocumentFacts(text, links, scanned, tokens, document)
        for module in self.document_rules:
            if module.CODE in selected:
                reported.extend((module.CODE, hit, None)
                                for hit in module.check_document(facts, self.context))
        located.extend(self._located(reported, document))

        suppressions = _suppressions(document, scanned, tokens)
        pairs = self._apply_suppressions(located, suppressions, selected, document)
        return sorted(pairs, key=lambda pair: pair[0].sort_key())

    def _check_link(self, link: Link,
                    checks: list[tuple[str, LinkCheck]]) -> list[tuple[str, Hit]]:
        """Every selected link rule's hits on one link."""
        context = self.context
        found: list[tuple[str, Hit]] = []
        # This loop runs for every link and rule: most checks return an
        # empty tuple, which is cheaper to test than to iterate.
        for code, check in checks:
            hits = check(link, context)
            if hits:
                found.extend([(code, hit) for hit in hits])
        return found

    def _remembered_check(
        self, link: Link, checks: list[tuple[str, LinkCheck]], text: str,
        memo: dict[_LinkKey, tuple[tuple[str, Hit], ...]],
    ) -> list[tuple[str, Hit]] | tuple[tuple[str, Hit], ...]:
        """``_check_link``, answered from ``memo`` for a link met before.

        A link rule reads only the link and the run's settings, and a link
        is made from its start tag, its text and its tokens: the same ones
        at another offset give the same hits, moved by as much.
        """
        base = link.tag_start
        key = _link_key(link, text)
        relative = memo.get(key)
        if relative is not None:
            if not relative:
                return relative
            return [(code, _moved(hit, base)) for code, hit in relative]

        found = self._check_link(link, checks)
        if len(memo) >= _LINK_MEMO_SIZE:
            memo.clear()
        memo[key] = tuple((code, _moved(hit, -base)) for code, hit in found)
        return found

    def _link_checks(self, selected: frozenset[str]) -> list[tuple[str, LinkCheck]]:
        """The selected link rules' checks, settled once per selection (a
        file of a few links paid for choosing them from every rule)."""
        checks = self._checks_by_selection.get(selected)
        if checks is None:
            checks = self._checks_by_selection[selected] = [
                (module.CODE, module.check) for module in self.link_rules
                if module.CODE in selected
            ]
        return checks

    def _link_memo(
        self, selected: frozenset[str]
    ) -> dict[_LinkKey, tuple[tuple[str, Hit], ...]]:
        """The remembered link answers for one selection of rules."""
        memo = self._link_memos.get(selected)
        if memo is None:
            memo = self._link_memos[selected] = {}
        return memo

    def lint_plain_part(self, path: str, part: str, text: str,
                        config_path: str | None = None) -> list[Finding]:
        """Bare URLs (EL304) in a message's ``text/plain`` part.

        Every character of a plain part is visible, and clients link every
        URL in it on their own; positions are inside the decoded part.
        """
        if "EL304" not in self.selected(config_path or path):
            return []
        from linter.rules.bare_url import plain_text_hits

        document = Document(path=path, text=text, part=part)
        reported: list[tuple[str, Hit, Link | None]] = [
            ("EL304", hit, None) for hit in plain_text_hits(text)
        ]
        return [item.finding for item in self._located(reported, document)]

    def _located(self, reported: list[tuple[str, Hit, Link | None]],
                 document: Document) -> list[_Located]:
        """Findings for many hits, their positions counted in one pass."""
        if not reported:
            return []
        offsets = [hit.start for _, hit, _ in reported]
        offsets += [max(hit.end, hit.start) for _, hit, _ in reported]
        positions = document.positions(offsets)
        return [
            record(_Located, (
                hit.start, self._finding(code, hit, document, link, positions),
                hit.edit,
            ))
            for code, hit, link in reported
        ]

    def _finding(self, code: str, hit: Hit, document: Document,
                 link: Link | None,
                 positions: dict[int, tuple[int, int]] | None = None) -> Finding:
        """The finding of one hit; ``positions`` holds its offsets if given."""
        name, severity = self._rule_identity(code)
        if positions is None:
            positions = document.positions((hit.start, max(hit.end, hit.start)))
        line, column = positions[hit.start]
        end_line, end_column = positions[max(hit.end, hit.start)]
        return record(Finding, (
            document.path,
            line,
            column,
            end_line,
            end_column,
            code,
            name,
            severity,
            hit.message,  # message
            link.raw if link is not None else None,  # href
            hit.fix,  # fix
            document.part,  # part
            None,  # domain: only DNS findings name one
        ))

    def _rule_identity(self, code: str) -> tuple[str, str]:
        """A rule's name and its severity in this run (provider, config)."""
        identity = self._identities.get(code)
        if identity is None:
            rule = rules_by_code()[code]
            identity = (rule.name, self._severity(code, rule.severity))
            self._identities[code] = identity
        return identity

    def _severity(self, code: str, default: str) -> str:
        severity = self.context.provider.severity.get(code, default)
        return self.config.severity_of(code, severity)

    def _decode_finding(self, document: Document) -> _Located:
        error = document.decode_error
        assert error is not None
        hit = Hit(
            start=error.offset,
            end=error.offset + 1,
            message=(
                f"byte 0x{error.value:02X} at byte offset {error.byte} is not "
                f"valid {error.encoding}; declare the file's charset or save "
                "it as UTF-8"
            ),
        )
        return _Located(error.offset, self._finding("EL902", hit, document, None))

    def _defect_finding(self, document: Document, defect: str) -> _Located:
        """A defect of a broken ``.eml`` message or part: EL902 at 1:1."""
        hit = Hit(start=0, end=0, message=defect)
        return _Located(0, self._finding("EL902", hit, document, None))

    def _apply_suppressions(
        self, located: list[_Located], suppressions: Suppressions,
        selected: frozenset[str], document: Document,
    ) -> list[tuple[Finding, Edit | None]]:
        if not suppressions:
            # Most files hold no directive: nothing to ask for each finding.
            return [(item.finding, item.edit) for item in located]

        kept: list[tuple[Finding, Edit | None]] = [
            (item.finding, item.edit) for item in located
            if not suppressions.silences(item.finding.code, item.offset,
                                         item.finding.line or 0)
        ]
        if "EL903" in selected:
            for unused in suppressions.unused():
                hit = Hit(unused.start, unused.start + 4,
                          f"suppression '{unused.kind}' silences nothing")
                kept.append((self._finding("EL903", hit, document, None), None))
        return kept

