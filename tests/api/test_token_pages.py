"""The platform admin's token page: create (secret shown once, stored hashed), list,
revoke after a confirmation; one token per double submit."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from terbalik.api.models import ApiToken
from terbalik.api.services import digest_of

from .conftest import api_client

pytestmark = pytest.mark.django_db


def _signed_in(user: Any) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def _form_once(client: Client, url: str) -> str:
    page = client.get(url).content.decode()
    match = re.search(r'name="form_once" value="([^"]+)"', page)
    assert match, "the form carries {% form_once %}"
    return match.group(1)


def test_create_shows_the_secret_once_and_stores_a_hash(admin_user: Any, hr_user: Any) -> None:
    client = _signed_in(admin_user)
    once = _form_once(client, "/api/tokens/")
    data = {"name": "HRIS sync", "scope": "write", "acts_as": hr_user.pk, "form_once": once}
    response = client.post("/api/tokens/", data)
    assert response.status_code == 302
    again = client.post("/api/tokens/", data)  # a double tap: the same answer, one token
    assert again.status_code == 302
    assert ApiToken.objects.count() == 1
    page = client.get("/api/tokens/").content.decode()
    secret = re.search(r'id="new-token-secret">(tbk_[^<]+)<', page).group(1)
    token = ApiToken.objects.get()
    assert token.digest == digest_of(secret) and secret not in token.digest
    assert (token.user, token.created_by, token.scope) == (hr_user, admin_user, "write")
    assert secret not in client.get("/api/tokens/").content.decode()  # shown once
    assert api_client(secret).get("/api/v1/programs").status_code == 200


def test_revoke_asks_first(admin_user: Any, make_token: Any, hr_user: Any) -> None:
    secret = make_token(hr_user)
    token = ApiToken.objects.get(digest=digest_of(secret))
    client = _signed_in(admin_user)
    url = f"/api/tokens/{token.pk}/revoke/"
    confirm = client.get(url)
    assert confirm.status_code == 200 and b'name="confirm"' in confirm.content
    client.post(url, {})  # no confirmation: nothing happens
    token.refresh_from_db()
    assert token.revoked_at is None
    response = client.post(url, {"confirm": "yes", "form_once": _form_once(client, url)})
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None and token.revoked_by == admin_user
    assert api_client(secret).get("/api/v1/programs").status_code == 401


@pytest.mark.parametrize("who", ["hr_user", "participant_user", "sponsor_user"])
def test_only_platform_admins(who: str, request: Any) -> None:
    user = request.getfixturevalue(who)
    client = _signed_in(user)
    assert client.get("/api/tokens/").status_code == 403
    assert client.post("/api/tokens/", {"name": "x", "scope": "write"}).status_code == 403
    assert not ApiToken.objects.exists()
    assert Client().get("/api/tokens/").status_code == 302  # to the sign-in page


def test_list_queries_do_not_grow(admin_user: Any, make_token: Any, hr_user: Any,
                                  django_assert_max_num_queries: Any) -> None:
    for i in range(6):
        make_token(hr_user, name=f"client {i}")
    client = _signed_in(admin_user)
    with django_assert_max_num_queries(12):
        page = client.get("/api/tokens/").content.decode()
    assert all(f">client {i}<" in page for i in range(6))


def test_empty_name_is_refused_with_the_field(admin_user: Any) -> None:
    client = _signed_in(admin_user)
    response = client.post("/api/tokens/", {"name": "  ", "scope": "write"})
    assert response.status_code == 200
    assert response.context["form"].errors == {"name": ["This field is required."]}
    html = response.content.decode()
    error = re.search(r'<div class="invalid-feedback d-block" id="id_name_error">(.*?)</div>',
                      html, re.S)
    assert error and "This field is required." in error.group(1)
    assert not ApiToken.objects.exists()


def test_docs_and_schema_are_served_without_external_scripts() -> None:
    client = Client()
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/employees/bulk" in schema["paths"]
    assert schema["components"]["securitySchemes"]
    docs = client.get("/api/v1/docs")
    html = docs.content.decode()
    assert docs.status_code == 200
    scripts = re.findall(r'<script[^>]*src="([^"]+)"', html)
    assert scripts and all(s.startswith("/static/") for s in scripts)
    # no inline script: the only <script> without src holds JSON settings
    inline = re.findall(r"<script(?![^>]*src=)([^>]*)>", html)
    assert all('type="application/json"' in attrs for attrs in inline)
    assert "script-src 'self'" in docs["Content-Security-Policy"]
