"""A platform admin on a phone (375 px, Indonesian) subscribes a receiver, copies the secret,
sends a test event that a real receiver on loopback gets, and reads the answer in the log.
Every page passes axe and nothing is wider than the screen."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from terbalik.accounts.models import Role
from terbalik.webhooks.models import Delivery, Subscription

from ..factories import PASSWORD, UserFactory
from ..webhooks.conftest import receiver  # noqa: F401
from .conftest import sign_in
from .test_accessibility import BODY_TEXT, audit  # noqa: F401

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _fits(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth") <= 375


def _checked(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    page.evaluate(Axe().axe_script)
    problems = audit(page)
    if not _fits(page):
        problems.append("wider than 375 px")
    return problems


def test_admin_subscribes_and_sends_a_test_on_a_phone(phone, receiver, settings):  # noqa: F811
    settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS = True
    settings.WEBHOOKS_SEND = "inline"
    admin = UserFactory(role=Role.ADMIN, email="admin-hooks@example.co.id")
    sign_in(phone, admin.email, PASSWORD)

    phone.goto(phone.base_url + "/webhooks/")
    assert phone.locator("h1").inner_text() == "Webhook"
    assert _checked(phone) == []
    phone.locator("main a.btn-primary").click()
    phone.wait_for_url("**/webhooks/new/")
    assert _checked(phone) == []
    phone.locator("input[name=target_url]").fill(receiver.url)
    phone.locator("input[name=events][value='pair.created']").check()
    phone.locator("input[name=events][value='meeting.held']").check()
    phone.locator("main form button[type=submit]").click()

    secret = phone.locator("#signing-secret")
    secret.wait_for()
    subscription = Subscription.objects.get()
    assert secret.inner_text() == subscription.secret
    assert _checked(phone) == []

    phone.locator("#send-test").click()
    expect(phone.locator("#deliveries")).to_contain_text("HTTP 200")
    assert receiver.ids == [Delivery.objects.get().event_id]
    expect(phone.locator("#signing-secret")).to_have_count(0)  # shown once
    assert _checked(phone) == []
