"""Run independent score blocks on several threads.

numpy releases the GIL in the heavy kernels, so blocks scale across cores when
each worker's BLAS runs single-threaded (OpenBLAS's own threads fight the
workers, and degrade badly on a busy machine).  Results come back in input
order, so the outcome does not depend on scheduling.
"""

from __future__ import annotations

import ctypes
import os
import re
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


@cache
def _local_blas_threads() -> Callable[[int], object] | None:
    """OpenBLAS's per-thread thread-count setter, when numpy uses OpenBLAS on Linux."""
    try:
        maps = Path("/proc/self/maps").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    for path in sorted(set(re.findall(r"(/\S*openblas\S*\.so\S*)", maps))):
        try:
            lib = ctypes.CDLL(path)
        except OSError:
            continue
        setter = getattr(lib, "openblas_set_num_threads_local", None)
        if setter is not None:
            setter.argtypes = [ctypes.c_int]
            setter.restype = ctypes.c_int
            return setter  # type: ignore[no-any-return]
    return None


#: environment variable fixing the number of scoring threads (default: the CPUs, up to 4)
THREADS_ENV = "TERBALIK_MATCH_THREADS"


def workers() -> int:
    """Threads for score blocks: ``$TERBALIK_MATCH_THREADS`` when set to a positive
    integer, else the CPUs this process may run on (at most 4).  The results never
    depend on it."""
    text = os.environ.get(THREADS_ENV, "").strip()
    if text.isdigit() and int(text) > 0:
        return int(text)
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cpus = os.cpu_count() or 1
    return max(1, min(4, cpus))


def ordered_map(func: Callable[[T], R], items: Iterable[T], threads: int | None = None
                ) -> Iterator[R]:
    """``map(func, items)`` on worker threads, yielding results in input order."""
    threads = workers() if threads is None else threads
    items = list(items)
    if threads <= 1 or len(items) <= 1:
        yield from map(func, items)
        return
    setter = _local_blas_threads()

    def task(item: T) -> R:
        if setter is not None:
            setter(1)
        return func(item)

    with ThreadPoolExecutor(max_workers=threads) as pool:
        # bounded look-ahead keeps memory flat: at most 2 blocks per worker in flight
        pending = []
        it = iter(items)
        for item in it:
            pending.append(pool.submit(task, item))
            if len(pending) >= 2 * threads:
                yield pending.pop(0).result()
        for fut in pending:
            yield fut.result()
