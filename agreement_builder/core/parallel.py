"""Work in forked children: two renders at once, or one render whose memory is given back.

``beside`` runs two renders at once: one in this process, one in a forked child.

A build writes the PDF and the DOCX of the same model; one after the other they take the
sum of both, side by side on two cores about the longer one. The child is forked, so it
starts with the model already in memory (nothing is pickled but the finished bytes), and it
writes nothing: it hands its bytes back through a pipe and the parent writes every output,
all or nothing, as before. Where fork is unavailable, or the child fails in any way, the
side render runs here instead, so errors surface exactly as they would without the child.

``apart`` runs one piece of work in a forked child and waits for its result. Python keeps
the memory a big layout took (freed objects leave their arenas fragmented, and WeasyPrint's
boxes need a full garbage collection); a child that exits gives all of it back at once.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import sys
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

T = TypeVar("T")

# Set to 1 to render everything in one process (debugging, profiling).
SERIAL_ENV = "AGREEMENT_BUILDER_SERIAL"


def _may_fork() -> bool:
    """Fork where it is allowed: Linux, not asked to stay serial, and not inside a daemonic
    worker (a multiprocessing pool's workers may not have children)."""
    return (
        sys.platform.startswith("linux")
        and os.environ.get(SERIAL_ENV) != "1"
        and not multiprocessing.current_process().daemon
    )


_cores_taken = False  # True in a batch's workers when every core has a worker of its own


def cores_taken() -> None:
    """Say that this process is one of a batch's workers and the other cores each have one too.

    A render forked beside (the DOCX beside the PDF) would then only share a core with
    another worker's build, and the fork, its copied pages and its pipe cost CPU that the
    batch as a whole pays: six agreements with -j 2 on two cores took 12.4 s of CPU and
    went 1.72 times as fast as one process; with each worker rendering its two formats
    one after the other, 11.5 s and 1.85 times. Memory is still given back through
    :func:`apart`.
    """
    global _cores_taken
    _cores_taken = True


def _can_fork() -> bool:
    """Fork for a second core's sake: where fork is allowed, there is a second core, and it is not taken."""
    return _may_fork() and not _cores_taken and (os.cpu_count() or 1) > 1


def _child(send: Any, side: Callable[[], Any]) -> None:
    try:
        send.send(("ok", side()))
    except BaseException:  # any failure: the parent renders again and reports it
        send.send(("failed", b""))
    finally:
        send.close()


@contextlib.contextmanager
def _forked(work: Callable[[], Any]) -> Iterator[Callable[[], tuple[str, Any]]]:
    """A forked child computing ``work()``; gives a function that waits for ``(status, result)``.

    Leaving the block without having waited (this process failed or was interrupted) kills
    the child: its work is not wanted.
    """
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(send, work), daemon=True)
    child.start()
    send.close()
    waited = False

    def result() -> tuple[str, Any]:
        nonlocal waited
        try:
            status, value = receive.recv()
        except EOFError:  # the child died without a word
            status, value = "failed", None
        waited = True
        return status, value

    try:
        yield result
    finally:
        if not waited:
            child.kill()
        child.join()
        receive.close()


def beside(main: Callable[[], bytes], side: Callable[[], bytes]) -> tuple[bytes, bytes]:
    """(main(), side()), with ``side`` computed in a forked child while ``main`` runs here."""
    if not _can_fork():
        return main(), side()
    with _forked(side) as result:
        first = main()
        status, second = result()
    return first, second if status == "ok" else side()


def apart(work: Callable[[], T]) -> T:
    """``work()``, computed in a forked child that exits afterwards; its result must pickle.

    Where fork is not allowed, or the child fails in any way, ``work()`` runs here instead,
    so its errors surface exactly as they would without the child.
    """
    if not _may_fork():
        return work()
    with _forked(work) as result:
        status, value = result()
    return value if status == "ok" else work()
