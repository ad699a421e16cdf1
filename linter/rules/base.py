"""What a rule is: its metadata, and the hits it yields.

Rules work in offsets into the decoded document text; the engine turns a
hit into a Finding with line and column through the document's line index.
Keeping rules in offsets keeps them pure and cheap, and lets ``--fix`` use
a hit's edit directly on the source text.

A link rule's ``check`` runs once per link and rule, so it returns a tuple
(or a list) of hits, usually ``()``, rather than yielding them: making a
generator costs about twice a plain call (README, "Performance").
"""

from types import ModuleType
from typing import NamedTuple


class Edit(NamedTuple):
    """Replace ``text[start:end]`` of the decoded document by ``replacement``."""

    start: int
    end: int
    replacement: str


class Hit(NamedTuple):
    """A rule's report: where (offsets), what, and the safe edit if any.

    ``fix`` is the new href value shown in the JSON ``fix`` field; ``edit``
    is the change ``--fix`` makes to the source to get there.
    """

    start: int
    end: int
    message: str
    fix: str | None = None
    edit: Edit | None = None


class RuleInfo(NamedTuple):
    """A rule's identity and documentation, as ``--list-rules`` shows it.

    ``doc`` is the rule module's docstring: the ``--explain`` text.
    """

    code: str
    name: str
    severity: str
    default: bool
    fixable: bool
    summary: str
    doc: str

    @classmethod
    def from_module(cls, module: ModuleType) -> "RuleInfo":
        """Read the metadata a rule module declares at its top level."""
        doc = (module.__doc__ or "").strip()
        return cls(
            code=module.CODE,
            name=module.NAME,
            severity=module.SEVERITY,
            default=getattr(module, "DEFAULT", True),
            fixable=getattr(module, "FIXABLE", False),
            summary=doc.splitlines()[0] if doc else "",
            doc=doc,
        )
