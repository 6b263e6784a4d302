"""Issue 16 item 6: numbers, dates and languages read and written in the user's locale.

Found by trying the product as a new user would: "7,5" was refused in Indonesian, English
pages used US dates (11/03/2026), and language fields showed the code "id"."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import formats, translation

from terbalik.core.i18n import language_name, language_names
from terbalik.pairs.forms import GoalForm, ProgressForm
from terbalik.programs.forms import ProgramDesignForm, ProgramGoalForm

GOAL = {"statement": "Build three dashboards for the sales team.", "baseline_value": "0",
        "unit": "dashboards", "achievable": "x", "relevance": "y"}


@pytest.mark.parametrize("typed", ["7,5", "7.5"])
def test_goal_form_accepts_a_decimal_comma_in_indonesian(typed):
    with translation.override("id"):
        form = GoalForm(data={**GOAL, "target_value": typed})
        assert form.is_valid(), form.errors
    assert form.cleaned_data["target_value"] == Decimal("7.5")


def test_goal_form_refuses_words_naming_the_field():
    with translation.override("id"):
        form = GoalForm(data={**GOAL, "target_value": "tujuh"})
        assert not form.is_valid()
    assert list(form.errors) == ["target_value"]


def test_progress_form_accepts_a_decimal_comma_in_indonesian():
    with translation.override("id"):
        form = ProgressForm(data={"value": "2,25"})
        assert form.is_valid(), form.errors
    assert form.cleaned_data["value"] == Decimal("2.25")


def test_program_forms_accept_a_decimal_comma_in_indonesian():
    with translation.override("id"):
        assert ProgramGoalForm().fields["goal_target_value"].clean("12,5") == Decimal("12.5")
        assert ProgramDesignForm().fields["weight_skill"].clean("0,6") == pytest.approx(0.6)


def test_decimal_inputs_bring_up_the_numeric_keyboard_and_show_the_local_comma():
    with translation.override("id"):
        form = GoalForm(initial={"target_value": Decimal("7.5")})
        html = str(form["target_value"])
    assert 'inputmode="decimal"' in html
    assert 'value="7,5"' in html


def test_english_dates_are_day_month_year():
    day = dt.date(2026, 11, 3)
    when = dt.datetime(2026, 11, 3, 14, 5, tzinfo=dt.UTC)
    with translation.override("en"):
        assert formats.date_format(day, "DATE_FORMAT") == "3 November 2026"
        assert formats.date_format(day, "SHORT_DATE_FORMAT") == "03/11/2026"
        assert formats.date_format(when, "DATETIME_FORMAT") == "3 November 2026, 14:05"
        assert formats.date_format(when, "SHORT_DATETIME_FORMAT") == "03/11/2026 14:05"
        # typed dates are read day first too (ISO, as date pickers send, still works)
        assert formats.get_format("DATE_INPUT_FORMATS")[0] == "%Y-%m-%d"
        assert "%m/%d/%Y" not in formats.get_format("DATE_INPUT_FORMATS")


def test_indonesian_dates_stay_day_month_year():
    with translation.override("id"):
        assert formats.date_format(dt.date(2026, 11, 3), "DATE_FORMAT") == "3 Nov. 2026"
        assert formats.date_format(dt.date(2026, 11, 3), "SHORT_DATE_FORMAT") == "03-11-2026"


def test_language_codes_are_shown_as_names():
    assert language_name("id") == "Bahasa Indonesia"
    assert language_name("en") == "English"
    assert language_name("jv") == "Basa Jawa"
    assert language_name("xx") == "xx"  # an unknown code is shown as typed
    assert language_names(["id", "en"]) == "Bahasa Indonesia, English"
    rendered = Template("{% load terbalik_i18n %}{{ codes|language_names }}").render(
        Context({"codes": ["id", "su"]}))
    assert rendered == "Bahasa Indonesia, Basa Sunda"


def test_language_choices_are_names_not_codes():
    from django.conf import settings

    from terbalik.accounts.forms import ProfileForm

    with translation.override("id"):
        shown = [str(label) for _code, label in ProfileForm().fields["language"].choices]
    assert shown == ["Bahasa Indonesia", "English"]
    assert [code for code, _label in settings.LANGUAGES] == ["id", "en"]


@pytest.mark.django_db
def test_employee_page_names_languages(client, hr_user):
    from django.urls import reverse

    from tests.factories import EmployeeFactory

    employee = EmployeeFactory(employee_id="L0001", languages=["id", "en"])
    client.force_login(hr_user)
    page = client.get(reverse("people:detail", args=[employee.employee_id])).content.decode()
    assert "Bahasa Indonesia, English" in page


@pytest.mark.django_db
def test_pages_show_times_in_the_signed_in_person_s_time_zone(client):
    from django.http import HttpResponse
    from django.test import RequestFactory
    from django.utils import timezone

    from terbalik.accounts.middleware import TIME_ZONE_SESSION_KEY, UserLanguageMiddleware
    from terbalik.accounts.models import Role
    from tests.factories import EmployeeFactory, UserFactory

    employee = EmployeeFactory(time_zone="Asia/Jayapura")
    user = UserFactory(role=Role.PARTICIPANT, employee=employee)
    client.force_login(user)  # signing in remembers the zone of the directory entry
    assert client.session[TIME_ZONE_SESSION_KEY] == "Asia/Jayapura"

    request = RequestFactory().get("/")
    request.user, request.session = user, client.session
    seen = UserLanguageMiddleware(
        lambda r: HttpResponse(timezone.get_current_timezone_name()))(request)
    assert seen.content == b"Asia/Jayapura"
    assert timezone.get_current_timezone_name() == "Asia/Jakarta"  # and nothing leaks
