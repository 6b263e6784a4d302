"""The engine entry point: participants + config in, :class:`MatchResult` out."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from .assign import Certified, Rescored, certify
from .model import MICRO, MatchConfig, Participant, Summary
from .parallel import ordered_map
from .problem import IntArray, Problem, build_problem, expand_ranges
from .progress import Progress
from .score import Exact, Scan, iter_row_groups, scan_block
from .table import UNKNOWN, Assignments, PairRows, Suggestions
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

    @cached_property
    def _input_order(self) -> tuple[IntArray, list[str]]:
        prob = self.problem
        order = np.asarray(prob.mentee_input_order, dtype=np.int64)
        mentees = prob.mentees
        return order, [mentees[row].employee_id for row in order.tolist()]

    @cached_property
    def assignments(self) -> Assignments:
        """One entry per mentee, in input order."""
        sol = self.certified.solution
        prob = self.problem
        order, mentee_ids = self._input_order
        cols = sol.mentor_of[order]
        matched = cols >= 0
        rows, cols = order[matched], cols[matched]
        unknown = np.full(len(rows), UNKNOWN, dtype=np.int64)  # the pairs work them out
        pairs = PairRows(prob, rows, cols, sol.micro_of[rows], unknown, unknown)
        status = np.where(matched, "matched", np.where(
            self.feasible[order] == 0, "no_eligible_mentor", "eligible_mentors_full"))
        pair_of = np.where(matched, np.cumsum(matched) - 1, -1)
        return Assignments(mentee_ids, status.tolist(), pair_of.tolist(), pairs)

    def suggestions(self, top: int | None = None) -> Suggestions:
        """The ``top`` best feasible mentors of each mentee (capacity ignored),
        mentees in input order, ties by mentor employee_id ascending."""
        top = self.problem.config.top if top is None else top
        cand = self.suggested
        if top > self.problem.config.top:
            cand = _scan_all(self.problem, top, 1, _noop)[1]
        order, mentee_ids = self._input_order
        starts = np.searchsorted(cand.rows, np.arange(self.problem.n + 1))
        first = starts[order]
        taken = np.minimum(starts[order + 1] - first, top)
        at, owner = expand_ranges(first, first + taken)
        ranks = at - first[owner] + 1
        chosen = cand.take(at)
        pairs = PairRows(self.problem, chosen.rows, chosen.cols, chosen.micro,
                         chosen.skill_count, chosen.interest_count)
        return Suggestions([mentee_ids[k] for k in owner.tolist()], ranks.tolist(), pairs)


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
