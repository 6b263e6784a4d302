"""Blocked scoring of all (mentee, mentor) pairs and exact top-k selection.

A pair's score depends only on a small integer *class*: (skills shared, interests
shared, the mentor's number of interests, other department).  One float32
matrix product of 0/1 incidence matrices with integer feature weights yields the
class code of every pair of a block exactly (integers below 2**24 are exact in
float32).  Hard constraints are written into the block structurally as a
"forbidden" class.  A per-row histogram of classes (``bincount``) plus a tiny
per-row table of exact scores (float64 from the integer counts, rounded to micro
units) then gives, without sorting pairs: feasible counts, the score level of the
k-th best pair, and the few pairs worth extracting.  Ties in suggestions are
broken by mentor employee_id; ties among assignment candidates by a fixed hash
(so equally good mentors share the demand instead of the alphabetically first
ones attracting everybody).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .best import NO_TAU, Cells, levels, top_rows
from .model import MICRO
from .problem import FloatArray, IntArray, Problem, code_dtype, distinct, expand_ranges

#: target number of cells of one score block
BLOCK_CELLS = 4_000_000
#: fewer rows than this make the matrix product inefficient
MIN_ROWS = 64
#: columns per matrix-product tile (keeps the float32 tile in cache)
TILE = 8192
#: blocks at least this wide are coded, counted and extracted row by row: a row's
#: codes are the sum of a few mentor rows (one per feature the mentee lists), several
#: times cheaper than the matrix product over all features, and a row's cells stay
#: in cache (narrower blocks use the tiled matrix product: less per-row overhead)
ROW_WISE_MIN_WIDTH = 4096
#: a boundary tie larger than this is resolved by _window, not pair by pair
HEAVY_TIE = 256


@dataclass
class Exact:
    """Exactly scored pairs (mentee row, mentor column), in the order given."""

    rows: IntArray
    cols: IntArray
    micro: IntArray
    skill_count: IntArray
    interest_count: IntArray

    @staticmethod
    def empty() -> Exact:
        e = np.zeros(0, dtype=np.int64)
        return Exact(e, e, e, e, e)

    def take(self, idx: IntArray) -> Exact:
        return Exact(self.rows[idx], self.cols[idx], self.micro[idx], self.skill_count[idx],
                     self.interest_count[idx])

    @staticmethod
    def concat(parts: list[Exact]) -> Exact:
        if not parts:
            return Exact.empty()
        return Exact(*(np.concatenate([getattr(p, f) for p in parts]) for f in
                       ("rows", "cols", "micro", "skill_count", "interest_count")))


@dataclass
class Scan:
    """What one pass over a block of mentees produces."""

    feasible: IntArray  # feasible mentors per row
    suggest: Exact  # top ``k_suggest`` by (score desc, employee_id asc), sorted by row
    assign: Exact  # assignment candidates, sorted by row
    tau: IntArray  # best score among feasible pairs left out of ``assign`` (NO_TAU: none)


def exact_scores(
    problem: Problem, rows: IntArray, cols: IntArray, cs: FloatArray, ci: FloatArray
) -> tuple[IntArray, FloatArray, FloatArray, FloatArray]:
    """Exact float64 components and micro-unit score for pairs with known counts."""
    ws, wi, wd = problem.weights
    nse = problem.skills.mentee_count[rows]
    skill = np.divide(cs, nse, out=np.zeros(len(rows)), where=nse > 0)
    den = problem.interests.mentee_count[rows] + problem.interests.mentor_count[cols] - ci
    interest = np.divide(ci, den, out=np.zeros(len(rows)), where=den > 0)
    de = problem.mentee_dept[rows]
    dm = problem.mentor_dept[cols]
    diversity = ((de >= 0) & (dm >= 0) & (de != dm)).astype(np.float64)
    micro = _micro(problem, skill, interest, diversity)
    return micro, skill, interest, diversity


def _micro(problem: Problem, skill: FloatArray, interest: FloatArray, diversity: FloatArray
           ) -> IntArray:
    ws, wi, wd = problem.weights
    score = ws * skill + wi * interest + wd * diversity
    micro: IntArray = np.rint(score * MICRO).astype(np.int64)
    return micro


def iter_row_groups(problem: Problem, rows: IntArray) -> Iterator[tuple[IntArray, int]]:
    """Split sorted mentee rows into blocks sharing the same eligible prefix width."""
    if len(rows) == 0:
        return
    widths = problem.prefixes(problem.mentee_grade[rows])
    cuts = np.flatnonzero(np.diff(widths)) + 1
    cells = max(BLOCK_CELLS, problem.classes.count * 64)
    for part, width in zip(
        np.split(rows, cuts), widths[np.concatenate(([0], cuts))].tolist(), strict=True
    ):
        size = max(MIN_ROWS, min(cells // max(width, 1), cells // problem.classes.count))
        for start in range(0, len(part), size):
            yield part[start:start + size], int(width)


def class_codes(problem: Problem, rows: IntArray, width: int) -> npt.NDArray[np.unsignedinteger]:
    """Class code of every pair (len(rows) x width), forbidden pairs = ``classes.count``.

    The matrix product runs over column tiles so the float32 tile stays in cache;
    codes are stored as uint8/uint16."""
    cl = problem.classes
    if _row_wise(problem, width):
        return row_codes(problem, rows, width)[0]
    dtype = code_dtype(cl.count)
    codes = np.empty((len(rows), width), dtype=dtype)
    dense = cl.mentor_features_dense
    feats = cl.mentee_features[rows]
    feats_dense = None
    if isinstance(feats, np.ndarray):  # the small path's dense features
        feats_dense = feats
    elif dense is not None:
        feats_dense = feats.toarray()
    sparse = cl.mentor_features_sparse
    for start in range(0, width, TILE):
        stop = min(width, start + TILE)
        # 0/1 and small-integer operands: the products are exact integers.  Some
        # OpenBLAS kernels leave a spurious "invalid" FP flag behind; ignore it.
        with np.errstate(invalid="ignore"):
            if dense is not None and feats_dense is not None:
                tile = feats_dense @ dense[:, start:stop]
            else:
                assert sparse is not None  # the small path always has the dense form
                tile = (feats @ sparse[:, start:stop]).toarray()
        codes[:, start:stop] = tile
    if problem.weights[2] > 0:
        dept = problem.mentee_dept[rows]
        step = dtype(cl.dept_step)
        for d in distinct(dept[dept >= 0]).tolist():
            cols = problem.dept_columns[d]
            cols = cols[: np.searchsorted(cols, width)]
            if len(cols):
                codes[np.ix_(np.flatnonzero(dept == d), cols)] -= step
    _apply_constraints(problem, rows, codes, cl.count)
    return codes


def _row_wise(problem: Problem, width: int) -> bool:
    return problem.classes.mentor_weighted is not None and width >= ROW_WISE_MIN_WIDTH


def row_codes(problem: Problem, rows: IntArray, width: int
              ) -> tuple[npt.NDArray[np.unsignedinteger], IntArray]:
    """``class_codes`` of a row-wise block, and the forbidden cells of each row (counted
    as the constraints are written, instead of a pass over every cell)."""
    codes, forbidden = _row_codes(problem, rows, width)
    _apply_constraints(problem, rows, codes, problem.classes.count, languages=False,
                       newly=forbidden)
    return codes, forbidden


def _row_codes(problem: Problem, rows: IntArray, width: int
               ) -> tuple[npt.NDArray[np.unsignedinteger], IntArray]:
    """``class_codes`` before the other hard constraints, as sums of weighted mentor rows
    (mentors sharing no language with the mentee already forbidden), and the number of
    those forbidden cells per row.

    Integer sums below the class count, so exactly the matrix product's codes (the
    same-department step is taken off the mentor rows per department instead)."""
    cl = problem.classes
    weighted = cl.mentor_weighted
    assert weighted is not None
    known = weighted.shape[0] - 1  # "department known": step on a known mentor
    line = [weighted[f, :width] for f in range(weighted.shape[0])]
    ptr, ind = _feature_lists(problem, rows)
    dept = problem.mentee_dept[rows].tolist()
    lang = problem.mentee_lang[rows].tolist()
    per_dept: dict[int, npt.NDArray[np.unsignedinteger]] = {}
    # per language signature: the forbidden code on the mentors sharing no language, else
    # 0 (a code is below the forbidden one, so the larger of the two is the constrained code)
    per_lang: dict[int, npt.NDArray[np.unsignedinteger] | None] = {-1: None}
    lang_forbidden = {-1: 0}
    forbidden = np.zeros(len(rows), dtype=np.int64)
    codes = np.empty((len(rows), width), dtype=weighted.dtype)
    for i in range(len(rows)):
        if lang[i] not in per_lang:
            cols = problem.lang_incompatible[lang[i]]
            cols = cols[: np.searchsorted(cols, width)]
            per_lang[lang[i]] = None
            lang_forbidden[lang[i]] = len(cols)
            if len(cols):
                line_forbid = np.zeros(width, dtype=weighted.dtype)
                line_forbid[cols] = cl.count
                per_lang[lang[i]] = line_forbid
        forbid = per_lang[lang[i]]
        forbidden[i] = lang_forbidden[lang[i]]
        terms = []
        for f in ind[ptr[i]:ptr[i + 1]]:
            term = line[f]
            if f == known and problem.weights[2] > 0 and dept[i] >= 0:
                if dept[i] not in per_dept:
                    cols = problem.dept_columns[dept[i]]
                    own = line[known].copy()
                    own[cols[: np.searchsorted(cols, width)]] = 0
                    per_dept[dept[i]] = own
                term = per_dept[dept[i]]
            terms.append(term)
        out = codes[i]
        if len(terms) < 2:
            out[:] = terms[0] if terms else 0
        else:
            np.add(terms[0], terms[1], out=out)
            for term in terms[2:]:
                np.add(out, term, out=out)
        if forbid is not None:
            np.maximum(out, forbid, out=out)
    return codes, forbidden


def _feature_lists(problem: Problem, rows: IntArray) -> tuple[list[int], list[int]]:
    """The features of each of ``rows`` (CSR ``indptr``, ``indices`` as lists), a
    feature listed twice appearing twice (as a matrix product counts it)."""
    cl = problem.classes
    feats = cl.mentee_features[rows]
    if not isinstance(feats, np.ndarray):
        return feats.indptr.tolist(), feats.indices.tolist()
    times = np.rint(feats / cl.feature_weight[None, :]).astype(np.int64)
    r, f = np.nonzero(times)
    ptr = np.zeros(len(rows) + 1, dtype=np.int64)
    np.cumsum(times.sum(axis=1), out=ptr[1:])
    return ptr.tolist(), np.repeat(f, times[r, f]).tolist()


def cells(mask: npt.NDArray[np.bool_]) -> tuple[IntArray, IntArray]:
    """``np.nonzero`` of a 2-D mask, several times faster when few cells are set."""
    flat = np.flatnonzero(mask)
    r, c = np.divmod(flat, mask.shape[1])
    return r, c


def _apply_constraints(problem: Problem, rows: IntArray, code: npt.NDArray[np.unsignedinteger],
                       forbidden: int, languages: bool = True, newly: IntArray | None = None
                       ) -> None:
    """Write ``forbidden`` into the cells the hard constraints exclude; ``newly`` (per
    row) counts the cells this makes forbidden that were not already."""
    R, W = code.shape
    lang = problem.mentee_lang[rows]
    for s in distinct(lang[lang >= 0]).tolist() if languages else ():
        cols = problem.lang_incompatible[s]
        cols = cols[: np.searchsorted(cols, W)]
        if len(cols):
            code[np.ix_(np.flatnonzero(lang == s), cols)] = forbidden
    # reporting line (mentor manages mentee) and avoid lists
    cols, owner = expand_ranges(problem.blocked_ptr[rows], problem.blocked_ptr[rows + 1])
    cols = problem.blocked_cols[cols]
    keep = cols < W
    _forbid(code, owner[keep], cols[keep], forbidden, newly)
    # reporting line (mentee manages mentor): a DFS-number range per mentee
    pos, owner = expand_ranges(problem.desc_start[rows], problem.desc_end[rows])
    cols = problem.mentor_by_pre[pos]
    keep = cols < W
    _forbid(code, owner[keep], cols[keep], forbidden, newly)
    rule = problem.config.seniority
    if rule != "grade":
        eb = problem.mentee_birth[rows][:, None]
        mb = problem.mentor_birth[:W][None, :]
        known = (eb != -1) & (mb != -1)
        later = mb > eb
        if rule == "grade_and_age":
            bad = known & ~later
        else:
            grade_ok = problem.mentor_grade[:W][None, :] < problem.mentee_grade[rows][:, None]
            if rule == "age":
                bad = np.where(known, ~later, ~grade_ok)
            else:  # grade_or_age
                bad = ~grade_ok & ~(known & later)
        if newly is not None:
            newly += np.count_nonzero(bad & (code != forbidden), axis=1)
        code[bad] = forbidden


def _forbid(code: npt.NDArray[np.unsignedinteger], r: IntArray, c: IntArray, forbidden: int,
            newly: IntArray | None) -> None:
    """``code[r, c] = forbidden``, counting per row (``newly``) the cells that were not
    forbidden yet.  A row's cells are distinct within one call (a set of blocked
    mentors, or one range of DFS numbers: ``mentor_by_pre`` is a permutation)."""
    if newly is not None and len(r):
        fresh = code[r, c] != forbidden
        newly += np.bincount(r[fresh], minlength=len(newly))
    code[r, c] = forbidden


def class_table(problem: Problem, rows: IntArray) -> IntArray:
    """Exact micro score of every class for every row (len(rows) x classes.count)."""
    cl = problem.classes
    ws, wi, wd = problem.weights
    cs = cl.class_skill[None, :].astype(np.float64)
    ci = cl.class_interest[None, :].astype(np.float64)
    nim = cl.class_mentor_interests[None, :].astype(np.float64)
    nse = problem.skills.mentee_count[rows][:, None]
    nie = problem.interests.mentee_count[rows][:, None]
    skill = np.divide(cs, nse, out=np.zeros((len(rows), cl.count)), where=nse > 0)
    den = nie + nim - ci
    interest = np.divide(ci, den, out=np.zeros((len(rows), cl.count)), where=den > 0)
    diversity = np.broadcast_to(cl.class_diversity[None, :].astype(np.float64), skill.shape)
    return _micro(problem, skill, interest, diversity)


def scan_block(problem: Problem, rows: IntArray, width: int, k_suggest: int, k_assign: int
               ) -> Scan:
    cl = problem.classes
    R, NC = len(rows), cl.count
    NC1 = NC + 1
    row_wise = _row_wise(problem, width)
    if row_wise:
        codes, forbidden = row_codes(problem, rows, width)
    else:
        codes = class_codes(problem, rows, width)
    table = class_table(problem, rows)
    tiles: list[npt.NDArray[np.intp]] = []
    top: list[Cells | None] = []
    if row_wise:
        hist, top = top_rows(problem, rows, codes, table, k_suggest, k_assign)
        free = width - forbidden  # cells not forbidden
    else:
        offsets = (np.arange(R, dtype=np.intp) * NC1)[:, None]
        hist_flat = np.zeros(R * NC1, dtype=np.intp)
        # (row, class) cells per tile, made once (one pass) for the histogram and the
        # extraction
        tiles = [np.add(codes[:, start:start + TILE], offsets, dtype=np.intp)
                 for start in range(0, width, TILE)]
        for idx in tiles:
            hist_flat += np.bincount(idx.ravel(), minlength=R * NC1)
        hist = hist_flat.reshape(R, NC1)[:, :NC]
    feasible_class, counts, lvl_s, lvl_a = levels(problem, hist, table, k_suggest, k_assign)
    feasible = counts.sum(axis=1).astype(np.int64)
    if row_wise:  # a row's histogram may cover its best classes only: count the rest
        everything = (table >= problem.min_micro).all(axis=1)
        feasible = np.where(everything, free, feasible).astype(np.int64)
    low = np.minimum(lvl_s, lvl_a)

    def count(mask: npt.NDArray[np.bool_]) -> IntArray:
        out: IntArray = np.where(feasible_class & mask, hist, 0).sum(axis=1).astype(np.int64)
        return out

    at_s, at_a = count(table == lvl_s[:, None]), count(table == lvl_a[:, None])
    need_s = k_suggest - count(table > lvl_s[:, None])
    need_a = k_assign - count(table > lvl_a[:, None])
    # A huge tie at the boundary is not extracted pair by pair: _window finds
    # the few pairs with the smallest tie keys directly (see there).
    # (only when the other selection does not need that level's pairs in full)
    heavy_s = (at_s > HEAVY_TIE) & (lvl_s <= lvl_a)
    heavy_a = (at_a > HEAVY_TIE) & (lvl_a <= lvl_s)
    good = feasible_class & (table >= low[:, None])
    good &= ~(heavy_s[:, None] & (table == lvl_s[:, None]))
    good &= ~(heavy_a[:, None] & (table == lvl_a[:, None]))
    good_2d = np.zeros((R, NC1), dtype=bool)
    good_2d[:, :NC] = good
    good_flat = good_2d.ravel()
    empty = np.zeros(0, dtype=np.int64)
    found_r: list[IntArray] = [empty]
    found_c: list[IntArray] = [empty]
    found_k: list[IntArray] = [empty]
    if row_wise:  # rows in order, columns ascending: the order the tiles give after sorting
        for i in np.flatnonzero(good.any(axis=1)).tolist():
            part = top[i]
            if part is None:
                tc = np.flatnonzero(np.take(good_2d[i], codes[i]))
                tk = codes[i, tc]
            else:  # the row's best cells (good classes among them, see best.top_rows)
                hit = np.take(good_2d[i], part[1])
                tc, tk = part[0][hit], part[1][hit]
            found_r.append(np.full(len(tc), i, dtype=np.int64))
            found_c.append(tc)
            found_k.append(tk)
    for start, idx in zip(range(0, width, TILE) if tiles else (), tiles, strict=True):
        tr, tc = cells(good_flat[idx])
        found_r.append(tr)
        found_c.append(tc + start)
        found_k.append(idx[tr, tc] - tr * NC1)
    del tiles
    order = np.argsort(np.concatenate(found_r), kind="stable")
    local = np.concatenate(found_r)[order].astype(np.int64)
    c = np.concatenate(found_c)[order].astype(np.int64)
    pair_class = np.concatenate(found_k)[order].astype(np.int64)
    ex = Exact(rows=local, cols=c, micro=table[local, pair_class],
               skill_count=cl.class_skill[pair_class],
               interest_count=cl.class_interest[pair_class])
    # tau: best feasible score of the pairs left out of the assignment candidates
    below = np.where(feasible_class & (table < lvl_a[:, None]), table, NO_TAU).max(axis=1)
    no_shift = np.zeros(R, dtype=np.int64)
    shift = _row_shift(problem, rows)
    extra_s = _window(problem, codes, table, heavy_s, lvl_s, at_s, need_s, no_shift)
    extra_a = _window(problem, codes, table, heavy_a, lvl_a, at_a, need_a, shift)
    del codes
    suggest, _ = _select(ex, R, lvl_s, k_suggest, no_shift, problem, extra_s)
    assign, cut = _select(ex, R, lvl_a, k_assign, shift, problem, extra_a)
    tau = np.where(cut | heavy_a, lvl_a, below).astype(np.int64)
    suggest.rows = rows[suggest.rows]
    assign.rows = rows[assign.rows]
    return Scan(feasible=feasible, suggest=suggest, assign=assign, tau=tau)


def _row_shift(problem: Problem, rows: IntArray) -> IntArray:
    """Per mentee, where its tie-break order starts on the ring of mentor ids."""
    m = max(problem.m, 1)
    out: IntArray = (_tie_hash(rows, np.zeros(len(rows), dtype=np.int64)) % m).astype(np.int64)
    return out


def _tie_key(problem: Problem, cols: IntArray, shift: IntArray) -> IntArray:
    """Tie key of a pair: the mentor's employee_id rank, rotated by the row's shift."""
    out: IntArray = (problem.mentor_rank[cols] - shift) % max(problem.m, 1)
    return out


def _window(problem: Problem, codes: npt.NDArray[np.unsignedinteger], table: IntArray,
            heavy: npt.NDArray[np.bool_], level: IntArray, at: IntArray, need: IntArray,
            shift: IntArray) -> Exact:
    """For rows with a huge tie at ``level``: the ``need`` tied pairs with the
    smallest tie keys, found by walking the mentor-id ring from the row's shift.

    Keys ``0..T-1`` are probed (T sized so that about 3x ``need`` hits are
    expected) and T grows until enough hits are found; every tied pair with a key
    below T is probed, so the chosen pairs are exactly the smallest keys."""
    need = np.minimum(need, at)  # fewer than k feasible pairs: level is the floor
    h = np.flatnonzero(heavy & (need > 0)).astype(np.int64)
    m = problem.m
    width = codes.shape[1]
    cl = problem.classes
    ext = np.concatenate((table, np.full((len(table), 1), NO_TAU, dtype=np.int64)), axis=1)
    size = np.minimum(m, 3 * need[h] * m // np.maximum(at[h], 1) + 16)
    parts: list[Exact] = [Exact.empty()]
    while len(h):
        keys, owner = expand_ranges(np.zeros(len(h), dtype=np.int64), size)
        lr = h[owner]
        cols = problem.col_of_rank[(keys + shift[lr]) % m]
        inside = cols < width
        lr, cols = lr[inside], cols[inside]
        k = codes[lr, cols].astype(np.int64)
        micro = ext[lr, k]
        hit = micro == level[lr]
        lr, cols, k, micro = lr[hit], cols[hit], k[hit], micro[hit]
        got = np.bincount(lr, minlength=len(table))
        done = (got[h] >= need[h]) | (size >= m)  # the whole ring was probed
        if len(lr):
            starts = np.searchsorted(lr, lr, side="left")
            keep = (np.arange(len(lr)) - starts) < need[lr]
            keep &= done[np.searchsorted(h, lr)]
            parts.append(Exact(lr[keep], cols[keep], micro[keep], cl.class_skill[k[keep]],
                               cl.class_interest[k[keep]]))
        h, size = h[~done], np.minimum(m, size[~done] * 4)
    return Exact.concat(parts)


def _tie_hash(rows: IntArray, ranks: IntArray) -> IntArray:
    """A fixed pseudo-random order of mentors per mentee (depends on ids only)."""
    h = (rows.astype(np.uint64) + np.uint64(1)) * np.uint64(0x9E3779B97F4A7C15)
    h ^= (ranks.astype(np.uint64) + np.uint64(1)) * np.uint64(0xC2B2AE3D27D4EB4F)
    h ^= h >> np.uint64(31)
    h *= np.uint64(0x94D049BB133111EB)
    h ^= h >> np.uint64(29)
    out: IntArray = (h >> np.uint64(1)).astype(np.int64)
    return out


def _select(ex: Exact, R: int, level: IntArray, k: int, shift: IntArray, problem: Problem,
            extra: Exact | None = None) -> tuple[Exact, npt.NDArray[np.bool_]]:
    """Per row (``ex.rows`` are local row numbers, sorted): every pair scoring
    above ``level`` and, among those scoring exactly ``level``, the ones with the
    smallest tie key, ``k`` pairs in all; ``extra`` holds ready-made picks.

    Returns the pairs sorted by (row, score desc, key asc) and, per row, whether
    some pair at ``level`` was left out."""
    local = ex.rows
    key = _tie_key(problem, ex.cols, shift[local])
    lv = level[local]
    above = ex.micro > lv
    at = np.flatnonzero(ex.micro == lv)
    need = k - np.bincount(local[above], minlength=R)
    at_rows = local[at]
    starts = np.searchsorted(at_rows, np.arange(R + 1))
    sizes = np.diff(starts)
    cut = sizes > need
    chosen = [at[starts[i]:starts[i + 1]] for i in range(R) if not cut[i]]
    for i in np.flatnonzero(cut).tolist():
        seg = at[starts[i]:starts[i + 1]]
        n = int(need[i])
        if n > 0:
            chosen.append(seg[np.argpartition(key[seg], n - 1)[:n]])
    pick = np.concatenate([np.flatnonzero(above), *chosen]).astype(np.int64)
    out = ex.take(pick)
    if extra is not None and len(extra.rows):
        out = Exact.concat([out, extra])
    out_key = _tie_key(problem, out.cols, shift[out.rows])
    return out.take(np.lexsort((out_key, -out.micro, out.rows))), cut


def pair_micro(problem: Problem, rows: IntArray, width: int) -> IntArray:
    """Exact micro score of every pair of a block; forbidden pairs get a very low value."""
    cl = problem.classes
    code = class_codes(problem, rows, width).astype(np.int64)
    table = np.concatenate(
        (class_table(problem, rows), np.full((len(rows), 1), NO_TAU // 2, dtype=np.int64)),
        axis=1,
    )
    out: IntArray = np.take_along_axis(table, code, axis=1)
    del cl
    return out
