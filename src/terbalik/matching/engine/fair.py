"""The fairness option: raise the worst match first.

The default objective (``run``) matches the most mentees, then maximises the total score; the
worst-matched mentees may be left with poor matches to gain elsewhere. ``run_fair`` keeps the
same number of matched mentees, then maximises the *minimum* score of a matched pair (the
bottleneck), then the total among the assignments that keep that minimum.

Method: the number of mentees that can be matched using only pairs scoring at least ``t``
falls as ``t`` rises, so the largest ``t`` that still matches as many mentees as the default
is found by bisection over the scores a pair can have (``_levels``; whole micro units on
problems too large to list them), each step one certified ``run`` with ``min_score = t``.
The answer is proven twice over: the run at ``t`` matches everyone the default matches, and
the run at the next level above ``t`` proves (by its own LP certificate) that fewer mentees
can be matched once every pair must score more than ``t`` (no pair scores in between). The
fair assignment is the certified run at ``t``: most matched, then the largest total among
pairs scoring at least ``t``.
"""

from __future__ import annotations

import bisect
import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .model import MICRO, MatchConfig, Participant
from .problem import IntArray, Problem, distinct
from .progress import Progress
from .run import MAX_ROUNDS, MatchResult, run
from .score import BLOCK_CELLS, class_table

#: bisection steps are bounded by log2 of the number of levels (at most about 21)
_MAX_STEPS = 64
#: the levels are listed from each mentee's score of every pair class up to this many
#: (mentee, class) cells; above it, every micro unit is a level
LEVEL_CELLS = 50_000_000


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


def _levels(problem: Problem, low: int, high: int) -> IntArray | range:
    """Sorted scores strictly between ``low`` and ``high`` that include every pair's score.

    A pair's score is its mentee's score of the pair's class (``score.class_table``), so
    those scores, class by class, are such a superset; a 12-person file has a dozen, where
    bisecting whole micro units took about 20 runs. Above LEVEL_CELLS, every micro unit as a
    lazy ``range``: weights like 60/30/10 make 100 M+ of them, 800 MB as an array."""
    count = max(problem.classes.count, 1)
    if problem.n * count > LEVEL_CELLS:
        return range(low + 1, high)
    step = max(1, BLOCK_CELLS // count)
    parts = [np.zeros(0, dtype=np.int64)]
    for start in range(0, problem.n, step):
        table = distinct(class_table(problem, np.arange(start, min(problem.n, start + step),
                                                         dtype=np.int64)))
        parts.append(table[(table > low) & (table < high)])
    return distinct(np.concatenate(parts))


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
    levels = _levels(base.problem, low, high)
    # levels[:below + 1] keep `target` matched (index -1: `low`), levels[above:] do not
    below, above = -1, len(levels)
    for step in range(_MAX_STEPS):
        if above - below <= 1:
            break
        report("fair", step, step + (above - below - 1).bit_length())
        middle = (below + above) // 2
        trial = at(int(levels[middle]))
        runs += 1
        exact = exact and trial.summary.exact
        if _matched(trial) >= target:
            # the worst pair of this run may already score more than `levels[middle]`
            best, low = trial, score_stats(trial).minimum_micro
            below = bisect.bisect_right(levels, low) - 1  # on an array or a range
        else:
            above = middle
    report("fair", 1, 1)
    return FairResult(base, best, low, exact, runs)
