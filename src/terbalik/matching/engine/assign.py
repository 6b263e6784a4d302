"""Capacitated assignment on a sparse candidate graph, with an optimality certificate.

Objective (lexicographic): most matched mentees, then largest total score.  It is
solved as one weighted problem: every edge weighs ``BIG + score`` (micro units)
with ``BIG = n * (SMAX + 1) + 1``, so one more match always outweighs any score.

1. The candidate graph (each mentee's best mentors) is solved exactly with
   ``scipy.sparse.csgraph.min_weight_full_bipartite_matching`` on
   capacity-replicated mentor columns plus one private dummy column per mentee.
2. LP duals ``u`` (mentees) and ``v`` (mentors) of that optimum are recovered
   exactly (int64) as shortest-path potentials of the residual graph.
3. ``u, v >= 0`` with ``u_i + v_j >= BIG + s_ij`` on *every* feasible pair proves,
   by LP duality (the bipartite b-matching polytope is integral), that the
   assignment is optimal for the full problem.  Excluded pairs of mentee ``i``
   score at most ``tau_i`` (its best excluded score), so rows with
   ``u_i >= BIG + tau_i`` are proven wholesale; the remaining rows are re-scored
   in full and any violating pair is added to the graph, then we re-solve.
4. If the round budget runs out, the duals are repaired into a feasible dual
   solution whose value is a proven upper bound, and the gap is reported.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

from .problem import IntArray, expand_ranges

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
        e_rows = np.concatenate((rows[owner], np.arange(n, dtype=np.int64)))
        e_cols = np.concatenate((slot_cols, n_slots + np.arange(n, dtype=np.int64)))
        e_cost = np.concatenate(
            ((smax + 1 - micro[owner]).astype(np.float64),
             np.full(n, float(big + smax + 1)))
        )
        graph = sp.csr_array((e_cost, (e_rows, e_cols)), shape=(n, n_slots + n))
        row_ind, col_ind = min_weight_full_bipartite_matching(graph)
        slot_mentor = np.repeat(used, slots)
        real = col_ind < n_slots
        mentor_of[row_ind[real]] = slot_mentor[col_ind[real]]
        # score of each chosen pair, looked up among the candidate edges
        key = rows * m + cols
        order = np.argsort(key, kind="stable")
        chosen = np.flatnonzero(mentor_of >= 0)
        where = order[np.searchsorted(key[order], chosen * m + mentor_of[chosen])]
        micro_of[chosen] = micro[where]
    u, v, dual = _duals(n, m, capacity, rows, cols, micro, mentor_of, big)
    primal = int((big + micro_of[mentor_of >= 0]).sum())
    if dual != primal:  # pragma: no cover - would mean the matching is not optimal
        raise RuntimeError(f"certificate mismatch: primal {primal} dual {dual}")
    return Solution(mentor_of, micro_of, u, v, big, primal, dual)


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
    else:  # pragma: no cover - a negative cycle: the matching would not be optimal
        raise RuntimeError("negative cycle in the residual graph")
    u = np.maximum(dist[:n] - dist[t], 0)
    v = np.zeros(m, dtype=np.int64)
    v[mentor_nodes] = np.maximum(dist[t] - dist[n + mentor_nodes], 0)
    dual = int(u.sum() + (capacity * v).sum())
    return u, v, dual


#: ``rescore(rows, u, v, big, per_row)`` returns violating pairs (rows, cols, micro)
#: among all feasible pairs of the given mentees (micro > u_i + v_j - big): the
#: best ``per_row`` of each mentee, plus, per mentee, the largest violation
#: (``big + micro - v_j - u_i``, 0 if none) over all of them.
Rescore = Callable[
    [IntArray, IntArray, IntArray, int, int], tuple[IntArray, IntArray, IntArray, IntArray]
]


def certify(
    n: int, m: int, capacity: IntArray, rows: IntArray, cols: IntArray, micro: IntArray,
    tau: IntArray, smax: int, rescore: Rescore,
    add_per_row: int = 8, max_rounds: int = 12, time_budget: float = float("inf"),
) -> Certified:
    """Solve on the candidate graph and grow it until the optimum is proven."""
    started = time.perf_counter()
    tau = tau.copy()
    added = 0
    rounds = 0
    while True:
        rounds += 1
        sol = solve_sparse(n, m, capacity, rows, cols, micro, smax)
        plain = (tau != NO_TAU) & (tau != ALWAYS)
        need = (tau == ALWAYS) | (plain & (sol.u < sol.big + np.where(plain, tau, 0)))
        deficit = np.flatnonzero(need)
        if len(deficit) == 0:
            return Certified(sol, True, sol.dual, rounds, added)
        v_rows, v_cols, v_micro, worst = rescore(deficit, sol.u, sol.v, sol.big, add_per_row)
        if len(v_rows) == 0:
            return Certified(sol, True, sol.dual, rounds, added)
        out_of_budget = rounds >= max_rounds or time.perf_counter() - started > time_budget
        if out_of_budget:
            # raising u_i by its largest violation makes the duals feasible: an upper bound
            return Certified(sol, False, sol.dual + int(worst.sum()), rounds, added)
        rows = np.concatenate((rows, v_rows))
        cols = np.concatenate((cols, v_cols))
        micro = np.concatenate((micro, v_micro))
        added += len(v_rows)
        tau[np.unique(v_rows)] = ALWAYS
        add_per_row = min(4 * add_per_row, 512)  # widen faster while it does not converge
