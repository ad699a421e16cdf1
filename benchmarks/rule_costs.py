"""CPU cost of each rule per MB of template, in one process.

    python benchmarks/rule_costs.py [FOLDER]          # default: ../shared/corpus
    python benchmarks/rule_costs.py --all [FOLDER]    # every rule, and subtotals

Lints every ``.html`` file under FOLDER with the default config and
times each rule's ``check``/``check_document`` call (its hits collected
in a list), besides the whole engine. What a rule builds once per
process (the Public Suffix List for EL402, validators for EL210) counts
in its first call, so on a small folder those rules look dearer than
they are per MB of a big run. Nothing asserts these timings.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from types import ModuleType
from typing import Any, Callable

from linter.config import Config
from linter.engine import Engine
from linter.files import documents_from_bytes

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"


class _TimedRule:
    """A stand-in for a rule module that adds its call time to ``spent``."""

    def __init__(self, module: ModuleType, entry: str, spent: dict[str, float]) -> None:
        self.CODE: str = module.CODE
        self.SCOPE: str = module.SCOPE
        run: Callable[..., Any] = getattr(module, entry)

        def timed(*args: Any) -> list[Any]:
            started = time.perf_counter()
            hits = list(run(*args))
            spent[self.CODE] = (spent.get(self.CODE, 0.0)
                                  + time.perf_counter() - started)
            return hits

        setattr(self, entry, timed)


def main(argv: list[str]) -> int:
    every = "--all" in argv
    argv = [arg for arg in argv if arg != "--all"]
    folder = Path(argv[0]) if argv else CORPUS
    spent: dict[str, float] = {}
    engine = Engine(Config())
    # The engine reads only CODE, SCOPE and the entry point of a module.
    engine.link_rules = [_TimedRule(m, "check", spent)  # type: ignore[misc]
                         for m in engine.link_rules]
    engine.document_rules = [
        _TimedRule(m, "check_document", spent)  # type: ignore[misc]
        for m in engine.document_rules
    ]

    total = 0
    started = time.perf_counter()
    for path in sorted(folder.rglob("*.html")):
        data = path.read_bytes()
        total += len(data)
        for document in documents_from_bytes(data, str(path)):
            engine.lint_document(document)
    wall = time.perf_counter() - started

    megabytes = total / 1e6
    print(f"{megabytes:.1f} MB: engine {wall / megabytes * 1e3:.1f} ms per MB, "
          f"rules {sum(spent.values()) / megabytes * 1e3:.1f} ms per MB")
    ranked = sorted(spent.items(), key=lambda item: -item[1])
    for code, seconds in ranked if every else ranked[:12]:
        print(f"  {code} {seconds / megabytes * 1e3:.1f}")
    if every:
        for scope, modules in (("link", engine.link_rules),
                               ("document", engine.document_rules)):
            seconds = sum(spent.get(module.CODE, 0.0) for module in modules)
            print(f"{scope} rules {seconds / megabytes * 1e3:.1f} ms per MB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
