"""Every absolute link starts with SITE_URL, whatever Host header the request came with:
program page link, announcements and QR code, calendar feed address, and the links in
e-mails sent from a page (program status, survey invitation, password reset)."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from terbalik.programs import promotion

from ..programs.conftest import (  # noqa: F401
    _english,
    _locmem_mail,
    _send_mail_now,
    apply_as,
    make_person,
    make_program,
    program,
)
from ..surveys.conftest import T, likert, make_instance, make_survey, participants  # noqa: F401

pytestmark = pytest.mark.django_db

SITE = "https://terbalik.example.com"
OTHER_HOST = "intranet-alias.local"


@pytest.fixture
def site(settings):
    settings.SITE_URL = SITE
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, OTHER_HOST]
    return SITE


@pytest.fixture
def other_host(client):
    client.defaults["HTTP_HOST"] = OTHER_HOST
    return client


def test_absolute_url_is_site_url_plus_path(site):
    from terbalik.core import links

    assert links.absolute_url("/programs/7/") == f"{SITE}/programs/7/"
    with pytest.raises(ValueError):
        links.absolute_url("programs/7/")


def test_program_link_announcements_and_qr_use_site_url(site, other_host, program, hr_user,  # noqa: F811
                                                        monkeypatch):
    encoded: list[str] = []
    real_qr = promotion.qr_svg
    monkeypatch.setattr(promotion, "qr_svg", lambda link, **kw: encoded.append(link)
                        or real_qr(link, **kw))
    other_host.force_login(hr_user)
    page = other_host.get(reverse("programs:promote", args=[program.pk]))
    text = page.content.decode()
    link = f"{SITE}/programs/{program.pk}/"
    assert link in text and OTHER_HOST not in text
    for _code, _name, announcement in page.context["announcements"]:
        assert link in announcement
    other_host.get(reverse("programs:qr", args=[program.pk]))
    assert encoded == [link, link]


def test_calendar_feed_address_uses_site_url(site, other_host, participant_user):
    other_host.force_login(participant_user)
    page = other_host.get(reverse("notify:calendar"))
    assert page.context["feed_url"].startswith(f"{SITE}/")
    assert OTHER_HOST not in page.content.decode()


def test_status_e_mail_after_approval_on_a_page_links_to_site_url(site, other_host, program,  # noqa: F811
                                                                   hr_user, make_person,  # noqa: F811
                                                                   apply_as):  # noqa: F811
    enrollment = apply_as(program, make_person(9))
    mail.outbox.clear()
    other_host.force_login(hr_user)
    other_host.post(reverse("programs:decide", args=[program.pk, enrollment.pk, "approve"]))
    assert mail.outbox
    for message in mail.outbox:
        assert f"{SITE}/" in message.body and OTHER_HOST not in message.body


def test_survey_invitation_sent_from_a_page_links_to_site_url(site, other_host, hr_user,
                                                              make_survey, make_instance,  # noqa: F811
                                                              participants):  # noqa: F811
    survey = make_survey([likert(T("Saya senang", "I am happy"))])
    instance = make_instance(survey, participants(1, language="en"))
    other_host.force_login(hr_user)
    other_host.post(reverse("surveys:invite", args=[instance.pk]))
    [message] = mail.outbox
    assert f"{SITE}/surveys/my/" in message.body and OTHER_HOST not in message.body


def test_password_reset_e_mail_links_to_site_url(site, other_host, participant_user):
    other_host.post(reverse("accounts:password_reset"), {"email": participant_user.email})
    [message] = mail.outbox
    assert re.search(rf"{re.escape(SITE)}/password/reset/[^/\s]+/[^/\s]+/", message.body)
    assert OTHER_HOST not in message.body


def test_sign_in_code_e_mail_links_to_site_url(site, other_host, participant_user):
    other_host.post(reverse("account_request_login_code"), {"email": participant_user.email})
    [message] = mail.outbox
    assert re.search(rf"{re.escape(SITE)}/accounts/login/code/confirm/\?code=\S+", message.body)
    assert OTHER_HOST not in message.body
