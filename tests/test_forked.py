"""seoaudit.forked: a call run in a forked child gives what the call gives here."""

from __future__ import annotations

import os
import sys
import threading

import pytest

from seoaudit import forked

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forks on Linux only; elsewhere calls run inline")


@pytest.fixture
def fork_allowed(monkeypatch):
    """Other tests' HTTP servers may leave threads running in this process, which makes
    ``start`` run calls inline (the safe choice); these tests are about the fork itself."""
    monkeypatch.setattr(forked, "can_fork", lambda: True)


def whose_pid(tag: str) -> tuple[str, int]:
    return tag, os.getpid()


def test_the_call_runs_in_a_child_and_its_result_comes_back(fork_allowed):
    pending = forked.start(whose_pid, "x")
    assert pending.forked
    tag, pid = pending.result()
    assert tag == "x" and pid != os.getpid()


def test_a_result_larger_than_a_pipe_buffer_arrives_whole(fork_allowed):
    big = bytes(range(256)) * 40_000  # 10 MB: the parent must read while the child writes
    pending = forked.start(lambda: big)
    assert pending.forked and pending.result() == big


class Refused(ValueError):
    pass


def refuse(what: str):
    raise Refused(f"no {what}")


def test_an_exception_in_the_child_is_raised_here(fork_allowed):
    pending = forked.start(refuse, "cards")
    assert pending.forked
    with pytest.raises(Refused, match="no cards"):
        pending.result()


def test_a_child_that_dies_without_answering_is_replaced_by_a_call_here(fork_allowed):
    parent = os.getpid()

    def dies_in_a_child():
        if os.getpid() != parent:
            os._exit(3)
        return "done here"

    pending = forked.start(dies_in_a_child)
    assert pending.forked and pending.result() == "done here"


def test_an_unpicklable_result_is_computed_here_instead(fork_allowed):
    parent = os.getpid()

    def make():
        return (os.getpid() == parent, lambda: 1)  # a lambda cannot be pickled back from the child

    pending = forked.start(make)
    assert pending.forked
    here, fn = pending.result()
    assert here and fn() == 1


def test_no_fork_while_another_thread_runs():
    stop = threading.Event()
    t = threading.Thread(target=stop.wait)
    t.start()
    try:
        pending = forked.start(whose_pid, "y")
        assert not pending.forked
        assert pending.result() == ("y", os.getpid())
    finally:
        stop.set()
        t.join()


def test_side_effects_of_the_child_are_visible_here(tmp_path, fork_allowed):
    def write(path):
        path.write_text("card", encoding="utf-8")
        return 1

    pending = forked.start(write, tmp_path / "a.html")
    assert pending.forked and pending.result() == 1
    assert (tmp_path / "a.html").read_text(encoding="utf-8") == "card"


def test_result_is_kept_and_forked_says_who_ran_it(fork_allowed):
    pending = forked.start(whose_pid, "z")
    first = pending.result()
    assert pending.forked and pending.result() == first  # not computed again
