"""Every new sign-in page: who may open it, in our layout, in both languages."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from ..factories import PASSWORD

pytestmark = pytest.mark.django_db

ROLES = ["participant_user", "hr_user", "admin_user", "sponsor_user"]


def _signed_in(request, role) -> Client:
    """A browser that signed in with the password just now (a fresh sign-in, as allauth's
    sensitive pages expect)."""
    user = request.getfixturevalue(role)
    browser = Client()
    response = browser.post(reverse("accounts:login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return browser


ANONYMOUS_PAGES = [
    "accounts:login",
    "account_login",
    "account_request_login_code",
    "accounts:password_reset",
]


@pytest.mark.parametrize("name", ANONYMOUS_PAGES)
def test_sign_in_pages_open_for_visitors_in_our_layout(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'class="skip-link"' in page and "navbar-terbalik" in page  # our base layout
    assert 'name="viewport"' in page


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", ["accounts:login", "account_request_login_code"])
def test_signed_in_people_are_sent_on_from_sign_in_pages(request, role, name):
    browser = _signed_in(request, role)
    assert browser.get(reverse(name)).status_code == 302


def test_code_page_without_a_pending_code_goes_back_to_asking(client):
    response = client.get(reverse("account_confirm_login_code"))
    assert response.status_code == 302
    assert response["Location"] == reverse("account_request_login_code")


def test_self_signup_is_closed(client):
    response = client.get(reverse("account_signup"))
    assert response.status_code == 200
    assert 'name="password1"' not in response.content.decode()
    response = client.post(reverse("account_signup"), {"email": "x@example.co.id",
                                                       "password1": "Sangat-rahasia-2027"})
    from terbalik.accounts.models import User

    assert not User.objects.filter(email="x@example.co.id").exists()


MFA_PAGES = ["mfa_index", "mfa_activate_totp"]


@pytest.mark.parametrize("name", MFA_PAGES + ["account_logout"])
def test_mfa_and_sign_out_pages_need_a_signed_in_person(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert "/login/" in response["Location"]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", MFA_PAGES + ["account_logout"])
def test_mfa_and_sign_out_pages_open_for_every_signed_in_role(request, role, name):
    browser = _signed_in(request, role)
    response = browser.get(reverse(name))
    assert response.status_code == 200
    page = response.content.decode()
    assert "navbar-terbalik" in page and "accounts/signin.css" in page


@pytest.mark.parametrize("role", ROLES)
def test_recovery_codes_need_mfa_first(request, role):
    browser = _signed_in(request, role)
    response = browser.get(reverse("mfa_view_recovery_codes"))
    assert response.status_code in (302, 404)


def test_login_page_in_indonesian_by_default_and_english_on_request(client):
    page = client.get(reverse("accounts:login")).content.decode()
    assert "Masuk dengan kode lewat e-mail" in page
    assert '<html lang="id">' in page
    page = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Sign in with a code by e-mail" in page
    assert '<html lang="en">' in page


def test_allauth_pages_speak_both_languages(client):
    page = client.get(reverse("account_request_login_code")).content.decode()
    assert "Minta Kode" in page  # allauth's Indonesian catalogue
    page = client.get(
        reverse("account_request_login_code"), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "Send me a sign-in code" in page


@pytest.mark.parametrize("name", ["accounts:login", "account_login"])
def test_login_form_fields_have_visible_labels(client, name):
    page = client.get(reverse(name)).content.decode()
    for field_id in ("id_code_email", "id_login", "id_password"):
        assert f'for="{field_id}"' in page, field_id


def test_company_account_block_shows_only_with_a_configured_provider(client):
    page = client.get(reverse("accounts:login")).content.decode()
    assert 'id="sso-providers"' not in page


def test_one_password_reset_door(client):
    response = client.get("/accounts/password/reset/")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset")


def test_sign_in_addresses_cannot_be_changed_by_their_owner(client, participant_user):
    from allauth.account.models import EmailAddress

    client.force_login(participant_user)
    response = client.post("/accounts/email/", {"action_add": "", "email": "lain@example.co.id"})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:profile")
    assert not EmailAddress.objects.filter(email="lain@example.co.id").exists()
    participant_user.refresh_from_db()
    assert participant_user.email == "rina@example.co.id"
