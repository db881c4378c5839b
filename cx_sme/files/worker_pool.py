"""The reading worker processes: untrusted files are parsed there, with a memory and a
time limit (:mod:`cx_sme.files.isolation` hands a file over).

The cheap checks of :mod:`cx_sme.files.safety` run first, in this process. The parsers
themselves (calamine, fastexcel, pyarrow) are native code: a file that makes one of them
allocate without bound or abort would take the whole app server down with it, for every
user. So the parse runs in a worker process started ahead (a ``forkserver`` with the
readers already imported, so a small file is read in a fraction of a second), whose address
space is capped at :data:`MEMORY_LIMIT_BYTES` and whose answer is awaited for at most
:data:`TIME_LIMIT_SECONDS`. A crash, an abort, a limit hit or a time-out there becomes a
refusal in Italian; the worker is replaced for the next file.

A ``forkserver`` worker normally runs the program's main module again before its first
task. Under ``streamlit run`` that module is ``app.py``, a page that cannot run outside a
session (on a store with data it redirects to the Overview, which raises there and kills
the worker before it reads anything). The workers need only :mod:`cx_sme`, so they are
started with the main module hidden (:func:`_main_hidden`).
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import multiprocessing
import os
import resource
import sys
import threading
import time
import types
from collections.abc import Callable, Iterator
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import forkserver, resource_tracker
from typing import Any

from cx_sme.core.errors import CxError, FileRefused

MEMORY_LIMIT_BYTES = 2 * 1024**3  # of address space above the started worker (≈1 GB resident)
TIME_LIMIT_SECONDS = 60.0
WORKERS = 2  # two sessions may read files at once on this 2-core machine


def _address_space() -> int:
    """This process's virtual size in bytes (Linux ``/proc``), 0 when unknown."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


@contextlib.contextmanager
def _streams_closed() -> Iterator[None]:
    """Standard input, output and error pointed at /dev/null for the block (restored after)."""
    saved = [os.dup(stream) for stream in (0, 1, 2)]
    quiet = os.open(os.devnull, os.O_RDWR)
    try:
        for stream in (0, 1, 2):
            os.dup2(quiet, stream)
        yield
    finally:
        for stream, copy in zip((0, 1, 2), saved, strict=True):
            os.dup2(copy, stream)
            os.close(copy)
        os.close(quiet)


@contextlib.contextmanager
def _main_hidden() -> Iterator[None]:
    """``__main__`` as a bare module for the block: ``multiprocessing`` sends each new
    worker the main module's name or path to run again, and a bare module has neither.
    Held only while workers may start (``submit`` starts them on demand)."""
    main = sys.modules.get("__main__")
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        if main is not None:
            sys.modules["__main__"] = main


def _watch_parent(parent: int) -> None:
    """End this worker as soon as the process that asked for it is gone."""
    while True:
        time.sleep(0.5)
        try:
            os.kill(parent, 0)
        except ProcessLookupError:
            os._exit(1)
        except PermissionError:  # pragma: no cover - another user's process: still alive
            pass


def _limit_worker(parent: int) -> None:
    """In the worker: cap what it may allocate beyond what the imported libraries already
    reserved (a runaway allocation fails there, not in the app's process)."""
    limit = _address_space() + MEMORY_LIMIT_BYTES
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    # A parser that panics or aborts writes its own backtrace on stderr: the user's terminal
    # (the app's or a script's) gets the Italian refusal instead. The worker keeps none of
    # the caller's standard streams either, so a caller killed mid-read leaves no pipe open.
    quiet = os.open(os.devnull, os.O_RDWR)
    for stream in (0, 1, 2):
        os.dup2(quiet, stream)
    os.close(quiet)
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


class _Workers:
    """The process pool, created on first use and replaced after a failure. One per
    process (a resource shared by every session, like a database connection pool)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._submit_lock = threading.Lock()
        self._pool: concurrent.futures.ProcessPoolExecutor | None = None

    def pool(self) -> concurrent.futures.ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                context: Any = multiprocessing.get_context("forkserver")
                context.set_forkserver_preload(["cx_sme.files.worker_parse"])
                with _streams_closed():
                    # The helper processes start now, without the caller's standard
                    # streams: a script killed mid-read leaves no pipe held open.
                    resource_tracker.ensure_running()
                    forkserver.ensure_running()
                self._pool = concurrent.futures.ProcessPoolExecutor(
                    max_workers=WORKERS,
                    mp_context=context,
                    initializer=_limit_worker,
                    initargs=(os.getpid(),),
                )
            return self._pool

    def starting(self) -> threading.Lock:
        """Held while a task is handed over (and a worker perhaps started): one at a time,
        so the main module is hidden and put back by one thread only."""
        return self._submit_lock

    def discard(self, pool: concurrent.futures.ProcessPoolExecutor) -> None:
        """Stop a pool that failed or hangs (its processes are killed)."""
        with self._lock:
            if self._pool is pool:
                self._pool = None
        for process in list(getattr(pool, "_processes", {}).values()):
            process.kill()
        pool.shutdown(wait=False, cancel_futures=True)


_WORKERS = _Workers()


def _ready() -> None:
    """A task that does nothing: it makes the pool start a worker."""


def start_workers() -> None:
    """Start a reading worker now, without waiting for it: a script about to read a big
    file calls this first, so the worker loads its readers (in its own process, on the
    other core) while this process loads the importer. This module imports nothing heavy
    for that reason, and the start runs in a thread of its own (handing the first task to
    a new worker waits until the worker has loaded its readers). Best effort: a worker
    that cannot start now is started, or its failure reported, by the read itself."""
    threading.Thread(target=_start_one, name="cx_sme-worker-start", daemon=True).start()


def _start_one() -> None:
    try:
        pool = _WORKERS.pool()
        with _WORKERS.starting(), _main_hidden():
            pool.submit(_ready)
    except Exception:  # noqa: S110 - the read that follows says what went wrong
        pass


def run_isolated(function: Callable[..., Any], *args: Any, file_name: str, **kwargs: Any) -> Any:
    """``function(*args, **kwargs)`` in a worker process (a module-level function, as the
    worker imports it by name). Refusals come back as they were raised there; anything else
    that goes wrong, a crash of the worker included, is a ``FileRefused`` naming the file."""
    pool = _WORKERS.pool()
    try:
        with _WORKERS.starting(), _main_hidden():
            future = pool.submit(function, *args, **kwargs)
        return future.result(timeout=TIME_LIMIT_SECONDS)
    except CxError:
        raise
    except concurrent.futures.TimeoutError:
        _WORKERS.discard(pool)
        raise FileRefused("readers.unsafe_timeout", name=file_name,
                          seconds=int(TIME_LIMIT_SECONDS)) from None  # fmt: skip
    except BrokenProcessPool:  # the worker died: an abort, a crash, killed by the limit
        _WORKERS.discard(pool)
        raise FileRefused("readers.unsafe_crash", name=file_name) from None
    except MemoryError:
        raise FileRefused("readers.unsafe_memory", name=file_name,
                          limit_gb=MEMORY_LIMIT_BYTES // 1024**3) from None  # fmt: skip
    except Exception:  # an unexpected parser error: never a traceback for the user
        raise FileRefused("readers.unsafe_crash", name=file_name) from None
