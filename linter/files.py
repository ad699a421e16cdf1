"""Reading files into documents, and linting a set of files.

A file that cannot be read is EL901 and the run goes on; one that does not
decode is EL902 and is linted all the same. ``.eml`` messages become one
document per HTML part (``linter.eml``).
"""

import os
from pathlib import Path, PurePosixPath
from typing import Iterable, NamedTuple

from linter.cache import MIN_BYTES, MIN_FILES, FindingsCache, content_key
from linter.config import Config
from linter.engine import Engine
from linter.findings import Finding
from linter.rules import rules_by_code
from linter.source import Document, decode


class RunResult(NamedTuple):
    """What a lint over many files gives: findings and how many files."""

    findings: list[Finding]
    files_checked: int


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
    while documents:
        # Popped, so that each part's text is freed once it is linted.
        findings.extend(engine.lint_document(documents.pop(0), config_path))
    return findings


def lint_file(path: Path, display: str, engine: Engine,
              config_path: str | None = None) -> list[Finding]:
    """Read and lint one file; an unreadable one is an EL901 finding."""
    try:
        data = path.read_bytes()
    except OSError as error:
        reason = error.strerror or error.__class__.__name__
        if "EL901" not in engine.selected(config_path or display):
            return []
        return [file_finding(display, "EL901", f"cannot read file: {reason}", engine)]
    documents = documents_from_bytes(data, display)
    # The bytes go before linting starts: for a 60 MB file they would
    # otherwise sit in memory beside the decoded text the whole time.
    del data
    return _lint_documents(documents, engine, config_path)


Target = tuple[Path, str, str]

# A process pool pays for its start (forking, sending findings back) only
# over this much input, measured in benchmarks/: below it, one process
# finishes first.
POOL_MIN_BYTES = 2_000_000
POOL_MIN_FILES = 8
_CHUNKS_PER_WORKER = 4


def lint_targets(targets: Iterable[Target], engine: Engine, jobs: int = 1,
                 cache: FindingsCache | None = None) -> RunResult:
    """Lint (path, display, config path) triples, in order.

    With ``jobs`` other than 1 (0: one worker per CPU), a big enough set is
    split into runs of files of about equal size for a process pool; the
    findings come back in the same order as from one process. With a
    ``cache``, files whose content and selected rules are unchanged since
    an earlier run get their findings from it (for big enough runs).
    """
    items = list(targets)
    sizes = [_size(path) for path, _, _ in items]
    if cache is not None and len(items) < MIN_FILES and sum(sizes) < MIN_BYTES:
        cache = None
    results: list[list[Finding]] = [[] for _ in items]
    keys: dict[int, tuple[bytes, str]] = {}
    todo = (list(range(len(items))) if cache is None
            else _cache_misses(items, engine, cache, results, keys))

    pending = [items[index] for index in todo]
    workers = worker_count(jobs)
    chunks = (plan_chunks(pending, [sizes[index] for index in todo], workers)
              if workers > 1 else None)
    if chunks is not None:
        linted = _lint_in_pool(chunks, engine, workers)
    else:
        linted = [lint_file(path, display, engine, config_path)
                  for path, display, config_path in pending]
    for index, findings in zip(todo, linted):
        results[index] = findings
        if cache is not None and index in keys:
            cache.put(*keys[index], findings)
    if cache is not None:
        cache.save()
    return RunResult([finding for found in results for finding in found], len(items))


def _cache_misses(items: list[Target], engine: Engine, cache: FindingsCache,
                  results: list[list[Finding]],
                  keys: dict[int, tuple[bytes, str]]) -> list[int]:
    """Fill ``results`` from the cache; the indexes of the files to lint."""
    misses = []
    for index, (path, display, config_path) in enumerate(items):
        try:
            data = path.read_bytes()
        except OSError:
            misses.append(index)
            continue
        # The rules selected for the file, and its extensions: an .eml file
        # is read as a message, so the same bytes named .html lint apart.
        selection = cache.selection_key(engine.selected(config_path or display))
        kind = "".join(PurePosixPath(display).suffixes).lower()
        key = (content_key(data), f"{selection}|{kind}")
        found = cache.get(*key, display)
        if found is None:
            keys[index] = key
            misses.append(index)
        else:
            results[index] = found
    return misses


def worker_count(jobs: int) -> int:
    """Workers for ``-j N``: N, or for 0 the CPUs this process may use."""
    if jobs > 0:
        return jobs
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def plan_chunks(items: list[Target], sizes: list[int],
                workers: int) -> list[list[Target]] | None:
    """Runs of consecutive files, about equal in bytes; None when too small.

    Several runs per worker even out files of unequal cost; a run never
    reorders files, so joining the results keeps the serial order.
    """
    if len(items) < POOL_MIN_FILES:
        return None
    total = sum(sizes)
    if total < POOL_MIN_BYTES:
        return None
    wanted = min(len(items), workers * _CHUNKS_PER_WORKER)
    chunks: list[list[Target]] = [[]]
    filled = 0
    for item, size in zip(items, sizes):
        if chunks[-1] and filled >= total * len(chunks) / wanted:
            chunks.append([])
        chunks[-1].append(item)
        filled += size
    return chunks


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _lint_in_pool(chunks: list[list[Target]], engine: Engine,
                  workers: int) -> list[list[Finding]]:
    """Lint the runs in worker processes; each file's findings, in order.

    Workers are forked where the platform can: they start in a few
    milliseconds with every module already imported. Each builds its own
    engine from the config.
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    with ProcessPoolExecutor(
        max_workers=min(workers, len(chunks)), mp_context=context,
        initializer=_start_worker, initargs=(engine.config,),
    ) as pool:
        results = list(pool.map(_lint_chunk, chunks))
    return [findings for chunk in results for findings in chunk]


_worker_engine: Engine | None = None


def _start_worker(config: Config) -> None:
    global _worker_engine
    _worker_engine = Engine(config)


def _lint_chunk(chunk: list[Target]) -> list[list[Finding]]:
    assert _worker_engine is not None
    return [lint_file(path, display, _worker_engine, config_path)
            for path, display, config_path in chunk]
