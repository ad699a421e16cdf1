"""A pool of forked worker processes, each fed through its own pipes.

``concurrent.futures.ProcessPoolExecutor`` cost a big run about 30 ms
before its first worker started (importing multiprocessing, its queues
and their helpers) and kept two threads in the parent that took CPU time
from the workers on a two-CPU machine. Forking needs none of that: a
worker starts with every module imported and the run's engine built, and
reads runs of files from a pipe. The parent hands each task to a worker
that is idle, so a worker never holds more than one task: neither side can
block the other on a full pipe. Where ``os.fork`` does not exist
(Windows) there is no pool and a run lints in one process.
"""

import gc
import os
import pickle
import select
import signal
from collections import deque
from collections.abc import Callable
from typing import Generic, NamedTuple, TypeVar

Task = TypeVar("Task")
Answer = TypeVar("Answer")

# A message is its length in eight bytes, then a pickle; an answer's
# pickle follows one byte that says whether the task ran or raised.
_LENGTH_BYTES = 8
_RAN, _RAISED = b"+", b"!"


class WorkerError(RuntimeError):
    """A task raised in a worker, or a worker ended before answering."""


class _Worker(NamedTuple):
    pid: int
    # The parent writes tasks to one pipe and reads answers from the other.
    task_pipe: int
    answer_pipe: int


class ForkPool(Generic[Task, Answer]):
    """Run ``work`` on tasks in ``count`` forked processes.

    ``submit`` queues a task and returns its ticket; ``poll`` takes in the
    answers that are ready without waiting; ``wait`` returns every answer
    by ticket once all are in. Tasks and answers are pickled; ``work``
    itself is not, as each worker is a fork of the parent.
    """

    def __init__(self, work: Callable[[Task], Answer], count: int) -> None:
        self._work = work
        self._workers: list[_Worker] = []
        self._idle: list[_Worker] = []
        # A busy worker's answer pipe -> the worker and its task's ticket.
        self._busy: dict[int, tuple[_Worker, int]] = {}
        self._queue: deque[tuple[int, Task]] = deque()
        self._answers: dict[int, Answer] = {}
        self._tickets = 0
        # What the parent holds now is shared with the workers page by page
        # until written: frozen, no collection in a worker writes to it.
        # The parent thaws its own copy, or a process that runs many pools
        # (the library API) would never collect what it held before them.
        gc.freeze()
        try:
            for _ in range(count):
                worker = self._fork()
                self._workers.append(worker)
                self._idle.append(worker)
        finally:
            gc.unfreeze()

    @property
    def idle(self) -> int:
        """How many workers have no task and none is queued for them."""
        return max(0, len(self._idle) - len(self._queue))

    @property
    def busy(self) -> bool:
        """Whether any worker has a task not yet answered."""
        return bool(self._busy)

    def submit(self, task: Task) -> int:
        """Queue a task; an idle worker starts it at once."""
        ticket = self._tickets
        self._tickets += 1
        self._queue.append((ticket, task))
        self._dispatch()
        return ticket

    def poll(self, timeout: float | None = 0) -> None:
        """Take in the answers ready within ``timeout`` seconds (None: one)."""
        if not self._busy:
            return
        ready, _, _ = select.select(list(self._busy), [], [], timeout)
        for pipe in ready:
            worker, ticket = self._busy.pop(pipe)
            self._idle.append(worker)
            self._answers[ticket] = self._answer(pipe)
        self._dispatch()

    def wait(self) -> dict[int, Answer]:
        """Every answer not yet returned, by ticket, once all are in."""
        while self._busy or self._queue:
            self.poll(None)
        return self.answers()

    def answers(self) -> dict[int, Answer]:
        """The answers taken in and not yet returned, by ticket."""
        answers, self._answers = self._answers, {}
        return answers

    def close(self) -> None:
        """End the workers: idle ones at once, busy ones by SIGTERM."""
        for busy, _ in self._busy.values():
            _signal(busy.pid, signal.SIGTERM)
        for worker in self._workers:
            os.close(worker.task_pipe)
            os.close(worker.answer_pipe)
        for worker in self._workers:
            os.waitpid(worker.pid, 0)
        self._workers, self._idle, self._busy = [], [], {}
        self._queue.clear()

    def _dispatch(self) -> None:
        while self._idle and self._queue:
            worker = self._idle.pop()
            ticket, task = self._queue.popleft()
            _send(worker.task_pipe, pickle.dumps(task, pickle.HIGHEST_PROTOCOL))
            self._busy[worker.answer_pipe] = (worker, ticket)

    def _answer(self, pipe: int) -> Answer:
        message = _receive(pipe)
        if message is None:
            raise WorkerError("a worker process ended before it answered")
        body = memoryview(message)[1:]
        if message[:1] == _RAISED:
            raise _task_error(pickle.loads(body))
        answer: Answer = pickle.loads(body)
        return answer

    def _fork(self) -> _Worker:
        task_read, task_write = os.pipe()
        answer_read, answer_write = os.pipe()
        pid = os.fork()
        if pid == 0:
            # The child: only its own two pipe ends stay open, so that a
            # worker sees the end of its tasks when the parent closes them.
            code = 1
            try:
                os.close(task_write)
                os.close(answer_read)
                for other in self._workers:
                    os.close(other.task_pipe)
                    os.close(other.answer_pipe)
                self._serve(task_read, answer_write)
                code = 0
            finally:
                # Never back into the parent's code: no atexit handlers, no
                # second flush of the parent's buffered output.
                os._exit(code)
        os.close(task_read)
        os.close(answer_write)
        return _Worker(pid, task_write, answer_read)

    def _serve(self, task_pipe: int, answer_pipe: int) -> None:
        """A worker's life: run each task read, write back its answer."""
        while (message := _receive(task_pipe)) is not None:
            try:
                answer = _RAN + pickle.dumps(self._work(pickle.loads(message)),
                                             pickle.HIGHEST_PROTOCOL)
            except Exception:  # noqa: BLE001 - handed to the parent whole
                import traceback

                answer = _RAISED + pickle.dumps(traceback.format_exc())
            _send(answer_pipe, answer)


def _task_error(worker_traceback: str) -> WorkerError:
    """The error for a task that raised: its last line, the rest as a note
    (shown with the parent's traceback under ``-v``)."""
    error = WorkerError(worker_traceback.rstrip().rpartition("\n")[2])
    error.add_note(f"In the worker: {worker_traceback.rstrip()}")
    return error


def _signal(pid: int, number: int) -> None:
    try:
        os.kill(pid, number)
    except ProcessLookupError:
        pass


def _send(pipe: int, payload: bytes) -> None:
    """Write one message whole (a pipe takes a big one in pieces)."""
    view = memoryview(len(payload).to_bytes(_LENGTH_BYTES, "little") + payload)
    while view:
        view = view[os.write(pipe, view):]


def _receive(pipe: int) -> bytearray | None:
    """Read one message; None at the end of the pipe, between messages."""
    header = _read_exactly(pipe, _LENGTH_BYTES)
    if header is None:
        return None
    message = _read_exactly(pipe, int.from_bytes(header, "little"))
    if message is None:
        raise WorkerError("a pipe to a worker process ended mid-message")
    return message


def _read_exactly(pipe: int, size: int) -> bytearray | None:
    """``size`` bytes, or None if the pipe ends first."""
    buffer = bytearray(size)
    view = memoryview(buffer)
    while view:
        read = os.readv(pipe, [view])
        if read == 0:
            return None
        view = view[read:]
    return buffer
