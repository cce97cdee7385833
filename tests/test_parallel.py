"""Two renders at once: the same results as one after the other, and the same errors."""

from __future__ import annotations

import os

import pytest

from agreement_builder.core import parallel
from agreement_builder.core.errors import RenderError


def test_the_side_render_runs_in_another_process_and_comes_back():
    here = os.getpid()
    first, second = parallel.beside(lambda: b"main", lambda: str(os.getpid()).encode())
    assert first == b"main"
    assert int(second) != here, "the side render ran in a child"


def test_a_failing_side_render_raises_its_own_error_here():
    calls = []

    def side() -> bytes:
        calls.append(os.getpid())
        raise RenderError("DOCX rendering failed: broken")

    with pytest.raises(RenderError, match="broken"):
        parallel.beside(lambda: b"main", side)
    assert calls == [os.getpid()], "the child's failure is not reported from the child: it runs again here"


def test_a_failing_main_render_stops_the_child(tmp_path):
    marker = tmp_path / "child-finished"

    def slow_side() -> bytes:
        import time

        time.sleep(3)
        marker.write_text("done")
        return b""

    with pytest.raises(RenderError):
        parallel.beside(lambda: (_ for _ in ()).throw(RenderError("PDF failed")), slow_side)
    assert not marker.exists()


def test_serial_when_asked(monkeypatch):
    monkeypatch.setenv(parallel.SERIAL_ENV, "1")
    here = os.getpid()
    _, second = parallel.beside(lambda: b"", lambda: str(os.getpid()).encode())
    assert int(second) == here


def _in_pool_worker() -> tuple[int, int]:
    here = os.getpid()
    _, second = parallel.beside(lambda: b"", lambda: str(os.getpid()).encode())
    return here, int(second)


def test_inside_a_pool_worker_it_stays_in_that_worker():
    """A library user building from a multiprocessing pool: daemonic workers may not fork children."""
    import multiprocessing

    with multiprocessing.get_context("fork").Pool(1) as pool:
        here, side = pool.apply(_in_pool_worker)
    assert here == side


def test_work_apart_runs_in_a_child_and_its_result_comes_back():
    here = os.getpid()
    pid, data = parallel.apart(lambda: (os.getpid(), b"x" * 3_000_000))
    assert pid != here, "the work ran in a child"
    assert data == b"x" * 3_000_000


def test_failing_work_apart_raises_its_own_error_here():
    calls = []

    def work() -> bytes:
        calls.append(os.getpid())
        raise RenderError("PDF rendering failed: broken")

    with pytest.raises(RenderError, match="broken"):
        parallel.apart(work)
    assert calls == [os.getpid()], "the child's failure is reported from here, by running the work again"


def test_work_apart_stays_here_when_asked_to_be_serial(monkeypatch):
    monkeypatch.setenv(parallel.SERIAL_ENV, "1")
    assert parallel.apart(os.getpid) == os.getpid()


def test_once_the_cores_are_taken_the_side_render_stays_here(monkeypatch):
    """A batch worker with the other cores busy renders both formats itself."""
    monkeypatch.setattr(parallel, "_cores_taken", False)
    parallel.cores_taken()
    here = os.getpid()
    _, second = parallel.beside(lambda: b"", lambda: str(os.getpid()).encode())
    assert int(second) == here
    assert parallel.apart(lambda: os.getpid()) != here, "memory is still given back by a child"
