"""Our Kaplan–Meier and log-rank against lifelines on generated data sets (to ~1e-9)."""

from __future__ import annotations

import random

import numpy as np
import pytest

lifelines = pytest.importorskip("lifelines")
from lifelines import KaplanMeierFitter  # noqa: E402
from lifelines.statistics import logrank_test  # noqa: E402

from terbalik.reports import retention  # noqa: E402

SEEDS = range(12)


def _data(seed: int, n: int) -> tuple[list[float], list[bool]]:
    rng = random.Random(seed)
    durations = [float(rng.randint(1, 60)) for _ in range(n)]  # integers: plenty of ties
    events = [rng.random() < 0.6 for _ in range(n)]
    return durations, events


@pytest.mark.filterwarnings("ignore::lifelines.exceptions.StatisticalWarning")
@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("weighted", [False, True])
def test_kaplan_meier_agrees_with_lifelines(seed, weighted):
    durations, events = _data(seed, 20 + 7 * seed)
    rng = random.Random(1000 + seed)
    weights = [rng.choice([0.5, 1.0, 2.0, 3.25]) for _ in durations] if weighted else None
    ours = retention.kaplan_meier(durations, events, weights)
    kmf = KaplanMeierFitter().fit(np.array(durations), np.array(events),
                                  weights=None if weights is None else np.array(weights))
    times = [t for t, _s in ours]
    theirs = kmf.survival_function_at_times(times).to_numpy()
    assert np.allclose([s for _t, s in ours], theirs, rtol=0, atol=1e-9)
    # between steps too
    grid = np.arange(0, max(durations) + 0.5, 0.5)
    ours_grid = [retention.survival_at(ours, t) for t in grid]
    assert np.allclose(ours_grid, kmf.survival_function_at_times(grid).to_numpy(),
                       rtol=0, atol=1e-9)


@pytest.mark.parametrize("seed", SEEDS)
def test_logrank_agrees_with_lifelines(seed):
    d1, e1 = _data(seed, 15 + 3 * seed)
    d2, e2 = _data(500 + seed, 25 + 2 * seed)
    ours = retention.logrank(d1 + d2, e1 + e2, [True] * len(d1) + [False] * len(d2))
    theirs = logrank_test(d1, d2, event_observed_A=e1, event_observed_B=e2)
    assert ours is not None
    assert ours.statistic == pytest.approx(theirs.test_statistic, rel=0, abs=1e-9)
    assert ours.p_value == pytest.approx(theirs.p_value, rel=0, abs=1e-9)


@pytest.mark.parametrize("seed", SEEDS)
def test_stratified_logrank_components_agree_with_lifelines(seed):
    """Each stratum's (O−E)²/V is lifelines' statistic; the stratified test sums O−E and V."""
    rng = random.Random(seed)
    rows = []
    for stratum in ("a", "b", "c"):
        for group in (True, False):
            durations, events = _data(rng.randint(0, 10_000), rng.randint(6, 20))
            rows += [(d, e, group, stratum) for d, e in zip(durations, events, strict=True)]
    total_u = total_v = 0.0
    for stratum in ("a", "b", "c"):
        part = [r for r in rows if r[3] == stratum]
        o, e, v = retention.logrank_components([r[0] for r in part], [r[1] for r in part],
                                               [r[2] for r in part])
        mentors = [r for r in part if r[2]]
        others = [r for r in part if not r[2]]
        theirs = logrank_test([r[0] for r in mentors], [r[0] for r in others],
                              event_observed_A=[r[1] for r in mentors],
                              event_observed_B=[r[1] for r in others])
        assert (o - e) ** 2 / v == pytest.approx(theirs.test_statistic, rel=0, abs=1e-9)
        total_u += o - e
        total_v += v
    ours = retention.logrank([r[0] for r in rows], [r[1] for r in rows],
                             [r[2] for r in rows], [r[3] for r in rows])
    assert ours is not None
    assert ours.statistic == pytest.approx(total_u**2 / total_v, rel=0, abs=1e-9)
