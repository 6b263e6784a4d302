"""The assignment on the candidate graph, either side as the solver's rows, and the
certificate loop growing a reduced graph until the optimum is proven.

Random bipartite graphs with exact integer scores (ties included) are checked against a
dense brute force (``scipy.optimize.linear_sum_assignment`` on capacity-replicated columns
plus a dummy column per mentee).  No Django here."""

from __future__ import annotations

from contextlib import ExitStack
from unittest import mock

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import linear_sum_assignment

from terbalik.matching.engine import assign, small

SMAX = 11  # scores 0..10, as micro units, plus one

Graph = tuple[int, int, np.ndarray, np.ndarray, np.ndarray, np.ndarray]


@st.composite
def graphs(draw: st.DrawFn, max_mentees: int = 12, max_mentors: int = 6) -> Graph:
    """``(n, m, capacity, rows, cols, micro)``: every edge once, sorted by mentee."""
    n = draw(st.integers(0, max_mentees))
    m = draw(st.integers(1, max_mentors))
    capacity = np.array(draw(st.lists(st.integers(1, 3), min_size=m, max_size=m)),
                        dtype=np.int64)
    cells = draw(st.lists(st.tuples(st.integers(0, max(n - 1, 0)), st.integers(0, m - 1),
                                    st.sampled_from([0, 3, 5, 5, 7, 10])),
                          max_size=n * m, unique_by=lambda e: (e[0], e[1])))
    cells = sorted(cells) if n else []
    rows, cols, micro = (np.array([c[k] for c in cells], dtype=np.int64) for k in range(3))
    return n, m, capacity, rows, cols, micro


def brute_force(n: int, m: int, capacity: np.ndarray, rows: np.ndarray, cols: np.ndarray,
                micro: np.ndarray) -> tuple[int, int]:
    """(most matched, then the largest total score)."""
    if n == 0:
        return 0, 0
    slots = np.repeat(np.arange(m), capacity)
    big = n * (SMAX + 1) + 1
    weight = np.zeros((n, len(slots) + n))
    for r, c, s in zip(rows.tolist(), cols.tolist(), micro.tolist(), strict=True):
        weight[r, np.flatnonzero(slots == c)] = big + s
    r_ind, c_ind = linear_sum_assignment(weight, maximize=True)
    chosen = weight[r_ind, c_ind]
    matched = int((chosen > 0).sum())
    return matched, int(chosen[chosen > 0].sum()) - matched * big


def _paths(slots_as_rows: bool, scipy_path: bool) -> ExitStack:
    stack = ExitStack()
    stack.enter_context(mock.patch.object(assign, "slots_as_rows",
                                          lambda n, n_slots, small: slots_as_rows))
    if scipy_path:
        stack.enter_context(mock.patch.object(assign, "is_small", return_value=False))
    return stack


PROPS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPS
@given(graphs(), st.booleans(), st.booleans())
def test_either_side_as_rows_finds_the_optimum(
    graph: Graph, slots_as_rows: bool, scipy_path: bool
) -> None:
    """Mentees or mentor slots as the solver's rows, small solver or scipy: the same optimum
    (ties may pick another assignment), certified, a valid capacitated matching."""
    n, m, capacity, rows, cols, micro = graph
    with _paths(slots_as_rows, scipy_path):
        sol = assign.solve_sparse(n, m, capacity, rows, cols, micro, SMAX)
    matched = sol.mentor_of >= 0
    assert sol.primal == sol.dual
    assert (int(matched.sum()), int(sol.micro_of.sum())) == brute_force(*graph)
    assert (np.bincount(sol.mentor_of[matched], minlength=m) <= capacity).all()
    edges = {(r, c): s for r, c, s in zip(rows.tolist(), cols.tolist(), micro.tolist(),
                                          strict=True)}
    for mentee in np.flatnonzero(matched).tolist():
        assert edges[(mentee, int(sol.mentor_of[mentee]))] == sol.micro_of[mentee]


def _reduced(graph: Graph, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Each mentee's ``k`` best edges (ties by mentor), and the best score left out."""
    n, _, _, rows, cols, micro = graph
    order = np.lexsort((cols, -micro, rows))
    rank = np.arange(len(order)) - np.searchsorted(rows[order], rows[order])
    keep = order[rank < k]
    tau = np.full(n, assign.NO_TAU, dtype=np.int64)
    out = order[rank >= k]
    np.maximum.at(tau, rows[out], micro[out])
    keep = np.sort(keep)
    return rows[keep], cols[keep], micro[keep], tau


def _rescore(graph: Graph) -> assign.Rescore:
    """All violating pairs of the given mentees, by brute force over the full graph (the
    ``per_row`` best of each), no watch lists."""
    n, _, _, rows, cols, micro = graph

    def rescore(which: np.ndarray, u: np.ndarray, v: np.ndarray, big: int, per_row: int,
                margin: int) -> assign.Rescored:
        gain = big + micro - u[rows] - v[cols]
        bad = np.flatnonzero(np.isin(rows, which) & (gain > 0))
        worst = np.zeros(n, dtype=np.int64)
        np.maximum.at(worst, rows[bad], gain[bad])
        bad = bad[np.lexsort((cols[bad], -micro[bad], rows[bad]))]
        rank = np.arange(len(bad)) - np.searchsorted(rows[bad], rows[bad])
        bad = np.sort(bad[rank < per_row])
        none = np.zeros(0, dtype=np.int64)
        return assign.Rescored(rows[bad], cols[bad], micro[bad], worst, none, none, none,
                               np.sort(which), none, none)

    return rescore


@st.composite
def scarce(draw: st.DrawFn) -> Graph:
    """More mentees than places, one place per mentor, most pairs allowed: the slots are
    the solver's rows, and mentees left out of the first graph contest the mentors."""
    m = draw(st.integers(1, 4))
    n = draw(st.integers(m + 1, 10))
    present = draw(st.lists(st.booleans(), min_size=n * m, max_size=n * m))
    scores = draw(st.lists(st.sampled_from([3, 5, 5, 7, 10]), min_size=n * m, max_size=n * m))
    cells = [k for k in range(n * m) if present[k] or k % m == 0]
    rows = np.array([k // m for k in cells], dtype=np.int64)
    cols = np.array([k % m for k in cells], dtype=np.int64)
    micro = np.array([scores[k] for k in cells], dtype=np.int64)
    return n, m, np.ones(m, dtype=np.int64), rows, cols, micro


@PROPS
@given(st.one_of(graphs(), scarce()), st.integers(1, 2), st.booleans(),
       st.sampled_from([None, 2, 3]))
def test_the_reduced_graph_is_grown_until_optimal(
    graph: Graph, k: int, scipy_path: bool, stride: int | None
) -> None:
    """Solving on each mentee's ``k`` best edges, checking the duals on every left-out
    pair and adding the violated ones proves the optimum of the full graph; also when the
    first round re-scores only every ``stride``-th mentee (``assign.SAMPLE_MIN``: as
    if the program were large), its sample possibly finding nothing."""
    n, m, capacity, *_ = graph
    rows, cols, micro, tau = _reduced(graph, k)
    with ExitStack() as stack:
        if scipy_path:
            stack.enter_context(mock.patch.object(assign, "is_small", return_value=False))
        if stride is not None:
            stack.enter_context(mock.patch.object(assign, "SAMPLE_MIN", 1))
            stack.enter_context(mock.patch.object(assign, "SAMPLE_STRIDE", stride))
        got = assign.certify(n, m, capacity, rows, cols, micro, tau, SMAX, _rescore(graph),
                             add_per_row=1, max_rounds=50)
    sol = got.solution
    assert got.exact and got.upper_bound == sol.primal
    assert (int((sol.mentor_of >= 0).sum()), int(sol.micro_of.sum())) == brute_force(*graph)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(graphs(), scarce()), st.integers(1, 3))
def test_a_sampled_round_leaves_the_budget_and_the_bound_alone(graph: Graph, rounds: int
                                                               ) -> None:
    """The sampled first round is not counted against ``max_rounds``, and stopped early the
    bound is still a valid upper bound of the full graph's optimum."""
    n, m, capacity, *_ = graph
    rows, cols, micro, tau = _reduced(graph, 1)
    with mock.patch.object(assign, "SAMPLE_MIN", 1), \
            mock.patch.object(assign, "SAMPLE_STRIDE", 2):
        got = assign.certify(n, m, capacity, rows, cols, micro, tau, SMAX, _rescore(graph),
                             add_per_row=1, max_rounds=rounds)
    with mock.patch.object(assign, "SAMPLE_MIN", 10**9):
        plain = assign.certify(n, m, capacity, rows, cols, micro, tau, SMAX,
                               _rescore(graph), add_per_row=1, max_rounds=rounds)
    best_matched, best_total = brute_force(*graph)
    sol = got.solution
    assert got.upper_bound >= best_matched * sol.big + best_total
    assert got.rounds <= rounds + 1 and plain.rounds <= rounds
    if got.exact:
        assert (int((sol.mentor_of >= 0).sum()), int(sol.micro_of.sum())) == (best_matched,
                                                                              best_total)


@pytest.mark.parametrize("scipy_path", [False, True])
def test_a_scarce_program_needs_a_second_solve(scipy_path: bool) -> None:
    """Three mentees all prefer mentor 0 (one place); mentee 2 is the only one who can
    also take mentor 1, at a lower score.  On the best edge of each, mentee 0 takes mentor 0
    and mentor 1 stays free: the duals show mentee 2's left-out pair, and the re-solve
    matches two."""
    graph: Graph = (3, 2, np.array([1, 1]), np.array([0, 1, 2, 2]), np.array([0, 0, 0, 1]),
                    np.array([10, 7, 5, 3]))
    rows, cols, micro, tau = _reduced(graph, 1)
    assert 1 not in cols.tolist()
    with ExitStack() as stack:
        if scipy_path:
            stack.enter_context(mock.patch.object(assign, "is_small", return_value=False))
        got = assign.certify(3, 2, graph[2], rows, cols, micro, tau, SMAX, _rescore(graph))
    assert got.rounds == 2 and got.added_edges >= 1 and got.exact
    assert got.solution.mentor_of.tolist() == [0, -1, 1]
    assert brute_force(*graph) == (2, 13)


def test_the_solver_rows_are_the_smaller_side() -> None:
    assert assign.slots_as_rows(20_000, 8_000, small=False)
    assert not assign.slots_as_rows(20_000, 160_000, small=False)
    assert not assign.slots_as_rows(5, 5, small=False)
    # the small solver keeps the mentees as rows: its documented tie rule stays true
    assert not assign.slots_as_rows(20, 8, small=True)
    assert small.is_small(3, 2)  # the examples above take the small solver by default
