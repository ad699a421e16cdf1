"""Reading files into documents, and linting a set of files.

A file that cannot be read is EL901 and the run goes on; one that does not
decode is EL902 and is linted all the same. ``.eml`` messages become one
document per HTML part (``linter.eml``).
"""

import os
import stat
from collections import deque
from functools import partial
from itertools import chain
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, BinaryIO, Iterable, NamedTuple

from linter.cache import MIN_BYTES, MIN_FILES, FindingsCache, content_key
from linter.engine import Engine
from linter.findings import Finding
from linter.links import record
from linter.rules import rules_by_code
from linter.source import Document, decode, detect_encoding

if TYPE_CHECKING:
    from linter.pool import ForkPool


class RunResult(NamedTuple):
    """What a lint over many files gives: findings and how many files."""

    findings: list[Finding]
    files_checked: int
    # Whether ``findings`` are in ``sort_findings`` order already: sorting
    # the 19,179 findings of the 50 MB set again took 10 ms.
    in_order: bool = False


def file_finding(path: str, code: str, message: str, engine: Engine) -> Finding:
    """A finding about a whole file, at 1:1."""
    rule = rules_by_code()[code]
    return Finding(
        path=path, line=1, column=1, end_line=1, end_column=1, code=code,
        name=rule.name, severity=engine.config.severity_of(code, rule.severity),
        message=message,
    )


def documents_from_bytes(data: bytes, display: str) -> list[Document]:
    """The documents in a file's bytes: one, or one per ``.eml`` part."""
    if display.lower().endswith(".eml"):
        from linter.eml import message_documents

        return message_documents(data, display)
    text, error = decode(data)
    return [Document(path=display, text=text, decode_error=error)]


def lint_bytes(data: bytes, display: str, engine: Engine,
               config_path: str | None = None) -> list[Finding]:
    """Lint one file's content."""
    return _lint_documents(documents_from_bytes(data, display), engine, config_path)


def _lint_documents(documents: list[Document], engine: Engine,
                    config_path: str | None) -> list[Finding]:
    findings: list[Finding] = []
    if documents and documents[0].plain_parts:
        first = documents[0]
        for part, text in zip(first.plain_parts, first.plain_text):
            findings.extend(engine.lint_plain_part(first.path, part, text,
                                                   config_path))
    several = len(documents) > 1 or bool(findings)
    while documents:
        # Popped, so that each part's text is freed once it is linted.
        findings.extend(engine.lint_document(documents.pop(0), config_path))
    if several:
        # Each document's findings come sorted; a message's parts, not.
        findings.sort(key=Finding.sort_key)
    return findings


def lint_file(path: str | os.PathLike[str], display: str, engine: Engine,
              config_path: str | None = None) -> list[Finding]:
    """Read and lint one file; an unreadable one is an EL901 finding."""
    try:
        documents = _read_documents(path, display)
    except OSError as error:
        reason = error.strerror or error.__class__.__name__
        if "EL901" not in engine.selected(config_path or display):
            return []
        return [file_finding(display, "EL901", f"cannot read file: {reason}", engine)]
    return _lint_documents(documents, engine, config_path)


def _read_documents(path: str | os.PathLike[str],
                    display: str) -> list[Document]:
    """A file's documents; a big template is read narrowed, in pieces.

    A small file is read from its descriptor: no buffered file object and
    one read call fewer, about half the cost of reading a 17 kB template
    with ``open`` (15 us against 27 us in a micro-benchmark).
    """
    descriptor = os.open(path, _OPEN_FLAGS)
    try:
        status = os.fstat(descriptor)
        size = status.st_size
        if (size >= NARROW_MIN_BYTES
                and not display.lower().endswith(".eml")):
            with open(descriptor, "rb", closefd=False) as handle:
                document = _read_narrowed(handle, display, size)
                if document is not None:
                    return [document]
                handle.seek(0)
                data = handle.read()
        else:
            data = _read_descriptor(descriptor, size,
                                    stat.S_ISREG(status.st_mode))
    finally:
        os.close(descriptor)
    # The bytes go before linting starts (the caller keeps none): for a
    # big file they would otherwise sit beside the decoded text.
    return documents_from_bytes(data, display)


def _read_descriptor(descriptor: int, size: int, regular: bool) -> bytes:
    """Every byte of an open file, in one read when its size holds.

    One byte more than the size is asked for: getting exactly the size
    from a regular file means it ended there. A file that grew since
    ``fstat``, shrank, or is no regular file (a pipe from ``<(...)``
    has size 0) is read on until the end. A folder raises
    IsADirectoryError here, as ``open`` did.
    """
    data = os.read(descriptor, size + 1)
    if regular and len(data) == size:
        return data

    pieces = [data]
    while data:
        data = os.read(descriptor, _READ_PIECE)
        pieces.append(data)
    return b"".join(pieces)


def _read_narrowed(handle: BinaryIO, display: str,
                   size: int) -> Document | None:
    """A big file at one byte a character (``linter.widechars``), or None.

    None when the file does not decode or holds too many wide characters:
    it is then read the usual way.
    """
    from linter.widechars import narrow_decode

    head = handle.read(_READ_PIECE)
    codec, bom_length = detect_encoding(head)
    rest = iter(partial(handle.read, _READ_PIECE), b"")
    narrowed = narrow_decode(chain((head[bom_length:],), rest), codec, size)
    if narrowed is None:
        return None
    text, wide = narrowed
    return Document(path=display, text=text, wide=wide if len(wide) else None)


# (path on disk, display name, config path)
Target = tuple["str | os.PathLike[str]", str, str]
# A finding on its way back from a worker: a plain tuple pickles in C,
# while a NamedTuple goes through its Python-level __getnewargs__ and
# __new__ (about four times the cost, for thousands of findings a run).
# It becomes a Finding again with ``linter.links.record``.
_FindingRow = tuple[object, ...]
# A run of files for a worker: (path, display name, config path) each.
_Chunk = list[tuple[str, str, str]]

# A process pool pays for its start (forking, sending findings back) only
# over this much input, measured in benchmarks/: below it, one process
# finishes first.
POOL_MIN_BYTES = 2_000_000
POOL_MIN_FILES = 8
# The pool forks (``linter.pool``); without fork (Windows) a run is one process.
_CAN_FORK = hasattr(os, "fork")
# Files go to a worker in runs of about this many bytes, big enough that
# sending a run costs little. Once every file is found, the runs shrink
# with the work left, down to the smallest, so that the workers finish
# together: with runs of a megabyte to the end, one worker waited up to
# 70 ms for the other on the 50 MB set.
CHUNK_BYTES = 1_000_000
SMALLEST_CHUNK_BYTES = 64_000
# Templates from this size on are read narrowed (``linter.widechars``):
# a smaller one is not worth it. They are read this many bytes at a time:
# pieces of a megabyte (4 MB strings once decoded) left the heap 55 MB
# bigger after a 60 MB file, pieces of 64 kB leave it as it was.
NARROW_MIN_BYTES = 8 << 20
_READ_PIECE = 1 << 16
# Binary on Windows too, where ``os.open`` would otherwise translate line
# ends.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_BINARY", 0)


def lint_targets(targets: Iterable[Target], engine: Engine, jobs: int = 1,
                 cache: FindingsCache | None = None) -> RunResult:
    """Lint (path, display, config path) triples, in order.

    With ``jobs`` other than 1 (0: one worker per CPU), a big enough set
    goes to a process pool in runs of files, while the targets are still
    being found; the findings come back in the same order as from one
    process. With a ``cache``, files whose content and selected rules are
    unchanged since an earlier run get their findings from it (for big
    enough runs).
    """
    run = _Run(engine, worker_count(jobs), cache)
    try:
        for target in targets:
            run.add(target)
        return run.finish()
    finally:
        run.close()


def needs_pool(files: int, total_bytes: int, workers: int) -> bool:
    """Whether files to lint are many and big enough for a process pool."""
    return (workers > 1 and _CAN_FORK and files >= POOL_MIN_FILES
            and total_bytes >= POOL_MIN_BYTES)


class _Run:
    """One lint over many files, fed one target at a time.

    Files wait until the run is known to be big enough for the cache
    (``MIN_FILES`` or ``MIN_BYTES``) and for a pool (``needs_pool``); from
    then on a run of ``CHUNK_BYTES`` goes to each worker that is idle, so
    the workers lint while the folders are still walked.
    """

    def __init__(self, engine: Engine, workers: int,
                 cache: FindingsCache | None) -> None:
        self.engine = engine
        self.workers = workers
        self.cache = cache
        self.cache_decided = cache is None
        self.items: list[Target] = []
        self.sizes: list[int] = []
        self.results: list[list[Finding]] = []
        self.keys: dict[int, tuple[bytes, str]] = {}
        # Found, not yet looked up in the cache.
        self.unchecked: list[int] = []
        self.total_bytes = 0
        # To lint, before any pool exists.
        self.pending: list[int] = []
        self.pending_bytes = 0
        # Found, waiting for an idle worker.
        self.queued: deque[int] = deque()
        self.queued_bytes = 0
        # The queued bytes at which to look for idle workers next.
        self.next_look = CHUNK_BYTES
        self.pool: ForkPool[_Chunk, list[list[_FindingRow]]] | None = None
        # The runs sent to workers: their files' indexes, their tickets;
        # and by ticket, the runs whose findings are still to come.
        self.sent: list[tuple[list[int], int]] = []
        self.unanswered: dict[int, list[int]] = {}

    def add(self, target: Target) -> None:
        """Take one more file; lint it now or later."""
        index = len(self.items)
        self.items.append(target)
        self.sizes.append(_size(target[0]))
        self.total_bytes += self.sizes[-1]
        self.results.append([])
        if self.cache_decided:
            self._check_cache([index])
            return

        self.unchecked.append(index)
        if len(self.items) >= MIN_FILES or self.total_bytes >= MIN_BYTES:
            self.cache_decided = True
            self._check_cache(self.unchecked)
            self.unchecked = []

    def finish(self) -> RunResult:
        """Lint what is left, wait for the workers, save the cache."""
        if not self.cache_decided:
            # A run of a few small files: it lints faster than the cache loads.
            self.cache = None
            self._check_cache(self.unchecked)
        if self.pool is not None:
            self._feed_workers(all_found=True)
            while self.pool.busy:
                self.pool.poll(None)
                self._feed_workers(all_found=True)
        else:
            for index in self.pending:
                path, display, config_path = self.items[index]
                self.results[index] = lint_file(path, display, self.engine,
                                                config_path)
        if self.cache is not None:
            for index, key in self.keys.items():
                self.cache.put(*key, self.results[index])
            self.cache.save()
        return self._in_order()

    def _in_order(self) -> RunResult:
        """The findings file by file, the files in the order of their names.

        Each file's findings are sorted and carry its name, so that is the
        order ``sort_findings`` gives, unless two files share a name.
        """
        displays = [display for _, display, _ in self.items]
        order = sorted(range(len(displays)), key=displays.__getitem__)
        found = [finding for index in order for finding in self.results[index]]
        return RunResult(found, len(self.items),
                         in_order=len(set(displays)) == len(displays))

    def close(self) -> None:
        """Stop the workers, dropping any work not done (on an error)."""
        if self.pool is not None:
            self.pool.close()
            self.pool = None

    def _check_cache(self, indexes: list[int]) -> None:
        for index in indexes:
            if self.cache is None or not self._from_cache(index):
                self._to_lint(index)

    def _from_cache(self, index: int) -> bool:
        """Fill in a file's findings from the cache; False on a miss."""
        assert self.cache is not None
        path, display, config_path = self.items[index]
        try:
            with open(path, "rb") as handle:
                data = handle.read()
        except OSError:
            return False
        # The rules selected for the file, and its extensions: an .eml file
        # is read as a message, so the same bytes named .html lint apart.
        selected = self.engine.selected(config_path or display)
        selection = self.cache.selection_key(selected)
        kind = "".join(PurePosixPath(display).suffixes).lower()
        key = (content_key(data), f"{selection}|{kind}")
        found = self.cache.get(*key, display)
        if found is None:
            self.keys[index] = key
            return False
        self.results[index] = found
        return True

    def _to_lint(self, index: int) -> None:
        if self.pool is None:
            self.pending.append(index)
            self.pending_bytes += self.sizes[index]
            if needs_pool(len(self.pending), self.pending_bytes, self.workers):
                self._start_pool()
            return
        self.queued.append(index)
        self.queued_bytes += self.sizes[index]
        # Not at every file: a look at the workers is a system call.
        if self.queued_bytes >= self.next_look:
            self._feed_workers(all_found=False)
            self.next_look = (CHUNK_BYTES if self.queued_bytes < CHUNK_BYTES
                              else self.queued_bytes + CHUNK_BYTES // 8)

    def _start_pool(self) -> None:
        """Fork the workers and hand them the files found so far."""
        from linter.pool import ForkPool

        # Each worker is a fork of this process, with its engine.
        self.pool = ForkPool(partial(_lint_chunk, self.engine), self.workers)
        waiting, self.pending, self.pending_bytes = self.pending, [], 0
        for index in waiting:
            self._to_lint(index)

    def _feed_workers(self, all_found: bool) -> None:
        """Take in the answers that are ready; give each idle worker a run."""
        assert self.pool is not None
        self.pool.poll()
        # Findings are rebuilt as they come, while the workers still work,
        # rather than all 19,179 of the 50 MB set after the last answer.
        for ticket, answer in self.pool.answers().items():
            for index, rows in zip(self.unanswered.pop(ticket), answer):
                self.results[index] = [record(Finding, row) for row in rows]
        while self.queued and self.pool.idle:
            if all_found:
                share = self.queued_bytes // (2 * self.workers)
                goal = max(SMALLEST_CHUNK_BYTES, min(CHUNK_BYTES, share))
            elif self.queued_bytes >= CHUNK_BYTES:
                goal = CHUNK_BYTES
            else:
                return
            self._send_chunk(goal)

    def _send_chunk(self, goal: int) -> None:
        """Send the next queued files, about ``goal`` bytes, to a worker."""
        assert self.pool is not None
        indexes: list[int] = []
        size = 0
        while self.queued and (not indexes or size < goal):
            index = self.queued.popleft()
            indexes.append(index)
            size += self.sizes[index]
        self.queued_bytes -= size
        # Paths go as strings: a Path is parsed again when unpickled.
        chunk = [(os.fspath(path), display, config_path)
                 for path, display, config_path in map(self.items.__getitem__,
                                                       indexes)]
        ticket = self.pool.submit(chunk)
        self.sent.append((indexes, ticket))
        self.unanswered[ticket] = indexes


def worker_count(jobs: int) -> int:
    """Workers for ``-j N``: N, or for 0 the CPUs this process may use."""
    if jobs > 0:
        return jobs
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _size(path: "str | os.PathLike[str]") -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


def _lint_chunk(engine: Engine, chunk: _Chunk) -> list[list[_FindingRow]]:
    """A worker's run of files: each file's findings, as plain tuples."""
    return [
        [tuple(finding) for finding in lint_file(path, display, engine,
                                                 config_path)]
        for path, display, config_path in chunk
    ]
