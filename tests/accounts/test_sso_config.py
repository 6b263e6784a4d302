"""Single sign-on configuration from the environment, and the sign-in button."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from terbalik.accounts.sso_config import openid_connect_apps

pytestmark = pytest.mark.django_db


def test_without_oidc_variables_sso_is_off():
    assert openid_connect_apps({}) == []
    assert openid_connect_apps({"OIDC_ALLOWED_DOMAINS": "example.co.id"}) == []


@pytest.mark.parametrize(
    "environ",
    [
        {"OIDC_SERVER_URL": "https://login.example.com"},
        {"OIDC_CLIENT_ID": "abc"},
        {"OIDC_SERVER_URL": "login.example.com", "OIDC_CLIENT_ID": "abc"},
        {"OIDC_SERVER_URL": "https://x", "OIDC_CLIENT_ID": "abc", "OIDC_PROVIDER_ID": "a/b"},
        {"OIDC_SERVER_URL": "https://x", "OIDC_CLIENT_ID": "abc", "OIDC_HR_GROUPS": "hr"},
        {"OIDC_SERVER_URL": "http://idp.example.com", "OIDC_CLIENT_ID": "abc"},
    ],
    ids=[
        "no-client",
        "no-server",
        "not-a-url",
        "bad-provider-id",
        "groups-without-claim",
        "plain-http-in-production",
    ],
)
def test_half_configured_sso_refuses_to_start(environ):
    with pytest.raises(ImproperlyConfigured):
        openid_connect_apps(environ)


def test_plain_http_only_for_loopback_or_debug():
    plain = {"OIDC_SERVER_URL": "http://idp.example.com", "OIDC_CLIENT_ID": "abc"}
    assert openid_connect_apps(plain, debug=True)
    loopback = {"OIDC_SERVER_URL": "http://127.0.0.1:9000/realms/x", "OIDC_CLIENT_ID": "abc"}
    assert openid_connect_apps(loopback)


def test_full_configuration_is_read():
    [app] = openid_connect_apps(
        {
            "OIDC_SERVER_URL": "https://login.microsoftonline.com/tid/v2.0",
            "OIDC_CLIENT_ID": "client",
            "OIDC_CLIENT_SECRET": "secret",
            "OIDC_PROVIDER_ID": "entra",
            "OIDC_DISPLAY_NAME": "Microsoft",
            "OIDC_ALLOWED_DOMAINS": "Contoh.co.id, @anak.co.id",
            "OIDC_EMAIL_VERIFIED_CLAIM": "xms_edov",
            "OIDC_GROUPS_CLAIM": "groups",
            "OIDC_HR_GROUPS": "g-1;g-2",
            "OIDC_SCOPES": "email profile",
        }
    )
    assert app["provider_id"] == "entra"
    assert app["name"] == "Microsoft"
    assert (app["client_id"], app["secret"]) == ("client", "secret")
    settings = app["settings"]
    assert settings["server_url"] == "https://login.microsoftonline.com/tid/v2.0"
    assert settings["oauth_pkce_enabled"] is True
    assert settings["scope"] == ["openid", "email", "profile"]
    assert settings["terbalik_allowed_domains"] == ["contoh.co.id", "anak.co.id"]
    assert settings["terbalik_email_verified_claim"] == "xms_edov"
    assert settings["terbalik_groups_claim"] == "groups"
    assert settings["terbalik_hr_groups"] == ["g-1", "g-2"]


def test_login_page_has_no_sso_button_when_off(client, settings):
    settings.SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"APPS": []}}
    page = client.get("/login/").content.decode()
    assert "data-sso=" not in page
    assert client.post("/accounts/oidc/company/login/").status_code == 404


def test_a_get_to_the_sso_start_lands_on_the_sign_in_page(client, settings):
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            "APPS": openid_connect_apps(
                {"OIDC_SERVER_URL": "https://idp.example.com", "OIDC_CLIENT_ID": "abc"}
            )
        }
    }
    response = client.get("/accounts/oidc/company/login/?next=/account/")
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=%2Faccount%2F"
    evil = client.get("/accounts/oidc/company/login/?next=https://evil.example/")
    assert evil["Location"] == "/login/"


def test_login_page_shows_the_company_button_when_on(client, settings):
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            "APPS": openid_connect_apps(
                {
                    "OIDC_SERVER_URL": "https://idp.example.com",
                    "OIDC_CLIENT_ID": "abc",
                    "OIDC_DISPLAY_NAME": "Contoso ID",
                }
            )
        }
    }
    client.cookies["terbalik_language"] = "en"
    page = client.get("/login/?next=/account/").content.decode()
    assert 'action="/accounts/oidc/company/login/"' in page
    assert "Sign in with Contoso ID" in page
    assert 'name="next" value="/account/"' in page
    client.cookies["terbalik_language"] = "id"
    assert "Masuk dengan Contoso ID" in client.get("/login/").content.decode()


def test_sso_paths_are_served_by_our_hardened_views_not_allauths():
    """urls.py must list terbalik.accounts.sso_urls before allauth.urls (same paths)."""
    from django.urls import resolve

    from terbalik.accounts import sso

    assert resolve("/accounts/oidc/company/login/").func is sso.login_view
    assert resolve("/accounts/oidc/company/login/callback/").func is sso.callback_view


def test_csp_form_action_admits_the_identity_provider_only_when_sso_is_on(client, settings):
    """The SSO button's POST is answered by a redirect to the provider: CSP must allow it."""

    def form_action(response) -> str:
        policy = response.headers["Content-Security-Policy"]
        return next(part for part in policy.split(";") if "form-action" in part)

    off = client.get("/login/")
    assert "login.example.com" not in form_action(off)

    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            "APPS": openid_connect_apps(
                {
                    "OIDC_SERVER_URL": "https://login.example.com/tenant/v2.0",
                    "OIDC_CLIENT_ID": "terbalik",
                }
            )
        }
    }
    on = client.get("/login/")
    assert form_action(on).split() == ["form-action", "'self'", "https://login.example.com"]
