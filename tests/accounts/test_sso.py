"""Single sign-on against a real OpenID Connect provider on loopback (no mocked endpoint)."""

from __future__ import annotations

import datetime as dt

import pytest
from allauth.socialaccount.models import SocialAccount
from django.utils import timezone

from terbalik.accounts.models import Role, User
from terbalik.core.models import AuditEntry
from tests.factories import EmployeeFactory, UserFactory
from tests.oidc import HR_GROUP, idp_sign_in

pytestmark = pytest.mark.django_db


def _signed_in_user(client):
    return client.get("/account/").wsgi_request.user


def _assert_refused(result, code, client):
    assert result.response.status_code in (400, 401, 403)
    body = result.response.content.decode()
    assert f'data-refusal="{code}"' in body
    assert 'href="/login/"' in body  # a way back
    assert not _signed_in_user(client).is_authenticated


def test_first_sign_in_creates_the_account_linked_to_the_employee(client, sso):
    employee = EmployeeFactory(employee_id="S0001", email="dewi.lestari@example.co.id")
    sso.add_user("dewi", email="Dewi.Lestari@Example.co.id")  # case differs from the directory

    result = idp_sign_in(client, sso, "dewi")

    # PKCE and a nonce were part of the authorization request.
    assert result.authorize_query["code_challenge_method"] == ["S256"]
    assert result.authorize_query["code_challenge"][0]
    assert len(result.authorize_query["nonce"][0]) >= 32
    assert result.response.status_code == 302
    assert result.response["Location"] == "/"
    user = User.objects.get(email="dewi.lestari@example.co.id")
    assert user.employee == employee
    assert user.role == Role.PARTICIPANT
    assert not user.has_usable_password()
    assert SocialAccount.objects.filter(user=user, provider="company").count() == 1
    assert _signed_in_user(client) == user
    home = client.get("/")
    assert home.status_code == 200
    assert AuditEntry.objects.filter(action="accounts.sso_linked", actor=user).count() == 1


def test_second_sign_in_reuses_the_account(client, sso):
    EmployeeFactory(employee_id="S0002", email="budi@example.co.id")
    sso.add_user("budi", email="budi@example.co.id")
    idp_sign_in(client, sso, "budi")
    client.logout()

    result = idp_sign_in(client, sso, "budi")

    assert result.response.status_code == 302
    assert User.objects.filter(email="budi@example.co.id").count() == 1
    assert SocialAccount.objects.count() == 1
    assert _signed_in_user(client).email == "budi@example.co.id"


def test_existing_password_account_is_linked_not_duplicated(client, sso):
    employee = EmployeeFactory(employee_id="S0003", email="sari@example.co.id")
    existing = UserFactory(email="sari@example.co.id", role=Role.SPONSOR)
    sso.add_user("sari", email="sari@example.co.id", groups=[HR_GROUP])

    result = idp_sign_in(client, sso, "sari")

    assert result.response.status_code == 302
    existing.refresh_from_db()
    assert existing.employee == employee
    assert existing.role == Role.SPONSOR  # group mapping never touches sponsors or admins
    assert User.objects.count() == 1


def test_hr_group_claim_gives_the_hr_role_and_leaving_the_group_takes_it(client, sso):
    EmployeeFactory(employee_id="S0004", email="hana@example.co.id")
    sso.add_user("hana", email="hana@example.co.id", groups=["staff", HR_GROUP])
    idp_sign_in(client, sso, "hana")
    assert User.objects.get(email="hana@example.co.id").role == Role.HR
    client.logout()

    sso.add_user("hana", email="hana@example.co.id", groups=["staff"])
    idp_sign_in(client, sso, "hana")
    assert User.objects.get(email="hana@example.co.id").role == Role.PARTICIPANT


def test_next_url_is_kept(client, sso):
    EmployeeFactory(employee_id="S0005", email="next@example.co.id")
    sso.add_user("next", email="next@example.co.id")
    result = idp_sign_in(client, sso, "next", next_url="/account/")
    assert result.response["Location"] == "/account/"


# --- refused: who the person is ---------------------------------------------------------------


def test_address_not_in_the_directory_is_refused_and_no_account(client, sso):
    sso.add_user("stranger", email="stranger@example.co.id")
    result = idp_sign_in(client, sso, "stranger")
    _assert_refused(result, "not_in_directory", client)
    assert "stranger@example.co.id" in result.response.content.decode()
    assert not User.objects.exists()
    assert not SocialAccount.objects.exists()


def test_unverified_address_is_refused(client, sso):
    EmployeeFactory(employee_id="S0006", email="unverified@example.co.id")
    sso.add_user("unverified", email="unverified@example.co.id", email_verified=False)
    result = idp_sign_in(client, sso, "unverified")
    _assert_refused(result, "unverified", client)
    assert not User.objects.exists()


def test_address_outside_the_allowed_domains_is_refused(client, sso):
    EmployeeFactory(employee_id="S0007", email="someone@gmail.com")
    sso.add_user("gmail", email="someone@gmail.com")
    result = idp_sign_in(client, sso, "gmail")
    _assert_refused(result, "domain", client)
    assert not User.objects.exists()


@pytest.mark.parametrize(
    "leaver",
    [
        {"active": False},
        {"exit_date": dt.date(2020, 1, 31)},
        {"exit_date": "today"},
    ],
    ids=["inactive", "exit-date-passed", "leaves-today"],
)
def test_leaver_is_refused_and_no_account(client, sso, leaver):
    if leaver.get("exit_date") == "today":
        leaver = {"exit_date": timezone.localdate()}
    EmployeeFactory(employee_id="S0008", email="leaver@example.co.id", **leaver)
    sso.add_user("leaver", email="leaver@example.co.id")
    result = idp_sign_in(client, sso, "leaver")
    _assert_refused(result, "left", client)
    assert not User.objects.exists()


def test_leaver_with_an_existing_linked_account_is_refused(client, sso):
    employee = EmployeeFactory(employee_id="S0009", email="gone@example.co.id")
    sso.add_user("gone", email="gone@example.co.id")
    idp_sign_in(client, sso, "gone")
    client.logout()
    employee.active = False
    employee.save()

    result = idp_sign_in(client, sso, "gone")

    _assert_refused(result, "left", client)


def test_deactivated_account_is_refused(client, sso):
    employee = EmployeeFactory(employee_id="S0014", email="blocked@example.co.id")
    UserFactory(email="blocked@example.co.id", employee=employee, is_active=False)
    sso.add_user("blocked", email="blocked@example.co.id")
    result = idp_sign_in(client, sso, "blocked")
    _assert_refused(result, "left", client)
    assert not SocialAccount.objects.exists()


def test_account_linked_to_another_employee_is_refused(client, sso):
    EmployeeFactory(employee_id="S0015", email="new.address@example.co.id")
    other = EmployeeFactory(employee_id="S0016", email="someone.else@example.co.id")
    UserFactory(email="new.address@example.co.id", employee=other)
    sso.add_user("confused", email="new.address@example.co.id")
    result = idp_sign_in(client, sso, "confused")
    _assert_refused(result, "mismatch", client)
    assert not SocialAccount.objects.exists()


def test_refusal_page_is_translated(client, sso):
    sso.add_user("orang", email="orang@example.co.id")
    client.cookies["terbalik_language"] = "id"
    result = idp_sign_in(client, sso, "orang")
    body = result.response.content.decode()
    assert '<html lang="id">' in body
    assert "tidak ada di direktori karyawan" in body


# --- refused: the token ---------------------------------------------------------------------


@pytest.mark.parametrize("mode", ["wrong_audience", "expired", "bad_signature", "alg_none"])
def test_tampered_id_token_is_refused(client, sso, mode):
    EmployeeFactory(employee_id="S0010", email="target@example.co.id")
    sso.add_user("target", email="target@example.co.id")
    sso.set_mode(mode)

    result = idp_sign_in(client, sso, "target")

    _assert_refused(result, "failed", client)
    assert not User.objects.exists()
    assert not SocialAccount.objects.exists()


def test_replayed_id_token_is_refused(client, sso):
    """A valid ID token issued earlier (right audience, signature, not expired) is presented
    again: its nonce belongs to another login, so it is refused."""
    EmployeeFactory(employee_id="S0011", email="replay@example.co.id")
    sso.add_user("replay", email="replay@example.co.id")
    first = idp_sign_in(client, sso, "replay")
    assert first.response.status_code == 302
    client.logout()
    sso.set_mode("replay")

    result = idp_sign_in(client, sso, "replay")

    _assert_refused(result, "failed", client)


def test_replayed_callback_is_refused(client, sso):
    """The same authorization response (code, state, nonce) cannot be used twice."""
    EmployeeFactory(employee_id="S0012", email="twice@example.co.id")
    sso.add_user("twice", email="twice@example.co.id")
    first = idp_sign_in(client, sso, "twice")
    assert first.response.status_code == 302
    client.logout()

    again = client.get(first.callback)

    assert again.status_code in (400, 401, 403)
    assert 'data-refusal="failed"' in again.content.decode()
    assert not _signed_in_user(client).is_authenticated


def test_callback_from_another_browser_session_is_refused(client, sso, django_user_model):
    """A callback carried into a session that never started the login (login CSRF)."""
    from django.test import Client

    EmployeeFactory(employee_id="S0013", email="victim@example.co.id")
    sso.add_user("attacker", email="victim@example.co.id")
    attacker = Client()
    start = attacker.post("/accounts/oidc/company/login/")
    assert start.status_code == 302
    # The victim's browser is sent to the callback with the attacker's state.
    result = client.get("/accounts/oidc/company/login/callback/?code=abc&state=" + "x" * 16)
    assert result.status_code in (400, 401, 403)
    assert not _signed_in_user(client).is_authenticated


def test_unreachable_provider_gives_our_page_not_a_crash(client, settings):
    import socket

    from tests.oidc import LoopbackIdP, configure_terbalik

    with socket.socket() as probe:  # a port nobody listens on any more
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    configure_terbalik(settings, LoopbackIdP(f"http://127.0.0.1:{port}", "c", "s", "x"))

    response = client.post("/accounts/oidc/company/login/")

    assert response.status_code == 502
    assert 'data-refusal="failed"' in response.content.decode()
