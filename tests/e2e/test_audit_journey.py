"""The audit trail in a real Chromium: a platform admin filters it on a 375 px phone with the
keyboard only, opens an entry, and both pages pass axe (admin-only pages are outside the
accessibility walk, which visits participant, HR and anonymous pages)."""

from __future__ import annotations

import pytest
from auditlog.context import set_actor
from django.urls import reverse

from terbalik.accounts.models import Role
from terbalik.core import audit as audit_log

from ..factories import PASSWORD, UserFactory
from .conftest import sign_in
from .test_accessibility import DESKTOP, PHONE, _new_context, audit

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _trail() -> None:
    hr = UserFactory(email="hr-audit@contoh.co.id", role=Role.HR)
    sponsor = UserFactory(email="sponsor-audit@contoh.co.id", role=Role.SPONSOR)
    admin = UserFactory(email="admin-audit@contoh.co.id", role=Role.ADMIN, language="en")
    for n in range(3):
        audit_log.record(action="reports.dashboard_viewed", actor=sponsor,
                         details={"aggregates_only": True, "n": n})
    audit_log.record(action="people.directory_exported", actor=hr, details={"fmt": "csv"})
    with set_actor(admin):
        hr.role = Role.ADMIN
        hr.save()


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_admin_filters_the_trail_with_the_keyboard_and_opens_an_entry(
    browser, live_server, _site_is_the_live_server, size: str
) -> None:
    _trail()
    context = _new_context(browser, PHONE if size == "phone" else DESKTOP)
    try:
        page = context.new_page()
        page.base_url = live_server.url
        sign_in(page, "admin-audit@contoh.co.id", PASSWORD)
        page.goto(live_server.url + reverse("core:audit"))
        assert audit(page) == []
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= page.viewport_size["width"], width  # no sideways scrolling

        search = page.locator("#id_q")
        search.focus()
        page.keyboard.type("csv")
        page.keyboard.press("Enter")
        page.wait_for_url("**/audit/?*q=csv*")
        rows = page.locator("table tbody tr")
        assert rows.count() == 1

        link = rows.first.locator("a").first
        for _ in range(60):  # Tab through the page until the entry's link has the focus
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.closest('tbody') !== null"):
                break
        assert page.evaluate("document.activeElement.tagName") == "A"
        assert page.evaluate("document.activeElement.href") == link.evaluate("a => a.href")
        page.keyboard.press("Enter")
        page.wait_for_url("**/audit/a*/")
        assert page.locator("h1").inner_text() in (
            "Exported the employee directory", "Mengekspor direktori karyawan")
        assert audit(page) == []

        page.goto(live_server.url + reverse("core:audit") + "?kind=roles")
        assert page.locator("table tbody tr").count() >= 1
        page.locator("table tbody tr a").first.click()
        page.wait_for_url("**/audit/l*/")
        assert page.locator("table").first.is_visible()  # old and new values
        assert audit(page) == []
    finally:
        context.close()
