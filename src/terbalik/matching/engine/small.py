"""The small-problem path: dense numpy features and a dense assignment solver, no scipy.

Importing scipy costs a ``terbalik match`` process about 120 ms (``scipy.sparse``
alone 80 ms, most of it ``scipy._lib.array_api_compat`` touching every numpy
submodule), several times what scoring and solving a few hundred people take.  Up to
:data:`SMALL_MENTEES` mentees and :data:`SMALL_MENTORS` mentors the engine therefore
builds its features as dense arrays (``problem._incidence``, ``problem._class_space``)
and solves the assignment with :func:`min_weight_full_matching` below; larger problems
import scipy (lazily) and use its sparse arrays and ``min_weight_full_bipartite_matching``.

Both solvers answer the same exact problem (integer costs, every row matched, each
mentee's private dummy column making that always possible); the assignment then goes
through the same LP-duality certificate (``assign._duals``, primal == dual), so
optimality stays proven whichever solver ran.  When several assignments are equally
optimal they may pick different ones; each is deterministic.
"""

from __future__ import annotations

import heapq

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]  # as in .problem, which imports this module

#: at most this many mentees take the small path.  The solver below is pure Python
#: over the candidate edges: as fast as scipy's on well-supplied programs, slower where
#: most mentees cannot be placed (each unplaced mentee searches every alternating path):
#: measured CPU for the whole run, small path vs scipy path (scipy already imported),
#: 200 mentees x 40 mentors 23 vs 15 ms, 200 x 2000 18 vs 19 ms, 1000 x 200 345 vs 81 ms;
#: importing scipy costs 120-200 ms CPU.
SMALL_MENTEES = 200
#: ... at most this many mentors ...
SMALL_MENTORS = 2000
#: ... and at most this many cells of dense mentor features (16 MB of float32; the
#: sparse path goes dense only up to ``problem.DENSE_LIMIT`` cells, and row-wise
#: scoring, from ``score.ROW_WISE_MIN_WIDTH`` mentors, is never needed here)
SMALL_CELLS = 4_000_000


def is_small(n: int, m: int, items: int = 0) -> bool:
    """Whether ``n`` mentees and ``m`` mentors take the small path; ``items``: the list
    items (skills and interests) the mentees name in all, a bound on the features (the
    features ask with it, the solver without: its work does not depend on them)."""
    return n <= SMALL_MENTEES and m <= SMALL_MENTORS and (items + 2) * m <= SMALL_CELLS


def min_weight_full_matching(n: int, n_cols: int, rows: IntArray, cols: IntArray,
                             cost: IntArray) -> tuple[IntArray, IntArray]:
    """Minimum-cost matching of every row ``0..n-1`` into ``n_cols >= n`` columns.

    The edges ``(rows[k], cols[k])`` cost ``cost[k]`` (non-negative integers, at most
    one edge per cell); a full matching must exist.  Returns ``(row_ind, col_ind)`` like
    ``scipy.sparse.csgraph.min_weight_full_bipartite_matching``.

    Successive shortest augmenting paths with potentials (the Hungarian method in
    Jonker-Volgenant form): rows enter one at a time, each by a Dijkstra search over
    the reduced costs of its sparse edges, in exact integer arithmetic (Python ints).
    Ties go to an unmatched column (the search ends sooner), then to the edge given
    first (the engine lists each mentee's candidates best first, equal scores in their
    fixed tie-key order), so the answer depends only on the edges and their order."""
    adj: list[list[tuple[int, int, int]]] = [[] for _ in range(n)]
    for k, (r, c, w) in enumerate(zip(rows.tolist(), cols.tolist(), cost.tolist(),
                                      strict=True)):
        adj[r].append((c, w, k))
    u = [0] * n  # potentials: every reduced cost w - u[r] - v[c] stays >= 0
    v = [0] * n_cols
    row_of = [-1] * n_cols
    col_of = [-1] * n
    for start in range(n):
        dist: dict[int, int] = {}  # tentative distance of each reached column
        pred: dict[int, int] = {}  # ... and the row it is reached from
        done: set[int] = set()
        settled: list[int] = []
        heap: list[tuple[int, bool, int, int]] = []
        row, base = start, 0  # the row being scanned and its distance
        while True:
            ur = u[row]
            for c, w, k in adj[row]:
                if c in done:
                    continue
                d = base + w - ur - v[c]
                if c not in dist or d < dist[c]:
                    dist[c] = d
                    pred[c] = row
                    heapq.heappush(heap, (d, row_of[c] >= 0, k, c))
            while True:  # skip entries a shorter path has replaced
                if not heap:  # (possibly after skipping some) nothing left to reach
                    raise ValueError("no matching covers every row")
                d, _, _, c = heapq.heappop(heap)
                if c not in done and d == dist[c]:
                    break
            done.add(c)
            settled.append(c)
            if row_of[c] < 0:
                break
            row, base = row_of[c], d
        sink = c
        low = dist[sink]
        u[start] += low
        for c in settled[:-1]:  # matched columns: their rows were scanned
            u[row_of[c]] += low - dist[c]
            v[c] -= low - dist[c]
        c = sink
        while True:  # augment along the path found
            r = pred[c]
            row_of[c] = r
            c, col_of[r] = col_of[r], c
            if r == start:
                break
    return np.arange(n, dtype=np.int64), np.array(col_of, dtype=np.int64)
