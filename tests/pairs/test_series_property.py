"""Property: a series keeps the same local wall-clock time in its zone, whatever DST does."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from hypothesis import given, settings
from hypothesis import strategies as st

from terbalik.pairs.services import series_starts

ZONES = ["Asia/Jakarta", "Asia/Jayapura", "Europe/Amsterdam", "America/New_York",
         "Australia/Sydney", "UTC"]


@settings(max_examples=200, deadline=None)
@given(
    day=st.dates(min_value=dt.date(2027, 1, 1), max_value=dt.date(2031, 12, 31)),
    hour=st.integers(min_value=7, max_value=20),  # DST switches happen at night
    minute=st.sampled_from([0, 15, 30, 45]),
    zone=st.sampled_from(ZONES),
    repeat=st.sampled_from(["weekly", "biweekly", "monthly"]),
    count=st.integers(min_value=2, max_value=26),
)
def test_series_keeps_the_local_time(day, hour, minute, zone, repeat, count):
    starts = series_starts(day, dt.time(hour, minute), zone, repeat, count)
    tz = zoneinfo.ZoneInfo(zone)
    assert len(starts) == count
    assert all(s.utcoffset() == dt.timedelta(0) for s in starts)
    local = [s.astimezone(tz) for s in starts]
    assert all((x.hour, x.minute) == (hour, minute) for x in local)
    assert local == sorted(local) and len(set(starts)) == count
    gaps = {(b.date() - a.date()).days for a, b in zip(local, local[1:], strict=False)}
    if repeat == "weekly":
        assert gaps == {7}
    elif repeat == "biweekly":
        assert gaps == {14}
    else:
        assert gaps <= {28, 29, 30, 31}
