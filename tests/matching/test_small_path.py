"""The small-problem path (dense features, numpy assignment solver, no scipy) against the
scipy path: the same scores, suggestions, matched count and total score, both certified.

No Django here (the subprocess tests run the engine alone)."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import textwrap
from contextlib import AbstractContextManager
from unittest import mock

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from terbalik.matching.engine import (
    MatchConfig,
    MatchResult,
    Participant,
    run,
    small,
    suggestions_csv,
)
from terbalik.matching.engine.problem import build_problem, distinct

from .reference import optimum
from .test_engine_properties import instances

DIFF = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _scipy_path() -> AbstractContextManager[object]:
    """Every problem takes the scipy path (sparse features, scipy's solver)."""
    return mock.patch.object(small, "SMALL_MENTEES", -1)


def _certified(result: MatchResult) -> None:
    sol = result.certified.solution
    assert result.summary.exact
    assert sol.primal == sol.dual  # solve_sparse checks it too; the certificate held
    matched = sol.mentor_of >= 0
    assert sol.primal == int((sol.big + sol.micro_of[matched]).sum())


@DIFF
@given(st.one_of(instances(), instances(max_mentees=14, max_mentors=4)))
def test_small_path_answers_as_the_scipy_path(
    case: tuple[list[Participant], MatchConfig, int]
) -> None:
    """Random small programs: capacities 1-3, ties (few distinct skills), empty lists,
    pairs ruled out (grade, age, reporting lines, avoid lists, languages, min_score), more
    mentees than places (14 mentees for up to 4 mentors)."""
    people, config, k = case
    dense = run(people, config, candidates_per_mentee=k)
    assert dense.problem.skills.dense and small.is_small(dense.problem.n, dense.problem.m)
    with _scipy_path():
        sparse = run(people, config, candidates_per_mentee=k)
    assert not sparse.problem.skills.dense
    _certified(dense)
    _certified(sparse)
    assert suggestions_csv(dense.suggestions(5)) == suggestions_csv(sparse.suggestions(5))
    np.testing.assert_array_equal(dense.feasible, sparse.feasible)
    for field in ("mentees", "mentors", "feasible_pairs", "matched", "total_score_micro",
                  "upper_bound_micro", "exact"):
        assert getattr(dense.summary, field) == getattr(sparse.summary, field), field
    assert (dense.summary.matched, dense.summary.total_score_micro) == optimum(people, config)
    # every assigned pair carries its exact score (the same on both paths)
    scores = {(s.mentee_id, s.pair.mentor_id): s.pair.score_micro
              for s in sparse.suggestions(len(people) + 1)}
    for a in dense.assignments:
        if a.pair is not None:
            assert a.pair.score_micro == scores[(a.mentee_id, a.pair.mentor_id)]


@st.composite
def graphs(draw: st.DrawFn) -> tuple[int, int, np.ndarray, np.ndarray, np.ndarray]:
    """A sparse cost graph with a full row matching: a private column per row (dummy)."""
    n = draw(st.integers(0, 9))
    extra = draw(st.integers(0, 8))
    cells = draw(st.sets(st.tuples(st.integers(0, max(n - 1, 0)), st.integers(0, extra)),
                         max_size=40)) if n and extra else set()
    pairs = sorted(cells) + [(i, extra + 1 + i) for i in range(n)]
    rows = np.array([r for r, _ in pairs], dtype=np.int64)
    cols = np.array([c for _, c in pairs], dtype=np.int64)
    cost = np.array(draw(st.lists(st.integers(0, 6), min_size=len(pairs), max_size=len(pairs))),
                    dtype=np.int64) + 10 * (cols > extra)  # dummies cost more, with ties
    return n, extra + 1 + n, rows, cols, cost


@settings(max_examples=300, deadline=None)
@given(graphs())
def test_dense_solver_finds_a_minimum_full_matching(
    graph: tuple[int, int, np.ndarray, np.ndarray, np.ndarray]
) -> None:
    from scipy.sparse import csr_array
    from scipy.sparse.csgraph import min_weight_full_bipartite_matching

    n, n_cols, rows, cols, cost = graph
    row_ind, col_ind = small.min_weight_full_matching(n, n_cols, rows, cols, cost)
    np.testing.assert_array_equal(row_ind, np.arange(n))
    assert len(set(col_ind.tolist())) == n  # a matching
    price = {(r, c): w for r, c, w in zip(rows.tolist(), cols.tolist(), cost.tolist(),
                                          strict=True)}
    got = sum(price[(r, c)] for r, c in zip(row_ind.tolist(), col_ind.tolist(), strict=True))
    if n:
        # costs + 1: scipy drops explicit zeros from a sparse graph
        graph_ = csr_array(((cost + 1).astype(float), (rows, cols)), shape=(n, n_cols))
        r2, c2 = min_weight_full_bipartite_matching(graph_)
        best = sum(price[(r, c)] for r, c in zip(r2.tolist(), c2.tolist(), strict=True))
        assert got == best
    again = small.min_weight_full_matching(n, n_cols, rows, cols, cost)
    np.testing.assert_array_equal(again[1], col_ind)  # deterministic


def test_the_threshold_decides_the_path() -> None:
    people = [Participant(employee_id=f"E{k}", role="mentee", grade=9, skills=("excel",))
              for k in range(small.SMALL_MENTEES + 1)]
    people += [Participant(employee_id="M", role="mentor", grade=1, skills=("excel",))]
    assert not build_problem(people, MatchConfig()).skills.dense
    assert build_problem(people[1:], MatchConfig()).skills.dense
    assert not small.is_small(10, small.SMALL_MENTORS + 1)
    many = tuple(f"skill {k}" for k in range(small.SMALL_CELLS // 1000))
    people[1:] = [dataclasses.replace(people[1], skills=many), *people[2:]]
    people += [Participant(employee_id=f"M{k}", role="mentor", grade=1) for k in range(999)]
    assert not build_problem(people[1:], MatchConfig()).skills.dense  # too many features


#: runs a tiny program in a fresh interpreter; prints the scipy modules it imported (and
#: numpy.ma, which plain np.unique imports: problem.distinct instead)
ENGINE_ALONE = textwrap.dedent("""
    import sys
    from terbalik.matching.engine import MatchConfig, Participant, run, small
    import terbalik.matching.engine.fair as fair
    if sys.argv[1] == "large":
        small.SMALL_MENTEES = -1
    people = [Participant(employee_id=f"E{k}", role="mentee", grade=9, skills=("excel",))
              for k in range(5)]
    people += [Participant(employee_id=f"M{k}", role="mentor", grade=1, skills=("excel",))
               for k in range(3)]
    result = run(people, MatchConfig())
    fair.run_fair(people, MatchConfig())
    assert result.summary.matched == 3 and result.summary.exact
    print(sorted(name for name in sys.modules
                 if name.split(".")[0] == "scipy" or name.split(".")[:2] == ["numpy", "ma"]
                 )[:3])
""")


@pytest.mark.parametrize(("size", "loads_scipy"), [("small", False), ("large", True)])
def test_the_engine_imports_scipy_only_for_a_large_problem(size: str, loads_scipy: bool
                                                           ) -> None:
    done = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", ENGINE_ALONE, size], capture_output=True, text=True,
        check=False, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert (done.stdout.strip() != "[]") == loads_scipy, done.stdout


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(-3, 3), max_size=12), st.integers(1, 3))
def test_distinct_is_np_unique(values: list[int], width: int) -> None:
    flat = np.array(values, dtype=np.int64)
    np.testing.assert_array_equal(distinct(flat), np.unique(flat))
    square = flat[: len(flat) // width * width].reshape(-1, width)
    np.testing.assert_array_equal(distinct(square), np.unique(square))
