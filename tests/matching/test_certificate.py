"""assign.solve_sparse refuses an assignment its LP certificate does not prove optimal: a
solver answering a full but worse matching raises, on the small path and the scipy path.

No Django here."""

from __future__ import annotations

from unittest import mock

import numpy as np
import pytest

from terbalik.matching.engine import assign

# two mentees wanting one mentor (capacity 1): mentee 0 scores 5, mentee 1 scores 3.  On
# scipy's path the smaller side is the solver's rows (assign.slots_as_rows; the tests below
# ask for it on the small path too): here the mentor's one slot (row 0);
# its columns: the mentees (0, 1), then the slot's private dummy (2)
ARGS = (2, 1, np.array([1]), np.array([0, 1]), np.array([0, 0]), np.array([5, 3]), 10)
WORSE = (np.array([0]), np.array([1]))  # the slot takes mentee 1: full, total 3 < 5
# one mentee wanting two mentors (capacity 1): mentor 0 scores 5, mentor 1 scores 3; the
# mentee is the solver's row, its columns: the slots (0, 1), then its private dummy (2)
ARGS_WIDE = (1, 2, np.array([1, 1]), np.array([0, 0]), np.array([0, 1]), np.array([5, 3]), 10)
WORSE_WIDE = (np.array([0]), np.array([1]))  # the mentee takes mentor 1: total 3 < 5
CASES = pytest.mark.parametrize(("args", "worse"), [(ARGS, WORSE), (ARGS_WIDE, WORSE_WIDE)])


def test_the_optimum_is_certified() -> None:
    solution = assign.solve_sparse(*ARGS)
    assert solution.mentor_of.tolist() == [0, -1] and solution.primal == solution.dual
    solution = assign.solve_sparse(*ARGS_WIDE)
    assert solution.mentor_of.tolist() == [0] and solution.primal == solution.dual


@CASES
def test_a_worse_matching_from_the_small_solver_is_refused(
    args: tuple[object, ...], worse: tuple[np.ndarray, np.ndarray]
) -> None:
    assert assign.is_small(2, 1)
    with (mock.patch.object(assign, "slots_as_rows", lambda n, n_slots, small: n_slots < n),
          mock.patch.object(assign, "min_weight_full_matching", return_value=worse),
          pytest.raises(RuntimeError, match="negative cycle")):
        assign.solve_sparse(*args)  # type: ignore[arg-type]


@CASES
def test_a_worse_matching_from_scipy_is_refused(
    args: tuple[object, ...], worse: tuple[np.ndarray, np.ndarray]
) -> None:
    pytest.importorskip("scipy")
    with (mock.patch.object(assign, "is_small", return_value=False),
          mock.patch("scipy.sparse.csgraph.min_weight_full_bipartite_matching",
                     return_value=worse) as solver,
          pytest.raises(RuntimeError, match="negative cycle")):
        assign.solve_sparse(*args)  # type: ignore[arg-type]
    assert solver.called  # through _scipy_matching


def test_duals_short_of_the_matchings_value_are_refused() -> None:
    """A worse matching already shows as a negative cycle while the duals are found (above);
    the primal == dual check is the last line: duals whose value differs are refused."""
    duals = assign._duals

    def off_by_one(*args: object) -> tuple[object, object, int]:
        u, v, dual = duals(*args)  # type: ignore[arg-type]
        return u, v, dual + 1

    with (mock.patch.object(assign, "_duals", off_by_one),
          pytest.raises(RuntimeError, match="certificate mismatch")):
        assign.solve_sparse(*ARGS)


def test_the_small_solver_says_when_no_full_matching_exists() -> None:
    """As documented (ValueError), also when the heap holds only entries a shorter path
    replaced: that search emptied it and raised IndexError."""
    from terbalik.matching.engine.small import min_weight_full_matching

    rows, cols = np.array([0, 0, 1, 1, 2, 2, 3, 3, 3]), np.array([1, 2, 1, 2, 0, 1, 0, 1, 2])
    cost = np.array([2, 0, 3, 4, 5, 0, 1, 5, 5])  # four rows, three columns reachable
    with pytest.raises(ValueError, match="no matching covers every row"):
        min_weight_full_matching(4, 4, rows, cols, cost)
    with pytest.raises(ValueError, match="no matching covers every row"):  # no stale entry
        min_weight_full_matching(2, 2, np.array([0, 1]), np.array([0, 0]), np.array([0, 0]))
