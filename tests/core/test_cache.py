"""The shared cache (core/cache.py): throttle entries survive a flood of other entries."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.utils import timezone

from terbalik.core.cache import ThrottleSafeDatabaseCache

pytestmark = pytest.mark.django_db


def _small_cache() -> ThrottleSafeDatabaseCache:
    table = settings.CACHES["default"]["LOCATION"]
    return ThrottleSafeDatabaseCache(table, {"OPTIONS": {"MAX_ENTRIES": 5, "CULL_FREQUENCY": 2}})


def test_a_flood_of_entries_never_evicts_a_live_throttle_entry() -> None:
    cache = _small_cache()
    cache.set("allauth:rl:rina", [1, 2, 3], timeout=600)
    for n in range(20):  # past MAX_ENTRIES: Django would cull the lowest keys, live or not
        cache.set(f"zz-flood-{n:02d}", n, timeout=600)
    assert cache.get("allauth:rl:rina") == [1, 2, 3]
    assert cache.get("zz-flood-00") == 0


def test_expired_entries_are_deleted_when_the_table_is_over_its_limit() -> None:
    cache = _small_cache()
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for n in range(6):
            cache.set(f"old-{n}", n, timeout=60)
    with time_machine.travel(start + dt.timedelta(minutes=5), tick=False):
        cache.set("allauth:rl:rina", [1], timeout=600)  # over the limit: the expired go
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM {cache._table} WHERE cache_key LIKE %s",  # noqa: S608
                           ["%old-%"])
            assert cursor.fetchone()[0] == 0
        assert cache.get("allauth:rl:rina") == [1]


def _count(cache: ThrottleSafeDatabaseCache, like: str = "%") -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {cache._table} WHERE cache_key LIKE %s",  # noqa: S608
                       [like])
        return int(cursor.fetchone()[0])


def test_a_flood_stops_at_the_ceiling_and_the_soonest_to_expire_go_first() -> None:
    cache = _small_cache()  # MAX_ENTRIES 5: ceiling 50
    cache.set("allauth:rl:rina", [1], timeout=3600)
    for n in range(200):
        cache.set(f"zz-flood-{n:03d}", n, timeout=600)
        assert _count(cache) <= 50
    assert cache.get("allauth:rl:rina") == [1]  # expires last, so kept
    assert cache.get("zz-flood-199") == 199


def test_nothing_expired_means_no_delete_on_every_write() -> None:
    from django.test.utils import CaptureQueriesContext

    cache = _small_cache()
    for n in range(10):
        cache.set(f"live-{n}", n, timeout=600)
    with CaptureQueriesContext(connection) as queries:
        for n in range(20):
            cache.set(f"more-{n}", n, timeout=600)
    deletes = [q for q in queries.captured_queries
               if q["sql"].lstrip().upper().startswith("DELETE")]
    assert len(deletes) <= 1


def test_cache_max_entries_is_range_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    from django.core.exceptions import ImproperlyConfigured

    from terbalik.settings import env_int

    monkeypatch.setenv("CACHE_MAX_ENTRIES", "0")
    with pytest.raises(ImproperlyConfigured, match="between 100 and"):
        env_int("CACHE_MAX_ENTRIES", 100000, minimum=100, maximum=10_000_000)
    monkeypatch.setenv("CACHE_MAX_ENTRIES", "lots")
    with pytest.raises(ImproperlyConfigured, match="whole number"):
        env_int("CACHE_MAX_ENTRIES", 100000, minimum=100, maximum=10_000_000)
    monkeypatch.setenv("CACHE_MAX_ENTRIES", "5000")
    assert env_int("CACHE_MAX_ENTRIES", 100000, minimum=100, maximum=10_000_000) == 5000


def test_add_keeps_a_live_entry_and_replaces_an_expired_one() -> None:
    cache = _small_cache()
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        assert cache.add("lock", "first", timeout=10) is True
        assert cache.add("lock", "second", timeout=10) is False  # allauth's lock relies on it
        assert cache.get("lock") == "first"
    with time_machine.travel(start + dt.timedelta(seconds=30), tick=False):
        assert cache.add("lock", "third", timeout=10) is True
        assert cache.get("lock") == "third"
        cache.set("lock", "fourth", timeout=10)
        assert cache.get("lock") == "fourth"
        assert cache.touch("lock", timeout=600) is True
        assert cache.touch("missing", timeout=600) is False
    with time_machine.travel(start + dt.timedelta(seconds=300), tick=False):
        assert cache.get("lock") == "fourth"  # touched: lives 600 s from the touch
