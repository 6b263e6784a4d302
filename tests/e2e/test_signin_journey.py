"""Sign-in journeys in Chromium: passwordless with the code from a real SMTP server on
loopback, on a phone; a leaver is refused."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache

from terbalik.accounts.models import Role, User

from ..factories import PASSWORD, EmployeeFactory, UserFactory
from .conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _fresh_throttles():
    cache.clear()
    yield
    cache.clear()


def _mail_to(smtp, address):
    bodies = [m.get_body(preferencelist=("plain",)).get_content()
              for rcpt, m in smtp.messages if rcpt == [address]]
    return bodies


def _ask_for_code(page, email):
    page.goto(page.base_url + "/login/")
    assert page.evaluate("document.documentElement.scrollWidth") <= max(
        375, page.viewport_size["width"]
    )
    form = page.locator("#code-form")
    form.get_by_label(re.compile("e-mail", re.I)).fill(email)
    form.locator("button[type=submit]").click()
    page.wait_for_url("**/accounts/login/code/confirm/**")


def test_employee_signs_in_on_a_phone_with_the_emailed_code(phone, smtp):
    EmployeeFactory(email="sari.wulandari@contoh.co.id", full_name="Sari Wulandari")
    _ask_for_code(phone, "Sari.Wulandari@contoh.co.id")
    assert phone.locator("#id_code").is_visible()
    [body] = _mail_to(smtp, "sari.wulandari@contoh.co.id")
    link = re.search(r"https?://\S+/accounts/login/code/confirm/\?code=\S+", body).group(0)
    parts = urlsplit(link)
    phone.goto(phone.base_url + parts.path + "?" + parts.query)  # the link in the e-mail
    code = parts.query.split("=", 1)[1]
    assert phone.locator("#id_code").input_value() == code
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    phone.locator("#confirm-code-form button[type=submit]").click()
    phone.wait_for_url(lambda url: "/accounts/" not in url and "/login/" not in url)
    user = User.objects.get(email="sari.wulandari@contoh.co.id")
    assert user.role == Role.PARTICIPANT and user.employee.full_name == "Sari Wulandari"
    assert phone.locator("form[action='/logout/']").count() == 1  # signed in: sign-out shown


def test_a_leaver_is_refused_by_code_and_by_password(page, smtp):
    EmployeeFactory(email="joko@contoh.co.id", exit_date=dt.date(2024, 12, 31))
    _ask_for_code(page, "joko@contoh.co.id")
    page.locator("#id_code").fill("ABCD-EFGH")
    page.locator("#confirm-code-form button[type=submit]").click()
    # refused on the code page itself: the field's error shows, nobody is signed in
    page.locator("#id_code_error").wait_for()
    assert "/accounts/login/code/confirm/" in page.url
    assert page.locator("form[action='/logout/']").count() == 0
    assert _mail_to(smtp, "joko@contoh.co.id") == []
    assert not User.objects.filter(email="joko@contoh.co.id").exists()

    employee = EmployeeFactory(email="rudi@contoh.co.id", active=False)
    UserFactory(email="rudi@contoh.co.id", employee=employee)
    page.get_by_role("button", name="Cancel").click()  # back to the sign-in page
    page.wait_for_url("**/login/")
    form = page.locator("#password-form")
    form.locator("input[name=login]").fill("rudi@contoh.co.id")
    form.locator("input[name=password]").fill(PASSWORD)
    form.locator("button[type=submit]").click()
    page.locator("#password-form .alert-danger").wait_for()
    assert "/login/" in page.url


def test_password_sign_in_still_works_for_admins(page):
    UserFactory(email="admin@contoh.co.id", role=Role.ADMIN, is_staff=True, is_superuser=True)
    sign_in(page, "admin@contoh.co.id", PASSWORD)
    page.goto(page.base_url + "/admin/")
    assert page.url.endswith("/admin/")
