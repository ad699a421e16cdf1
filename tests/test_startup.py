"""Start-up cost (issue 8): a plain lint loads none of the slow modules.

Timing a start-up in a test would be flaky, so these tests check the
cause instead: which standard modules a lint of one small file imports.
``dataclasses`` (through ``inspect``), ``logging`` and ``shutil`` each
cost milliseconds and are only needed by ``--fix``, ``--check-dns``,
``--check-urls`` or a message that is actually written.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SLOW_MODULES = ("dataclasses", "inspect", "logging", "shutil")

_PROBE = """
import json, sys
from linter.cli import main
code = main(sys.argv[1:])
sys.stdout = sys.__stdout__
print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""


def _modules_loaded(tmp_path: Path, *argv: str) -> tuple[int, set[str]]:
    """Run the CLI in a fresh interpreter; its exit code and modules."""
    result = subprocess.run(
        [sys.executable, "-c", _PROBE, *argv], cwd=tmp_path,
        capture_output=True, text=True, check=False, timeout=60,
    )
    report = json.loads(result.stdout.splitlines()[-1])
    return report["code"], set(report["modules"])


def test_a_small_clean_file_loads_no_slow_module(tmp_path: Path) -> None:
    (tmp_path / "small.html").write_text('<a href="https://shop.com">x</a>\n')

    code, modules = _modules_loaded(tmp_path, "--isolated", "--no-cache",
                                    "small.html")

    assert code == 0
    assert "linter.engine" in modules  # the lint really ran
    assert sorted(modules.intersection(SLOW_MODULES)) == []


def test_a_file_with_findings_loads_no_slow_module(tmp_path: Path) -> None:
    (tmp_path / "bad.html").write_text('<a href="shop.com/sale">x</a>\n')

    code, modules = _modules_loaded(tmp_path, "--isolated", "--no-cache",
                                    "--format", "json", "bad.html")

    assert code == 1
    assert "linter.formats.json_format" in modules
    assert sorted(modules.intersection(SLOW_MODULES)) == []


def test_messages_written_after_a_lazy_set_up_keep_their_level_and_prefix() -> None:
    """-vv shows debug lines as ``lint-email: ...``; by default they are hidden."""
    probe = (
        "from linter import log\n"
        "log.configure(verbose=2, quiet=0)\n"
        "log.logger().debug('cache %s unreadable', 'x')\n"
        "log.configure(verbose=0, quiet=0)\n"
        "log.logger().debug('hidden')\n"
        "log.logger().warning('shown')\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True,
                            text=True, check=True, timeout=60)

    assert result.stderr.splitlines() == ["lint-email: cache x unreadable",
                                          "lint-email: shown"]
