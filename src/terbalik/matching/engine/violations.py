"""Dual violations: re-scoring mentees against the certificate's duals.

The certificate loop (``assign.certify``) asks, for some mentees, which feasible pairs
violate the duals (``micro > u_i + v_j - big``).  Their pairs are re-scored block by block
like the first scan (``score.class_codes``) and compared densely, tile by tile, with the
duals; besides the violations, each mentee gets a *watch list* so that the next rounds
can often re-check a few pairs instead of the whole row.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .parallel import ordered_map
from .problem import IntArray, Problem, distinct
from .score import (
    TILE,
    Exact,
    _row_shift,
    _select,
    cells,
    class_codes,
    class_table,
    iter_row_groups,
)

#: watch-list margins tried per re-scored mentee: ``margin``, ``margin / 4``, ...
WATCH_LEVELS = 3
#: a pair that can neither violate nor be watched (no overflow when duals are subtracted)
_NEG = np.iinfo(np.int64).min // 4


@dataclass
class Violations:
    """What re-scoring some mentees against the duals finds (see :func:`violations`)."""

    found: Exact  # violating pairs to add, sorted by (row, col)
    worst: IntArray  # per mentee (length n): the largest violation, 0 when none
    watch: Exact  # per cached mentee, every pair within its margin of violating; sorted by row
    uncached: IntArray  # rescored mentees with more than ``cap`` such pairs
    cached: IntArray  # the other rescored mentees ...
    margin: IntArray  # ... and the margin each one's watch list covers


def violations(problem: Problem, rows: IntArray, u: IntArray, v: IntArray, big: int,
               per_row: int, margin: int = 0, cap: int = 0) -> Violations:
    """Dual violations among all feasible pairs of ``rows``: ``micro > u_i + v_j - big``.

    Returns the best ``per_row`` violating pairs of each mentee (by score, ties
    by a fixed key) plus, for each mentor, its ``per_row`` most violated pairs
    (each mentor's best mentees: what prices a popular mentor correctly), and
    per mentee (length ``n``) the largest violation ``big + micro - u_i - v_j``
    (0 when none).

    For the next rounds it also returns, per mentee, its *watch list*: every
    feasible pair with ``micro - v_j > u_i - big - margin``.  Every other pair of
    the mentee then satisfies ``micro - v_j <= u_i - big - margin`` (for these
    ``v``), which lets the certificate re-check only the watch list while the
    duals move less than ``margin`` (see ``assign.certify``).  A mentee with more
    than ``cap`` such pairs tries ``margin / 4``, ``margin / 16`` (``WATCH_LEVELS``),
    and keeps no list when even that is too many (``uncached``)."""
    groups = list(iter_row_groups(problem, np.sort(rows)))

    def one(group: tuple[IntArray, int]) -> _BlockViolations:
        return _violations_block(problem, group[0], group[1], u, v, big, per_row, margin, cap)

    worst = np.zeros(problem.n, dtype=np.int64)
    parts: list[Exact] = []
    watch: list[Exact] = [Exact.empty()]
    uncached: list[IntArray] = [np.zeros(0, dtype=np.int64)]
    cached: list[IntArray] = [np.zeros(0, dtype=np.int64)]
    margins: list[IntArray] = [np.zeros(0, dtype=np.int64)]
    col_parts: list[Exact] = [Exact.empty()]
    col_gain: list[IntArray] = [np.zeros(0, dtype=np.int64)]
    for (block_rows, _), block in zip(groups, ordered_map(one, groups), strict=True):
        parts.append(block.by_row)
        col_parts.append(block.by_col)
        col_gain.append(block.col_gain)
        worst[block_rows] = block.worst
        watch.append(block.watch)
        uncached.append(block.uncached)
        cached.append(block.cached)
        margins.append(block.margin)
    cols = Exact.concat(col_parts)
    gains = np.concatenate(col_gain)
    order = np.lexsort((cols.rows, -gains, cols.cols))
    cols = cols.take(order)
    first = np.searchsorted(cols.cols, cols.cols, side="left")
    cols = cols.take(np.flatnonzero(np.arange(len(cols.cols)) - first < per_row))
    found = Exact.concat([*parts, cols])
    key = found.rows * max(problem.m, 1) + found.cols
    _, unique = np.unique(key, return_index=True)  # sorted by (row, col)
    watched = Exact.concat(watch)
    watched = watched.take(np.argsort(watched.rows, kind="stable"))
    return Violations(found.take(unique.astype(np.int64)), worst, watched,
                      np.concatenate(uncached), np.concatenate(cached), np.concatenate(margins))


@dataclass
class _BlockViolations:
    by_row: Exact
    by_col: Exact
    col_gain: IntArray
    worst: IntArray  # per row of the block
    watch: Exact  # global rows
    uncached: IntArray  # global rows
    cached: IntArray  # global rows
    margin: IntArray  # per cached row, the margin its watch list covers


def _violations_block(problem: Problem, rows: IntArray, width: int, u: IntArray, v: IntArray,
                      big: int, per_row: int, margin: int, cap: int) -> _BlockViolations:
    cl = problem.classes
    R, NC = len(rows), cl.count
    NC1 = NC + 1
    codes = class_codes(problem, rows, width)
    table = class_table(problem, rows)
    levels = distinct(table)
    slack = u[rows] - big
    # watch-list margins tried per row, widest first: the widest whose pairs fit ``cap``
    margins = np.array([margin >> (2 * level) for level in range(WATCH_LEVELS)],
                       dtype=np.int64)
    # v >= 0, so a watched (or violating) pair's class must beat the mentee's floor
    maybe = (table >= problem.min_micro) & (table > (slack - margin)[:, None])
    ext = np.full((R, NC1), _NEG, dtype=np.int64)
    ext[:, :NC] = np.where(maybe, table, _NEG)
    flat = ext.ravel()
    offsets = (np.arange(R, dtype=np.intp) * NC1)[:, None]
    worst = np.zeros(R, dtype=np.int64)
    watched = np.zeros((WATCH_LEVELS, R), dtype=np.int64)  # pairs within each margin
    # gain threshold of the pairs kept per watch level (the last: none)
    keep_above = np.append(-margins, np.iinfo(np.int64).max)
    parts: list[Exact] = []
    watch: list[Exact] = [Exact.empty()]
    col_parts: list[Exact] = [Exact.empty()]
    col_gain: list[IntArray] = [np.zeros(0, dtype=np.int64)]
    for start in range(0, width, TILE):
        tile = codes[:, start:start + TILE]
        idx = np.add(tile, offsets, dtype=np.intp)
        gain = flat[idx]  # micro, or _NEG when it cannot matter
        del idx
        gain -= v[start:start + tile.shape[1]][None, :]
        gain -= slack[:, None]  # = big + micro - u_i - v_j
        for level in range(WATCH_LEVELS):
            watched[level] += np.count_nonzero(gain > -margins[level], axis=1)
        # keep the pairs of the widest margin that still fits (narrowed at the end)
        wr, wc = cells(gain > keep_above[_watch_level(watched, cap)][:, None])
        wk = tile[wr, wc].astype(np.int64)
        watch.append(Exact(wr.astype(np.int64), wc.astype(np.int64) + start,
                           table[wr, wk], cl.class_skill[wk], cl.class_interest[wk]))
        r, c = cells(gain > 0)
        if not len(r):
            continue
        g = gain[r, c]
        k = tile[r, c].astype(np.int64)
        micro = table[r, k]
        # each mentor's most violated pair in this tile (first row wins ties)
        order = np.lexsort((r, -g, c))
        first = order[np.flatnonzero(np.diff(c[order], prepend=-1))]
        col_parts.append(Exact(rows[r[first]], c[first].astype(np.int64) + start,
                               micro[first], cl.class_skill[k[first]],
                               cl.class_interest[k[first]]))
        col_gain.append(g[first])
        starts = np.flatnonzero(np.concatenate(([True], r[1:] != r[:-1])))
        worst[r[starts]] = np.maximum(worst[r[starts]], np.maximum.reduceat(g, starts))
        found = Exact(r.astype(np.int64), c.astype(np.int64) + start, micro, cl.class_skill[k],
                      cl.class_interest[k])
        parts.append(_best_per_row(problem, rows, found, R, levels, per_row))
    merged = Exact.concat(parts)
    merged = merged.take(np.argsort(merged.rows, kind="stable"))
    picked = _best_per_row(problem, rows, merged, R, levels, per_row)
    by_row = Exact(rows[picked.rows], picked.cols, picked.micro, picked.skill_count,
                   picked.interest_count)
    row_level = _watch_level(watched, cap)
    chosen = np.append(margins, 0)[row_level]
    near_pairs = Exact.concat(watch)
    lr = near_pairs.rows
    reduced = near_pairs.micro - v[near_pairs.cols]
    near_pairs = near_pairs.take(np.flatnonzero(
        (row_level[lr] < WATCH_LEVELS) & (reduced > slack[lr] - chosen[lr])
    ))
    near_pairs.rows = rows[near_pairs.rows]
    cached = row_level < WATCH_LEVELS
    return _BlockViolations(by_row, Exact.concat(col_parts), np.concatenate(col_gain), worst,
                            near_pairs, rows[~cached], rows[cached], chosen[cached])


def _watch_level(watched: IntArray, cap: int) -> IntArray:
    """Per row, the widest watch level whose pairs fit ``cap`` (``WATCH_LEVELS``: none)."""
    fits = watched <= cap
    out: IntArray = np.where(fits.any(axis=0), np.argmax(fits, axis=0), WATCH_LEVELS)
    return out


def _best_per_row(problem: Problem, rows: IntArray, found: Exact, R: int, levels: IntArray,
                  per_row: int) -> Exact:
    """The best ``per_row`` pairs of each local row (``found.rows`` local and sorted)."""
    local = found.rows
    key = np.searchsorted(levels, found.micro)  # rank of each score
    hist = np.bincount(local * len(levels) + key, minlength=R * len(levels)).reshape(R, -1)
    cum = np.cumsum(hist[:, ::-1], axis=1)
    reach = cum >= per_row
    first = np.argmax(reach, axis=1)
    level = np.where(reach.any(axis=1), levels[::-1][first], np.iinfo(np.int64).min)
    picked, _ = _select(found, R, level.astype(np.int64), per_row, _row_shift(problem, rows),
                        problem)
    return picked
