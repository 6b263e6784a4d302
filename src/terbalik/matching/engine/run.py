"""The engine entry point: participants + config in, :class:`MatchResult` out."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from .assign import Certified, Rescored, certify
from .model import MICRO, Assignment, MatchConfig, PairScore, Participant, Suggestion, Summary
from .parallel import ordered_map
from .problem import IntArray, Problem, build_problem
from .progress import Progress
from .score import Exact, Scan, iter_row_groups, scan_block
from .violations import violations

#: assignment candidates kept per mentee before the certificate loop widens them
ASSIGN_K = 8
#: re-solves of the certificate loop before settling for a bound
MAX_ROUNDS = 6
#: a re-scored mentee keeps a watch list of at most this many nearly violating pairs
WATCH_CAP = 256


def _noop(step: str, done: int, total: int) -> None:
    return None


@dataclass
class MatchResult:
    problem: Problem
    candidates: Exact  # assignment candidates, sorted by mentee
    suggested: Exact  # top ``config.top`` per mentee, sorted by (mentee, rank)
    feasible: IntArray  # feasible mentors per mentee
    certified: Certified
    summary: Summary
    _pairs: dict[tuple[int, int], PairScore] = field(default_factory=dict)

    def _pair(self, row: int, col: int, micro: int, cs: int, ci: int) -> PairScore:
        key = (row, col)
        found = self._pairs.get(key)
        if found is not None:
            return found
        prob = self.problem
        mentee, mentor = prob.mentees[row], prob.mentors[col]
        # the same float64 operations as score.exact_scores, on Python floats
        skill = cs / len(mentee.skills) if mentee.skills else 0.0
        den = len(mentee.interests) + len(mentor.interests) - ci
        interest = ci / den if den > 0 else 0.0
        diversity = 1.0 if (mentee.department and mentor.department
                            and mentee.department != mentor.department) else 0.0
        mentor_skills = set(mentor.skills)
        mentor_interests = set(mentor.interests)
        pair = PairScore(
            mentor_id=mentor.employee_id,
            score_micro=micro,
            skill=skill,
            interest=interest,
            diversity=diversity,
            skills_taught=tuple(s for s in mentee.skills if s in mentor_skills),
            skills_wanted=len(mentee.skills),
            shared_interests=tuple(s for s in mentee.interests if s in mentor_interests),
            interests_listed=bool(mentee.interests or mentor.interests),
            department_known=bool(mentee.department and mentor.department),
        )
        self._pairs[key] = pair
        return pair

    @property
    def assignments(self) -> list[Assignment]:
        """One entry per mentee, in input order."""
        sol = self.certified.solution
        prob = self.problem
        out: list[Assignment] = []
        for row in prob.mentee_input_order:
            mentee_id = prob.mentees[row].employee_id
            col = int(sol.mentor_of[row])
            if col < 0:
                status = (
                    "no_eligible_mentor" if self.feasible[row] == 0 else "eligible_mentors_full"
                )
                out.append(Assignment(mentee_id, None, status))
                continue
            mentee, mentor = prob.mentees[row], prob.mentors[col]
            cs = len(set(mentee.skills) & set(mentor.skills))
            ci = len(set(mentee.interests) & set(mentor.interests))
            pair = self._pair(row, col, int(sol.micro_of[row]), cs, ci)
            out.append(Assignment(mentee_id, pair, "matched"))
        return out

    def suggestions(self, top: int | None = None) -> list[Suggestion]:
        """The ``top`` best feasible mentors of each mentee (capacity ignored),
        mentees in input order, ties by mentor employee_id ascending."""
        top = self.problem.config.top if top is None else top
        cand = self.suggested
        if top > self.problem.config.top:
            cand = _scan_all(self.problem, top, 1, _noop)[1]
        starts = np.searchsorted(cand.rows, np.arange(self.problem.n + 1))
        out: list[Suggestion] = []
        for row in self.problem.mentee_input_order:
            mentee_id = self.problem.mentees[row].employee_id
            for rank, k in enumerate(range(starts[row], min(starts[row + 1], starts[row] + top))):
                pair = self._pair(row, int(cand.cols[k]), int(cand.micro[k]),
                                  int(cand.skill_count[k]), int(cand.interest_count[k]))
                out.append(Suggestion(mentee_id, rank + 1, pair))
        return out


def _scan_all(prob: Problem, k_suggest: int, k_assign: int, progress: Progress
              ) -> tuple[IntArray, Exact, Exact, IntArray]:
    feasible = np.zeros(prob.n, dtype=np.int64)
    tau = np.zeros(prob.n, dtype=np.int64)
    suggest: list[Exact] = []
    assign: list[Exact] = []
    done = 0
    groups = list(iter_row_groups(prob, np.arange(prob.n, dtype=np.int64)))

    def one(group: tuple[IntArray, int]) -> Scan:
        return scan_block(prob, group[0], group[1], k_suggest, k_assign)

    for (rows, _width), scan in zip(groups, ordered_map(one, groups), strict=True):
        feasible[rows] = scan.feasible
        tau[rows] = scan.tau
        suggest.append(scan.suggest)
        assign.append(scan.assign)
        done += len(rows)
        progress("score", done, prob.n)
    return feasible, Exact.concat(suggest), Exact.concat(assign), tau


def run(
    participants: Sequence[Participant],
    config: MatchConfig | None = None,
    *,
    progress: Progress | None = None,
    time_budget: float | None = None,
    max_rounds: int = MAX_ROUNDS,
    candidates_per_mentee: int = ASSIGN_K,
) -> MatchResult:
    """Score, suggest and assign.

    Deterministic: the result depends only on the set of participants (not on
    their order) and the configuration.  The certificate loop stops after
    ``max_rounds`` re-solves (a fixed count, so output never depends on machine
    speed); a ``time_budget`` in seconds may cap it further, at the price of
    timing-dependent output.  When it stops before proving optimality, the
    summary says so and gives the gap to a proven upper bound."""
    started = time.perf_counter()
    config = config or MatchConfig()
    report = progress or _noop
    timings: dict[str, float] = {}
    prob = build_problem(participants, config)
    timings["index"] = time.perf_counter() - started

    t0 = time.perf_counter()
    feasible, suggested, cand, tau = _scan_all(prob, config.top, candidates_per_mentee, report)
    timings["score"] = time.perf_counter() - t0
    smax = int(round(sum(prob.weights) * MICRO)) + 1

    def rescore(rows: IntArray, u: IntArray, v: IntArray, big: int, per_row: int, margin: int
                ) -> Rescored:
        got = violations(prob, rows, u, v, big, per_row, margin, WATCH_CAP)
        return Rescored(got.found.rows, got.found.cols, got.found.micro, got.worst,
                        got.watch.rows, got.watch.cols, got.watch.micro, got.uncached,
                        got.cached, got.margin)

    t0 = time.perf_counter()
    report("assign", 0, 1)
    certified = certify(prob.n, prob.m, prob.capacity, cand.rows, cand.cols, cand.micro, tau,
                        smax, rescore,
                        max_rounds=max_rounds,
                        time_budget=(float("inf") if time_budget is None
                                     else max(0.0, time_budget - (time.perf_counter() - started))))
    report("assign", 1, 1)
    timings["assign"] = time.perf_counter() - t0

    sol = certified.solution
    matched = int((sol.mentor_of >= 0).sum())
    total = int(sol.micro_of.sum())
    if certified.exact:
        upper, gap = total, 0.0
    else:
        upper = certified.upper_bound - matched * sol.big
        gap = (upper - total) / upper if upper > 0 else 0.0
    summary = Summary(
        mentees=prob.n,
        mentors=prob.m,
        feasible_pairs=int(feasible.sum()),
        matched=matched,
        mean_score=(total / matched / MICRO) if matched else 0.0,
        total_score_micro=total,
        seconds=time.perf_counter() - started,
        exact=certified.exact,
        upper_bound_micro=upper,
        gap=gap,
        timings=timings,
    )
    return MatchResult(prob, cand, suggested, feasible, certified, summary)
