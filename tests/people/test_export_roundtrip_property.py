"""Property: whatever text the directory holds, export → import changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from terbalik.people import services
from terbalik.people.models import Employee

from .conftest import snapshot

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

# What an HR person can type: any printable text (quotes, separators, "=", "'", accents,
# line breaks), stored without surrounding spaces as the importer stores it.
text = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\x85\u2028\u2029")
    | st.sampled_from(["=", "+", "-", "@", "'", ";", ",", '"', "|", "\n"]),
    max_size=30,
).map(str.strip).filter(lambda s: s == s.strip() and "\r" not in s)
dates = st.none() | st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31))
employee = st.fixed_dictionaries(
    {
        "full_name": text.filter(bool),
        "job_title": text,
        "department": text,
        "location": text,
        "grade": st.integers(0, 32767),
        "birth_date": dates,
        "hire_date": dates,
        "languages": st.lists(st.sampled_from(["id", "en", "jv", "en-US", "zh-Hant"]),
                              unique=True, max_size=3),
        "time_zone": st.sampled_from(["Asia/Jakarta", "Asia/Makassar", "Europe/Amsterdam"]),
    }
)


class _Rollback(Exception):
    pass


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(people=st.lists(employee, min_size=1, max_size=6), fmt=st.sampled_from(["csv", "xlsx"]))
def test_any_directory_round_trips(people: list[dict], fmt: str) -> None:
    try:
        with transaction.atomic():
            previous = None
            for n, values in enumerate(people):
                previous = Employee.objects.create(
                    employee_id=f"E{n}", email=f"e{n}@contoh.co.id", manager=previous, **values
                )
            before = snapshot()
            content = services.employees_export(queryset=Employee.objects.all(), fmt=fmt)
            plan = services.employee_import_apply(content=content, file_name=f"x.{fmt}", by=None)
            assert [str(e) for e in plan.errors] == []
            assert (plan.created, plan.updated, plan.unchanged) == (0, 0, len(people))
            assert snapshot() == before
            raise _Rollback
    except _Rollback:
        pass
