"""Leavers are locked out (issue 12, item 3): when the directory says someone left, their
sessions end and no sign-in method works; their program data stays."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from django.contrib.auth import SESSION_KEY
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from terbalik.accounts.models import User
from terbalik.people.services import employee_import_apply

from ..factories import PASSWORD, EmployeeFactory, UserFactory

pytestmark = pytest.mark.django_db

LEFT = b"employee_id,exit_date\nL0001,2020-06-30\n"


@pytest.fixture
def employee_user(client):
    employee = EmployeeFactory(employee_id="L0001", email="lina@example.co.id")
    user = UserFactory(email="lina@example.co.id", employee=employee)
    response = client.post(reverse("accounts:login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("core:home")).status_code == 200
    return user


def _assert_signed_out_and_data_kept(client, user):
    response = client.get(reverse("core:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert SESSION_KEY not in client.session
    user = User.objects.get(pk=user.pk)  # the account and its directory link stay
    assert user.employee is not None and user.employee.employee_id == "L0001"


def test_import_marking_an_exit_ends_the_session(client, employee_user):
    employee_import_apply(content=LEFT, file_name="leavers.csv", by=None)
    _assert_signed_out_and_data_kept(client, employee_user)


def test_import_command_marking_an_exit_ends_the_session(client, employee_user, tmp_path):
    path = tmp_path / "leavers.csv"
    path.write_bytes(LEFT)
    call_command("import_employees", str(path), stdout=io.StringIO())
    _assert_signed_out_and_data_kept(client, employee_user)


def test_hr_import_in_the_ui_ends_the_leavers_session(client, employee_user, hr_user):
    from django.test import Client

    hr = Client()
    hr.force_login(hr_user)
    upload = SimpleUploadedFile("leavers.csv", LEFT, content_type="text/csv")
    response = hr.post(reverse("people:import"), {"file": upload})
    assert response.status_code == 302
    response = hr.post(response["Location"].rstrip("/") + "/apply/")
    assert response.status_code == 302
    _assert_signed_out_and_data_kept(client, employee_user)


def test_exit_date_passing_without_an_import_signs_out(client):
    employee = EmployeeFactory(employee_id="L0001", email="lina@example.co.id",
                               exit_date=dt.date(2027, 3, 1))
    user = UserFactory(email="lina@example.co.id", employee=employee)
    # 2027-02-28 16:59 UTC is still the 28th in Jakarta; 17:00 UTC is 1 March there.
    with time_machine.travel(dt.datetime(2027, 2, 28, 16, 59, tzinfo=dt.UTC), tick=False):
        client.post(reverse("accounts:login"), {"login": user.email, "password": PASSWORD})
        assert client.get(reverse("core:home")).status_code == 200
    with time_machine.travel(dt.datetime(2027, 2, 28, 17, 0, tzinfo=dt.UTC), tick=False):
        _assert_signed_out_and_data_kept(client, user)


@pytest.mark.parametrize("change", [{"active": False}, {"exit_date": dt.date(2021, 1, 1)}])
def test_leaver_cannot_sign_in_with_the_right_password(client, change):
    employee = EmployeeFactory(employee_id="L0001", email="lina@example.co.id", **change)
    user = UserFactory(email="lina@example.co.id", employee=employee)
    response = client.post(reverse("accounts:login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 200
    assert SESSION_KEY not in client.session


def test_leaver_gets_no_password_reset_link(client):
    from django.core import mail

    employee = EmployeeFactory(employee_id="L0001", email="lina@example.co.id", active=False)
    UserFactory(email="lina@example.co.id", employee=employee)
    client.post(reverse("accounts:password_reset"), {"email": "lina@example.co.id"})
    assert mail.outbox == []


def test_people_without_a_directory_entry_are_not_affected(client, hr_user):
    client.post(reverse("accounts:login"), {"login": hr_user.email, "password": PASSWORD})
    assert client.get(reverse("core:home")).status_code == 200
