"""Headers: Content-Security-Policy without inline script, Permissions-Policy, and
`Cache-Control: no-store` on every export/download and every page with confidential data."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import reverse

from terbalik.notify import services as notify_services

from ..factories import PASSWORD
from ..pairs.conftest import _notify_now, apply_as, make_pair, make_person, pair  # noqa: F401
from ..reports.conftest import (  # noqa: F401
    _english,
    _locmem_mail,
    _send_mail_now,
    make_program,
    make_quiz,
    pre_post_sendings,
    report_program,
    sponsor,
)

pytestmark = pytest.mark.django_db

SRC = Path(__file__).resolve().parents[2] / "src" / "terbalik"


def _directives(header: str) -> dict[str, list[str]]:
    parts = [p.strip().split() for p in header.split(";") if p.strip()]
    return {p[0]: p[1:] for p in parts}


def test_every_page_has_a_strict_content_security_policy(client, hr_user):
    for response in (client.get(reverse("accounts:login")),
                     client.get(reverse("core:home"), follow=True)):
        csp = _directives(response["Content-Security-Policy"])
        assert csp["script-src"] == ["'self'"]  # no 'unsafe-inline', no 'unsafe-eval'
        assert csp["style-src"] == ["'self'"]
        assert csp["object-src"] == ["'none'"]
        assert csp["frame-ancestors"] == ["'none'"]
        assert csp["base-uri"] == ["'self'"]
        assert csp["form-action"] == ["'self'"]
        assert csp["default-src"] == ["'self'"]


def test_permissions_policy_denies_device_features(client):
    header = client.get(reverse("accounts:login"))["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"):
        assert feature in header


def _templates() -> list[Path]:
    # E-mail bodies are not served by the site: no CSP applies to them.
    return [p for p in SRC.rglob("templates/**/*.html") if "/email/" not in p.as_posix()]


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/(?:ld\+)?json)[^>]*>", re.I)
EVENT_HANDLER = re.compile(r"\son[a-z]+\s*=", re.I)
STYLE_ATTRIBUTE = re.compile(r"\sstyle\s*=", re.I)


def test_no_template_has_inline_script_handler_or_style():
    offenders = []
    for path in _templates():
        text = path.read_text(encoding="utf-8")
        for pattern in (INLINE_SCRIPT, EVENT_HANDLER, STYLE_ATTRIBUTE):
            offenders += [f"{path.relative_to(SRC)}: {m.group(0)}" for m in pattern.finditer(text)]
        offenders += [f"{path.relative_to(SRC)}: <style>" for _ in re.finditer(r"<style", text)]
        offenders += [f"{path.relative_to(SRC)}: javascript:" for _ in
                      re.finditer(r"javascript:", text, re.I)]
    assert offenders == []


def test_the_template_scan_catches_what_it_looks_for():
    assert INLINE_SCRIPT.search('<script>alert(1)</script>')
    assert not INLINE_SCRIPT.search('<script src="/static/x.js"></script>')
    assert not INLINE_SCRIPT.search('<script type="application/json" id="d">{}</script>')
    assert EVENT_HANDLER.search('<form onsubmit="return confirm()">')
    assert STYLE_ATTRIBUTE.search('<div style="width: 5%">')


def test_htmx_is_told_not_to_inject_its_style(client, hr_user):
    client.force_login(hr_user)
    page = client.get(reverse("core:home")).content.decode()
    assert '"includeIndicatorStyles": false' in page


def _assert_no_store(response):
    assert response.status_code == 200, response.status_code
    assert "no-store" in response["Cache-Control"], response.get("Cache-Control")
    assert "max-age=300" not in response["Cache-Control"]


@pytest.mark.parametrize("name", ["people:export_csv", "people:export_xlsx"])
def test_directory_exports_are_not_stored(client, hr_user, name):
    client.force_login(hr_user)
    _assert_no_store(client.get(reverse(name)))


def test_program_qr_download_is_not_stored(client, hr_user, report_program):  # noqa: F811
    client.force_login(hr_user)
    _assert_no_store(client.get(reverse("programs:qr", args=[report_program.pk])))


def test_calendar_feed_and_page_are_not_stored(client, participant_user):
    feed = notify_services.calendar_feed_get(user=participant_user)
    _assert_no_store(client.get(reverse("notify:feed", args=[feed.token])))
    client.force_login(participant_user)
    _assert_no_store(client.get(reverse("notify:calendar")))


@pytest.mark.parametrize("name", ["surveys:export_csv", "surveys:export_xlsx", "surveys:results"])
def test_survey_results_and_exports_are_not_stored(client, hr_user, report_program,  # noqa: F811
                                                   pre_post_sendings, name):  # noqa: F811
    pre, _post = pre_post_sendings(report_program, [0, 50, 100, 50, 0], [50, 50, 100, 100, 50])
    client.force_login(hr_user)
    _assert_no_store(client.get(reverse(name, args=[pre.pk])))


@pytest.mark.parametrize("kind", ["pairs", "meetings", "goals", "responses"])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_program_exports_are_not_stored(client, hr_user, report_program, pre_post_sendings,  # noqa: F811
                                        kind, fmt):
    pre, _post = pre_post_sendings(report_program, [0, 50, 100, 50, 0], [50, 50, 100, 100, 50])
    if kind == "responses":
        kind = f"responses-{pre.pk}"
    client.force_login(hr_user)
    _assert_no_store(client.get(reverse("reports:export", args=[report_program.pk, kind, fmt])))


@pytest.mark.parametrize("name", ["dashboard", "report", "report_pdf"])
def test_outcome_pages_and_pdf_are_not_stored(client, hr_user, sponsor, report_program, name):  # noqa: F811
    for user in (hr_user, sponsor):
        client.force_login(user)
        _assert_no_store(client.get(reverse(f"reports:{name}", args=[report_program.pk])))
    _assert_no_store(client.get(reverse("reports:overview")))


def test_pair_pages_are_not_stored(client, pair, hr_user):  # noqa: F811
    client.force_login(pair.mentor_user)
    _assert_no_store(client.get(reverse("pairs:workspace", args=[pair.pk])))
    _assert_no_store(client.get(reverse("pairs:mine")))
    client.force_login(hr_user)
    _assert_no_store(client.get(reverse("pairs:program_pairs", args=[pair.program_id])))



def test_cookies_carry_secure_httponly_and_samesite_in_production(client, participant_user,
                                                                 settings):
    # The values production gets by default with DEBUG off (see test_production_settings).
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    settings.LANGUAGE_COOKIE_SECURE = True
    login_page = client.get(reverse("accounts:login"))
    csrf = login_page.cookies[settings.CSRF_COOKIE_NAME]
    assert csrf["secure"] and csrf["httponly"] and csrf["samesite"] == "Lax"
    signed_in = client.post(reverse("accounts:login"),
                            {"login": participant_user.email, "password": PASSWORD})
    session = signed_in.cookies[settings.SESSION_COOKIE_NAME]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"
    response = client.post(reverse("accounts:language"), {"language": "en", "next": "/"})
    language = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert language["secure"] and language["httponly"] and language["samesite"] == "Lax"


def test_https_responses_carry_hsts_by_default(client):
    # Tests run with DEBUG off, as production does: HSTS is on without any opt-in.
    response = client.get(reverse("accounts:login"), secure=True)
    hsts = response["Strict-Transport-Security"]
    assert "max-age=31536000" in hsts and "includeSubDomains" in hsts and "preload" in hsts
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
