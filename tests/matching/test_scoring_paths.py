"""The scoring shortcuts give exactly the answers of the plain paths.

Row-wise coding (sums of mentor rows, per-row counting and extraction) against the
tiled matrix product, and several scoring threads against one.  No Django here."""

from __future__ import annotations

import random
from unittest import mock

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings

from terbalik.matching.engine import (
    MatchConfig,
    Participant,
    assignments_csv,
    run,
    score,
    suggestions_csv,
)
from terbalik.matching.engine.parallel import THREADS_ENV, workers
from terbalik.matching.engine.problem import Problem, build_problem

from .reference import optimum
from .test_engine_properties import instances

SKILLS = ["tiktok", "canva", "excel", "python", "sql", "figma", "seo", "notion"]
INTERESTS = ["kopi", "musik", "futsal", "film", "buku", "yoga"]


def _company(n_mentees: int, n_mentors: int, seed: int) -> list[Participant]:
    rnd = random.Random(seed)
    people: list[Participant] = []
    for k in range(n_mentees + n_mentors):
        role = "mentee" if k < n_mentees else "mentor"
        manager = f"P{rnd.randrange(k):04d}" if k and rnd.random() < 0.2 else ""
        people.append(Participant(
            employee_id=f"P{k:04d}", role=role,  # type: ignore[arg-type]
            grade=rnd.randint(5, 9) if role == "mentee" else rnd.randint(1, 6),
            department=rnd.choice(["", "hr", "it", "sales", "legal"]),
            manager_id=manager,
            skills=tuple(rnd.sample(SKILLS, rnd.randint(0, 4))),
            interests=tuple(rnd.sample(INTERESTS, rnd.randint(0, 3))),
            languages=tuple(rnd.sample(["id", "en", "jv"], rnd.randint(0, 2))),
            capacity=rnd.randint(1, 3) if role == "mentor" else 1,
            avoid=(f"p{rnd.randrange(n_mentees + n_mentors):04d}",) if rnd.random() < 0.05
            else (),
            line=k + 2,
        ))
    return people


def _outputs(people: list[Participant], config: MatchConfig, k: int = 8
             ) -> tuple[str, str, int, int, bool]:
    result = run(people, config, candidates_per_mentee=k)
    s = result.summary
    return (assignments_csv(result.assignments), suggestions_csv(result.suggestions(5)),
            s.matched, s.total_score_micro, s.exact)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_row_wise_scoring_gives_the_same_answers(
    case: tuple[list[Participant], MatchConfig, int]
) -> None:
    people, config, k = case
    with mock.patch.object(score, "ROW_WISE_MIN_WIDTH", 10**9):
        tiled = _outputs(people, config, k)
    with mock.patch.object(score, "ROW_WISE_MIN_WIDTH", 0):
        row_wise = _outputs(people, config, k)
    assert row_wise == tiled
    assert row_wise[4]
    assert row_wise[2:4] == optimum(people, config)


@pytest.mark.parametrize("weights", [(0.6, 0.3, 0.1), (0.5, 0.5, 0.0)])
def test_row_wise_codes_equal_the_matrix_product(weights: tuple[float, float, float]) -> None:
    people = _company(120, 300, seed=5)
    config = MatchConfig(skill_weight=weights[0], interest_weight=weights[1],
                         diversity_weight=weights[2])
    prob = build_problem(people, config)
    assert prob.classes.mentor_weighted is not None
    rows = np.arange(prob.n, dtype=np.int64)
    with mock.patch.object(score, "ROW_WISE_MIN_WIDTH", 10**9):
        tiled = score.class_codes(prob, rows, prob.m)
    with mock.patch.object(score, "ROW_WISE_MIN_WIDTH", 0):
        row_wise = score.class_codes(prob, rows, prob.m)
    assert row_wise.dtype == tiled.dtype
    np.testing.assert_array_equal(row_wise, tiled)
    assert len(np.unique(tiled)) > 20  # a varied block, forbidden cells included
    assert (tiled == prob.classes.count).any()


@pytest.mark.parametrize("row_wise_from", [0, 10**9])
def test_threads_give_the_same_answers_as_one(monkeypatch: pytest.MonkeyPatch,
                                              row_wise_from: int) -> None:
    """Many small blocks, scored on 1, 2 and 3 threads: byte-identical outputs."""
    people = _company(400, 700, seed=11)
    config = MatchConfig(top=4)
    monkeypatch.setattr(score, "BLOCK_CELLS", 5_000)
    monkeypatch.setattr(score, "MIN_ROWS", 3)
    monkeypatch.setattr(score, "ROW_WISE_MIN_WIDTH", row_wise_from)
    outputs = {}
    for threads in (1, 2, 3):
        monkeypatch.setenv(THREADS_ENV, str(threads))
        assert workers() == threads
        outputs[threads] = _outputs(people, config, k=2)
    assert outputs[2] == outputs[1]
    assert outputs[3] == outputs[1]
    assert outputs[1][2] > 300  # most mentees matched: the outputs are not trivial


def test_thread_count_follows_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(THREADS_ENV, "3")
    assert workers() == 3
    for ignored in ("0", "x", ""):
        monkeypatch.setenv(THREADS_ENV, ignored)
        assert 1 <= workers() <= 4


def _scan(prob: Problem, rows: np.ndarray, k_suggest: int, k_assign: int,
          row_wise: bool) -> score.Scan:
    with mock.patch.object(score, "ROW_WISE_MIN_WIDTH", 0 if row_wise else 10**9):
        return score.scan_block(prob, rows, prob.m, k_suggest, k_assign)


@pytest.mark.parametrize(("weights", "min_score", "seniority", "ks", "ka"), [
    ((0.6, 0.3, 0.1), 0.0, "age", 3, 8),
    ((0.6, 0.3, 0.1), 0.0, "age", 10, 2),  # more suggestions than candidates
    ((0.2, 0.7, 0.1), 0.0, "grade_or_age", 3, 8),
    ((0.5, 0.5, 0.0), 0.35, "age", 3, 8),  # classes under min_score: full histograms
    ((0.0, 0.0, 1.0), 0.0, "age", 3, 1),  # skills weigh nothing
])
def test_best_cells_histogram_equals_the_full_one(
    weights: tuple[float, float, float], min_score: float, seniority: str, ks: int, ka: int
) -> None:
    """Row-wise blocks histogram each row's best cells only (best.top_rows); the
    feasible counts, suggestions, candidates and tau equal the full histogram's."""
    people = _company(150, 900, seed=7)
    config = MatchConfig(skill_weight=weights[0], interest_weight=weights[1],
                         diversity_weight=weights[2], min_score=min_score,
                         seniority=seniority)
    prob = build_problem(people, config)
    seen = _row_wise_equals_tiled(prob, ks, ka)
    if min_score == 0 and weights[0] > 0:
        # the shortcut was taken, on a fraction of each row's cells
        assert seen and np.mean(seen) < prob.m / 4


def _row_wise_equals_tiled(prob: Problem, ks: int, ka: int) -> list[int]:
    """Scan every row of `prob` row-wise (best.top_rows) and tiled (the full histogram),
    assert the feasible counts, tau, suggestions and candidates are equal, and return how
    many cells each row-wise row histogrammed when it took the shortcut."""
    rows = np.arange(prob.n, dtype=np.int64)
    seen: list[int] = []
    real = score.top_rows

    def spy(*args: object) -> object:
        out = real(*args)
        seen.extend(len(cells[0]) for cells in out[1] if cells is not None)
        return out

    with mock.patch.object(score, "top_rows", spy):
        fast = _scan(prob, rows, ks, ka, row_wise=True)
    plain = _scan(prob, rows, ks, ka, row_wise=False)
    np.testing.assert_array_equal(fast.feasible, plain.feasible)
    np.testing.assert_array_equal(fast.tau, plain.tau)
    for got, want in ((fast.suggest, plain.suggest), (fast.assign, plain.assign)):
        for field in ("rows", "cols", "micro", "skill_count", "interest_count"):
            np.testing.assert_array_equal(getattr(got, field), getattr(want, field))
    return seen


def _company_with_overlaps() -> list[Participant]:
    """_company plus a mentee who manages a mentor and also avoids them (the same cell
    blocked twice: reporting line and avoid list), and avoids the mentor managing them."""
    people = _company(150, 900, seed=7)
    extra = [
        Participant(employee_id="X001", role="mentee", grade=9, department="it",  # type: ignore[arg-type]
                    manager_id="Z001", skills=("python", "sql"), interests=("kopi",),
                    avoid=("y001", "z001"), line=2000),
        Participant(employee_id="Y001", role="mentor", grade=1, department="hr",  # type: ignore[arg-type]
                    manager_id="X001", skills=("python",), interests=("kopi",), line=2001),
        Participant(employee_id="Z001", role="mentor", grade=2, department="it",  # type: ignore[arg-type]
                    skills=("sql",), interests=(), line=2002),
    ]
    return people + extra


@pytest.mark.parametrize("seniority", ["grade", "age", "grade_or_age", "grade_and_age"])
def test_row_wise_forbidden_counts_are_exact(seniority: str) -> None:
    """score.row_codes counts each row's forbidden cells as the constraints are written
    (languages, reporting lines both ways, avoid lists, seniority) instead of a pass
    over every cell; the counts equal the cells holding the forbidden code."""
    prob = build_problem(_company_with_overlaps(), MatchConfig(seniority=seniority))
    rows = np.arange(prob.n, dtype=np.int64)
    codes, forbidden = score.row_codes(prob, rows, prob.m)
    np.testing.assert_array_equal(forbidden, (codes == prob.classes.count).sum(axis=1))
    x = [p.employee_id for p in prob.mentees].index("X001")
    y = [p.employee_id for p in prob.mentors].index("Y001")
    assert y in prob.blocked_cols[prob.blocked_ptr[x]:prob.blocked_ptr[x + 1]]
    assert y in prob.mentor_by_pre[prob.desc_start[x]:prob.desc_end[x]]  # listed twice
    assert forbidden.min() < forbidden.max()  # varied rows


@pytest.mark.parametrize(("start", "sample"), [(0.0, 32), (1.0, 1), (1.0, 7), (1e9, 32)])
def test_first_threshold_from_the_sample_does_not_change_answers(
    monkeypatch: pytest.MonkeyPatch, start: float, sample: int
) -> None:
    """best.top_rows starts each row's threshold where a sample of its cells says
    enough pass; from the highest start (START 0), the lowest (START huge: one shared
    skill, then lowered by the bound only) or any sampling, the answers are exact."""
    from terbalik.matching.engine import best

    monkeypatch.setattr(best, "START", start)
    monkeypatch.setattr(best, "SAMPLE", sample)
    people = _company(150, 900, seed=3)
    prob = build_problem(people, MatchConfig(skill_weight=0.5, interest_weight=0.4,
                                             diversity_weight=0.1))
    seen = _row_wise_equals_tiled(prob, 3, 8)
    assert seen  # the shortcut was taken
    if start == 0.0:
        assert np.mean(seen) < prob.m / 4  # the highest starts: few cells per row
