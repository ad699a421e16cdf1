"""Time lint-email against a bare lxml parse and HTMLHint, on real templates.

Run it from the repository, with the interpreter lint-email is installed in:

    python benchmarks/run.py            # the full run (a few minutes)
    python benchmarks/run.py --quick    # a 10 MB set, fewer repetitions

It builds its data under ``benchmarks/data/`` (git ignores it) from the
``.html`` templates of ``../shared/corpus``: a set of copies of about
50 MB, one small file for start-up, and single files of 1, 10 and 60 MB
made by joining templates. Then it times, each several times (the median
is shown):

- lint-email with its default rules (``--isolated``: no config file);
- a bare lxml parse of the same files in one process: read, parse, and
  read the ``href`` of every ``<a>``, which is the least any link linter
  must do;
- HTMLHint with only its link rule (``href-abs-or-rel=abs``), when it is
  installed (``npm install --prefix benchmarks/node htmlhint``) or on PATH.

Python runs with its bytecode cache on (``__pycache__`` files written on
the warm-up run and read after), for lint-email and the lxml baseline
alike, as a pip-installed package has its ``.pyc`` files; start-up is also
timed with no bytecode cache at all, every module compiled from source.

Peak memory is measured two ways: the largest resident size of any one
process (``wait4``), and the sum over the process tree, sampled every few
milliseconds from ``/proc`` (a process pool has several processes).

It prints Markdown tables and writes them to ``benchmarks/results/``. No
test runs it: timings depend on the machine, so nothing asserts them.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
CORPUS = REPO.parent / "shared" / "corpus"
DATA = HERE / "data"
RESULTS = HERE / "results"
MB = 1_000_000

# Bytecode caching on, as in a normal install: whatever this shell says.
CACHED_ENV = {name: value for name, value in os.environ.items()
              if name not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX")}
# No bytecode cache at all: nothing written, and looked for in an empty
# folder, so every module (the standard library's too) compiles from source.
UNCACHED_ENV = {**CACHED_ENV, "PYTHONDONTWRITEBYTECODE": "1",
                "PYTHONPYCACHEPREFIX": tempfile.mkdtemp(prefix="no-pyc-")}

# The least a link linter does: parse every file, find every <a>, read its
# href. One parser, reused; bytes in, with the encoding given, as lxml
# reads email templates right.
BARE_LXML = """
import os, sys
from lxml import etree
parser = etree.HTMLParser(encoding="utf-8")
links = 0
for root, _, names in os.walk(sys.argv[1]):
    for name in names:
        if name.endswith(".html"):
            with open(os.path.join(root, name), "rb") as handle:
                data = handle.read()
            tree = etree.fromstring(data, parser) if data.strip() else None
            if tree is not None:
                links += sum(1 for a in tree.iter("a") if a.get("href") is not None)
print(links)
"""


@dataclass
class Timing:
    """Wall times of repeated runs, and the peak memory seen."""

    walls: list[float]
    max_process_kb: int
    max_tree_kb: int
    # CPU seconds (user + system) of the process itself, which other jobs
    # on a shared machine disturb less than the wall time.
    cpus: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.walls)


def corpus_templates() -> list[Path]:
    """The corpus's .html templates, in a stable order."""
    if not CORPUS.is_dir():
        sys.exit(f"benchmarks: no corpus at {CORPUS}")
    return sorted(p for p in CORPUS.rglob("*.html") if p.is_file())


def build_set(templates: list[Path], size: int) -> Path:
    """Copies of the templates, round after round, until ``size`` bytes."""
    target = DATA / f"set-{size // MB}mb"
    marker = target / ".complete"
    if marker.exists():
        return target
    shutil.rmtree(target, ignore_errors=True)
    total, round_number = 0, 0
    while total < size:
        folder = target / f"round{round_number:02d}"
        for template in templates:
            name = "__".join(template.relative_to(CORPUS).parts)
            destination = folder / name
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(template, destination)
            total += destination.stat().st_size
            if total >= size:
                break
        round_number += 1
    marker.write_text(f"{total}\n")
    return target


def build_joined(templates: list[Path], size: int) -> Path:
    """One file of about ``size`` bytes: whole templates, one after another."""
    target = DATA / f"joined-{size // MB}mb.html"
    if target.exists() and target.stat().st_size >= size:
        return target
    DATA.mkdir(parents=True, exist_ok=True)
    written = 0
    with target.open("wb") as out:
        while written < size:
            for template in templates:
                data = template.read_bytes()
                out.write(data + b"\n")
                written += len(data) + 1
                if written >= size:
                    break
    return target


def small_template(templates: list[Path]) -> Path:
    """A real template of a few kilobytes, as pre-commit hands one over."""
    sized = sorted((p.stat().st_size, p) for p in templates)
    for size, path in sized:
        if size >= 2000:
            target = DATA / "small.html"
            DATA.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
            return target
    return sized[-1][1]


def folder_bytes(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*.html"))


def _tree_rss_kb(pid: int) -> int:
    """Resident kilobytes of a process and all its descendants, now."""
    total, pending = 0, [pid]
    page_kb = os.sysconf("SC_PAGE_SIZE") // 1024
    while pending:
        current = pending.pop()
        try:
            with open(f"/proc/{current}/statm") as statm:
                total += int(statm.read().split()[1]) * page_kb
            with open(f"/proc/{current}/task/{current}/children") as children:
                pending.extend(int(child) for child in children.read().split())
        except (OSError, ValueError):
            continue
    return total


def run_once(command: list[str],
             env: dict[str, str] | None = None) -> tuple[float, int, int, float]:
    """Wall seconds, max single-process RSS and sampled tree RSS (KB), and
    the process's CPU seconds."""
    peak = [0]
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, cwd=REPO,
                               env=CACHED_ENV if env is None else env)
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], _tree_rss_kb(process.pid))
            done.wait(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    done.set()
    sampler.join()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 1):
        sys.exit(f"benchmarks: {' '.join(command)} exited {process.returncode}")
    return (wall, usage.ru_maxrss, max(peak[0], usage.ru_maxrss),
            usage.ru_utime + usage.ru_stime)


def measure(command: list[str], repeat: int,
            env: dict[str, str] | None = None) -> Timing:
    """Run a command ``repeat`` times after one warm-up run.

    The warm-up also writes the bytecode cache, when ``env`` has it on.
    """
    run_once(command, env)
    walls, processes, trees, cpus = [], [], [], []
    for _ in range(repeat):
        wall, process_kb, tree_kb, cpu = run_once(command, env)
        walls.append(wall)
        processes.append(process_kb)
        trees.append(tree_kb)
        cpus.append(cpu)
    return Timing(walls, max(processes), max(trees), cpus)


def lint_email(*extra: str) -> list[str]:
    return [sys.executable, "-m", "linter.cli", "--isolated", *extra]


def cache_flag() -> list[str]:
    """``--no-cache`` where this lint-email has a cache, so runs are cold."""
    help_text = subprocess.run(lint_email("--help"), capture_output=True,
                               text=True, cwd=REPO, env=CACHED_ENV).stdout
    return ["--no-cache"] if "--no-cache" in help_text else []


def htmlhint() -> list[str] | None:
    """The HTMLHint command, links rule only, or None if not installed."""
    local = HERE / "node" / "node_modules" / ".bin" / "htmlhint"
    found = str(local) if local.exists() else shutil.which("htmlhint")
    if found is None:
        return None
    return [found, "--rules", "href-abs-or-rel=abs", "--format", "compact"]


def count_links(path: Path) -> int:
    """The links lint-email reads in a file (for the per-link cost)."""
    code = (
        "import sys\n"
        "from linter.dialects import DialectTable, TokenIndex\n"
        "from linter.extract import build_links\n"
        "from linter.scan import scan_links\n"
        "from linter.source import decode\n"
        "text, _ = decode(open(sys.argv[1], 'rb').read())\n"
        "index = TokenIndex(DialectTable.build().find_tokens(text))\n"
        "print(len(build_links(text, scan_links(text, index), index)))\n"
    )
    output = subprocess.run([sys.executable, "-c", code, str(path)],
                            capture_output=True, text=True, cwd=REPO, check=True,
                            env=CACHED_ENV)
    return int(output.stdout)


def machine() -> list[str]:
    """What the figures were measured on."""
    lines = [f"- CPUs: {os.cpu_count()} ({_cpu_model()})",
             f"- Python {platform.python_version()} on {platform.system()} "
             f"{platform.release()}"]
    versions = subprocess.run(
        [sys.executable, "-c", "import lxml.etree as e; print(e.__version__, "
         "'.'.join(map(str, e.LIBXML_VERSION)))"],
        capture_output=True, text=True,
    ).stdout.split()
    if versions:
        lines.append(f"- lxml {versions[0]}, libxml2 {versions[1]}")
    hint = htmlhint()
    if hint:
        version = subprocess.run([hint[0], "--version"], capture_output=True,
                                 text=True).stdout.strip()
        node = subprocess.run(["node", "--version"], capture_output=True,
                              text=True).stdout.strip()
        lines.append(f"- HTMLHint {version} on Node {node}")
    return lines


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def _row(name: str, timing: Timing, size: int, baseline: Timing | None) -> str:
    ratio = f"{timing.median / baseline.median:.2f}" if baseline else "1.00"
    return (f"| {name} | {timing.median:.3f} | {min(timing.walls):.3f} | "
            f"{size / MB / timing.median:.1f} | {ratio} | "
            f"{timing.max_process_kb / 1024:.0f} | {timing.max_tree_kb / 1024:.0f} |")


TABLE_HEAD = [
    "| run | median s | best s | MB/s | × bare lxml | peak RSS MB (largest process) "
    "| peak RSS MB (all processes) |",
    "|---|---|---|---|---|---|---|",
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size-mb", type=int, default=50)
    # Eleven rounds: on a shared machine the median of five moved by more
    # than the margins the ratios are judged by.
    parser.add_argument("--repeat", type=int, default=11)
    parser.add_argument("--quick", action="store_true",
                        help="a 10 MB set, 3 repetitions, no 60 MB file")
    parser.add_argument("--only", choices=("startup", "set", "scaling"),
                        help="run one of the three tables")
    args = parser.parse_args(argv)
    size_mb = 10 if args.quick else args.size_mb
    repeat = 3 if args.quick else args.repeat
    scales = (1, 10) if args.quick else (1, 10, 60)

    templates = corpus_templates()
    data_set = build_set(templates, size_mb * MB)
    small = small_template(templates)
    set_bytes = folder_bytes(data_set)
    no_cache = cache_flag()
    report = ["## Machine", "", *machine(), ""]

    if args.only in (None, "startup"):
        report += _startup(small, max(repeat * 3, 10), no_cache)
    if args.only in (None, "set"):
        report += _whole_set(data_set, set_bytes, repeat, no_cache)
    if args.only in (None, "scaling"):
        report += _scaling(templates, scales, repeat, no_cache)
    text = "\n".join(report) + "\n"
    print(text)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "latest.md").write_text(text)
    return 0


def _startup(small: Path, repeat: int, no_cache: list[str]) -> list[str]:
    """One small file, as a pre-commit hook runs it: with bytecode cached
    (as installed) and compiled from source (a first run, or
    ``PYTHONDONTWRITEBYTECODE`` with no ``.pyc`` files)."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", "linter"],
                   cwd=REPO, env=CACHED_ENV, check=True,
                   stdout=subprocess.DEVNULL)
    commands = (("`python -c pass`", [sys.executable, "-c", "pass"]),
                ('`python -c "import lxml.etree"`',
                 [sys.executable, "-c", "import lxml.etree"]),
                ("lint-email on the file", lint_email(*no_cache, str(small))),
                ("lint-email --version", lint_email("--version")))
    lines = [f"## Start-up: one {small.stat().st_size / 1000:.1f} kB template", "",
             "| run | bytecode | median ms | best ms | × `import lxml.etree` "
             "| median CPU ms | CPU × `import lxml.etree` |",
             "|---|---|---|---|---|---|---|"]
    for label, env in (("cached", CACHED_ENV), ("none", UNCACHED_ENV)):
        timings = measure_interleaved(list(commands), repeat, env)
        lxml = timings[1][1]
        lxml_cpu = statistics.median(lxml.cpus)
        for name, timing in timings:
            cpu = statistics.median(timing.cpus)
            lines.append(f"| {name} | {label} | {timing.median * 1000:.0f} | "
                         f"{min(timing.walls) * 1000:.0f} | "
                         f"{timing.median / lxml.median:.2f} | "
                         f"{cpu * 1000:.0f} | {cpu / lxml_cpu:.2f} |")
    return lines + [""]


def _whole_set(data_set: Path, size: int, repeat: int,
               no_cache: list[str]) -> list[str]:
    files = sum(1 for _ in data_set.rglob("*.html"))
    commands = [
        ("bare lxml parse, 1 process", [sys.executable, "-c", BARE_LXML,
                                        str(data_set)]),
        ("lint-email (default: a worker per CPU)",
         lint_email(*no_cache, str(data_set))),
        ("lint-email -j 1", lint_email(*no_cache, "-j", "1", str(data_set))),
    ]
    if no_cache:
        # Its warm-up run fills the cache.
        commands.append(("lint-email, cache warm", lint_email(str(data_set))))
    hint = htmlhint()
    if hint is not None:
        commands.append(("HTMLHint, `href-abs-or-rel` only", [*hint, str(data_set)]))
    runs = measure_interleaved(commands, repeat)
    lxml = runs[0][1]
    lines = [f"## {size / MB:.1f} MB: {files} templates", "", *TABLE_HEAD]
    lines += [_row(name, timing, size, lxml) for name, timing in runs]
    return lines + [""]


def measure_interleaved(commands: list[tuple[str, list[str]]], repeat: int,
                        env: dict[str, str] | None = None
                        ) -> list[tuple[str, Timing]]:
    """Each command once per round, ``repeat`` rounds after a warm-up round.

    Taking turns spreads a shared machine's changing load over every
    command alike, so the ratios between them hold better than with one
    command's runs back to back.
    """
    for _, command in commands:
        run_once(command, env)
    samples: list[list[tuple[float, int, int, float]]] = [[] for _ in commands]
    for _ in range(repeat):
        for index, (_, command) in enumerate(commands):
            samples[index].append(run_once(command, env))
    return [
        (name, Timing([s[0] for s in runs], max(s[1] for s in runs),
                      max(s[2] for s in runs), [s[3] for s in runs]))
        for (name, _), runs in zip(commands, samples)
    ]


def _scaling(templates: list[Path], scales: tuple[int, ...], repeat: int,
             no_cache: list[str]) -> list[str]:
    """One file of 1, 10, 60 MB: the cost per MB and per link stays flat."""
    lines = ["## One big file", "",
             "| file | links | median s | MB/s | µs per link | "
             "peak RSS MB (all processes) |", "|---|---|---|---|---|---|"]
    for scale in scales:
        path = build_joined(templates, scale * MB)
        timing = measure(lint_email(*no_cache, str(path)), max(1, repeat // 2))
        links = count_links(path)
        size = path.stat().st_size
        lines.append(
            f"| {size / MB:.1f} MB | {links} | {timing.median:.2f} | "
            f"{size / MB / timing.median:.1f} | "
            f"{timing.median / max(links, 1) * 1e6:.0f} | "
            f"{timing.max_tree_kb / 1024:.0f} |"
        )
    return lines + [""]


if __name__ == "__main__":
    sys.exit(main())
