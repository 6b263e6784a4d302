"""The fairness option ("raise the worst match first") against a brute-force reference.

Reference: for every distinct pair score ``t`` (highest first), an independent dense solver
(`reference.optimum`, scipy's linear_sum_assignment over every pair) checks whether as many
mentees can be matched using only pairs scoring at least ``t``; the first such ``t`` is the
largest possible minimum, and the reference's best total under it is the fair total.
"""

from __future__ import annotations

import dataclasses
from unittest import mock

from hypothesis import given
from hypothesis import strategies as st

from terbalik.matching.engine import MICRO, MatchConfig, Participant, fair
from terbalik.matching.engine.fair import run_fair, score_stats

from .reference import feasible_pairs, optimum
from .test_engine_properties import PROPS, instances


def _reference(people: list[Participant], cfg: MatchConfig) -> tuple[int, int, int]:
    """(matched, largest minimum score, largest total under that minimum), micro units."""
    matched, _total = optimum(people, cfg)
    if matched == 0:
        return 0, 0, 0
    floor = int(round(cfg.min_score * 1_000_000))
    for t in sorted(set(feasible_pairs(people, cfg).values()), reverse=True):
        strict = dataclasses.replace(cfg, min_score=max(t, floor) / 1_000_000)
        got, total = optimum(people, strict)
        if got == matched:
            return matched, t, total
    raise AssertionError("the lowest score always keeps the matches")  # pragma: no cover


@PROPS
@given(instances())
def test_fair_assignment_is_the_bottleneck_optimum(
    case: tuple[list[Participant], MatchConfig, int],
) -> None:
    people, config, _k = case
    result = run_fair(people, config)
    matched, bottleneck, total = _reference(people, config)
    fair = score_stats(result.fair)
    assert result.exact
    assert (fair.matched, result.bottleneck_micro, fair.total_micro) == (
        matched, bottleneck, total)
    assert fair.minimum_micro == bottleneck if matched else fair.minimum_micro == 0
    # the trade-off HR is shown: never fewer matches, a worst match at least as good, and a
    # total at most the default's
    default = score_stats(result.total)
    assert default.matched == fair.matched
    assert fair.minimum_micro >= default.minimum_micro
    assert fair.total_micro <= default.total_micro


@st.composite
def contested(draw: st.DrawFn) -> tuple[list[Participant], MatchConfig, int]:
    """Everyone eligible, varied skill overlaps and scarce mentors: where the total and the
    worst match pull apart (random org charts rarely get there)."""
    skills = ["s1", "s2", "s3", "s4", "s5", "s6"]
    people = [
        Participant(
            employee_id=f"{role[1]}{k}", role=role,  # type: ignore[arg-type]
            grade=9 if role == "mentee" else 1,
            skills=tuple(draw(st.lists(st.sampled_from(skills), unique=True, min_size=1,
                                       max_size=5))),
            interests=tuple(draw(st.lists(st.sampled_from(["kopi", "musik"]), unique=True))),
            capacity=draw(st.integers(1, 2)) if role == "mentor" else 1,
        )
        for role, count in (("mentee", draw(st.integers(1, 6))),
                            ("mentor", draw(st.integers(1, 4))))
        for k in range(count)
    ]
    weights = draw(st.sampled_from([(1.0, 0.0, 0.0), (0.7, 0.3, 0.0)]))
    config = MatchConfig(skill_weight=weights[0], interest_weight=weights[1],
                         diversity_weight=weights[2])
    return people, config, 1


@PROPS
@given(contested())
def test_fair_assignment_is_the_bottleneck_optimum_when_mentors_are_contested(
    case: tuple[list[Participant], MatchConfig, int],
) -> None:
    test_fair_assignment_is_the_bottleneck_optimum.hypothesis.inner_test(case)


def _person(pid: str, role: str, grade: int, skills: str, capacity: int = 1) -> Participant:
    return Participant(employee_id=pid, role=role, grade=grade,  # type: ignore[arg-type]
                       skills=tuple(skills.split()), capacity=capacity)


def test_fairness_gives_up_total_score_to_lift_the_worst_match() -> None:
    # Ani teaches Budi everything (1.0) and Sari half (0.5); Dedi teaches Budi 2 of 5 (0.4)
    # and Sari nothing (0.0). The default takes 1.0 + 0.0 = 1.0 and leaves Sari with a zero;
    # the fair assignment takes 0.4 + 0.5 = 0.9 and nobody scores below 0.4.
    people = [
        _person("budi", "mentee", 9, "s1 s2 s3 s4 s5"),
        _person("sari", "mentee", 9, "t1 t2"),
        _person("ani", "mentor", 2, "s1 s2 s3 s4 s5 t1"),
        _person("dedi", "mentor", 2, "s1 s2"),
    ]
    config = MatchConfig(skill_weight=1.0, interest_weight=0.0, diversity_weight=0.0)
    result = run_fair(people, config)

    def chosen(res: object) -> dict[str, str]:
        return {a.mentee_id: a.pair.mentor_id
                for a in res.assignments if a.pair}  # type: ignore[attr-defined]

    assert chosen(result.total) == {"budi": "ani", "sari": "dedi"}
    assert chosen(result.fair) == {"budi": "dedi", "sari": "ani"}
    default, fair = score_stats(result.total), score_stats(result.fair)
    assert (default.minimum_micro, default.total_micro) == (0, 1_000_000)
    assert (fair.minimum_micro, fair.total_micro) == (400_000, 900_000)
    assert result.bottleneck_micro == 400_000 and result.exact


def test_nobody_matched_is_reported_as_such() -> None:
    people = [_person("budi", "mentee", 2, "excel"), _person("ani", "mentor", 9, "excel")]
    result = run_fair(people)
    assert (result.bottleneck_micro, result.runs, score_stats(result.fair).matched) == (0, 1, 0)


@PROPS
@given(instances())
def test_bisection_runs_over_the_scores_pairs_can_have(
    case: tuple[list[Participant], MatchConfig, int],
) -> None:
    """The levels hold every pair score between the default's minimum and the top; the
    bisection needs log2 of their number in runs (a 12-person file: 6 runs, not 20), and
    bisecting whole micro units (the fallback for huge problems) proves the same answer."""
    people, config, _k = case
    result = run_fair(people, config)
    if score_stats(result.total).matched == 0:
        return
    low = score_stats(result.total).minimum_micro
    high = int(round(sum(result.total.problem.weights) * MICRO)) + 1
    with mock.patch.object(fair, "LEVEL_CELLS", 10**12):  # listed, whatever the constant
        levels = fair._levels(result.total.problem, low, high).tolist()
    assert levels == sorted(set(levels))
    assert {t for t in feasible_pairs(people, config).values() if t > low} <= set(levels)
    assert result.runs <= 1 + len(levels).bit_length()
    with mock.patch.object(fair, "LEVEL_CELLS", -1):
        micro_units = run_fair(people, config)
    assert micro_units.bottleneck_micro == result.bottleneck_micro
    assert score_stats(micro_units.fair).total_micro == score_stats(result.fair).total_micro


def test_the_micro_unit_fallback_lists_no_levels() -> None:
    """Above LEVEL_CELLS every micro unit is a level: weights like 60/30/10 make 100 M+ of
    them, which an array held at 8 bytes each (800 MB, up to 24 GB at the largest weights); a
    lazy range costs nothing and bisects the same."""
    import tracemalloc

    people = [_person("budi", "mentee", 9, "s1 s2"), _person("ani", "mentor", 2, "s1 s2"),
              _person("sari", "mentee", 9, "s1"), _person("dedi", "mentor", 2, "s1")]
    config = MatchConfig(skill_weight=60, interest_weight=30, diversity_weight=10)
    result = run_fair(people, config)
    with mock.patch.object(fair, "LEVEL_CELLS", -1):
        tracemalloc.start()
        try:
            levels = fair._levels(result.total.problem, 0, 10**7 + 1)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert peak < 100_000  # an array of them: 80 MB
        assert len(levels) == 10**7 and levels[0] == 1 and levels[-1] == 10**7
        micro_units = run_fair(people, config)
    assert micro_units.bottleneck_micro == result.bottleneck_micro
    assert score_stats(micro_units.fair).total_micro == score_stats(result.fair).total_micro
