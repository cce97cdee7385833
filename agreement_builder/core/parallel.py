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

import multiprocessing
import os
import sys
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")

# Set to 1 to render everything in one process (debugging, profiling).
SERIAL_ENV = "AGREEMENT_BUILDER_SERIAL"


def _can_fork() -> bool:
    """Fork where it is cheap and allowed: Linux, two cores or more, not asked to stay serial, and
    not inside a daemonic worker (a multiprocessing pool's workers may not have children)."""
    return (
        sys.platform.startswith("linux")
        and os.environ.get(SERIAL_ENV) != "1"
        and (os.cpu_count() or 1) > 1
        and not multiprocessing.current_process().daemon
    )


def _child(send: Any, side: Callable[[], Any]) -> None:
    try:
        send.send(("ok", side()))
    except BaseException:  # any failure: the parent renders again and reports it
        send.send(("failed", b""))
    finally:
        send.close()


def beside(main: Callable[[], bytes], side: Callable[[], bytes]) -> tuple[bytes, bytes]:
    """(main(), side()), with ``side`` computed in a forked child while ``main`` runs here."""
    if not _can_fork():
        return main(), side()
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(send, side), daemon=True)
    child.start()
    send.close()
    finished = False
    try:
        first = main()
        finished = True
        try:
            status, second = receive.recv()
        except EOFError:  # the child died without a word
            status, second = "failed", b""
    finally:
        if not finished:  # main failed or was interrupted: the child's work is not wanted
            child.kill()
        child.join()
        receive.close()
    if status != "ok":
        second = side()
    return first, second


def _may_fork() -> bool:
    """Fork for memory's sake where fork is allowed: Linux, not asked to stay serial, not in a daemonic worker."""
    return (
        sys.platform.startswith("linux")
        and os.environ.get(SERIAL_ENV) != "1"
        and not multiprocessing.current_process().daemon
    )


def apart(work: Callable[[], T]) -> T:
    """``work()``, computed in a forked child that exits afterwards; its result must pickle.

    Where fork is not allowed, or the child fails in any way, ``work()`` runs here instead,
    so its errors surface exactly as they would without the child.
    """
    if not _may_fork():
        return work()
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(send, work), daemon=True)
    child.start()
    send.close()
    finished = False
    try:
        try:
            status, result = receive.recv()
        except EOFError:  # the child died without a word
            status, result = "failed", None
        finished = True
    finally:
        if not finished:  # interrupted while waiting: the child's work is not wanted
            child.kill()
        child.join()
        receive.close()
    return result if status == "ok" else work()
