"""Helpers for tests that hold a faster read to what the ORM's own read gives (issue 18)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db.models.sql.compiler import SQLCompiler


def same_instance(loaded: Any, expected: Any, depth: int = 0) -> None:
    """Same class, attribute values and types, deferred fields, state and cached relations
    (those followed three levels deep)."""
    assert type(loaded) is type(expected)
    assert loaded.__dict__.keys() == expected.__dict__.keys()
    for name, value in expected.__dict__.items():
        if name not in ("_state", "_prefetched_objects_cache"):
            assert loaded.__dict__[name] == value, name
            assert type(loaded.__dict__[name]) is type(value), name
    assert loaded.get_deferred_fields() == expected.get_deferred_fields()
    assert (loaded._state.db, loaded._state.adding) == (expected._state.db, expected._state.adding)
    assert loaded._state.fields_cache.keys() == expected._state.fields_cache.keys()
    for name, related in expected._state.fields_cache.items():
        if related is None or depth > 2:
            assert (loaded._state.fields_cache[name] is None) == (related is None), name
        else:
            same_instance(loaded._state.fields_cache[name], related, depth + 1)


def count_compiles(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """From now on, the model of every query the ORM compiles."""
    compiled: list[Any] = []
    original = SQLCompiler.as_sql

    def counting(self: SQLCompiler, *args: Any, **kwargs: Any) -> Any:
        compiled.append(self.query.model)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(SQLCompiler, "as_sql", counting)
    return compiled
