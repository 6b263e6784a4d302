"""Property tests of the pure engine against an independent brute-force optimum.

No Django here: these import only the engine.
"""

from __future__ import annotations

import datetime as dt
import importlib
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from terbalik.matching.engine import (
    MatchConfig,
    Participant,
    assignments_csv,
    run,
    suggestions_csv,
)

from .reference import feasible_pairs, optimum

SKILLS = ["tiktok", "canva", "excel", "python"]
INTERESTS = ["kopi", "musik", "futsal"]
DATES = [None, dt.date(1970, 1, 1), dt.date(1985, 6, 1), dt.date(1995, 3, 3),
         dt.date(2001, 12, 24)]


@st.composite
def instances(draw: st.DrawFn, max_mentees: int = 6, max_mentors: int = 7
              ) -> tuple[list[Participant], MatchConfig, int]:
    n_e = draw(st.integers(0, max_mentees))
    n_m = draw(st.integers(0, max_mentors))
    roles = ["mentee"] * n_e + ["mentor"] * n_m
    roles = draw(st.permutations(roles))
    ids = [f"P{k:02d}" for k in range(len(roles))]
    people: list[Participant] = []
    for k, role in enumerate(roles):
        manager = ""
        if k and draw(st.integers(0, 3)) == 0:
            manager = ids[draw(st.integers(0, k - 1))]
        avoid: tuple[str, ...] = ()
        if len(ids) > 1 and draw(st.integers(0, 5)) == 0:
            avoid = (ids[draw(st.integers(0, len(ids) - 1))].casefold(),)
        people.append(
            Participant(
                employee_id=ids[k],
                role=role,  # type: ignore[arg-type]
                grade=draw(st.integers(1, 4)),
                birth_date=draw(st.sampled_from(DATES)),
                department=draw(st.sampled_from(["", "hr", "it"])),
                manager_id=manager,
                skills=tuple(draw(st.lists(st.sampled_from(SKILLS), unique=True, max_size=3))),
                interests=tuple(draw(st.lists(st.sampled_from(INTERESTS), unique=True,
                                              max_size=3))),
                languages=tuple(draw(st.lists(st.sampled_from(["id", "en"]), unique=True,
                                              max_size=2))),
                capacity=draw(st.integers(1, 3)) if role == "mentor" else 1,
                avoid=avoid,
                line=k + 2,
            )
        )
    weights = draw(st.sampled_from([(0.6, 0.3, 0.1), (1.0, 0.0, 0.0), (0.2, 0.5, 0.3),
                                    (0.0, 0.0, 1.0), (0.35, 0.35, 0.3)]))
    config = MatchConfig(
        skill_weight=weights[0], interest_weight=weights[1], diversity_weight=weights[2],
        seniority=draw(st.sampled_from(["grade", "age", "grade_and_age", "grade_or_age"])),
        min_score=draw(st.sampled_from([0.0, 0.0, 0.1, 0.3])),
        top=draw(st.integers(1, 4)),
    )
    k = draw(st.integers(1, 3))  # tiny candidate lists force the certificate loop
    return people, config, k


PROPS = settings(max_examples=150, deadline=None,
                 suppress_health_check=[HealthCheck.too_slow])


@PROPS
@given(instances())
def test_assignment_is_feasible_and_optimal(case: tuple[list[Participant], MatchConfig, int]
                                            ) -> None:
    people, config, k = case
    result = run(people, config, candidates_per_mentee=k)
    pairs = feasible_pairs(people, config)
    load: dict[str, int] = {}
    capacity = {p.employee_id: p.capacity for p in people if p.role == "mentor"}
    total = 0
    mentees = [p.employee_id for p in people if p.role == "mentee"]
    assert [a.mentee_id for a in result.assignments] == mentees
    for a in result.assignments:
        eligible = [m for (e, m) in pairs if e == a.mentee_id]
        if a.pair is None:
            expected = "eligible_mentors_full" if eligible else "no_eligible_mentor"
            assert a.status == expected
            if eligible:  # every eligible mentor really is at capacity
                for m in eligible:
                    assert sum(1 for b in result.assignments
                               if b.pair and b.pair.mentor_id == m) == capacity[m]
            continue
        assert (a.mentee_id, a.pair.mentor_id) in pairs  # every hard rule holds
        assert a.pair.score_micro == pairs[(a.mentee_id, a.pair.mentor_id)]
        load[a.pair.mentor_id] = load.get(a.pair.mentor_id, 0) + 1
        total += a.pair.score_micro
    assert all(load[m] <= capacity[m] for m in load)
    best_matched, best_total = optimum(people, config)
    assert result.summary.matched == best_matched == len(load and [1] * sum(load.values()))
    assert result.summary.total_score_micro == total == best_total
    assert result.summary.exact
    assert result.summary.feasible_pairs == len(pairs)


@PROPS
@given(instances())
def test_suggestions_are_exactly_the_top_n(case: tuple[list[Participant], MatchConfig, int]
                                           ) -> None:
    people, config, k = case
    result = run(people, config, candidates_per_mentee=k)
    pairs = feasible_pairs(people, config)
    got: dict[str, list[tuple[str, int]]] = {}
    for s in result.suggestions():
        got.setdefault(s.mentee_id, []).append((s.pair.mentor_id, s.pair.score_micro))
        assert s.rank == len(got[s.mentee_id])
    for e in (p.employee_id for p in people if p.role == "mentee"):
        ranked = sorted(((m, sc) for (x, m), sc in pairs.items() if x == e),
                        key=lambda t: (-t[1], t[0]))
        assert got.get(e, []) == ranked[: config.top]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(), st.randoms(use_true_random=False))
def test_outputs_are_deterministic_and_order_independent(
    case: tuple[list[Participant], MatchConfig, int], rnd: random.Random
) -> None:
    people, config, k = case
    first = run(people, config, candidates_per_mentee=k)
    again = run(list(people), config, candidates_per_mentee=k)
    a1 = assignments_csv(first.assignments)
    s1 = suggestions_csv(first.suggestions())
    assert assignments_csv(again.assignments) == a1
    assert suggestions_csv(again.suggestions()) == s1
    shuffled = list(people)
    rnd.shuffle(shuffled)
    other = run(shuffled, config, candidates_per_mentee=k)
    # suggestions: same rows once grouped per mentee; assignments: same pairs
    lines = s1.splitlines()[1:]
    other_lines = suggestions_csv(other.suggestions()).splitlines()[1:]
    assert sorted(lines) == sorted(other_lines)
    assert {a.mentee_id: a.pair for a in first.assignments} == {
        a.mentee_id: a.pair for a in other.assignments
    }


def test_popular_mentors_need_the_certificate_loop() -> None:
    """Everyone's favourite mentors are few: top-k pruning alone would leave
    mentees unmatched; the certified result matches everybody."""
    people = [Participant(employee_id=f"E{k:03d}", role="mentee", grade=9,
                          skills=("tiktok", "canva")) for k in range(40)]
    people += [Participant(employee_id=f"S{k}", role="mentor", grade=2,
                           skills=("tiktok", "canva")) for k in range(3)]
    people += [Participant(employee_id=f"M{k:03d}", role="mentor", grade=2,
                           skills=("excel",)) for k in range(40)]
    result = run(people, MatchConfig(), candidates_per_mentee=3)
    assert result.summary.matched == 40
    assert result.summary.exact
    assert result.certified.rounds > 1
    assert optimum(people, MatchConfig()) == (40, result.summary.total_score_micro)


def test_unmatched_reasons_are_distinguished() -> None:
    people = [
        Participant(employee_id="A", role="mentee", grade=9),
        Participant(employee_id="B", role="mentee", grade=9),
        Participant(employee_id="C", role="mentee", grade=1),  # nobody is more junior
        Participant(employee_id="M", role="mentor", grade=2, capacity=1),
    ]
    by_id = {a.mentee_id: a for a in run(people).assignments}
    assert by_id["C"].status == "no_eligible_mentor"
    statuses = {by_id["A"].status, by_id["B"].status}
    assert statuses == {"matched", "eligible_mentors_full"}


def _pair_allowed(rule: str, mentor: Participant, mentee: Participant) -> bool:
    result = run([mentor, mentee], MatchConfig(seniority=rule))  # type: ignore[arg-type]
    return result.assignments[0].pair is not None


def test_seniority_rules_apply_age_only_where_both_dates_are_known() -> None:
    old, young = dt.date(1970, 1, 1), dt.date(1999, 1, 1)

    def mentor(grade: int, born: dt.date | None) -> Participant:
        return Participant(employee_id="M", role="mentor", grade=grade, birth_date=born)

    def mentee(grade: int, born: dt.date | None) -> Participant:
        return Participant(employee_id="E", role="mentee", grade=grade, birth_date=born)

    # junior by grade, but older than the mentee
    assert _pair_allowed("grade", mentor(1, old), mentee(5, young))
    assert not _pair_allowed("age", mentor(1, old), mentee(5, young))
    assert not _pair_allowed("grade_and_age", mentor(1, old), mentee(5, young))
    assert _pair_allowed("grade_or_age", mentor(1, old), mentee(5, young))
    # younger, but senior by grade
    assert not _pair_allowed("grade", mentor(6, young), mentee(5, old))
    assert _pair_allowed("age", mentor(6, young), mentee(5, old))
    assert not _pair_allowed("grade_and_age", mentor(6, young), mentee(5, old))
    assert _pair_allowed("grade_or_age", mentor(6, young), mentee(5, old))
    # a birth date is missing: every rule falls back to grade alone
    for rule in ("age", "grade_and_age", "grade_or_age"):
        assert _pair_allowed(rule, mentor(1, None), mentee(5, old))
        assert _pair_allowed(rule, mentor(1, young), mentee(5, None))
        assert not _pair_allowed(rule, mentor(6, None), mentee(5, old))
        assert not _pair_allowed(rule, mentor(6, young), mentee(5, None))


def test_reporting_line_language_and_avoid_block_pairs() -> None:
    base = {"role": "mentor", "grade": 1}
    people = [
        Participant(employee_id="BOSS", role="mentee", grade=9, languages=("id",)),
        Participant(employee_id="MID", manager_id="BOSS", **base),  # type: ignore[arg-type]
        Participant(employee_id="LOW", manager_id="MID", **base),  # type: ignore[arg-type]
        Participant(employee_id="EN", languages=("en",), **base),  # type: ignore[arg-type]
        Participant(employee_id="NO", avoid=("boss",), **base),  # type: ignore[arg-type]
        Participant(employee_id="OK", languages=("en", "id"), **base),  # type: ignore[arg-type]
    ]
    result = run(people, MatchConfig(top=5))
    assert [s.pair.mentor_id for s in result.suggestions()] == ["OK"]
    assert result.summary.feasible_pairs == 1


def test_score_formula_and_rounding() -> None:
    people = [
        Participant(employee_id="E", role="mentee", grade=9, department="finance",
                    skills=("tiktok", "canva", "excel"), interests=("kopi", "hiking")),
        Participant(employee_id="M", role="mentor", grade=2, department="it",
                    skills=("canva", "tiktok"), interests=("kopi", "musik")),
    ]
    pair = run(people).assignments[0].pair
    assert pair is not None
    assert abs(pair.skill - 2 / 3) < 1e-12
    assert abs(pair.interest - 1 / 3) < 1e-12
    assert pair.diversity == 1.0
    assert pair.score_micro == round((0.6 * 2 / 3 + 0.3 / 3 + 0.1) * 1_000_000)
    assert pair.skills_taught == ("tiktok", "canva")
    assert pair.shared_interests == ("kopi",)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_out_of_budget_reports_a_valid_upper_bound(
    case: tuple[list[Participant], MatchConfig, int]
) -> None:
    """With no time for the certificate loop the result may be inexact, but the
    reported bound must still be >= the true optimum."""
    people, config, _ = case
    result = run(people, config, candidates_per_mentee=1, max_rounds=1)
    best_matched, best_total = optimum(people, config)
    s = result.summary
    sol = result.certified.solution
    assert s.matched <= best_matched
    assert result.certified.upper_bound >= best_matched * sol.big + best_total
    if s.exact:
        assert (s.matched, s.total_score_micro) == (best_matched, best_total)
        assert s.gap == 0.0
    else:
        assert s.upper_bound_micro >= best_total
        assert 0.0 <= s.gap <= 1.0


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_large_ties_path_gives_the_same_answers(
    case: tuple[list[Participant], MatchConfig, int]
) -> None:
    """Force the 'huge tie' path (probing the mentor-id ring) on every row."""
    from unittest import mock

    from terbalik.matching.engine import score

    people, config, k = case
    plain = run(people, config, candidates_per_mentee=k)
    with mock.patch.object(score, "HEAVY_TIE", 0):
        tied = run(people, config, candidates_per_mentee=k)
    assert suggestions_csv(tied.suggestions()) == suggestions_csv(plain.suggestions())
    assert tied.summary.exact
    assert (tied.summary.matched, tied.summary.total_score_micro) == optimum(people, config)


@pytest.mark.parametrize("heavy_tie", [0, 256])
def test_ties_in_suggestions_go_to_the_smallest_employee_id(heavy_tie: int) -> None:
    from unittest import mock

    from terbalik.matching.engine import score

    people = [Participant(employee_id="E", role="mentee", grade=9, skills=("canva",))]
    people += [Participant(employee_id=f"M{k:02d}", role="mentor", grade=(k % 3) + 1,
                           skills=("canva",)) for k in (7, 3, 11, 5, 2, 13, 8)]
    people += [Participant(employee_id="A00", role="mentor", grade=2, skills=("excel",))]
    with mock.patch.object(score, "HEAVY_TIE", heavy_tie):
        result = run(people, MatchConfig(top=3))
    assert [s.pair.mentor_id for s in result.suggestions()] == ["M02", "M03", "M05"]
    assert [s.pair.mentor_id for s in result.suggestions(9)] == [
        "M02", "M03", "M05", "M07", "M08", "M11", "M13", "A00"
    ]


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(), st.sampled_from([(0.2, 256), (1.0, 10_000), (1e-6, 256), (0.5, 1), (0.2, 0)]))
def test_watch_lists_keep_the_certificate_exact(
    case: tuple[list[Participant], MatchConfig, int], watch: tuple[float, int]
) -> None:
    """Re-checking only the watch lists of re-scored mentees (while the duals move less
    than the margin) proves the same optimum as re-scoring them in full: wide margins
    (every pair watched), tiny ones (the lists go stale at once) and tiny caps (no list)."""
    from unittest import mock

    from terbalik.matching.engine import assign

    engine_run = importlib.import_module("terbalik.matching.engine.run")
    people, config, k = case
    margin, cap = watch
    with mock.patch.object(assign, "WATCH_MARGIN", margin), \
            mock.patch.object(engine_run, "WATCH_CAP", cap):
        result = run(people, config, candidates_per_mentee=k, max_rounds=50)
    assert result.summary.exact
    assert (result.summary.matched, result.summary.total_score_micro) == optimum(people, config)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(), st.integers(1, 3))
def test_watch_lists_keep_the_budget_bound_valid(
    case: tuple[list[Participant], MatchConfig, int], rounds: int
) -> None:
    """Stopped early, the bound also counts violations found on the watch lists."""
    from unittest import mock

    from terbalik.matching.engine import assign

    people, config, _ = case
    with mock.patch.object(assign, "WATCH_MARGIN", 1.0):
        result = run(people, config, candidates_per_mentee=1, max_rounds=rounds)
    best_matched, best_total = optimum(people, config)
    sol = result.certified.solution
    assert result.certified.upper_bound >= best_matched * sol.big + best_total
    if result.summary.exact:
        assert (result.summary.matched, result.summary.total_score_micro) == (best_matched,
                                                                              best_total)
