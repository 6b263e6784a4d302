"""The manager forest's numbering (problem._dfs_numbers), level by level with whole arrays,
against the node-by-node depth-first walk it replaced on large files."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from terbalik.matching.engine import problem
from terbalik.matching.engine.problem import _dfs_numbers, _dfs_numbers_by_node


def _by_node(ids: list[str], managers: list[str]) -> tuple[object, ...]:
    index = {eid: k for k, eid in enumerate(ids)}
    up = [index[m] if m else -1 for m in managers]
    return tuple(a.tolist() for a in _dfs_numbers_by_node(
        up, sorted(range(len(ids)), key=ids.__getitem__)))


@st.composite
def forests(draw: st.DrawFn) -> tuple[list[str], list[str]]:
    """Employee ids in file order and their managers (a forest: each node's manager was
    made before it), ids in no particular order so that siblings need sorting."""
    names = draw(st.lists(st.text(alphabet="aAb1é", min_size=1, max_size=3), unique=True,
                          max_size=40))
    managers = [names[draw(st.integers(0, k - 1))] if k and draw(st.booleans()) else ""
                for k in range(len(names))]
    order = draw(st.permutations(range(len(names))))
    return [names[k] for k in order], [managers[k] for k in order]


@settings(max_examples=400, deadline=None)
@given(forests())
def test_levels_number_the_forest_as_the_depth_first_walk(forest) -> None:
    ids, managers = forest
    got = tuple(a.tolist() for a in _dfs_numbers(ids, managers))
    assert got == _by_node(ids, managers)


def test_a_forest_deeper_than_the_level_limit_is_walked_node_by_node(monkeypatch) -> None:
    ids = [f"e{k:03d}" for k in range(40)]
    chain_ = ["", *ids[:-1]]  # one chain 40 deep, plus a few roots
    ids, chain_ = [*ids, "x", "a"], [*chain_, "", "e005"]
    expected = _by_node(ids, chain_)
    monkeypatch.setattr(problem, "LEVELS_LIMIT", 8)
    calls = []
    monkeypatch.setattr(problem, "_dfs_numbers_by_node",
                        lambda *a: calls.append(1) or _dfs_numbers_by_node(*a))
    assert tuple(a.tolist() for a in _dfs_numbers(ids, chain_)) == expected
    assert calls == [1]
    monkeypatch.setattr(problem, "LEVELS_LIMIT", 64)
    assert tuple(a.tolist() for a in _dfs_numbers(ids, chain_)) == expected
    assert calls == [1]
