"""The forked worker pool: answers, failures and clean ends.

Every test forks real processes and talks to them through real pipes.
A test that would hang on a leaked pipe end (a worker that never sees the
end of its tasks) is cut short by an alarm and fails.
"""

from __future__ import annotations

import gc
import os
import signal
import time
from collections.abc import Iterator
from types import FrameType

import pytest

from linter.pool import ForkPool, WorkerError

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")


def _timed_out(number: int, frame: FrameType | None) -> None:
    raise TimeoutError("the pool hung")


@pytest.fixture(autouse=True)
def alarm() -> Iterator[None]:
    """Fail, rather than hang, a test whose pool never ends."""
    previous = signal.signal(signal.SIGALRM, _timed_out)
    signal.alarm(20)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def _square_with_pid(number: int) -> tuple[int, int]:
    return number * number, os.getpid()


def _reversed_text(text: str) -> str:
    return text[::-1]


def _fail_on_seven(number: int) -> int:
    if number == 7:
        raise ValueError("seven is not welcome")
    return number


def _pid(_: object) -> int:
    return os.getpid()


def _sleep_then_pid(seconds: float) -> int:
    time.sleep(seconds)
    return os.getpid()


def _reaped(pids: set[int]) -> bool:
    """Whether none of these processes is left, not even as a zombie."""
    for pid in pids:
        try:
            os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            continue
        return False
    return True


def test_every_task_answered_by_ticket_in_other_processes() -> None:
    pool: ForkPool[int, tuple[int, int]] = ForkPool(_square_with_pid, 3)
    try:
        tickets = [pool.submit(number) for number in range(40)]
        answers = pool.wait()
    finally:
        pool.close()

    assert sorted(answers) == tickets
    assert [answers[ticket][0] for ticket in tickets] == [
        number * number for number in range(40)]
    workers = {pid for _, pid in answers.values()}
    assert os.getpid() not in workers
    assert 1 <= len(workers) <= 3
    assert _reaped(workers)


def test_answers_bigger_than_a_pipe_holds() -> None:
    # A pipe buffers 64 kB on Linux: both ways, these are megabytes.
    texts = [chr(ord("a") + number) * (1 << 20) + "end" for number in range(4)]
    pool: ForkPool[str, str] = ForkPool(_reversed_text, 2)
    try:
        tickets = [pool.submit(text) for text in texts]
        answers = pool.wait()
    finally:
        pool.close()

    assert [answers[ticket] for ticket in tickets] == [
        text[::-1] for text in texts]


def test_poll_takes_in_answers_without_waiting_for_all() -> None:
    pool: ForkPool[float, int] = ForkPool(_sleep_then_pid, 2)
    try:
        quick = pool.submit(0.0)
        slow = pool.submit(5.0)
        deadline = time.monotonic() + 4
        while quick not in pool._answers and time.monotonic() < deadline:
            pool.poll(0.05)
        assert quick in pool._answers
        assert slow not in pool._answers
    finally:
        started = time.monotonic()
        pool.close()
    # The busy worker is stopped, not waited for.
    assert time.monotonic() - started < 2


def test_a_task_that_raises_is_an_error_naming_it() -> None:
    pool: ForkPool[int, int] = ForkPool(_fail_on_seven, 2)
    try:
        for number in range(10):
            pool.submit(number)
        with pytest.raises(WorkerError) as raised:
            pool.wait()
    finally:
        pool.close()

    # One line for the user; the worker's traceback for -v.
    assert str(raised.value) == "ValueError: seven is not welcome"
    assert any("in _fail_on_seven" in note for note in raised.value.__notes__)


def test_a_worker_that_dies_is_an_error() -> None:
    pool: ForkPool[float, int] = ForkPool(_sleep_then_pid, 1)
    try:
        pool.submit(10.0)
        os.kill(pool._workers[0].pid, signal.SIGKILL)
        with pytest.raises(WorkerError, match="ended before it answered"):
            pool.wait()
    finally:
        pool.close()


def test_close_ends_idle_workers_and_frees_their_pipes() -> None:
    pool: ForkPool[object, int] = ForkPool(_pid, 3)
    pids = {worker.pid for worker in pool._workers}
    pipes = [pipe for worker in pool._workers
             for pipe in (worker.task_pipe, worker.answer_pipe)]
    pool.submit(None)
    pool.wait()

    pool.close()

    assert _reaped(pids)
    for pipe in pipes:
        with pytest.raises(OSError):
            os.fstat(pipe)
    pool.close()  # A second close has nothing left to do.


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="needs /proc")
def test_each_worker_holds_only_its_own_pipes() -> None:
    """Else a worker keeps another's task pipe open past the parent's close."""
    pool: ForkPool[object, int] = ForkPool(_pid, 3)
    try:
        # Three tasks, one to each idle worker: answered, each is past its
        # start.
        for _ in range(3):
            pool.submit(None)
        assert len(set(pool.wait().values())) == 3
        inodes = {worker.pid: {os.fstat(worker.task_pipe).st_ino,
                               os.fstat(worker.answer_pipe).st_ino}
                  for worker in pool._workers}
        for pid, own in inodes.items():
            held = {os.readlink(f"/proc/{pid}/fd/{fd}")
                    for fd in os.listdir(f"/proc/{pid}/fd")}
            pipes = {int(name[6:-1]) for name in held if name.startswith("pipe:[")}
            others = set().union(*(inodes[other] for other in inodes if other != pid))
            assert own <= pipes
            assert not pipes & others
    finally:
        pool.close()


def _frozen_in_worker(_: object) -> int:
    return gc.get_freeze_count()


def test_workers_keep_the_heap_frozen_the_parent_does_not() -> None:
    pool: ForkPool[object, int] = ForkPool(_frozen_in_worker, 1)
    try:
        assert gc.get_freeze_count() == 0
        pool.submit(None)
        [frozen] = pool.wait().values()
    finally:
        pool.close()
    assert frozen > 0
