"""The fairness option: raise the worst match first.

The default objective (``run``) matches the most mentees, then maximises the total score; the
worst-matched mentees may be left with poor matches to gain elsewhere. ``run_fair`` keeps the
same number of matched mentees, then maximises the *minimum* score of a matched pair (the
bottleneck), then the total among the assignments that keep that minimum.

Method: the number of mentees that can be matched using only pairs scoring at least ``t``
falls as ``t`` rises, so the largest ``t`` that still matches as many mentees as the default
is found by bisection over whole micro units, each step one certified ``run`` with
``min_score = t``. The answer is proven twice over: the run at ``t`` matches everyone the
default matches, and the run at ``t + 1`` micro proves (by its own LP certificate) that fewer
mentees can be matched once every pair must score more. The fair assignment is the certified
run at ``t``: most matched, then the largest total among pairs scoring at least ``t``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .model import MICRO, MatchConfig, Participant
from .progress import Progress
from .run import MAX_ROUNDS, MatchResult, run

#: bisection steps are bounded by log2 of the score range in micro units (about 21)
_MAX_STEPS = 64


@dataclass(frozen=True, slots=True)
class ScoreStats:
    """How good the matches are, for comparing two assignments side by side."""

    matched: int
    minimum_micro: int  # 0 when nobody is matched
    p10_micro: int  # 10th percentile (lower nearest rank)
    median_micro: int  # lower median
    total_micro: int

    @property
    def mean(self) -> float:
        return self.total_micro / self.matched / MICRO if self.matched else 0.0


def score_stats(result: MatchResult) -> ScoreStats:
    """Coverage and the score distribution of an engine result's assignment (exact integers)."""
    sol = result.certified.solution
    scores = np.sort(sol.micro_of[sol.mentor_of >= 0])
    if len(scores) == 0:
        return ScoreStats(0, 0, 0, 0, 0)

    def rank(q: float) -> int:
        return int(scores[max(0, int(np.ceil(q * len(scores))) - 1)])

    return ScoreStats(
        matched=len(scores),
        minimum_micro=int(scores[0]),
        p10_micro=rank(0.10),
        median_micro=rank(0.50),
        total_micro=int(scores.sum()),
    )


@dataclass(frozen=True)
class FairResult:
    total: MatchResult  # the default: most matched, then the largest total
    fair: MatchResult  # as many matched, the largest minimum, then the largest total
    bottleneck_micro: int  # the proven largest minimum score (0 when nobody is matched)
    #: every run was certified optimal, so both the minimum and the total are proven
    exact: bool
    runs: int


def _matched(result: MatchResult) -> int:
    return int((result.certified.solution.mentor_of >= 0).sum())


def run_fair(
    participants: Sequence[Participant],
    config: MatchConfig | None = None,
    *,
    progress: Progress | None = None,
    max_rounds: int = MAX_ROUNDS,
) -> FairResult:
    """The default assignment and the bottleneck-fair one, both certified (see module doc)."""
    config = config or MatchConfig()
    report = progress or (lambda step, done, total: None)

    def at(threshold: int) -> MatchResult:
        floor = max(threshold, int(round(config.min_score * MICRO)))
        return run(participants, dataclasses.replace(config, min_score=floor / MICRO),
                   max_rounds=max_rounds)

    base = run(participants, config, max_rounds=max_rounds)
    runs, exact = 1, base.summary.exact
    target = _matched(base)
    if target == 0:
        return FairResult(base, base, 0, exact, runs)
    best, low = base, score_stats(base).minimum_micro  # `low` keeps `target` matched
    high = int(round(sum(base.problem.weights) * MICRO)) + 1  # no pair scores this much
    for step in range(_MAX_STEPS):
        if high - low <= 1:
            break
        report("fair", step, step + (high - low).bit_length())
        middle = (low + high) // 2
        trial = at(middle)
        runs += 1
        exact = exact and trial.summary.exact
        if _matched(trial) >= target:
            # the worst pair of this run may already score more than `middle`
            best, low = trial, score_stats(trial).minimum_micro
        else:
            high = middle
    report("fair", 1, 1)
    return FairResult(base, best, low, exact, runs)
