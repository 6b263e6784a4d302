"""HR opens a program dashboard; a sponsor on a phone sees small groups suppressed."""

from __future__ import annotations

import pytest

from terbalik.accounts.models import Role
from terbalik.programs.models import Program, Status
from terbalik.reports import services as report_services

from ..factories import PASSWORD, UserFactory
from ..programs.conftest import program_fields
from ..reports.conftest import add_meetings, add_pairs
from .conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _program(hr):
    program = Program.objects.create(created_by=hr, **program_fields(status=Status.ACTIVE))
    program.owners.add(hr)
    return program


def test_hr_opens_the_dashboard_with_its_chart(page):
    hr = UserFactory(email="hr@contoh.co.id", role=Role.HR, language="en")
    program = _program(hr)
    add_meetings(add_pairs(program, 6), weeks=3)
    sign_in(page, "hr@contoh.co.id", PASSWORD)
    page.goto(page.base_url + "/reports/")
    page.get_by_role("link", name=program.name).click()
    page.locator("#weeks-chart").wait_for()
    assert page.locator("#funnel").is_visible()
    # Chart.js styles the canvas (box-sizing) when it draws it: wait on that page state, not on
    # the Chart global, which may not exist yet while the vendored script loads
    page.locator("#weeks-chart[style*='box-sizing']").wait_for()
    page.get_by_text("Table: meetings per week").click()
    assert page.locator("#weeks tbody tr").count() == 3


def test_sponsor_on_a_phone_sees_suppression(phone):
    hr = UserFactory(email="hr2@contoh.co.id", role=Role.HR)
    sponsor = UserFactory(email="sponsor@contoh.co.id", role=Role.SPONSOR)
    program = _program(hr)
    add_meetings(add_pairs(program, 2), weeks=2)
    report_services.sponsor_assign(program=program, user=sponsor, by=hr)
    sign_in(phone, "sponsor@contoh.co.id", PASSWORD)
    phone.goto(phone.base_url + f"/reports/programs/{program.pk}/")
    phone.locator("#suppressed").wait_for()
    assert phone.locator("#weeks-chart").count() == 0 and phone.locator("#exports").count() == 0
    width = phone.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 375


def test_hr_reads_feedback_on_a_phone(phone):
    from ..reports.test_feedback_page import comment_all

    hr = UserFactory(email="hr3@contoh.co.id", role=Role.HR, language="en")
    program = _program(hr)
    pairs = add_pairs(program, 6)
    add_meetings(pairs, weeks=3)
    comment_all(pairs, ["Jadwal bentrok dengan rapat", "Great session on AI tools"])
    sign_in(phone, "hr3@contoh.co.id", PASSWORD)
    phone.goto(phone.base_url + f"/reports/programs/{program.pk}/")
    phone.get_by_role("link", name="Feedback", exact=True).click()
    phone.locator("#ratings-chart[style*='box-sizing']").wait_for()  # Chart.js drew it
    assert phone.locator("#comments .comment").count() == 25
    phone.get_by_label("Theme", exact=True).select_option("time")
    phone.get_by_label("Group by", exact=True).select_option("theme")
    phone.get_by_role("button", name="Apply").click()
    phone.locator("#comment-count[data-count='18']").wait_for()
    assert phone.locator(".comment-group").first.inner_text() == "Time and scheduling"
    width = phone.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 375
