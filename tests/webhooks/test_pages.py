"""The platform admin's pages: subscriptions, the secret shown once, send test, the delivery
log (paginated, bounded queries), retry now; nobody else gets in."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from terbalik.core.models import AuditEntry
from terbalik.webhooks import services
from terbalik.webhooks.models import Delivery, DeliveryState, Subscription

pytestmark = pytest.mark.django_db


def _token(page: str) -> str:
    return re.search(r'name="form_once" value="([^"]+)"', page).group(1)


@pytest.fixture
def admin(client, admin_user):
    client.force_login(admin_user)
    return client


def test_only_platform_admins_get_in(client, hr_user, participant_user, sponsor_user,
                                     subscribe):
    subscription = subscribe()
    urls = [reverse("webhooks:list"), reverse("webhooks:create"),
            reverse("webhooks:detail", args=[subscription.pk]),
            reverse("webhooks:edit", args=[subscription.pk])]
    for url in urls:
        assert client.get(url).url.startswith(reverse("accounts:login"))
    for user in (hr_user, participant_user, sponsor_user):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 403, (user.role, url)
        assert client.post(reverse("webhooks:ping", args=[subscription.pk])).status_code == 403
    assert Delivery.objects.count() == 0


def test_create_shows_the_secret_once_and_a_double_submit_makes_one(admin, receiver):
    page = admin.get(reverse("webhooks:create")).content.decode()
    data = {"target_url": receiver.url, "events": ["pair.created", "meeting.held"],
            "description": "HRIS", "active": "on", "form_once": _token(page)}
    first = admin.post(reverse("webhooks:create"), data)
    second = admin.post(reverse("webhooks:create"), data)
    subscription = Subscription.objects.get()
    assert first.url == second.url == reverse("webhooks:detail", args=[subscription.pk])
    assert subscription.events == ["pair.created", "meeting.held"]
    assert subscription.secret.startswith("whsec_")
    shown = admin.get(first.url)
    assert subscription.secret in shown.content.decode()
    assert "no-store" in shown.headers["Cache-Control"]
    assert subscription.secret not in admin.get(first.url).content.decode()  # once
    # a platform admin can show it again: a POST, audited
    response = admin.post(reverse("webhooks:secret", args=[subscription.pk]))
    assert response.url == first.url
    assert subscription.secret in admin.get(first.url).content.decode()
    assert AuditEntry.objects.filter(action="webhooks.secret_reveal").count() == 1


def test_bad_input_names_the_field_and_writes_nothing(admin, settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS = False
    response = admin.post(reverse("webhooks:create"),
                          {"target_url": "http://10.0.0.3/hook", "events": []})
    assert response.status_code == 200
    form = response.context["form"]
    assert "target_url" in form.errors and "events" in form.errors
    assert "Choose at least one event from the list." in form.errors["events"]
    assert Subscription.objects.count() == 0
    response = admin.post(reverse("webhooks:create"),
                          {"target_url": "http://10.0.0.3/hook", "events": ["pair.created"]})
    assert "https://" in str(response.context["form"].errors["target_url"])
    assert Subscription.objects.count() == 0


def test_edit_and_delete_after_confirming(admin, subscribe, make_program):
    subscription = subscribe()
    program = make_program()
    response = admin.post(reverse("webhooks:edit", args=[subscription.pk]), {
        "target_url": subscription.target_url, "events": ["pair.at_risk"],
        "program": program.pk})
    assert response.url == reverse("webhooks:detail", args=[subscription.pk])
    subscription.refresh_from_db()
    assert (subscription.events, subscription.program, subscription.active) == (
        ["pair.at_risk"], program, False)
    delete = reverse("webhooks:delete", args=[subscription.pk])
    assert b"confirm-delete" in admin.get(delete).content
    assert admin.post(delete, {}).status_code == 200  # no confirmation: the question again
    assert Subscription.objects.count() == 1
    assert admin.post(delete, {"confirm": "yes"}).url == reverse("webhooks:list")
    assert Subscription.objects.count() == 0


def test_send_test_posts_a_ping_and_the_log_shows_the_answer(
        admin, subscribe, receiver, django_capture_on_commit_callbacks):
    subscription = subscribe()
    ping = reverse("webhooks:ping", args=[subscription.pk])
    assert admin.get(ping).url == reverse("webhooks:detail", args=[subscription.pk])
    receiver.answer(500, b"not today")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(ping)
    assert response.url == reverse("webhooks:detail", args=[subscription.pk])
    assert len(receiver.requests) == 1
    delivery = Delivery.objects.get()
    assert delivery.event_type == "ping" and delivery.state == DeliveryState.PENDING
    page = admin.get(response.url).content.decode()
    assert "HTTP 500" in page and "not today" in page
    # given up later; "retry now" sends it once more
    Delivery.objects.filter(pk=delivery.pk).update(state=DeliveryState.FAILED)
    page = admin.get(response.url).content.decode()
    retry = reverse("webhooks:retry", args=[subscription.pk, delivery.pk])
    assert retry in page
    with django_capture_on_commit_callbacks(execute=True):
        assert admin.post(retry).url == response.url
    delivery.refresh_from_db()
    assert delivery.state == DeliveryState.DELIVERED and delivery.response_status == 200
    assert receiver.ids == [delivery.event_id] * 2
    assert "HTTP 200" in admin.get(response.url).content.decode()


def test_another_subscriptions_delivery_is_not_found(admin, subscribe, admin_user):
    first, second = subscribe(), subscribe(url="https://hooks.example.com/b")
    delivery = services.ping(subscription=second, by=admin_user)
    assert admin.post(reverse("webhooks:retry", args=[first.pk, delivery.pk])).status_code == 404


def test_the_log_is_paginated_with_bounded_queries(admin, subscribe,
                                                   django_assert_max_num_queries):
    subscription = subscribe()
    now = timezone.now()
    Delivery.objects.bulk_create([
        Delivery(subscription=subscription, event_id=f"evt_{i}", event_type="pair.created",
                 payload={}, state=DeliveryState.FAILED if i % 2 else DeliveryState.DELIVERED,
                 attempts=1, response_status=500 if i % 2 else 200, response_body="x",
                 created_at=now - dt.timedelta(minutes=i))
        for i in range(60)])
    url = reverse("webhooks:detail", args=[subscription.pk])
    with django_assert_max_num_queries(12):
        page = admin.get(url).content.decode()
    assert page.count("evt_") == 25 and "evt_0<" in page and "evt_25<" not in page
    with django_assert_max_num_queries(12):
        second = admin.get(url + "?page=2").content.decode()
    assert "evt_25<" in second
    with django_assert_max_num_queries(12):
        listing = admin.get(reverse("webhooks:list")).content.decode()
    assert "30 failed, 0 waiting" in listing


def test_the_menu_offers_webhooks_to_platform_admins_only(admin, client, hr_user):
    assert reverse("webhooks:list") in admin.get(reverse("core:home")).content.decode()
    client.force_login(hr_user)
    assert reverse("webhooks:list") not in client.get(reverse("core:home")).content.decode()
