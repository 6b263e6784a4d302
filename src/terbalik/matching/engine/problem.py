"""Index the participants into arrays: the structural form of the hard constraints.

Mentees are ordered by (grade, employee_id) and mentors by (grade, employee_id),
so for the ``grade`` rules the mentors more junior than a mentee are a prefix
slice.  The manager forest is numbered in DFS order, so "X manages Y directly or
indirectly" is ``pre[X] < pre[Y] < pre[X] + size[X]``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain, repeat
from operator import attrgetter, eq
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np
import numpy.typing as npt

from .bulk import collector_paused
from .model import MICRO, MatchConfig, Participant
from .parse import normalise_item
from .small import is_small

if TYPE_CHECKING:  # imported where used: a small problem never loads scipy (see .small)
    import scipy.sparse as sp

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
Float32Array = npt.NDArray[np.float32]
BoolArray = npt.NDArray[np.bool_]

#: birth dates are day ordinals; this marks "unknown".
NO_DATE = -1
#: a dense mentor-side incidence matrix is used up to this many cells.
DENSE_LIMIT = 64_000_000
_SPACE = re.compile(r"\s")


Scalar = TypeVar("Scalar", bound=np.generic)


def distinct(values: npt.NDArray[Scalar]) -> npt.NDArray[Scalar]:
    """``np.unique(values)``: the sorted distinct values, flattened.  Plain ``np.unique``
    imports numpy.ma (to rule out masked arrays), about 10 ms of a small run."""
    out = np.sort(values, axis=None)
    if len(out):
        out = out[np.concatenate(([True], out[1:] != out[:-1]))]
    return out


def expand_ranges(starts: IntArray, ends: IntArray) -> tuple[IntArray, IntArray]:
    """Concatenate ``arange(s, e)`` for each pair; also return the pair index of each item."""
    lengths = np.maximum(ends - starts, 0)
    total = int(lengths.sum())
    owner = np.repeat(np.arange(len(starts), dtype=np.int64), lengths)
    if total == 0:
        return np.zeros(0, dtype=np.int64), owner
    offsets = np.cumsum(lengths) - lengths
    values = np.arange(total, dtype=np.int64) - np.repeat(offsets, lengths) + np.repeat(
        starts, lengths
    )
    return values, owner


@dataclass
class Incidence:
    """0/1 incidence of list items shared by both sides: mentees and mentors (rows);
    dense float32 arrays on the small path (``dense``), else scipy CSR arrays."""

    mentee: sp.csr_array | Float32Array
    mentor: sp.csr_array | Float32Array
    mentee_count: FloatArray  # number of items each mentee lists (all items)
    mentor_count: FloatArray
    dense: bool


def _incidence(
    mentee_lists: Sequence[tuple[str, ...]], mentor_lists: Sequence[tuple[str, ...]],
    dense: bool = False,
) -> Incidence:
    # whole lists at a time, C-level (no Python frame per item: 0.1 s of 100,000 people)
    shared = sorted(set(chain.from_iterable(mentee_lists))
                    & set(chain.from_iterable(mentor_lists)))
    vocab = {item: k for k, item in enumerate(shared)}

    def build(lists: Sequence[tuple[str, ...]]) -> sp.csr_array | Float32Array:
        # every person's shared items, as vocabulary ids sorted within the person
        flat = np.fromiter(map(vocab.get, chain.from_iterable(lists), repeat(-1)),
                           dtype=np.int64)
        owner = np.repeat(np.arange(len(lists), dtype=np.int64),
                          np.fromiter(map(len, lists), dtype=np.int64, count=len(lists)))
        keep = flat >= 0
        flat, owner = flat[keep], owner[keep]
        if dense:  # an item listed twice counts twice, as in the CSR form
            out = np.zeros((len(lists), len(vocab)), dtype=np.float32)
            np.add.at(out, (owner, flat), np.float32(1))
            return out
        import scipy.sparse as sp

        order = np.lexsort((flat, owner))
        indptr = np.zeros(len(lists) + 1, dtype=np.int64)
        np.cumsum(np.bincount(owner, minlength=len(lists)), out=indptr[1:])
        data = np.ones(len(flat), dtype=np.float32)
        return sp.csr_array(
            (data, flat[order].astype(np.int32), indptr), shape=(len(lists), len(vocab)),
        )

    return Incidence(
        mentee=build(mentee_lists),
        mentor=build(mentor_lists),
        mentee_count=np.fromiter(map(len, mentee_lists), dtype=np.float64,
                                 count=len(mentee_lists)),
        mentor_count=np.fromiter(map(len, mentor_lists), dtype=np.float64,
                                 count=len(mentor_lists)),
        dense=dense,
    )


@dataclass
class ClassSpace:
    """Integer pair classes: code = other_department + 2*nim_index + 2*C*ci + 2*C*B*cs.

    ``cs``/``ci`` are the numbers of shared skills/interests, ``nim_index`` indexes
    the mentor's number of interests.  ``mentee_features @ mentor_features`` gives
    every code exactly; a pair in the same department has ``dept_step`` subtracted.
    The shared skills are the leading digit (``skill_step``), so the pairs sharing at
    least ``s`` skills are the codes from ``s * skill_step`` up (see score._top_rows).
    """

    count: int
    dept_step: int
    skill_step: int
    interest_step: int
    #: mentees x features: scipy CSR, or dense on the small path (``Incidence.dense``)
    mentee_features: sp.csr_array | Float32Array
    #: the mentee side's value of each feature column (the same for every mentee)
    feature_weight: Float32Array
    mentor_features_dense: Float32Array | None  # features x mentors
    mentor_features_sparse: sp.csc_array | None  # None on the small path (dense instead)
    #: with the dense form: each feature's mentor row times the mentees' weight of that
    #: feature, in the code dtype (a pair's code is the sum of the rows of the mentee's
    #: features; the last feature is "department known")
    mentor_weighted: npt.NDArray[np.unsignedinteger] | None
    class_skill: IntArray
    class_interest: IntArray
    class_mentor_interests: IntArray
    class_diversity: IntArray
    #: per mentee, the most skills it can share with a mentor (its leading code digit)
    mentee_skill_top: IntArray


def code_dtype(count: int) -> type[np.unsignedinteger]:
    """The smallest unsigned dtype holding class codes ``0..count`` (``count``: forbidden)."""
    return np.uint8 if count < 255 else np.uint16 if count < 65535 else np.uint32


def _class_space(skills: Incidence, interests: Incidence, mentee_dept: IntArray,
                 mentor_dept: IntArray) -> ClassSpace:
    n, m = skills.mentee.shape[0], skills.mentor.shape[0]
    a = int(min(skills.mentee.sum(axis=1).max(initial=0), skills.mentee.shape[1])) + 1
    b = int(min(interests.mentee.sum(axis=1).max(initial=0), interests.mentee.shape[1])) + 1
    nim_values, nim_index = np.unique(interests.mentor_count.astype(np.int64),
                                      return_inverse=True)
    if len(nim_values) == 0:
        nim_values = np.zeros(1, dtype=np.int64)
    c = len(nim_values)
    count = 2 * a * b * c
    if count >= 2**23:
        raise ValueError("too many distinct list sizes to classify pairs")
    step_ci, step_cs = 2 * c, 2 * c * b  # digit weights of ci and cs (other department: 1)
    mentee_blocks: list[Any] = [
        skills.mentee * np.float32(step_cs), interests.mentee * np.float32(step_ci),
        np.ones((n, 1), dtype=np.float32), (mentee_dept >= 0).astype(np.float32)[:, None]]
    mentor_blocks: list[Any] = [
        skills.mentor, interests.mentor,
        (nim_index.astype(np.float32) * np.float32(2))[:, None],
        (mentor_dept >= 0).astype(np.float32)[:, None]]
    mentor_t = None
    dense = None
    if skills.dense:
        mentee: Any = np.hstack(mentee_blocks).astype(np.float32)
        dense = np.ascontiguousarray(np.hstack(mentor_blocks).T, dtype=np.float32)
    else:
        import scipy.sparse as sp

        mentee = sp.csr_array(sp.hstack(
            [b if sp.issparse(b) else sp.csr_array(b) for b in mentee_blocks], format="csr"
        ).astype(np.float32))
        mentor = sp.hstack(
            [b if sp.issparse(b) else sp.csr_array(b) for b in mentor_blocks], format="csr")
        mentor_t = sp.csc_array(mentor.T.astype(np.float32))
        if mentor.shape[1] * m <= DENSE_LIMIT:
            dense = np.ascontiguousarray(mentor_t.toarray(), dtype=np.float32)
    column_weight = np.concatenate((
        np.full(skills.mentee.shape[1], step_cs), np.full(interests.mentee.shape[1], step_ci),
        [1, 1])).astype(np.float32)
    weighted = None
    if dense is not None:
        weighted = np.ascontiguousarray(dense * column_weight[:, None],
                                        dtype=code_dtype(count))
    codes = np.arange(count, dtype=np.int64)
    return ClassSpace(
        count=count,
        dept_step=1,
        skill_step=step_cs,
        interest_step=step_ci,
        mentee_features=mentee,
        feature_weight=column_weight,
        mentor_features_dense=dense,
        mentor_features_sparse=mentor_t,
        mentor_weighted=weighted,
        class_skill=codes // step_cs,
        class_interest=(codes // step_ci) % b,
        class_mentor_interests=nim_values[(codes // 2) % c],
        class_diversity=codes % 2,
        mentee_skill_top=np.minimum(
            np.asarray(skills.mentee.sum(axis=1)).astype(np.int64).ravel(), a - 1),
    )


@dataclass
class Problem:
    config: MatchConfig
    mentees: list[Participant]  # sorted by (grade, employee_id)
    mentors: list[Participant]  # sorted by (grade, employee_id)
    mentee_input_order: list[int]  # positions in ``mentees`` in the input order
    mentee_grade: IntArray
    mentor_grade: IntArray
    mentor_rank: IntArray  # rank of the mentor's employee_id (tie-break)
    col_of_rank: IntArray  # inverse of mentor_rank
    capacity: IntArray
    skills: Incidence
    interests: Incidence
    classes: ClassSpace
    mentee_dept: IntArray  # -1 = unknown
    mentor_dept: IntArray
    dept_columns: dict[int, IntArray]  # dept -> sorted mentor columns
    mentee_lang: IntArray  # signature id, -1 = none listed
    lang_incompatible: dict[int, IntArray]  # mentee signature -> sorted columns
    mentee_birth: IntArray
    mentor_birth: IntArray
    blocked_ptr: IntArray  # CSR by mentee of columns blocked by line/avoid
    blocked_cols: IntArray
    desc_start: IntArray  # mentor descendants of mentee: positions in by_pre
    desc_end: IntArray
    mentor_by_pre: IntArray  # mentor columns ordered by DFS number
    weights: tuple[float, float, float]
    min_micro: int
    eps: float

    @property
    def n(self) -> int:
        return len(self.mentees)

    @property
    def m(self) -> int:
        return len(self.mentors)

    def prefixes(self, grades: IntArray) -> IntArray:
        """Per mentee grade, the number of mentor columns that can be eligible."""
        if self.config.seniority in ("grade", "grade_and_age"):
            out: IntArray = np.searchsorted(self.mentor_grade, grades, side="left").astype(np.int64)
            return out
        return np.full(len(grades), self.m, dtype=np.int64)


#: a manager forest deeper than this is numbered node by node (``_dfs_numbers_by_node``)
LEVELS_LIMIT = 256


def _dfs_numbers(ids: list[str], managers: list[str], order: list[int] | None = None
                 ) -> tuple[IntArray, IntArray, IntArray]:
    """Pre-order number, subtree size and parent index over the manager forest
    (children visited in employee_id order, so the numbering is canonical; ``order``: the
    nodes in employee_id order, when known).

    Level by level with whole arrays: the subtree sizes bottom-up, then each node's number
    is its parent's plus one plus the sizes of its elder siblings (100,000 people, a few
    levels: 0.33 s -> 0.1 s).  A forest deeper than ``LEVELS_LIMIT`` is numbered node by
    node instead (a level costs a few array operations however few its nodes).  Nodes on a
    loop (the reader refuses them) are never reached: number -1, size 1."""
    index = dict(zip(ids, range(len(ids)), strict=True))
    up = list(map(index.get, managers, repeat(-1)))
    if "" in index or up.count(-1) != managers.count(""):  # a blank id, an unknown manager
        up = [index[manager] if manager else -1 for manager in managers]
    if order is None:
        order = sorted(range(len(ids)), key=ids.__getitem__)
    parent = np.array(up, dtype=np.int64)
    rank = np.empty(len(ids), dtype=np.int64)
    rank[np.asarray(order, dtype=np.int64)] = np.arange(len(ids), dtype=np.int64)
    # children grouped by parent, each group in id order; the roots (parent -1) come first
    by_parent = np.lexsort((rank, parent))
    first_child = np.searchsorted(parent[by_parent], np.arange(-1, len(ids) + 1))
    levels = [by_parent[:first_child[1]]]  # the roots, in id order
    while len(levels[-1]):
        if len(levels) > LEVELS_LIMIT:
            return _dfs_numbers_by_node(up, order)
        at, _ = expand_ranges(first_child[levels[-1] + 1], first_child[levels[-1] + 2])
        levels.append(by_parent[at])  # grouped by parent in the order of the level above
    levels.pop()  # the empty level below the deepest
    size = np.ones(len(ids), dtype=np.int64)
    for level in reversed(levels[1:]):
        np.add.at(size, parent[level], size[level])
    pre = np.full(len(ids), -1, dtype=np.int64)
    for level in levels:
        sizes = size[level]
        before = np.cumsum(sizes) - sizes  # the sizes of the level's earlier nodes
        if level is levels[0]:
            pre[level] = before
            continue
        up_of = parent[level]
        group = np.flatnonzero(np.concatenate(([True], up_of[1:] != up_of[:-1])))
        elder = before - np.repeat(before[group], np.diff(np.append(group, len(level))))
        pre[level] = pre[up_of] + 1 + elder
    return pre, size, parent


def _dfs_numbers_by_node(up: list[int], order: list[int]
                         ) -> tuple[IntArray, IntArray, IntArray]:
    """:func:`_dfs_numbers` one node at a time (``up``: parent indices, ``order``: the
    nodes in employee_id order)."""
    children: list[list[int]] = [[] for _ in up]
    roots: list[int] = []
    for k in order:
        # appending in id order keeps every child list sorted
        (children[up[k]] if up[k] >= 0 else roots).append(k)
    visit: list[int] = []  # nodes in pre-order
    for root in roots:
        stack = [root]
        while stack:
            node = stack.pop()
            visit.append(node)
            stack.extend(reversed(children[node]))
    pre = np.full(len(up), -1, dtype=np.int64)
    pre[np.asarray(visit, dtype=np.int64)] = np.arange(len(visit), dtype=np.int64)
    size = [1] * len(up)
    for node in reversed(visit):  # children come after their parent in pre-order
        if up[node] >= 0:
            size[up[node]] += size[node]
    return pre, np.array(size, dtype=np.int64), np.array(up, dtype=np.int64)


def _normalised_ids(ids: list[str]) -> list[str]:
    """:func:`normalise_item` of every id (one C-level pass when no id has whitespace)."""
    joined = "\0".join(ids)
    if _SPACE.search(joined) or joined.count("\0") != len(ids) - 1:
        return list(map(normalise_item, ids))
    return joined.casefold().split("\0") if ids else []


def _ordinals(dates: Sequence[dt.date | None]) -> IntArray:
    known: dict[dt.date, int] = {}  # a date is converted once
    return np.array([NO_DATE if d is None else known[d] if d in known
                     else known.setdefault(d, d.toordinal()) for d in dates], dtype=np.int64)


@collector_paused()
def build_problem(participants: Sequence[Participant], config: MatchConfig) -> Problem:
    everyone = list(participants)
    ids = list(map(attrgetter("employee_id"), everyone))
    grade = list(map(attrgetter("grade"), everyone))
    is_mentee = np.fromiter(map(eq, map(attrgetter("role"), everyone), repeat("mentee")),
                            dtype=bool, count=len(everyone))
    # one sort of the employee ids serves every order by id (sorting 100,000 strings with a
    # key function costs about 0.1 s; it was done three times): the mentor tie-break, both
    # sides by (grade, employee_id) and the manager forest's children
    by_id = sorted(range(len(everyone)), key=ids.__getitem__)
    id_rank = np.empty(len(everyone), dtype=np.int64)
    id_rank[np.asarray(by_id, dtype=np.int64)] = np.arange(len(everyone), dtype=np.int64)
    by_grade = np.lexsort((id_rank, np.array(grade, dtype=np.int64)))
    mentee_pos = by_grade[is_mentee[by_grade]].tolist()
    mentor_pos = by_grade[~is_mentee[by_grade]].tolist()
    mentees = list(map(everyone.__getitem__, mentee_pos))
    mentors = list(map(everyone.__getitem__, mentor_pos))
    n, m = len(mentees), len(mentors)
    mentee_row = np.full(len(everyone), -1, dtype=np.int64)
    mentee_row[np.asarray(mentee_pos, dtype=np.int64)] = np.arange(n, dtype=np.int64)
    input_order = mentee_row[is_mentee].tolist()  # mentees in the input order

    mentor_col = np.full(len(everyone), -1, dtype=np.int64)
    mentor_col[np.asarray(mentor_pos, dtype=np.int64)] = np.arange(m, dtype=np.int64)
    ranks = mentor_col[np.asarray(by_id, dtype=np.int64)]
    ranks = ranks[ranks >= 0]  # mentor columns in employee_id order
    mentor_rank = np.empty(m, dtype=np.int64)
    mentor_rank[ranks] = np.arange(m, dtype=np.int64)

    department = list(map(attrgetter("department"), everyone))
    depts: dict[str, int] = {}
    for d in department:
        if d and d not in depts:
            depts[d] = len(depts)
    mentee_dept = np.array([depts.get(department[k], -1) for k in mentee_pos], dtype=np.int64)
    mentor_dept = np.array([depts.get(department[k], -1) for k in mentor_pos], dtype=np.int64)
    dept_columns = {
        d: np.flatnonzero(mentor_dept == d).astype(np.int64) for d in distinct(mentee_dept)
        if d >= 0
    }

    languages = list(map(attrgetter("languages"), everyone))
    sigs: dict[tuple[str, ...], int] = {}
    signature: dict[tuple[str, ...], int] = {(): -1}  # languages as listed -> id
    for listed in languages:
        if listed not in signature:
            signature[listed] = sigs.setdefault(tuple(sorted(listed)), len(sigs))
    mentee_lang = np.array([signature[languages[k]] for k in mentee_pos], dtype=np.int64)
    mentor_lang = np.array([signature[languages[k]] for k in mentor_pos], dtype=np.int64)
    sig_sets = {v: set(k) for k, v in sigs.items()}
    lang_incompatible: dict[int, IntArray] = {}
    for s in sorted(set(mentee_lang.tolist()) - {-1}):
        bad = [t for t in sig_sets if not (sig_sets[s] & sig_sets[t])]
        lang_incompatible[s] = np.flatnonzero(np.isin(mentor_lang, bad)).astype(np.int64)

    # Reporting lines over everyone in the file.
    pre, size, parent = _dfs_numbers(ids, list(map(attrgetter("manager_id"), everyone)),
                                     by_id)
    mentor_pre = pre[np.asarray(mentor_pos, dtype=np.int64)] if m else np.zeros(0, np.int64)
    by_pre = np.argsort(mentor_pre, kind="stable").astype(np.int64)
    sorted_pre = mentor_pre[by_pre]
    mentee_nodes = np.asarray(mentee_pos, dtype=np.int64)
    desc_start = np.searchsorted(sorted_pre, pre[mentee_nodes] + 1, side="left").astype(np.int64)
    desc_end = np.searchsorted(
        sorted_pre, pre[mentee_nodes] + size[mentee_nodes], side="left"
    ).astype(np.int64)

    # blocked (mentee row, mentor column) pairs, gathered as arrays and then made a sorted
    # CSR without repeats (a set per mentee cost 0.1 s of 100,000 participants)
    block_rows: list[IntArray] = [np.zeros(0, dtype=np.int64)]
    block_cols: list[IntArray] = [np.zeros(0, dtype=np.int64)]
    # mentors who manage the mentee directly or indirectly
    current = parent[mentee_nodes] if n else np.zeros(0, np.int64)
    rows = np.arange(n, dtype=np.int64)
    while current.size:
        keep = current >= 0
        current, rows = current[keep], rows[keep]
        cols = mentor_col[current]
        block_rows.append(rows[cols >= 0])
        block_cols.append(cols[cols >= 0])
        current = parent[current]
    # avoid lists, in both directions (ids compare normalised)
    avoiding = [k for k, p in enumerate(everyone) if p.avoid]
    by_norm: dict[str, list[int]] = {}
    for k, norm in enumerate(_normalised_ids(ids) if avoiding else []):
        by_norm.setdefault(norm, []).append(k)
    avoided: list[tuple[int, int]] = []
    for k in avoiding:
        p = everyone[k]
        for target in p.avoid:
            for other in by_norm.get(target, []):
                a, b = (k, other) if p.role == "mentee" else (other, k)
                if mentee_row[a] >= 0 and mentor_col[b] >= 0:
                    avoided.append((int(mentee_row[a]), int(mentor_col[b])))
    if avoided:
        block_rows.append(np.array([r for r, _c in avoided], dtype=np.int64))
        block_cols.append(np.array([c for _r, c in avoided], dtype=np.int64))
    pair_key = distinct(np.concatenate(block_rows) * max(m, 1) + np.concatenate(block_cols))
    blocked_cols = (pair_key % max(m, 1)).astype(np.int64)
    blocked_ptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(pair_key // max(m, 1), minlength=n), out=blocked_ptr[1:])

    weights = (config.skill_weight, config.interest_weight, config.diversity_weight)
    # a small problem: dense features, no scipy (see .small)
    skill_lists = (list(map(attrgetter("skills"), mentees)),
                   list(map(attrgetter("skills"), mentors)))
    interest_lists = (list(map(attrgetter("interests"), mentees)),
                      list(map(attrgetter("interests"), mentors)))
    dense = is_small(n, m, sum(map(len, skill_lists[0])) + sum(map(len, interest_lists[0])))
    skills = _incidence(*skill_lists, dense)
    interests = _incidence(*interest_lists, dense)
    return Problem(
        config=config,
        mentees=mentees,
        mentors=mentors,
        mentee_input_order=input_order,
        mentee_grade=np.array([grade[k] for k in mentee_pos], dtype=np.int64),
        mentor_grade=np.array([grade[k] for k in mentor_pos], dtype=np.int64),
        mentor_rank=mentor_rank,
        col_of_rank=ranks.astype(np.int64),
        capacity=np.fromiter(map(attrgetter("capacity"), mentors), dtype=np.int64, count=m),
        skills=skills,
        interests=interests,
        classes=_class_space(skills, interests, mentee_dept, mentor_dept),
        mentee_dept=mentee_dept,
        mentor_dept=mentor_dept,
        dept_columns=dept_columns,
        mentee_lang=mentee_lang,
        lang_incompatible=lang_incompatible,
        mentee_birth=_ordinals([p.birth_date for p in mentees]),
        mentor_birth=_ordinals([p.birth_date for p in mentors]),
        blocked_ptr=blocked_ptr,
        blocked_cols=blocked_cols,
        desc_start=desc_start,
        desc_end=desc_end,
        mentor_by_pre=by_pre,
        weights=weights,
        min_micro=int(round(config.min_score * MICRO)),
        eps=1e-5 * max(1.0, sum(weights)),
    )
