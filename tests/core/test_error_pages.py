"""Error pages: in the site's layout, in the reader's language, with a way back (issue 12,
item 6). Before: Django's bare English pages ("<h1>Not Found</h1>", "<h1>Server Error (500)</h1>",
"Forbidden (403)" with the CSRF explanation in English only)."""

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation

from terbalik.accounts.models import Role
from terbalik.core import errors

from ..factories import UserFactory

LANGUAGES = ["en", "id"]


def t(language: str, text: str) -> str:
    with translation.override(language):
        return translation.gettext(text)


@pytest.fixture(autouse=True)
def _production(settings):
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["testserver"]


def reader(language: str) -> Client:
    client = Client(raise_request_exception=False)
    client.cookies["terbalik_language"] = language
    return client


def assert_error_page(response, *, status: int, code: str, language: str, heading: str) -> str:
    assert response.status_code == status
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert 'id="main"' in html  # the site's layout
    assert f'data-error="{code}"' in html
    assert t(language, heading) in html
    assert f'href="{reverse("core:home")}"' in html and 'id="error-home"' in html
    assert t(language, "Back to the home page") in html
    return html


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_404_for_a_stranger_offers_home_and_sign_in(language):
    response = reader(language).get("/no-such-page/")
    html = assert_error_page(
        response, status=404, code="404", language=language, heading="This page does not exist"
    )
    assert f'href="{reverse("accounts:login")}"' in html


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_404_for_a_signed_in_user_keeps_the_navigation_and_their_language(language):
    client = reader("id" if language == "en" else "en")  # the account's choice wins
    client.force_login(UserFactory(role=Role.PARTICIPANT, language=language))
    response = client.get("/programs/mine/999999/")
    html = assert_error_page(
        response, status=404, code="404", language=language, heading="This page does not exist"
    )
    assert 'id="error-login"' not in html
    assert t(language, "Sign out") in html


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_403_when_the_role_may_not_open_the_page(language):
    client = reader(language)
    client.force_login(UserFactory(role=Role.PARTICIPANT, language=language))
    response = client.get(reverse("programs:list"))
    assert_error_page(
        response, status=403, code="403", language=language, heading="You may not open this page"
    )


@pytest.mark.django_db
@pytest.mark.urls("tests.core.error_urls")
@pytest.mark.parametrize("language", LANGUAGES)
def test_403_raised_anywhere(language):
    response = reader(language).get("/test-errors/403/")
    assert_error_page(
        response, status=403, code="403", language=language, heading="You may not open this page"
    )


@pytest.mark.django_db
@pytest.mark.urls("tests.core.error_urls")
@pytest.mark.parametrize("language", LANGUAGES)
def test_400(language):
    response = reader(language).get("/test-errors/400/")
    assert_error_page(
        response,
        status=400,
        code="400",
        language=language,
        heading="The request could not be understood",
    )


@pytest.mark.django_db
@pytest.mark.urls("tests.core.error_urls")
@pytest.mark.parametrize("language", LANGUAGES)
def test_500(language):
    response = reader(language).get("/test-errors/500/")
    html = assert_error_page(
        response,
        status=500,
        code="500",
        language=language,
        heading="Something went wrong on our side",
    )
    assert f'href="{reverse("accounts:login")}"' in html


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_csrf_failure_explains_and_offers_a_way_back(language):
    client = Client(enforce_csrf_checks=True)
    client.cookies["terbalik_language"] = language
    response = client.post(reverse("accounts:login"), {"login": "a@b.c", "password": "x"})
    assert_error_page(
        response,
        status=403,
        code="csrf",
        language=language,
        heading="The form could not be sent",
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_500_renders_without_database_or_request_context(language):
    """No django_db mark: any query would fail the test. The request is bare: no user, no
    session, no messages."""
    request = RequestFactory().get("/anything/")
    with translation.override(language):
        response = errors.server_error(request)
    html = response.content.decode()
    assert response.status_code == 500
    assert f'<html lang="{language}">' in html
    assert t(language, "Something went wrong on our side") in html
    assert 'href="/"' in html


def test_500_falls_back_to_a_bare_page_when_the_template_breaks(monkeypatch):
    def broken(name):
        raise RuntimeError("template engine down")

    monkeypatch.setattr(errors.loader, "get_template", broken)
    response = errors.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Kesalahan server" in response.content.decode()
