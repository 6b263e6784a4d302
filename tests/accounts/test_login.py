from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from terbalik.accounts.models import Role
from terbalik.notify.models import NotificationLog

from ..factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _pages_in_english(client):
    """The sign-in messages are asserted in English, so each assertion states one outcome."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


def _login(client, email, password):
    return client.post(reverse("accounts:login"), {"login": email, "password": password})


def _failure_limit(settings, limit, window="15m"):
    """Allow `limit` failed password sign-ins per account and client within `window`."""
    settings.ACCOUNT_RATE_LIMITS = {
        **settings.ACCOUNT_RATE_LIMITS,
        "login_failed": f"100/m/ip,{limit}/{window}/key",
    }


def test_login_by_email_case_insensitive(client):
    UserFactory(email="ani@example.co.id")
    response = _login(client, "  ANI@Example.co.id ", PASSWORD)
    assert response.status_code == 302
    assert client.get(reverse("core:home")).status_code == 200


def test_wrong_password_is_refused_with_a_clear_message(client):
    UserFactory(email="ani@example.co.id")
    response = _login(client, "ani@example.co.id", "wrong")
    assert response.status_code == 200
    assert "not correct" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_passwords_are_hashed_with_argon2_in_production_settings():
    from django.conf import settings as dj_settings

    # The test suite swaps in a fast hasher; the real default must stay argon2.
    import terbalik.settings as project_settings

    assert project_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    assert dj_settings.AUTH_USER_MODEL == "accounts.User"


def test_lockout_after_repeated_failures_and_expiry(client, settings):
    _failure_limit(settings, 3, "15m")
    UserFactory(email="ani@example.co.id")
    start = dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        for _ in range(3):
            _login(client, "ani@example.co.id", "wrong")
        # Even the right password is refused while locked out.
        response = _login(client, "ani@example.co.id", PASSWORD)
        assert response.status_code == 200
        assert response.context["form"].errors["__all__"][0].startswith("Too many")
    with time_machine.travel(start + dt.timedelta(minutes=16), tick=False):
        response = _login(client, "ani@example.co.id", PASSWORD)
        assert response.status_code == 302
        # A successful sign-in forgets the earlier failures: a slip right after is not
        # counted on top of them.
        client.logout()
        for _ in range(2):
            response = _login(client, "ani@example.co.id", "wrong")
        assert "not correct" in response.content.decode()


def test_unknown_addresses_are_locked_out_too(client, settings):
    _failure_limit(settings, 2)
    for _ in range(3):
        response = _login(client, "nobody@example.co.id", "x")
    assert response.context["form"].errors["__all__"][0].startswith("Too many")


def test_open_redirect_is_ignored(client):
    UserFactory(email="ani@example.co.id")
    response = client.post(
        reverse("accounts:login"),
        {"login": "ani@example.co.id", "password": PASSWORD, "next": "https://evil.example/"},
    )
    assert response["Location"] == "/"


def test_logout_requires_post_and_signs_out(client):
    user = UserFactory()
    client.force_login(user)
    client.post(reverse("accounts:logout"))
    assert "_auth_user_id" not in client.session


def test_password_reset_by_email_lifts_lockout(client, settings):
    _failure_limit(settings, 2)
    user = UserFactory(email="ani@example.co.id")
    for _ in range(2):
        _login(client, user.email, "wrong")
    response = client.post(reverse("accounts:password_reset"), {"email": "ANI@example.co.id"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/password/reset/\S+/\S+/", mail.outbox[0].body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    response = client.get("/" + path, follow=True)
    assert response.status_code == 200
    form_url = response.redirect_chain[-1][0]
    response = client.post(
        form_url, {"new_password1": "Nusantara-baru-2026", "new_password2": "Nusantara-baru-2026"}
    )
    assert response.status_code == 302
    client.logout()
    assert _login(client, user.email, "Nusantara-baru-2026").status_code == 302


def test_password_reset_link_is_not_kept_in_the_database_once_sent(client):
    UserFactory(email="dewi@example.co.id")
    client.post(reverse("accounts:password_reset"), {"email": "dewi@example.co.id"})
    (sent,) = mail.outbox
    token_path = re.search(r"/password/reset/(\S+/\S+)/", sent.body).group(1)
    assert NotificationLog.objects.filter(kind="account", status="sent").count() == 1
    holding = [r for r in NotificationLog.objects.values() if token_path in str(r)]
    assert holding == []


def test_password_reset_for_unknown_address_reveals_nothing(client):
    response = client.post(reverse("accounts:password_reset"), {"email": "ghost@example.co.id"})
    assert response.status_code == 302
    assert mail.outbox == []


@pytest.mark.parametrize("role", [Role.HR, Role.PARTICIPANT, Role.SPONSOR])
def test_django_admin_is_for_platform_admins_only(client, role):
    client.force_login(UserFactory(role=role))
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_platform_admin_opens_django_admin(client, admin_user):
    client.force_login(admin_user)
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get(reverse("admin:people_employee_changelist")).status_code == 200
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 200


def test_account_without_a_password_can_set_one_by_reset_link(client):
    from terbalik.accounts.services import user_create

    user = user_create(email="baru@example.co.id", password=None)
    assert not user.has_usable_password()
    client.post(reverse("accounts:password_reset"), {"email": "baru@example.co.id"})
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["baru@example.co.id"]


def test_inactive_account_gets_no_reset_link(client):
    UserFactory(email="keluar@example.co.id", is_active=False)
    client.post(reverse("accounts:password_reset"), {"email": "keluar@example.co.id"})
    assert mail.outbox == []
