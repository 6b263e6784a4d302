"""Per row of a score block: the suggestion and assignment levels from a class
histogram, and that histogram counted over the row's best cells only.

A row-wise block (see score) has the class code of each of a row's cells; counting
every cell (``bincount``) and picking the good ones through a class table were most
of the scoring time.  The classes a selection reads are the best ones, and the shared
skills lead the code (see problem.ClassSpace), so they are found among the cells from
a code threshold up: a few vector comparisons, then the histogram of a few hundred
cells.  A bound from the class table proves per row that nothing below the threshold
matters, else the threshold is lowered (down to the full histogram).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from .problem import IntArray, Problem

#: a row's cells sharing the most skills and interests are histogrammed when there are
#: more than this many times the cells the selections take (else fewer are shared)
ENOUGH = 8
#: no excluded feasible pair
NO_TAU = np.iinfo(np.int64).min
#: a row's first threshold is judged from every SAMPLE-th column
SAMPLE = 32
#: the first threshold is the highest that the sample says about START times the cells
#: the selections need pass (a row's tie of one class can be thousands of cells: an
#: extra, rarely needed lowering costs less than extracting those)
START = 1.0

#: some cells of a row: their columns (ascending) and class codes
Cells = tuple[npt.NDArray[np.intp], npt.NDArray[np.unsignedinteger]]


def _level(sorted_micro: IntArray, cum: IntArray, k: int, floor: int) -> IntArray:
    """Score of the k-th best feasible pair of each row (``floor`` if fewer than k)."""
    reach = cum >= k
    has = reach.any(axis=1)
    first = np.argmax(reach, axis=1)
    level = sorted_micro[np.arange(len(cum)), first]
    out: IntArray = np.where(has, level, floor).astype(np.int64)
    return out


def levels(problem: Problem, hist: npt.NDArray[np.intp], table: IntArray, k_suggest: int,
            k_assign: int) -> tuple[npt.NDArray[np.bool_], IntArray, IntArray, IntArray]:
    """Feasible classes, their pair counts and the suggestion and assignment levels."""
    feasible_class = (hist > 0) & (table >= problem.min_micro)
    counts: IntArray = np.where(feasible_class, hist, 0)
    floor = np.iinfo(np.int64).min // 4
    ranked = np.where(feasible_class, table, floor)
    order = np.argsort(-ranked, axis=1, kind="stable")
    sorted_micro = np.take_along_axis(ranked, order, axis=1)
    cum = np.cumsum(np.take_along_axis(counts, order, axis=1), axis=1)
    lvl_s = _level(sorted_micro, cum, k_suggest, problem.min_micro)
    lvl_a = _level(sorted_micro, cum, k_assign, problem.min_micro)
    return feasible_class, counts, lvl_s, lvl_a


def top_rows(problem: Problem, rows: IntArray, codes: npt.NDArray[np.unsignedinteger],
              table: IntArray, k_suggest: int, k_assign: int
              ) -> tuple[npt.NDArray[np.intp], list[Cells | None]]:
    """Per row, the class histogram of its cells sharing at least ``s`` skills and then
    ``t`` interests (codes from ``s * skill_step + t * interest_step`` up, forbidden
    cells left out), with those cells (columns, codes); ``None``: all cells (``s`` =
    ``t`` = 0, the full histogram).

    The threshold starts at the most the mentee can share, or lower where a sample of
    the row's cells shows that few pass (see ``_start_from_sample``), and is lowered
    (``t`` first) while at most ``ENOUGH`` times the selected cells pass it, or while
    a feasible cell below it could score as high as the best class that the partial
    histogram leaves out of the selections (a bound from ``table`` over the classes a
    cell of the row can have): so what the selections and ``tau`` read from the
    histogram (the classes from the lower level up, and the best one below it) is
    exact.  Rows where some class scores below ``min_micro`` use the full histogram
    (feasible count).  The cells not forbidden per row come from score.row_codes."""
    cl = problem.classes
    R, NC = table.shape
    skill_top = cl.mentee_skill_top[rows]
    # the classes a cell of the row can have (the table holds every class)
    possible = ((cl.class_skill[None, :] <= skill_top[:, None])
                & (cl.class_interest[None, :] <= problem.interests.mentee_count[rows][:, None])
                & (cl.class_interest <= cl.class_mentor_interests)[None, :]
                & ((cl.class_diversity[None, :] == 0) | (problem.mentee_dept[rows] >= 0)[:, None]))
    feasible_score = np.where(possible & (table >= problem.min_micro), table, NO_TAU)
    # best feasible score of the classes below each code
    below_code = np.full((R, NC + 1), NO_TAU, dtype=np.int64)
    np.maximum.accumulate(feasible_score, axis=1, out=below_code[:, 1:])
    s = np.where((table >= problem.min_micro).all(axis=1), skill_top, 0)
    # then at least ``t`` shared interests (the next digit), lowered first
    interest_top = np.minimum(problem.interests.mentee_count[rows].astype(np.int64),
                              cl.skill_step // cl.interest_step - 1)
    t = np.where(s > 0, interest_top, 0)
    enough = ENOUGH * max(k_suggest, k_assign)  # fewer cells above the threshold: lower it
    _start_from_sample(codes, NC, enough, s, t, interest_top, cl.skill_step, cl.interest_step)
    hist = np.zeros((R, NC + 1), dtype=np.intp)
    top: list[Cells | None] = [None] * R
    todo = np.arange(R)
    W = codes.shape[1]
    mask = np.empty(W, dtype=np.bool_)
    shifted = np.empty(W, dtype=codes.dtype)

    def lower(i: int) -> None:
        if t[i] > 0:
            t[i] -= 1
        else:
            s[i] -= 1
            t[i] = interest_top[i] if s[i] > 0 else 0

    while len(todo):
        for i in todo.tolist():
            row = codes[i]
            while s[i] or t[i]:
                g = int(s[i]) * cl.skill_step + int(t[i]) * cl.interest_step
                # codes g..NC-1 (forbidden: NC): one unsigned comparison after a shift
                np.subtract(row, row.dtype.type(g), out=shifted)
                np.less(shifted, row.dtype.type(NC - g), out=mask)
                if np.count_nonzero(mask) > enough:
                    break
                lower(i)  # too few cells to decide: no need to look at them
            if s[i] == 0 and t[i] == 0:
                hist[i] = np.bincount(row, minlength=NC + 1)
                top[i] = None
                continue
            cols = np.flatnonzero(mask)
            k = row[cols]
            hist[i] = np.bincount(k, minlength=NC + 1)
            top[i] = (cols, k)
        feasible_class, _, lvl_s, lvl_a = levels(problem, hist[todo, :NC], table[todo],
                                                  k_suggest, k_assign)
        low = np.minimum(lvl_s, lvl_a)
        rest = np.where(feasible_class & (table[todo] < low[:, None]), table[todo],
                        NO_TAU).max(axis=1)
        bound = below_code[todo, s[todo] * cl.skill_step + t[todo] * cl.interest_step]
        done = ((s[todo] == 0) & (t[todo] == 0)) | ((rest > NO_TAU) & (bound <= rest))
        todo = todo[~done]
        for i in todo.tolist():
            lower(i)
    return hist[:, :NC], top


def _start_from_sample(codes: npt.NDArray[np.unsignedinteger], NC: int, enough: int,
                       s: IntArray, t: IntArray, interest_top: IntArray, skill_step: int,
                       interest_step: int) -> None:
    """Lower each row's first threshold (``s``, ``t`` in place, rows with ``s`` > 0) to
    the highest one that about ``START * enough`` cells pass, judged from every
    ``SAMPLE``-th column (one bincount for the block); never below one shared skill
    (the full histogram is only taken when the cells prove it necessary).

    Only a starting point: top_rows still lowers it while too few cells pass or the
    bound says so, and what it returns is exact from any threshold.  On 20,000 x
    80,000 it saves about two of the three or four comparison passes per row."""
    R = codes.shape[0]
    NC1 = NC + 1
    sample = codes[:, ::SAMPLE]
    keys = np.add(sample, (np.arange(R, dtype=np.intp) * NC1)[:, None], dtype=np.intp)
    sampled = np.bincount(keys.ravel(), minlength=R * NC1).reshape(R, NC1)[:, :NC]
    at_least = np.cumsum(sampled[:, ::-1], axis=1)[:, ::-1]  # sampled cells from code c up
    want = max(1, round(START * enough * sample.shape[1] / max(codes.shape[1], 1)))
    # the highest code c that ``want`` sampled cells reach (-1: none)
    top_code = np.count_nonzero(at_least >= want, axis=1) - 1
    cs, ct = np.divmod(np.maximum(top_code, 0), skill_step)
    ct //= interest_step
    move = (s > 0) & (top_code < s * skill_step + t * interest_step)
    new_s = np.where(cs >= 1, cs, 1)
    new_t = np.where(cs >= 1, np.minimum(ct, interest_top), 0)
    s[move] = new_s[move]
    t[move] = new_t[move]
