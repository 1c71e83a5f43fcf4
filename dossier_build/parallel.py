"""Work spread over the machine's cores, with results in input order.

``parallel_map`` runs a function over a list in worker processes when the list is long
enough for that to pay (starting workers and moving data between processes has a cost)
and in this process otherwise. The result is the same either way: the function must be
pure (its result depends on its argument only), and results come back in input order.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from typing import Callable, Iterator, TypeVar

T = TypeVar("T")
R = TypeVar("R")

# Below this many items, one process is faster than starting workers.
MIN_ITEMS_FOR_WORKERS = 48
WORKERS_ENV = "DOSSIER_WORKERS"


def available_cpus() -> int:
    """CPUs this process may run on (respects affinity masks and ``DOSSIER_WORKERS``)."""
    override = os.environ.get(WORKERS_ENV, "").strip()
    if override.isdigit() and int(override) > 0:
        return int(override)
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _context() -> multiprocessing.context.BaseContext:
    """``fork`` (fast, no re-import) when this process runs a single thread; with other
    threads alive (``mkdocs serve``) forking is unsafe, so ``forkserver`` or ``spawn``."""
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def parallel_map(function: Callable[[T], R], items: list[T], workers: int | None = None) -> list[R]:
    """``[function(item) for item in items]``, over ``workers`` processes (default: the
    available CPUs) in chunks when there are at least ``MIN_ITEMS_FOR_WORKERS`` items."""
    workers = available_cpus() if workers is None else max(1, workers)
    workers = min(workers, max(1, len(items) // (MIN_ITEMS_FOR_WORKERS // 2)))
    if workers <= 1 or len(items) < MIN_ITEMS_FOR_WORKERS:
        return [function(item) for item in items]
    chunksize = max(1, min(64, len(items) // (workers * 8)))
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=_context()) as pool:
            return list(pool.map(function, items, chunksize=chunksize))
    except (OSError, RuntimeError):
        # no processes on this system (sandbox, missing /dev/shm; multiprocessing's "not
        # implemented" error is a RuntimeError): the same, serially
        return [function(item) for item in items]


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while many long-lived objects are made (it
    would walk them again and again), and afterwards move what exists into its permanent
    generation (``gc.freeze``) instead of walking it once more when it resumes. The
    build's data has no reference cycles; reference counting still frees it."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.freeze()
            gc.enable()


_FORK_STATE: tuple | None = None


def _run_chunk(bounds: tuple[int, int]) -> list:
    function, state = _FORK_STATE  # type: ignore[misc]
    return [function(state, index) for index in range(*bounds)]


def can_fork() -> bool:
    """Forked workers inherit this process's memory, so they need no data sent to them;
    only safe while this process runs a single thread."""
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def fork_map(function: Callable[[object, int], R], count: int, state: object, workers: int | None = None) -> list[R]:
    """``[function(state, i) for i in range(count)]``, over forked workers that inherit
    ``state`` (nothing is pickled but the results), in chunks, results in order; in this
    process when forking is not safe or does not pay."""
    global _FORK_STATE
    workers = available_cpus() if workers is None else max(1, workers)
    workers = min(workers, max(1, count // (MIN_ITEMS_FOR_WORKERS // 2)))
    if workers <= 1 or count < MIN_ITEMS_FOR_WORKERS or not can_fork():
        return [function(state, index) for index in range(count)]
    size = max(1, min(256, count // (workers * 4)))
    chunks = [(start, min(count, start + size)) for start in range(0, count, size)]
    _FORK_STATE = (function, state)
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork")) as pool:
            return [result for chunk in pool.map(_run_chunk, chunks) for result in chunk]
    except (OSError, RuntimeError):
        return [function(state, index) for index in range(count)]
    finally:
        _FORK_STATE = None
