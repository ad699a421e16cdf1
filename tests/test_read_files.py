"""Reading a file into documents: every byte, whatever kind of file it is.

``linter.files`` reads a small file from its descriptor with as few
``os.read`` calls as it can; these tests hold it to what reading the file
with ``open(path, "rb").read()`` gives, for the files where one read is
not enough (a pipe, a file that grows or shrinks while it is read) and
for the files that cannot be read at all (EL901).
"""

import os
import threading
from pathlib import Path
from typing import Any, Callable

import pytest

import linter.files
from linter.config import Config
from linter.engine import Engine
from linter.files import _read_documents, lint_file


def _text(path: Path, display: str = "x.html") -> str:
    [document] = _read_documents(path, display)
    return document.text


def _markup(size: int) -> bytes:
    """Template-like bytes, every line distinct so a lost piece shows."""
    lines = [f'<p><a href="https://shop.example/{n}">item {n}</a></p>\n'
             for n in range(size // 40 + 1)]
    return "".join(lines).encode("utf-8")[:size]


@pytest.mark.parametrize("size", [1, 17_000, 300_000])
def test_a_regular_file_reads_as_read_bytes(tmp_path: Path, size: int) -> None:
    path = tmp_path / "t.html"
    path.write_bytes(_markup(size))

    assert _text(path).encode("utf-8") == path.read_bytes()


def test_an_empty_file_is_one_empty_document(tmp_path: Path) -> None:
    path = tmp_path / "empty.html"
    path.write_bytes(b"")

    [document] = _read_documents(path, "empty.html")

    assert document.text == ""
    assert document.decode_error is None


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes")
def test_a_pipe_is_read_to_its_end(tmp_path: Path) -> None:
    # More than a pipe's buffer (64 kB on Linux), written in pieces: the
    # reader sees size 0 and must go on reading until the writer closes.
    fifo = tmp_path / "pipe.html"
    os.mkfifo(fifo)
    data = _markup(200_000)

    def write() -> None:
        with open(fifo, "wb") as pipe:
            for start in range(0, len(data), 7_000):
                pipe.write(data[start:start + 7_000])
                pipe.flush()

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    text = _text(fifo)
    writer.join(timeout=10)

    assert not writer.is_alive()
    assert text.encode("utf-8") == data


def _fstat_off_by(change: int) -> Callable[[int], Any]:
    """An ``os.fstat`` that says the file is ``change`` bytes smaller."""
    real_fstat = os.fstat

    def fstat(descriptor: int) -> os.stat_result:
        status = list(real_fstat(descriptor))
        status[6] -= change  # st_size
        return os.stat_result(status)

    return fstat


@pytest.mark.parametrize("change", [1, 5_000, -1, -5_000])
def test_a_file_that_changed_size_after_fstat_is_read_whole(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: int) -> None:
    # Positive: the file grew after fstat; negative: it shrank.
    path = tmp_path / "t.html"
    path.write_bytes(_markup(20_000))
    monkeypatch.setattr(os, "fstat", _fstat_off_by(change))

    assert _text(path).encode("utf-8") == path.read_bytes()


def test_a_big_file_falls_back_from_narrowed_to_whole(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Mostly wide characters are not narrowed: the file is read again from
    # its start, through the same descriptor.
    path = tmp_path / "big.html"
    text = "<p>Отписаться от рассылки</p>\n" * 5_000
    path.write_text(text, encoding="utf-8")
    monkeypatch.setattr(linter.files, "NARROW_MIN_BYTES", 0)

    [document] = _read_documents(path, "big.html")

    assert document.wide is None
    assert document.text == text


def _message_from_open(path: Path) -> str:
    """The EL901 message for ``path`` as ``open(path, "rb")`` fails on it.

    ``open`` is how files were read before they were read by descriptor:
    the message must not change with the way of reading.
    """
    with pytest.raises(OSError) as caught:
        with open(path, "rb") as handle:
            handle.read()
    return f"cannot read file: {caught.value.strerror}"


def _el901(path: Path) -> list[str]:
    findings = lint_file(path, path.name, Engine(Config()))
    return [f"{finding.code} {finding.message}" for finding in findings]


def test_a_folder_is_el901_with_the_message_it_had(tmp_path: Path) -> None:
    folder = tmp_path / "templates.html"
    folder.mkdir()

    assert _el901(folder) == [f"EL901 {_message_from_open(folder)}"]
    if os.name == "posix":
        # What the reading by ``open`` gave, seen before the change.
        assert _el901(folder) == ["EL901 cannot read file: Is a directory"]


def test_a_missing_file_is_el901_with_the_message_it_had(tmp_path: Path) -> None:
    missing = tmp_path / "gone.html"

    assert _el901(missing) == [f"EL901 {_message_from_open(missing)}"]
    assert _el901(missing) == [
        "EL901 cannot read file: No such file or directory"
    ]


def test_an_unreadable_file_is_el901_with_the_message_it_had(
        tmp_path: Path) -> None:
    path = tmp_path / "locked.html"
    path.write_bytes(b"<p>hi</p>")
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("this user reads files without read permission (root)")

        assert _el901(path) == [f"EL901 {_message_from_open(path)}"]
    finally:
        path.chmod(0o600)


def test_the_descriptor_is_closed_after_each_read(tmp_path: Path) -> None:
    # A leaked descriptor per file would run out on a big folder.
    path = tmp_path / "t.html"
    path.write_bytes(b"<p>hi</p>")
    folder = tmp_path / "folder.html"
    folder.mkdir()
    open_before = len(os.listdir("/proc/self/fd")) if os.path.isdir(
        "/proc/self/fd") else None
    if open_before is None:
        pytest.skip("no /proc/self/fd to count descriptors")

    for _ in range(50):
        _read_documents(path, "t.html")
        lint_file(folder, "folder.html", Engine(Config()))

    assert len(os.listdir("/proc/self/fd")) == open_before
