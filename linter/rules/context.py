"""What a rule may know besides the link: the config and the provider."""

from typing import NamedTuple

from linter.links import Link, TemplateToken
from linter.providers import GENERIC, Provider
from linter.scan import Scan
from linter.source import Document


class RuleContext(NamedTuple):
    """Read-only settings a rule consults; built once per run."""

    provider: Provider = GENERIC
    # Hosts from the config's ``forbidden-hosts``: exact names or "*.x".
    forbidden_hosts: tuple[str, ...] = ()
    # Options per rule code, already validated by the config module.
    # Read-only, so one shared empty default is safe.
    options: dict[str, dict[str, object]] = {}


class DocumentFacts(NamedTuple):
    """What document-wide rules see: the text and everything found in it."""

    text: str
    links: list[Link]
    scan: Scan
    tokens: list[TemplateToken]
    document: Document
