"""The findings cache: a file whose bytes and settings are unchanged is not
linted again.

As ruff does: on by default, ``--no-cache`` turns it off, and it lives in
``.lint-email-cache/`` in the config's folder (with a ``.gitignore`` of its
own, so it is never committed). An entry is keyed by the file's content
hash, the rules selected for it and its extensions (an ``.eml`` is read
as a message); the cache file itself is named after
everything else a finding depends on: the settings (provider, severities,
rule options, per-file ignores), and lint-email's own code (its version and
the size and time of each of its modules, so that a changed rule in a
development checkout never serves stale findings). Findings are kept
without their path, which is put back from the name the file goes by in
this run.

It pays where the same files are linted again: the 50 MB benchmark set
takes a quarter of the time with a warm cache (``benchmarks/README.md``).
It is not used for runs of a few small files, which lint faster than the
cache loads, nor for ``--fix``, standard input or the DNS checks.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from linter import __version__
from linter.config import Config
from linter.findings import Finding
from linter.log import logger

CACHE_FOLDER = ".lint-email-cache"
# Entries not used for this long are dropped when the cache is saved.
MAX_AGE_SECONDS = 30 * 24 * 3600
# Runs below both of these lint faster than the cache loads and saves.
MIN_FILES = 8
MIN_BYTES = 1_000_000

# (line, column, end line, end column, code, name, severity, message,
# href, fix, part): a finding without its path.
Stored = tuple[object, ...]


def content_key(data: bytes) -> bytes:
    """The key of a file's content: a 128-bit BLAKE2 digest of its bytes."""
    import hashlib  # here, as every import below: a run without cache skips them

    return hashlib.blake2b(data, digest_size=16).digest()


class FindingsCache:
    """The cached findings of one settings fingerprint, loaded once a run."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self._path: Path | None = None
        self._entries: dict[tuple[bytes, str], tuple[float, list[Stored]]] | None = None
        self._changed = False
        self._now = time.time()
        self._selections: dict[frozenset[str], str] = {}

    @property
    def path(self) -> Path:
        """The cache file for this config, under its root folder."""
        if self._path is None:
            folder = self.config.root / CACHE_FOLDER / __version__
            self._path = folder / f"{_fingerprint(self.config)}.pickle"
        return self._path

    def _loaded(self) -> dict[tuple[bytes, str], tuple[float, list[Stored]]]:
        """The entries, read from the cache file on first use."""
        if self._entries is not None:
            return self._entries
        import pickle

        self._entries = {}
        try:
            with self.path.open("rb") as handle:
                entries = pickle.load(handle)
        except FileNotFoundError:
            return self._entries
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError,
                ValueError, TypeError, IndexError) as error:
            logger().debug("findings cache %s unreadable (%s); starting afresh",
                           self.path, error)
            return self._entries
        if isinstance(entries, dict):
            self._entries = entries
        return self._entries

    def selection_key(self, codes: frozenset[str]) -> str:
        """A short stable name for a set of selected rule codes."""
        key = self._selections.get(codes)
        if key is None:
            key = ",".join(sorted(codes))
            self._selections[codes] = key
        return key

    def get(self, digest: bytes, selection: str, display: str) -> list[Finding] | None:
        """The findings cached for this content and selection, or None."""
        entries = self._loaded()
        entry = entries.get((digest, selection))
        if entry is None:
            return None
        if self._now - entry[0] > MAX_AGE_SECONDS / 2:
            # Seen again: keep it for another while.
            entries[(digest, selection)] = (self._now, entry[1])
            self._changed = True
        return [
            Finding(display, *stored)  # type: ignore[arg-type]
            for stored in entry[1]
        ]

    def put(self, digest: bytes, selection: str, findings: list[Finding]) -> None:
        """Remember the findings of one file's content."""
        stored = [_stored(finding) for finding in findings]
        self._loaded()[(digest, selection)] = (self._now, stored)
        self._changed = True

    def save(self) -> None:
        """Write the cache if it changed: whole, atomically; never fail the run."""
        if not self._changed:
            return
        import pickle
        import tempfile

        oldest = self._now - MAX_AGE_SECONDS
        entries = {key: value for key, value in self._loaded().items()
                   if value[0] >= oldest}
        try:
            _prepare_folder(self.path.parent)
            handle, temporary = tempfile.mkstemp(dir=self.path.parent, suffix=".tmp")
            with os.fdopen(handle, "wb") as out:
                pickle.dump(entries, out, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, self.path)
        except OSError as error:
            logger().debug("findings cache %s not saved: %s", self.path, error)


def _stored(finding: Finding) -> Stored:
    return (finding.line, finding.column, finding.end_line, finding.end_column,
            finding.code, finding.name, finding.severity, finding.message,
            finding.href, finding.fix, finding.part, finding.domain)


def _prepare_folder(folder: Path) -> None:
    """Create the cache folder, with a .gitignore so git never sees it."""
    folder.mkdir(parents=True, exist_ok=True)
    top = folder.parent
    ignore = top / ".gitignore"
    if not ignore.exists():
        ignore.write_text("# Written by lint-email: its findings cache.\n*\n")


def _fingerprint(config: Config) -> str:
    """A name for everything besides a file's bytes that findings depend on."""
    import hashlib

    code = hashlib.blake2b(digest_size=12)
    code.update(repr(config).encode("utf-8", "surrogateescape"))
    package = Path(__file__).resolve().parent
    for module in sorted(package.rglob("*.py")):
        try:
            status = module.stat()
        except OSError:
            continue
        code.update(f"{module.relative_to(package)}:{status.st_size}:"
                    f"{status.st_mtime_ns}\n".encode())
    return code.hexdigest()
