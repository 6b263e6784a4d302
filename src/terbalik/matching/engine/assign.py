"""Capacitated assignment on a sparse candidate graph, with an optimality certificate.

Objective (lexicographic): most matched mentees, then largest total score.  It is
solved as one weighted problem: every edge weighs ``BIG + score`` (micro units)
with ``BIG = n * (SMAX + 1) + 1``, so one more match always outweighs any score.

1. The candidate graph (each mentee's best mentors) is solved exactly with
   ``scipy.sparse.csgraph.min_weight_full_bipartite_matching`` (small problems:
   ``small.min_weight_full_matching``, no scipy) between the mentees and the
   capacity-replicated mentor slots, the smaller side as the solver's rows, each row
   with a private dummy column (``_match_sides``).
2. LP duals ``u`` (mentees) and ``v`` (mentors) of that optimum are recovered
   exactly (int64) as shortest-path potentials of the residual graph.
3. ``u, v >= 0`` with ``u_i + v_j >= BIG + s_ij`` on *every* feasible pair proves,
   by LP duality (the bipartite b-matching polytope is integral), that the
   assignment is optimal for the full problem.  Excluded pairs of mentee ``i``
   score at most ``tau_i`` (its best excluded score), so rows with
   ``u_i >= BIG + tau_i - min_j v_j`` are proven wholesale; the remaining rows are re-scored
   in full and any violating pair is added to the graph, then we re-solve.
   A re-scored row keeps a watch list (its pairs within a margin of violating)
   and a bound on all its other pairs; while the duals move less than that
   margin, later rounds check only the list (``_Bounds``), not the whole row.
   A large first round re-scores a sample of those rows only (``SAMPLE_STRIDE``).
4. If the round budget runs out, the duals are repaired into a feasible dual
   solution whose value is a proven upper bound, and the gap is reported.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .problem import IntArray, distinct, expand_ranges
from .small import is_small, min_weight_full_matching

#: a mentee with no excluded feasible pair
NO_TAU = np.iinfo(np.int64).min
#: a mentee whose excluded pairs must be re-checked in full each round
ALWAYS = np.iinfo(np.int64).max


@dataclass
class Solution:
    mentor_of: IntArray  # mentor column per mentee, -1 when unmatched
    micro_of: IntArray  # score of the chosen pair, 0 when unmatched
    u: IntArray
    v: IntArray  # per mentor column (0 for mentors outside the graph)
    big: int
    primal: int
    dual: int


@dataclass
class Certified:
    solution: Solution
    exact: bool
    upper_bound: int  # dual bound (BIG units included)
    rounds: int
    added_edges: int


def solve_sparse(
    n: int, m: int, capacity: IntArray, rows: IntArray, cols: IntArray, micro: IntArray,
    smax: int,
) -> Solution:
    big = n * (smax + 1) + 1
    mentor_of = np.full(n, -1, dtype=np.int64)
    micro_of = np.zeros(n, dtype=np.int64)
    if len(rows):
        used, inv = np.unique(cols, return_inverse=True)
        degree = np.bincount(inv, minlength=len(used))
        slots = np.minimum(capacity[used], degree)
        offset = np.concatenate(([0], np.cumsum(slots)))
        slot_cols, owner = expand_ranges(offset[inv], offset[inv + 1])
        n_slots = int(offset[-1])
        small = is_small(n, m)
        match = min_weight_full_matching if small else _scipy_matching
        cost = (smax + 1 - micro[owner]).astype(np.int64)
        mentee_of_slot = _match_sides(n, n_slots, rows[owner], slot_cols, cost, big, smax, match,
                                      slots_as_rows(n, n_slots, small))
        mentor_of[mentee_of_slot[mentee_of_slot >= 0]] = np.repeat(used, slots)[
            mentee_of_slot >= 0]
        # score of each chosen pair, looked up among the candidate edges
        key = rows * m + cols
        order = np.argsort(key, kind="stable")
        chosen = np.flatnonzero(mentor_of >= 0)
        where = order[np.searchsorted(key[order], chosen * m + mentor_of[chosen])]
        micro_of[chosen] = micro[where]
    u, v, dual = _duals(n, m, capacity, rows, cols, micro, mentor_of, big)
    primal = int((big + micro_of[mentor_of >= 0]).sum())
    if dual != primal:  # the matching is not optimal (tests/matching/test_certificate.py)
        raise RuntimeError(f"certificate mismatch: primal {primal} dual {dual}")
    return Solution(mentor_of, micro_of, u, v, big, primal, dual)


Matching = Callable[[int, int, IntArray, IntArray, IntArray], tuple[IntArray, IntArray]]


def slots_as_rows(n: int, n_slots: int, small: bool) -> bool:
    """Whether the solver's rows are the mentor slots (else the mentees): the smaller side, on
    scipy's path only. The small solver keeps the mentees as rows, so its tie rule (``small``:
    the edge given first, each mentee's candidates best first) still decides which mentees
    get a mentor when scores tie, as before; it answers in milliseconds either way."""
    return not small and n_slots < n


def _match_sides(n: int, n_slots: int, mentees: IntArray, slots: IntArray, cost: IntArray,
                 big: int, smax: int, match: Matching, flip: bool) -> IntArray:
    """The minimum-cost matching of the edges ``(mentees[k], slots[k])`` in which every
    mentee and every slot may also stay alone at ``big + smax + 1``; per slot, its mentee
    (-1: none).

    The solver matches every one of its rows, each row having a private dummy column: the
    rows are the smaller side.  An unmatched row costs a search through every alternating
    path before it settles on its dummy, so with mentees as rows a scarce program (20,000
    mentees for 8,000 one-place mentors: 12,000 stay unmatched) took LAPJVsp 5.2 s on its
    final graph of 323 k edges, and 0.37 s with the 8,000 slots as rows.  Both sides answer
    the same problem: a full matching of the smaller side plus dummies is a matching of the
    graph (the larger side's leftovers on their own dummies cost the same constant)."""
    row_ids, col_ids, n_rows, n_real = ((slots, mentees, n_slots, n) if flip
                                        else (mentees, slots, n, n_slots))
    row_ind, col_ind = match(
        n_rows, n_real + n_rows, np.concatenate((row_ids, np.arange(n_rows, dtype=np.int64))),
        np.concatenate((col_ids, n_real + np.arange(n_rows, dtype=np.int64))),
        np.concatenate((cost, np.full(n_rows, big + smax + 1, dtype=np.int64))))
    real = col_ind < n_real  # not a dummy
    mentee_of_slot = np.full(n_slots, -1, dtype=np.int64)
    if flip:
        mentee_of_slot[row_ind[real]] = col_ind[real]
    else:
        mentee_of_slot[col_ind[real]] = row_ind[real]
    return mentee_of_slot


def _scipy_matching(n: int, n_cols: int, rows: IntArray, cols: IntArray, cost: IntArray
                    ) -> tuple[IntArray, IntArray]:
    """``small.min_weight_full_matching`` for large problems: scipy's sparse LAPJV
    (imported here: a small problem never loads scipy, see ``small``)."""
    import scipy.sparse as sp
    from scipy.sparse.csgraph import min_weight_full_bipartite_matching

    # integer costs below 2**53: exact in float64
    graph = sp.csr_array((cost.astype(np.float64), (rows, cols)), shape=(n, n_cols))
    row_ind, col_ind = min_weight_full_bipartite_matching(graph)
    return row_ind.astype(np.int64), col_ind.astype(np.int64)


def _duals(
    n: int, m: int, capacity: IntArray, rows: IntArray, cols: IntArray, micro: IntArray,
    mentor_of: IntArray, big: int,
) -> tuple[IntArray, IntArray, int]:
    """Shortest-path potentials of the residual graph, as LP duals (int64, exact)."""
    t = n + m
    weight = big + micro
    matched = mentor_of[rows] == cols
    flow = np.bincount(mentor_of[mentor_of >= 0], minlength=m)
    used = np.zeros(m, dtype=bool)
    used[cols] = True
    mentee_idx = np.arange(n, dtype=np.int64)
    mentor_nodes = np.flatnonzero(used).astype(np.int64)
    is_matched = mentor_of >= 0
    not_full = mentor_nodes[flow[mentor_nodes] < capacity[mentor_nodes]]
    has_flow = mentor_nodes[flow[mentor_nodes] > 0]
    # arcs i->j and i->t are uncapacitated (a mentee supplies one unit anyway), so
    # they stay in the residual graph; that makes u_i + v_j >= w hold on matched
    # edges too, and u_i >= 0 for unmatched mentees.
    zeros = np.zeros
    tails = [rows, n + cols[matched], mentee_idx, np.full((~is_matched).sum(), t),
             n + not_full, np.full(len(has_flow), t)]
    heads = [n + cols, rows[matched], np.full(n, t), mentee_idx[~is_matched],
             np.full(len(not_full), t), n + has_flow]
    costs = [-weight, weight[matched], zeros(n, np.int64), zeros((~is_matched).sum(), np.int64),
             zeros(len(not_full), np.int64), zeros(len(has_flow), np.int64)]
    tail = np.concatenate(tails).astype(np.int64)
    head = np.concatenate(heads).astype(np.int64)
    cost = np.concatenate(costs).astype(np.int64)
    dist = np.zeros(t + 1, dtype=np.int64)
    active = np.ones(t + 1, dtype=bool)
    for _ in range(t + 2):
        sel = np.flatnonzero(active[tail])
        cand = dist[tail[sel]] + cost[sel]
        better = cand < dist[head[sel]]
        if not better.any():
            break
        heads_b = head[sel][better]
        before = dist.copy()
        np.minimum.at(dist, heads_b, cand[better])
        active = dist < before
    else:  # a negative cycle: the matching is not optimal (a worse one than the solver's)
        raise RuntimeError("negative cycle in the residual graph")
    u = np.maximum(dist[:n] - dist[t], 0)
    v = np.zeros(m, dtype=np.int64)
    v[mentor_nodes] = np.maximum(dist[t] - dist[n + mentor_nodes], 0)
    dual = int(u.sum() + (capacity * v).sum())
    return u, v, dual


@dataclass
class Rescored:
    """What re-scoring some mentees in full against the duals ``u, v`` finds."""

    rows: IntArray  # violating pairs to add to the graph
    cols: IntArray
    micro: IntArray
    worst: IntArray  # per mentee (length n): the largest violation, 0 when none
    #: per mentee in ``cached``, every feasible pair with
    #: ``micro - v_j > u_i - big - margin_i`` (sorted by mentee)
    watch_rows: IntArray
    watch_cols: IntArray
    watch_micro: IntArray
    uncached: IntArray  # rescored mentees with too many such pairs to keep
    cached: IntArray  # the other rescored mentees ...
    margin: IntArray  # ... and the margin each one's list covers (at most ``margin``)


#: ``rescore(rows, u, v, big, per_row, margin)``: violating pairs among all feasible
#: pairs of the given mentees (``micro > u_i + v_j - big``), the best ``per_row`` of
#: each mentee and of each mentor, with each mentee's watch list (see :class:`Rescored`).
Rescore = Callable[[IntArray, IntArray, IntArray, int, int, int], Rescored]

#: how far below violating a pair may be and still be watched, as a share of the
#: best possible score: the duals may then move this much before a mentee's row
#: must be re-scored in full
WATCH_MARGIN = 0.2

#: a first round with at least this many mentees to re-score re-scores every
#: ``SAMPLE_STRIDE``-th of them only.  The first duals are the least settled: where mentors
#: are scarce, those nobody lists among their candidates are still free (dual 0), so every
#: mentee violates and a full re-score extracts millions of pairs, to be re-scored again once
#: the duals settle.  A quarter of the mentees prices those mentors as well; the sample round
#: is not counted against ``max_rounds``.  20,000 x 8,000 scarce: rows re-scored in all rounds
#: 37,120 -> 24,300, certify 30.0 s -> 18.8 s (loaded machine; strides 2, 6 and 8: 27.3,
#: 21.9 and 24.0 s).
SAMPLE_MIN = 2000
SAMPLE_STRIDE = 4


class _Bounds:
    """Per mentee, a proof that its pairs outside a short list satisfy the duals.

    Mentee ``i`` carries a bound ``tau_i`` and a snapshot ``s`` of the mentor duals:
    every feasible pair outside its list has ``micro - v^s_j <= tau_i``.  Under new
    duals ``v`` those pairs have ``micro - v_j <= tau_i + max_j (v^s_j - v_j)``, so
    when that is at most ``u_i - big`` only the listed pairs need checking.  The
    first snapshot is ``v = 0`` with ``tau`` the best score left out of the
    candidate graph (the list: the candidates, which the solver satisfies).  A
    rescored mentee gets the current duals as snapshot, ``tau_i = u_i - big -
    margin`` and its watch list (``Rescored``); without one, ``ALWAYS``."""

    def __init__(self, n: int, m: int, tau: IntArray) -> None:
        self.tau0 = tau.copy()  # the first bound stays true: the candidates stay in the graph
        self.tau = tau.copy()
        self.snap = np.zeros(n, dtype=np.int64)
        self.snaps: list[IntArray] = [np.zeros(m, dtype=np.int64)]
        self.ptr = np.zeros(n, dtype=np.int64)  # each mentee's list: cols[ptr:end]
        self.end = np.zeros(n, dtype=np.int64)
        self.cols = np.zeros(0, dtype=np.int64)
        self.micro = np.zeros(0, dtype=np.int64)

    def deficit(self, sol: Solution) -> tuple[IntArray, npt.NDArray[np.bool_]]:
        """Mentees to re-score in full, and the mentees whose lists must be checked.

        ``drop`` may be negative: when every mentor's dual rose since the snapshot (every
        mentor full and priced, as where mentors are scarce), the bound tightens.  The first
        bound (``tau0``, snapshot ``v = 0``) is tried too: it holds for good, so a mentee
        whose later list was spoilt by a mentor's falling dual is often still proven."""
        drop = np.array([int((s - sol.v).max()) if len(s) else 0 for s in self.snaps],
                        dtype=np.int64)
        first = -int(sol.v.min()) if len(sol.v) else 0
        proven = (self.tau0 == NO_TAU) | (sol.u - sol.big >= np.where(
            self.tau0 == NO_TAU, 0, self.tau0) + first)
        plain = (self.tau != NO_TAU) & (self.tau != ALWAYS)
        bound = np.where(plain, self.tau, 0) + drop[self.snap]
        need = ~proven & ((self.tau == ALWAYS) | (plain & (sol.u - sol.big < bound)))
        return np.flatnonzero(need), ~proven & ~need & (self.end > self.ptr)

    def check(self, sol: Solution, listed: npt.NDArray[np.bool_]
              ) -> tuple[IntArray, IntArray, IntArray, IntArray]:
        """Violating listed pairs of the ``listed`` mentees, and the largest violation."""
        rows = np.flatnonzero(listed)
        pos, owner = expand_ranges(self.ptr[rows], self.end[rows])
        r, c, micro = rows[owner], self.cols[pos], self.micro[pos]
        gain = sol.big + micro - sol.u[r] - sol.v[c]
        bad = gain > 0
        worst = np.zeros(len(sol.u), dtype=np.int64)
        np.maximum.at(worst, r[bad], gain[bad])
        return r[bad], c[bad], micro[bad], worst

    def update(self, sol: Solution, rows: IntArray, found: Rescored, margin: int) -> None:
        """Rescored mentees: the current duals as their snapshot, their new lists."""
        self.snaps.append(sol.v.copy())
        self.snap[rows] = len(self.snaps) - 1
        self.tau[found.cached] = sol.u[found.cached] - sol.big - found.margin
        self.tau[found.uncached] = ALWAYS
        self.ptr[rows] = self.end[rows] = 0
        listed, starts = np.unique(found.watch_rows, return_index=True)
        used = np.flatnonzero(self.end > self.ptr)  # keep the other mentees' lists
        pos, _ = expand_ranges(self.ptr[used], self.end[used])
        lengths = np.diff(np.append(starts, len(found.watch_rows)))
        old_len = self.end[used] - self.ptr[used]
        self.cols = np.concatenate((self.cols[pos], found.watch_cols))
        self.micro = np.concatenate((self.micro[pos], found.watch_micro))
        self.ptr[used] = np.cumsum(old_len) - old_len
        self.end[used] = self.ptr[used] + old_len
        base = int(old_len.sum())
        self.ptr[listed] = base + starts
        self.end[listed] = base + starts + lengths
        in_use = distinct(self.snap)  # forget snapshots no mentee refers to
        if len(in_use) < len(self.snaps):
            remap = np.zeros(len(self.snaps), dtype=np.int64)
            remap[in_use] = np.arange(len(in_use))
            self.snaps = [self.snaps[k] for k in in_use.tolist()]
            self.snap = remap[self.snap]


def certify(
    n: int, m: int, capacity: IntArray, rows: IntArray, cols: IntArray, micro: IntArray,
    tau: IntArray, smax: int, rescore: Rescore,
    add_per_row: int = 8, max_rounds: int = 12, time_budget: float = float("inf"),
) -> Certified:
    """Solve on the candidate graph and grow it until the optimum is proven."""
    started = time.perf_counter()
    bounds = _Bounds(n, m, tau)
    margin = int(WATCH_MARGIN * smax)
    added = 0
    rounds = 0
    sampled = 0  # rounds that re-scored a sample only (not counted against the budget)
    while True:
        rounds += 1
        sol = solve_sparse(n, m, capacity, rows, cols, micro, smax)
        deficit, listed = bounds.deficit(sol)
        l_rows, l_cols, l_micro, l_worst = bounds.check(sol, listed)
        if len(deficit) == 0 and len(l_rows) == 0:
            return Certified(sol, True, sol.dual, rounds, added)
        sample = rounds == 1 and len(deficit) >= SAMPLE_MIN
        if sample:
            deficit = deficit[::SAMPLE_STRIDE]
            sampled += 1
        found = rescore(deficit, sol.u, sol.v, sol.big, add_per_row, margin)
        v_rows = np.concatenate((found.rows, l_rows))
        if len(v_rows) == 0 and not sample:
            return Certified(sol, True, sol.dual, rounds, added)
        out_of_budget = (rounds - sampled >= max_rounds
                         or time.perf_counter() - started > time_budget)
        if out_of_budget and not sample:
            # raising u_i by its largest violation makes the duals feasible: an upper bound
            worst = np.maximum(found.worst, l_worst)
            return Certified(sol, False, sol.dual + int(worst.sum()), rounds, added)
        bounds.update(sol, deficit, found, margin)
        rows = np.concatenate((rows, v_rows))
        cols = np.concatenate((cols, found.cols, l_cols))
        micro = np.concatenate((micro, found.micro, l_micro))
        added += len(v_rows)
        if not sample:
            add_per_row = min(4 * add_per_row, 512)  # widen faster while it does not converge
