"""Run one function in a forked child while this process does other work.

Site intelligence has independent steps of about a second each (keyphrase
suggestions beside near-duplicate alignment; the scorecards' intelligence cards
beside intel.json), and by then the scan's analysis pool is gone: on a 2-core
machine the second core sits idle. A forked child shares the parent's memory, so the
inputs are not copied or pickled; only the result comes back, pickled, through a pipe.

Fork is used only where it is safe and cheap: Linux (macOS system libraries are not
fork-safe once loaded, which is why Python spawns there by default; Windows has no
fork), and no other thread running in this process (forking a threaded process can
deadlock the child on a lock another thread held). Otherwise, or when the child cannot be started, dies
without a result or cannot pickle it, the function runs here instead: the result is
the same, only later (so a function given to ``start`` must be safe to run twice:
ours compute, or rewrite the same files). An exception raised by the function in the
child is raised again here.
"""

from __future__ import annotations

import os
import pickle
import sys
import threading
from typing import Any, Callable


_UNSET = object()


class Pending:
    """A call started by ``start``; ``result()`` waits for it and returns its value."""

    def __init__(self, fn: Callable[..., Any], args: tuple, pid: int | None, read_fd: int | None):
        self._fn, self._args, self._pid, self._fd = fn, args, pid, read_fd
        self.forked = pid is not None  # did a child take the call?
        self._value: Any = _UNSET

    def result(self) -> Any:
        if self._value is _UNSET:
            self._value = self._wait()
        return self._value

    def _wait(self) -> Any:
        if self._pid is None:
            return self._fn(*self._args)
        chunks = []
        with os.fdopen(self._fd, "rb") as pipe:  # read to the end first: a full pipe would block the child
            while chunk := pipe.read(1 << 20):
                chunks.append(chunk)
        os.waitpid(self._pid, 0)
        self._pid = None
        try:
            ok, value = pickle.loads(b"".join(chunks))
        except Exception:  # noqa: BLE001 - the child died before answering: do the work here
            return self._fn(*self._args)
        if not ok:
            raise value
        return value


def can_fork() -> bool:
    return sys.platform.startswith("linux") and hasattr(os, "fork") and threading.active_count() == 1


def start(fn: Callable[..., Any], *args: Any) -> Pending:
    """Start ``fn(*args)`` in a forked child when that is safe (see the module doc)."""
    if not can_fork():
        return Pending(fn, args, None, None)
    read_fd, write_fd = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(read_fd)
        os.close(write_fd)
        return Pending(fn, args, None, None)
    if pid == 0:  # the child: compute, answer, leave without running the parent's exit handlers
        status = 0
        try:
            os.close(read_fd)
            try:
                answer = (True, fn(*args))
            except BaseException as exc:  # noqa: BLE001 - delivered to the parent
                answer = (False, exc)
            # an unpicklable result or exception raises here: no answer, the parent calls fn itself
            data = pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(write_fd, "wb") as pipe:
                pipe.write(data)
        except BaseException:  # noqa: BLE001 - no answer: the parent runs the call itself
            status = 1
        finally:
            os._exit(status)
    os.close(write_fd)
    return Pending(fn, args, pid, read_fd)
