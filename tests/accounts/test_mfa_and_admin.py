"""Staff MFA (issue 12, item 5) and the Django admin signing in through the same door
(issue 13, HIGH: /admin/login/ had no throttle)."""

from __future__ import annotations

import os
import re
import time

import pytest
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from terbalik.accounts.models import Role, User

from ..factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _now_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def _password_sign_in(client, user, next_url=""):
    url = reverse("accounts:login") + (f"?next={next_url}" if next_url else "")
    return client.post(url, {"login": user.email, "password": PASSWORD})


@pytest.fixture
def mfa_on(settings):
    settings.REQUIRE_STAFF_MFA = True


STAFF = [
    {"role": Role.HR},
    {"role": Role.ADMIN, "is_staff": True, "is_superuser": True},
]


@pytest.mark.parametrize("kind", STAFF, ids=["hr", "admin"])
@pytest.mark.parametrize("path", ["/", "/people/", "/programs/", "/admin/"])
def test_staff_without_mfa_are_sent_to_set_it_up_first(client, mfa_on, kind, path):
    client.force_login(UserFactory(**kind))
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


@pytest.mark.parametrize("role", [Role.PARTICIPANT, Role.SPONSOR])
def test_others_are_not_asked_for_mfa(client, mfa_on, role):
    client.force_login(UserFactory(role=role))
    assert client.get("/").status_code == 200


def test_staff_mfa_off_lets_hr_in_without_it(client, settings):
    settings.REQUIRE_STAFF_MFA = False
    client.force_login(UserFactory(role=Role.HR))
    assert client.get("/").status_code == 200


def test_staff_mfa_is_on_by_default_outside_debug():
    import terbalik.settings as project_settings

    if os.environ.get("REQUIRE_STAFF_MFA"):
        pytest.skip("REQUIRE_STAFF_MFA set in the environment")
    assert project_settings.REQUIRE_STAFF_MFA is (not project_settings.DEBUG)


def test_hr_sets_up_totp_then_gets_in(client, mfa_on):
    hr = UserFactory(role=Role.HR)
    response = _password_sign_in(client, hr)
    assert response.status_code == 302
    response = client.get("/", follow=True)
    assert response.redirect_chain[-1][0] == reverse("mfa_activate_totp")
    page = response.content.decode()
    assert 'for="id_code"' in page  # the code field has a visible label
    secret = client.session["mfa.totp.secret"]
    response = client.post(reverse("mfa_activate_totp"), {"code": _now_code(secret)})
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    page = client.get(reverse("mfa_view_recovery_codes")).content.decode()
    codes = re.search(r'<textarea[^>]*id="recovery_codes"[^>]*>(.*?)</textarea>', page, re.S)
    assert len(codes.group(1).split()) == 10  # ten recovery codes to write down
    assert 'for="recovery_codes"' in page


def test_staff_with_totp_must_enter_a_code_after_the_password(client, mfa_on):
    hr = UserFactory(role=Role.HR)
    secret = generate_totp_secret()
    TOTP.activate(hr, secret)
    response = _password_sign_in(client, hr)
    assert response["Location"] == reverse("mfa_authenticate")
    assert SESSION_KEY not in client.session
    response = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert SESSION_KEY not in client.session
    response = client.post(reverse("mfa_authenticate"), {"code": _now_code(secret)})
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(hr.pk)
    assert client.get("/").status_code == 200


# --- The Django admin has no door of its own -------------------------------------------------


def test_admin_login_sends_anonymous_visitors_to_our_sign_in(client):
    response = client.get("/admin/login/?next=/admin/people/")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login") + "?next=/admin/people/"


def test_admin_index_goes_through_our_sign_in(client):
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("accounts:login"))


def test_posting_a_password_to_admin_login_checks_nothing(client, monkeypatch):
    admin = UserFactory(role=Role.ADMIN, is_staff=True, is_superuser=True)
    checked = []
    original = User.check_password
    monkeypatch.setattr(User, "check_password", lambda self, raw: checked.append(1) or
                        original(self, raw))
    for password in ["guess-1", "guess-2", PASSWORD]:
        response = client.post("/admin/login/", {"username": admin.email, "password": password})
        assert response.status_code == 302
    assert checked == []
    assert SESSION_KEY not in client.session


@pytest.mark.parametrize("role", [Role.PARTICIPANT, Role.HR, Role.SPONSOR])
def test_signed_in_non_staff_are_refused_by_admin_login(client, role):
    client.force_login(UserFactory(role=role))
    assert client.get("/admin/login/?next=/admin/").status_code == 403


def test_admin_signs_in_on_our_page_and_lands_in_the_admin(client):
    admin = UserFactory(role=Role.ADMIN, is_staff=True, is_superuser=True)
    response = _password_sign_in(client, admin, next_url="/admin/")
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/login/?next=/admin/")["Location"] == "/admin/"


def test_admin_with_totp_needs_the_code_for_the_admin_too(client, mfa_on):
    admin = UserFactory(role=Role.ADMIN, is_staff=True, is_superuser=True)
    secret = generate_totp_secret()
    TOTP.activate(admin, secret)
    response = _password_sign_in(client, admin, next_url="/admin/")
    assert response["Location"] == reverse("mfa_authenticate")
    assert client.get("/admin/").status_code == 302
    response = client.post(reverse("mfa_authenticate"), {"code": _now_code(secret)})
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_staff_with_totp_also_need_it_after_an_email_code(client, mfa_on):
    from django.core import mail

    hr = UserFactory(role=Role.HR, email="hr.kode@example.co.id")
    secret = generate_totp_secret()
    TOTP.activate(hr, secret)
    client.post(reverse("account_request_login_code"), {"email": hr.email})
    code = re.search(r"\?code=(\S+)", mail.outbox[-1].body).group(1)
    response = client.post(reverse("account_confirm_login_code"), {"code": code})
    assert response["Location"] == reverse("mfa_authenticate")
    assert SESSION_KEY not in client.session
    client.post(reverse("mfa_authenticate"), {"code": _now_code(secret)})
    assert client.session[SESSION_KEY] == str(hr.pk)
