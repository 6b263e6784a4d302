"""What every signed-in request costs in queries (issue 18: the load targets).

The session's user and their directory entry come in one query; the leaver check on every
request reads that entry without another one."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from terbalik.accounts.models import User
from terbalik.accounts.user_load import user_with_employee

from ..factories import EmployeeFactory, UserFactory
from ..model_compare import count_compiles, same_instance

pytestmark = pytest.mark.django_db


def _user_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    sqls = [q["sql"] for q in queries.captured_queries]
    return response, [s for s in sqls if 'FROM "accounts_user"' in s], [
        s for s in sqls if s.lstrip().startswith("SELECT") and 'FROM "people_employee"' in s
    ]


def test_the_sessions_user_and_employee_come_in_one_query(client):
    employee = EmployeeFactory(email="rina@example.co.id")
    client.force_login(UserFactory(email="rina@example.co.id", employee=employee))
    response, users, employees = _user_queries(client, reverse("accounts:profile"))
    assert response.status_code == 200
    assert len(users) == 1
    assert '"people_employee"' in users[0]  # joined, not fetched separately
    assert employees == []


def test_a_leaver_is_still_signed_out_with_the_joined_employee(client):
    employee = EmployeeFactory(email="left@example.co.id", exit_date=dt.date(2020, 1, 31))
    client.force_login(UserFactory(email="left@example.co.id", employee=employee))
    response = client.get(reverse("core:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("linked", [True, False])
def test_the_compiled_user_load_gives_what_the_orm_gives(linked):
    employee = EmployeeFactory(exit_date=dt.date(2030, 1, 31)) if linked else None
    user = UserFactory(employee=employee)
    UserFactory()  # another row: the statement picks the asked one
    expected = User._default_manager.select_related("employee").get(pk=user.pk)
    loaded = user_with_employee(user.pk)
    same_instance(loaded, expected)
    if linked:
        same_instance(loaded.employee, expected.employee)
        assert loaded.employee.user is loaded  # the reverse side cached, as select_related does
    else:
        assert loaded.employee is None
    assert user_with_employee(user.pk + 1000) is None


def test_the_user_load_is_compiled_once_per_connection(monkeypatch):
    first, second = UserFactory(), UserFactory()
    assert user_with_employee(first.pk).pk == first.pk
    compiled = count_compiles(monkeypatch)
    assert user_with_employee(second.pk).pk == second.pk
    assert compiled == []  # the second user's request ran the first one's SQL
