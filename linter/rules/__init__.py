"""The rule registry: one explicit list of every rule module.

A rule is a module named after the rule (``missing_scheme`` for
``missing-scheme``); its docstring is its ``--explain`` text and its
top-level constants are its metadata (see ``linter.rules.base``). Scopes:
``link`` rules have ``check(link, ctx)``, ``document`` rules have
``check_document(facts, ctx)``; ``file``, ``dns`` and ``online`` rules are
produced by the engine, the DNS check and ``linter.online``, and are here
for their docs and selection.
"""

from __future__ import annotations

import importlib
from functools import lru_cache
from types import ModuleType

from linter.rules.base import RuleInfo

RULE_MODULES: tuple[str, ...] = (
    # Target and scheme
    "missing_scheme",
    "relative_url",
    "misspelled_scheme",
    "repeated_scheme",
    "unsafe_scheme",
    "empty_href",
    "placeholder_href",
    "forbidden_host",
    "other_scheme",
    # Syntax
    "whitespace_in_url",
    "smart_quotes",
    "invalid_host",
    "invalid_url",
    "encoded_template",
    "invalid_mailto",
    "invalid_tel",
    "unquoted_href",
    "spaced_equals",
    "unclosed_quote",
    "unclosed_template",
    "duplicate_href",
    "template_in_tag",
    "long_line",
    # Click tracking
    "url_in_variable",
    "url_too_long",
    "too_many_links",
    "bare_url",
    "untracked_element",
    "tracking_opt_out",
    "ineffective_opt_out",
    "copied_tracking_link",
    "unencoded_nested_url",
    "quote_in_url",
    "escaped_url_variable",
    # Deliverability
    "insecure_link",
    "link_text_mismatch",
    "ip_host",
    "url_shortener",
    "missing_unsubscribe",
    "utm_policy",
    # Link-branding DNS
    "cname_missing",
    "cname_mismatch",
    "dns_unavailable",
    "cname_target_unresolved",
    # Link targets (online)
    "dead_link",
    "unreachable_link",
    "bad_redirect",
    "blocked_check",
    "tracking_host_tls",
    # Files
    "unreadable_file",
    "undecodable_file",
    "unused_suppression",
)


@lru_cache(maxsize=1)
def rule_modules() -> tuple[ModuleType, ...]:
    """The rule modules, imported once, sorted by code."""
    modules = [importlib.import_module(f"linter.rules.{name}") for name in RULE_MODULES]
    return tuple(sorted(modules, key=lambda module: module.CODE))


@lru_cache(maxsize=1)
def all_rules() -> tuple[RuleInfo, ...]:
    """Metadata of every rule, sorted by code."""
    return tuple(RuleInfo.from_module(module) for module in rule_modules())


@lru_cache(maxsize=1)
def rules_by_code() -> dict[str, RuleInfo]:
    """Rule metadata keyed by code."""
    return {rule.code: rule for rule in all_rules()}


def find_rule(code_or_name: str) -> RuleInfo | None:
    """The rule with this code (any case) or kebab-case name."""
    wanted = code_or_name.strip()
    rule = rules_by_code().get(wanted.upper())
    if rule is not None:
        return rule
    for rule in all_rules():
        if rule.name == wanted.lower():
            return rule
    return None


def resolve_selector(selector: str) -> list[RuleInfo] | None:
    """The rules a ``--select``-style word names, or None if it names none.

    A full code or a name selects that rule, even one off by default; a
    shorter prefix (``EL``, ``EL1``) selects only the default rules under
    it, as SPEC says.
    """
    rule = find_rule(selector)
    if rule is not None:
        return [rule]
    prefix = selector.strip().upper()
    if not prefix.startswith("EL"):
        return None
    matched = [r for r in all_rules() if r.code.startswith(prefix)]
    if not matched:
        return None
    return [r for r in matched if r.default]
