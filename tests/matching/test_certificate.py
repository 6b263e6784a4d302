"""The certificate loop (``assign.certify``) on random score matrices, against brute force.

``certify`` only sees a candidate graph and a ``rescore`` callback; here the callback is a
plain loop over a dense matrix, so the loop's own logic is exercised on instances much
larger and more contested than the participant-level properties reach: watch lists that go
stale, lists that are dropped for being too long, mentors whose duals fall between rounds.
"""

from __future__ import annotations

from unittest import mock

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy.optimize import linear_sum_assignment

from terbalik.matching.engine import assign
from terbalik.matching.engine.assign import NO_TAU, Rescored, certify

SMAX = 1_000_001
Matrix = np.ndarray


@st.composite
def problems(draw: st.DrawFn) -> tuple[Matrix, np.ndarray, int, int]:
    """(scores, n x m with -1 = infeasible; capacities; candidates per row; watch cap)."""
    n = draw(st.integers(1, 14))
    m = draw(st.integers(1, 9))
    # few distinct scores: ties and popular mentors
    levels = draw(st.lists(st.integers(0, SMAX - 1), min_size=1, max_size=4))
    pick = draw(arrays(np.int64, (n, m), elements=st.integers(-1, len(levels) - 1)))
    scores = np.where(pick >= 0, np.asarray(levels, dtype=np.int64)[np.maximum(pick, 0)], -1)
    capacity = draw(arrays(np.int64, m, elements=st.integers(1, 3)))
    return scores, capacity, draw(st.integers(1, 2)), draw(st.sampled_from([0, 1, 3, 100]))


def _optimum(scores: Matrix, capacity: np.ndarray) -> tuple[int, int]:
    n = scores.shape[0]
    slots = np.repeat(np.arange(scores.shape[1]), capacity)
    big = n * SMAX * 4
    weight = np.zeros((n, len(slots) + n))
    real = scores[:, slots]
    weight[:, : len(slots)] = np.where(real >= 0, big + real, 0)
    rows, cols = linear_sum_assignment(weight, maximize=True)
    w = weight[rows, cols]
    return int((w > 0).sum()), int(w[w > 0].sum()) - int((w > 0).sum()) * big


def _brute_rescore(scores: Matrix, cap: int):  # type: ignore[no-untyped-def]
    def rescore(rows, u, v, big, per_row, margin):  # type: ignore[no-untyped-def]
        found: list[tuple[int, int, int]] = []
        worst = np.zeros(scores.shape[0], dtype=np.int64)
        watch: list[tuple[int, int, int]] = []
        uncached, cached = [], []
        for i in sorted(rows.tolist()):
            cols = np.flatnonzero(scores[i] >= 0)
            gain = big + scores[i, cols] - u[i] - v[cols]
            bad = np.argsort(-gain, kind="stable")[:per_row]
            found += [(i, int(cols[b]), int(scores[i, cols[b]])) for b in bad if gain[b] > 0]
            worst[i] = max(0, int(gain.max(initial=0)))
            near = cols[scores[i, cols] - v[cols] > u[i] - big - margin]
            if len(near) > cap:
                uncached.append(i)
            else:
                cached.append(i)
                watch += [(i, int(j), int(scores[i, j])) for j in near]
        def arr(items, k):  # type: ignore[no-untyped-def]
            return np.array([t[k] for t in items], dtype=np.int64)
        return Rescored(arr(found, 0), arr(found, 1), arr(found, 2), worst, arr(watch, 0),
                        arr(watch, 1), arr(watch, 2), np.array(uncached, dtype=np.int64),
                        np.array(cached, dtype=np.int64),
                        np.full(len(cached), margin, dtype=np.int64))
    return rescore


def _start(scores: Matrix, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The best ``k`` feasible pairs of each row, and the best score left out (``tau``)."""
    n = scores.shape[0]
    rows, cols, tau = [], [], np.full(n, NO_TAU, dtype=np.int64)
    for i in range(n):
        feas = np.flatnonzero(scores[i] >= 0)
        order = feas[np.argsort(-scores[i, feas], kind="stable")]
        rows += [i] * len(order[:k])
        cols += order[:k].tolist()
        if len(order) > k:
            tau[i] = scores[i, order[k]]
    r, c = np.array(rows, dtype=np.int64), np.array(cols, dtype=np.int64)
    return r, c, scores[r, c].astype(np.int64), tau


PROPS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPS
@given(problems(), st.sampled_from([0.0, 1e-6, 0.05, 0.2, 1.0]))
def test_certified_optimum_equals_brute_force(
    case: tuple[Matrix, np.ndarray, int, int], margin: float
) -> None:
    scores, capacity, k, cap = case
    n, m = scores.shape
    rows, cols, micro, tau = _start(scores, k)
    with mock.patch.object(assign, "WATCH_MARGIN", margin):
        got = certify(n, m, capacity, rows, cols, micro, tau, SMAX,
                      _brute_rescore(scores, cap), add_per_row=1, max_rounds=100)
    sol = got.solution
    assert got.exact
    matched = int((sol.mentor_of >= 0).sum())
    assert (matched, int(sol.micro_of.sum())) == _optimum(scores, capacity)
    chosen = np.flatnonzero(sol.mentor_of >= 0)
    assert (scores[chosen, sol.mentor_of[chosen]] == sol.micro_of[chosen]).all()
    assert (np.bincount(sol.mentor_of[chosen], minlength=m) <= capacity).all()
    # the duals prove it: feasible on every pair, and their value equals the primal
    assert (sol.u >= 0).all() and (sol.v >= 0).all()
    feas = scores >= 0
    slack = sol.u[:, None] + sol.v[None, :] - sol.big - scores
    assert (slack[feas] >= 0).all()


@PROPS
@given(problems(), st.sampled_from([0.05, 0.2, 1.0]), st.integers(1, 3))
def test_stopped_early_the_bound_is_valid(
    case: tuple[Matrix, np.ndarray, int, int], margin: float, rounds: int
) -> None:
    scores, capacity, _, cap = case
    n, m = scores.shape
    rows, cols, micro, tau = _start(scores, 1)
    with mock.patch.object(assign, "WATCH_MARGIN", margin):
        got = certify(n, m, capacity, rows, cols, micro, tau, SMAX,
                      _brute_rescore(scores, cap), max_rounds=rounds)
    best_matched, best_total = _optimum(scores, capacity)
    sol = got.solution
    assert got.upper_bound >= best_matched * sol.big + best_total
    if got.exact:
        assert ((sol.mentor_of >= 0).sum(), sol.micro_of.sum()) == (best_matched, best_total)
