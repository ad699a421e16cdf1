"""Safe fixes: the rules' edits applied to a file's bytes, or shown as a diff.

A fixable rule attaches an ``Edit`` (offsets into the decoded text) to its
finding; this module turns the edits of one file into new bytes and
promises, for every file it touches:

- byte for byte, only the edited spans change. The output is assembled
  from the original bytes; each unchanged slice is re-encoded only to
  check that it matches the original, and any mismatch (a stateful codec,
  a replacement character) leaves the file alone. The BOM, the encoding,
  the line endings and the file mode stay as they were.
- edits that overlap, or an insertion that touches another edit, are
  resolved the same way every run: sorted by (start, end, rule code), the
  first one wins and the others wait for the next pass. The file is linted
  again after each pass, until no edit is left (at most ``MAX_PASSES``),
  so a second run changes nothing.
- the markup keeps its shape: a pass that would add or remove a tag, a
  comment or a link, or alter a template token no edit touches, is undone
  and its edits are tried one at a time; an edit that still breaks the
  shape is left for a person, with a note.
- a write is atomic: a temporary file in the same folder, then a rename.
- ``.eml`` messages and files that do not decode (EL902) are never
  rewritten; a note on stderr says so.

``--diff`` writes nothing and prints a unified diff that ``git apply`` and
``patch -p1`` accept, made of the files' own bytes.
"""

from __future__ import annotations

import difflib
import os
import stat
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Iterable, Sequence

from linter.dialects import TokenIndex
from linter.engine import Engine
from linter.extract import build_links
from linter.files import documents_from_bytes, file_finding
from linter.findings import Finding, sort_findings
from linter.links import TemplateToken
from linter.log import logger
from linter.rules.base import Edit
from linter.scan import scan
from linter.source import Document, decode, detect_encoding

log = logger()

# Fixes that enable other fixes settle in two or three passes; the bound
# only stops a rule whose fix keeps producing new fixes.
MAX_PASSES = 10


class UnsafeFix(Exception):
    """The file cannot be rebuilt byte for byte; it is left as it is."""


@dataclass(frozen=True, slots=True)
class Proposal:
    """An edit and the finding whose rule proposed it."""

    finding: Finding
    edit: Edit

    def order(self) -> tuple[int, int, str, str]:
        """The deterministic order in which overlapping edits are decided."""
        return (self.edit.start, self.edit.end, self.finding.code,
                self.edit.replacement)


@dataclass
class FileFix:
    """What fixing one file's bytes gives.

    ``findings_before`` are the file's findings as it stands; ``remaining``
    those of the fixed bytes (the same list when nothing changed).
    ``passes`` holds the edits of each pass, in offsets of the text that
    pass started from, so a test can replay the fix step by step.
    """

    display: str
    original: bytes
    fixed: bytes
    encoding: str
    findings_before: list[Finding]
    remaining: list[Finding]
    passes: list[list[Edit]] = field(default_factory=list)

    @property
    def applied(self) -> int:
        """How many edits were applied, over all passes."""
        return sum(len(edits) for edits in self.passes)

    @property
    def changed(self) -> bool:
        """Whether the fixes changed any byte."""
        return self.fixed != self.original


@dataclass
class FixRun:
    """The outcome of ``--fix`` or ``--diff`` over many files.

    ``findings`` are what is left to report: after the fixes for ``--fix``,
    as the files stand for ``--diff`` (which changes nothing).
    """

    findings: list[Finding] = field(default_factory=list)
    files_checked: int = 0
    files_changed: int = 0
    fixes_applied: int = 0


# -- choosing edits -------------------------------------------------------


def conflicts(first: Edit, second: Edit) -> bool:
    """Whether two edits cannot both be applied in one pass.

    Overlapping spans conflict. An insertion conflicts with any edit it
    touches, even at an end: whether it goes before or after the other
    change is a guess (``https://`` before a value that another rule wraps
    in quotes would land outside them). Spans that only meet do not.
    """
    if first.start == first.end or second.start == second.end:
        return first.start <= second.end and second.start <= first.end
    return first.start < second.end and second.start < first.end


def choose_edits(proposals: Iterable[Proposal]) -> list[Proposal]:
    """A non-conflicting subset in source order; the same choice every run.

    Proposals are sorted by (start, end, rule code, replacement) and one
    that conflicts with a chosen one waits for the next pass, where it is
    proposed again against the fixed text if it still applies.
    """
    chosen: list[Proposal] = []
    for proposal in sorted(proposals, key=Proposal.order):
        # Chosen edits are sorted and disjoint, so a new one can only
        # conflict with the last of them.
        if chosen and conflicts(chosen[-1].edit, proposal.edit):
            continue
        chosen.append(proposal)
    return chosen


def apply_to_text(text: str, edits: Sequence[Edit]) -> str:
    """``text`` with sorted, non-conflicting edits applied."""
    pieces = []
    cursor = 0
    for edit in edits:
        pieces.append(text[cursor:edit.start])
        pieces.append(edit.replacement)
        cursor = edit.end
    pieces.append(text[cursor:])
    return "".join(pieces)


# -- bytes ----------------------------------------------------------------


def rebuild_bytes(data: bytes, text: str, encoding: str, bom_length: int,
                  edits: Sequence[Edit]) -> bytes:
    """The file's bytes with sorted, non-conflicting edits applied.

    ``text`` is ``data`` decoded. Each slice of text between edits is
    encoded to find how many original bytes it covers and to prove they
    are the same bytes; the original bytes are what is written. Raises
    UnsafeFix when the text does not map back onto the bytes exactly.
    """
    output = [data[:bom_length]]
    position = bom_length
    cursor = 0
    for edit in edits:
        position = _copy_verified(text[cursor:edit.start], data, position,
                                  encoding, output)
        position = _skip_verified(text[edit.start:edit.end], data, position,
                                  encoding)
        output.append(_encode(edit.replacement, encoding))
        cursor = edit.end
    position = _copy_verified(text[cursor:], data, position, encoding, output)

    if position != len(data):
        raise UnsafeFix("the decoded text does not cover the whole file")
    return b"".join(output)


def _encode(text: str, encoding: str) -> bytes:
    try:
        return text.encode(encoding)
    except UnicodeEncodeError as error:
        raise UnsafeFix(f"{error.object[error.start:error.end]!r} cannot be "
                        f"written in {encoding}") from None


def _skip_verified(text: str, data: bytes, position: int, encoding: str) -> int:
    """The byte position after ``text``, checked against ``data``."""
    encoded = _encode(text, encoding)
    end = position + len(encoded)
    if data[position:end] != encoded:
        raise UnsafeFix(f"the text does not re-encode to the same bytes "
                        f"at byte {position}")
    return end


def _copy_verified(text: str, data: bytes, position: int, encoding: str,
                   output: list[bytes]) -> int:
    """Append the original bytes of ``text`` to ``output``; the new position."""
    end = _skip_verified(text, data, position, encoding)
    output.append(data[position:end])
    return end


# -- the shape guard ------------------------------------------------------


@dataclass(frozen=True)
class _Shape:
    """What a fix must never change: the tags, comments and links."""

    start_tags: tuple[str, ...]
    end_tags: tuple[str, ...]
    comments: int
    links: int


def _markup(text: str, engine: Engine) -> tuple[_Shape, list[TemplateToken]]:
    """The shape of the markup in ``text``, and its template tokens."""
    tokens = engine.dialects.find_tokens(text)
    index = TokenIndex(tokens)
    scanned = scan(text, index)
    links = build_links(text, scanned, index)
    shape = _Shape(
        start_tags=tuple(tag.name for tag in scanned.start_tags),
        end_tags=tuple(tag.name for tag in scanned.end_tags),
        comments=len(scanned.comments),
        links=len(links),
    )
    return shape, tokens


def _shift(position: int, edits: Sequence[Edit]) -> int:
    """Where an offset outside every edit moves once the edits are applied."""
    moved = position
    for edit in edits:
        if edit.end > position:
            break
        moved += len(edit.replacement) - (edit.end - edit.start)
    return moved


def _keeps_shape(text: str, new_text: str, edits: Sequence[Edit],
                 engine: Engine) -> bool:
    """Whether ``new_text`` has the markup of ``text`` and its untouched tokens.

    A token no edit touches must still be there, unchanged, where the
    edits moved it: an edit that opens ``{{`` would otherwise swallow the
    text up to a later ``}}``.
    """
    old_shape, old_tokens = _markup(text, engine)
    new_shape, new_tokens = _markup(new_text, engine)
    if old_shape != new_shape:
        return False

    present = {(token.start, token.text) for token in new_tokens}
    for token in old_tokens:
        # An edit that only meets a token leaves it whole.
        touched = any(edit.start < token.end and token.start < edit.end
                      for edit in edits)
        if not touched and (_shift(token.start, edits), token.text) not in present:
            return False
    return True


# -- one file -------------------------------------------------------------


@dataclass
class _Pass:
    """The edits one pass applies, and those it had to leave."""

    applied: list[Proposal]
    refused: list[tuple[Proposal, str]]


def _guarded(text: str, proposals: list[Proposal], encoding: str,
             engine: Engine) -> _Pass:
    """Keep the proposals whose edits are writable and keep the shape.

    All together first (the common case, one check); when that fails,
    one at a time from the end, so earlier offsets stay valid.
    """
    result = _Pass([], [])
    writable = []
    for proposal in proposals:
        try:
            _encode(proposal.edit.replacement, encoding)
        except UnsafeFix as problem:
            result.refused.append((proposal, str(problem)))
            continue
        writable.append(proposal)

    edits = [proposal.edit for proposal in writable]
    if _keeps_shape(text, apply_to_text(text, edits), edits, engine):
        result.applied = writable
        return result

    current = text
    for proposal in reversed(writable):
        trial = apply_to_text(current, [proposal.edit])
        if _keeps_shape(current, trial, [proposal.edit], engine):
            current = trial
            result.applied.insert(0, proposal)
        else:
            result.refused.append((proposal, "it would change the markup"))
    return result


_Refused = tuple[str, int, int, str]  # rule code, start, end, replacement


def _candidates(pairs: list[tuple[Finding, Edit | None]], text: str,
                refused: set[_Refused]) -> list[Proposal]:
    """The proposals worth applying: in range, not a no-op, not refused."""
    proposals = []
    for finding, edit in pairs:
        if edit is None or not 0 <= edit.start <= edit.end <= len(text):
            continue
        if text[edit.start:edit.end] == edit.replacement:
            continue
        if (finding.code, edit.start, edit.end, edit.replacement) in refused:
            continue
        proposals.append(Proposal(finding, edit))
    return proposals


def _move_refused(refused: set[_Refused], edits: Sequence[Edit]) -> set[_Refused]:
    """Refused edits at their offsets in the text after ``edits``."""
    moved = set()
    for code, start, end, replacement in refused:
        if any(conflicts(Edit(start, end, replacement), edit) for edit in edits):
            continue  # the text there changed: the rule may propose anew
        moved.add((code, _shift(start, edits), _shift(end, edits), replacement))
    return moved


class _Fixer:
    """The passes over one file, and what carries from one pass to the next."""

    def __init__(self, data: bytes, display: str, engine: Engine,
                 config_path: str | None) -> None:
        self.display = display
        self.engine = engine
        self.config_path = config_path
        self.encoding, self.bom_length = detect_encoding(data)
        self.current = data
        self.refused: set[_Refused] = set()
        self.passes: list[list[Edit]] = []

    def lint(self) -> tuple[str, bool, list[tuple[Finding, Edit | None]]]:
        """The current text, whether it decoded cleanly, and its findings."""
        text, error = decode(self.current)
        document = Document(path=self.display, text=text,
                            encoding=self.encoding, decode_error=error)
        pairs = self.engine.lint_document_with_edits(document, self.config_path)
        return text, error is None, pairs

    def candidates(self, text: str,
                   pairs: list[tuple[Finding, Edit | None]]) -> list[Proposal]:
        """The proposals of this pass."""
        return _candidates(pairs, text, self.refused)

    def apply(self, text: str, proposals: list[Proposal]) -> bool:
        """Apply one pass; False when the file cannot be fixed further."""
        step = _guarded(text, choose_edits(proposals), self.encoding, self.engine)
        for proposal, reason in step.refused:
            finding = proposal.finding
            log.warning("%s:%s:%s: %s not fixed: %s", self.display,
                        finding.line, finding.column, finding.code, reason)
        edits = [proposal.edit for proposal in step.applied]
        try:
            fixed = rebuild_bytes(self.current, text, self.encoding,
                                  self.bom_length, edits)
            if detect_encoding(fixed)[0] != self.encoding:
                raise UnsafeFix("the fixes would move the charset declaration")
        except UnsafeFix as problem:
            done = "not fixed" if not self.passes else "fixes stopped"
            log.warning("%s: %s: %s", self.display, done, problem)
            return False

        self.refused = _move_refused(self.refused, edits)
        self.refused |= {(p.finding.code, p.edit.start, p.edit.end,
                          p.edit.replacement) for p, _ in step.refused}
        self.current = fixed
        if edits:
            self.passes.append(edits)
        return True


def fix_bytes(data: bytes, display: str, engine: Engine,
              config_path: str | None = None) -> FileFix:
    """Apply every safe fix to one file's content; nothing is written.

    Lints, applies a non-conflicting set of edits, and lints again until
    no edit is left. ``.eml`` messages and undecodable files come back
    unchanged, with a note when they had something to fix.
    """
    if display.lower().endswith(".eml"):
        return _leave_message(data, display, engine, config_path)

    fixer = _Fixer(data, display, engine, config_path)
    text, decoded, pairs = fixer.lint()
    before = [finding for finding, _ in pairs]
    for number in range(MAX_PASSES + 1):
        proposals = fixer.candidates(text, pairs)
        if not proposals:
            break
        if not decoded:
            log.warning("%s: not fixed: it does not decode as %s (EL902); "
                        "fix the encoding first", display, fixer.encoding)
            break
        if number == MAX_PASSES:
            log.warning("%s: fixes did not settle after %d passes; some are "
                        "left", display, MAX_PASSES)
            break
        if not fixer.apply(text, proposals):
            break
        text, decoded, pairs = fixer.lint()

    remaining = [finding for finding, _ in pairs]
    return FileFix(display, data, fixer.current, fixer.encoding, before,
                   remaining, fixer.passes)


def _leave_message(data: bytes, display: str, engine: Engine,
                   config_path: str | None) -> FileFix:
    """An ``.eml`` is a sent message: report it, never rewrite it.

    Its parts are transfer-encoded (quoted-printable, base64), so an edit
    in a decoded part is not an edit of the file's bytes.
    """
    findings: list[Finding] = []
    fixable = 0
    for document in documents_from_bytes(data, display):
        for finding, edit in engine.lint_document_with_edits(document, config_path):
            findings.append(finding)
            fixable += edit is not None
    if fixable:
        log.warning("%s: not fixed: an .eml message is not rewritten; fix the "
                    "template it was rendered from", display)
    return FileFix(display, data, data, "", findings, findings)


# -- diff -----------------------------------------------------------------


def _lines(data: bytes) -> list[bytes]:
    """Lines as git counts them: ended by LF only, each keeping its end."""
    parts = data.split(b"\n")
    lines = [part + b"\n" for part in parts[:-1]]
    if parts[-1]:
        lines.append(parts[-1])
    return lines


def _ascii_compatible(encoding: str) -> bool:
    """Whether markup and line ends are single ASCII bytes in ``encoding``."""
    sample = '\n<a href="x">'
    try:
        return sample.encode(encoding) == sample.encode("ascii")
    except (LookupError, UnicodeEncodeError):
        return False


def render_diff(fix: FileFix) -> bytes:
    """A unified diff from the file to its fixed bytes, as ``git diff`` writes it.

    Lines are compared as bytes, so a windows-1252 or BOM file gets a
    patch that applies exactly. UTF-16 and UTF-32 are not line-oriented
    bytes: their diff shows the decoded text as UTF-8, for reading only.
    """
    old, new = fix.original, fix.fixed
    if not _ascii_compatible(fix.encoding):
        log.warning("%s: the diff of this %s file shows its text as UTF-8; "
                    "git apply cannot use it", fix.display, fix.encoding)
        old = decode(old)[0].encode("utf-8", "surrogatepass")
        new = decode(new)[0].encode("utf-8", "surrogatepass")

    name = fix.display.encode("utf-8", "surrogateescape")
    rows = difflib.diff_bytes(difflib.unified_diff, _lines(old), _lines(new),
                              b"a/" + name, b"b/" + name, lineterm=b"")
    output = []
    for number, row in enumerate(rows):
        if number < 2 or row.startswith(b"@@"):
            output.append(row + b"\n")
        elif row.endswith(b"\n"):
            output.append(row)
        else:
            output.append(row + b"\n\\ No newline at end of file\n")
    return b"".join(output)


# -- files ----------------------------------------------------------------


def write_atomically(path: Path, data: bytes) -> None:
    """Replace ``path``'s content by ``data``: all of it, or none of it.

    The temporary file is made in the same folder (a rename across file
    systems is not atomic) with the original's mode, flushed to disk, then
    renamed over the original. A symbolic link is followed, so the link
    stays a link. Raises OSError, and leaves no temporary file, on failure.
    """
    # TODO: a file with several hard links is detached from the others by the rename.
    target = Path(os.path.realpath(path))
    mode = stat.S_IMODE(target.stat().st_mode)
    handle, temporary = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.", suffix=".lint-email-tmp"
    )
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def fix_targets(targets: Iterable[tuple[Path, str, str]], engine: Engine, *,
                write: bool, diff_out: BinaryIO | None = None) -> FixRun:
    """Fix (path, display, config path) files; the entry point of the CLI.

    With ``write`` the fixed files are written in place; with ``diff_out``
    their diffs are written there. Findings left are returned for the
    report: after the fixes when written, as the files stand otherwise.
    """
    run = FixRun()
    for path, display, config_path in targets:
        run.files_checked += 1
        try:
            data = path.read_bytes()
        except OSError as error:
            run.findings.extend(_unreadable(display, config_path, error, engine))
            continue
        fix = fix_bytes(data, display, engine, config_path)
        _record(run, fix, path if write else None, diff_out)
    _summarise(run, write)
    run.findings = sort_findings(run.findings)
    return run


def fix_stdin(data: bytes, display: str, engine: Engine,
              diff_out: BinaryIO) -> FixRun:
    """``--diff`` for standard input: print its diff, write nothing."""
    run = FixRun(files_checked=1)
    _record(run, fix_bytes(data, display, engine), None, diff_out)
    _summarise(run, False)
    return run


def _record(run: FixRun, fix: FileFix, write_to: Path | None,
            diff_out: BinaryIO | None) -> None:
    """Write or print one file's fixes and add its findings to the run."""
    if not fix.changed:
        run.findings.extend(fix.findings_before)
        return
    if diff_out is not None:
        diff_out.write(render_diff(fix))
    if write_to is None:
        run.findings.extend(fix.findings_before)
    else:
        try:
            write_atomically(write_to, fix.fixed)
        except OSError as error:
            log.warning("%s: not fixed: cannot write it: %s", fix.display,
                        error.strerror or error.__class__.__name__)
            run.findings.extend(fix.findings_before)
            return
        log.info("%s: %d fix(es) applied", fix.display, fix.applied)
        run.findings.extend(fix.remaining)
    run.files_changed += 1
    run.fixes_applied += fix.applied


def _summarise(run: FixRun, write: bool) -> None:
    # Shown by default, as formatters say what they reformatted; -q hides it.
    verb = "fixed" if write else "would fix"
    if run.files_changed:
        log.warning("%s %d problem(s) in %d file(s)", verb, run.fixes_applied,
                    run.files_changed)


def _unreadable(display: str, config_path: str, error: OSError,
                engine: Engine) -> list[Finding]:
    """EL901 for a file that cannot be read, as a plain lint reports it."""
    if "EL901" not in engine.selected(config_path or display):
        return []
    reason = error.strerror or error.__class__.__name__
    return [file_finding(display, "EL901", f"cannot read file: {reason}", engine)]

