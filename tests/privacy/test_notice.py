"""The privacy notice: public, bilingual, versioned; participants accept the current version
at their next visit (issue 20, part 1)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from terbalik.privacy import notice
from terbalik.privacy.models import ConsentKind, ConsentMethod, ConsentRecord

pytestmark = pytest.mark.django_db


def test_public_notice_shows_retention_from_settings_and_the_dpo(client, settings):
    settings.PRIVACY_RETENTION_DAYS = {"after_leaving": 111, "after_program_closes": 222,
                                       "match_snapshots": 33, "messages": 44, "audit": 5555}
    settings.PRIVACY_DPO_EMAIL = "dpo@example.co.id"
    page = client.get(reverse("privacy:notice")).content.decode()
    for days in ("111 days", "222 days", "33 days", "44 days", "5555 days"):
        assert days in page
    assert "mailto:dpo@example.co.id" in page
    assert "Law No. 27 of 2022" in page and "fewer than 5 people" in page
    assert f"Version {notice.current().number}" in page


def test_notice_is_in_indonesian_too(client):
    with translation.override("id"):
        client.cookies["django_language"] = "id"
        page = client.get(reverse("privacy:notice"), HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert "Pemberitahuan Privasi" in page
    assert "Subjek Data Pribadi" in page
    assert "UU PDP" in page


def test_footer_and_sign_in_page_link_the_notice(client):
    target = reverse("privacy:notice")
    page = client.get(reverse("accounts:login")).content.decode()
    assert f'href="{target}"' in page
    assert 'id="footer-privacy"' in page and 'id="login-privacy"' in page


def test_enrolled_by_hr_is_asked_at_the_first_visit_then_not_again(client, gate_on, enrolled):
    client.force_login(enrolled)
    browse = reverse("programs:browse")
    response = client.get(browse)
    assert response.status_code == 302
    assert response.url.startswith(reverse("privacy:accept"))
    # ticking nothing accepts nothing
    page = client.post(reverse("privacy:accept"), {"next": browse})
    assert "Tick the box to accept the privacy notice." in page.content.decode()
    assert not ConsentRecord.objects.exists()
    response = client.post(reverse("privacy:accept"), {"accept": "on", "next": browse})
    assert response.status_code == 302 and response.url == browse
    row = ConsentRecord.objects.get()
    assert (row.kind, row.method, row.notice_version, row.user, row.employee) == (
        ConsentKind.NOTICE, ConsentMethod.FIRST_VISIT, notice.current().number, enrolled,
        enrolled.employee)
    assert client.get(browse).status_code == 200
    # the same acceptance sent again (double submit) keeps one record
    client.post(reverse("privacy:accept"), {"accept": "on", "next": browse})
    assert ConsentRecord.objects.count() == 1


def test_a_new_version_asks_again_at_the_next_visit(client, gate_on, enrolled, monkeypatch):
    client.force_login(enrolled)
    client.post(reverse("privacy:accept"), {"accept": "on"})
    browse = reverse("programs:browse")
    assert client.get(browse).status_code == 200
    new = notice.NoticeVersion(notice.current().number + 1, dt.date(2027, 6, 1), "test")
    monkeypatch.setattr(notice, "VERSIONS", (*notice.VERSIONS, new))
    response = client.get(browse)
    assert response.status_code == 302 and response.url.startswith(reverse("privacy:accept"))
    client.post(reverse("privacy:accept"), {"accept": "on", "next": browse})
    versions = sorted(ConsentRecord.objects.values_list("notice_version", flat=True))
    assert versions == [new.number - 1, new.number]
    assert client.get(browse).status_code == 200


def test_people_outside_programs_staff_and_privacy_pages_are_not_stopped(
        client, gate_on, enrolled, make_person, hr_user):
    client.force_login(make_person(9))  # a participant in no program
    assert client.get(reverse("programs:browse")).status_code == 200
    client.force_login(hr_user)
    assert client.get(reverse("programs:list")).status_code == 200
    client.force_login(enrolled)
    assert client.get(reverse("privacy:notice")).status_code == 200
    assert client.get(reverse("privacy:mine")).status_code == 200


def test_the_gate_can_be_switched_off(client, settings, enrolled):
    settings.PRIVACY_NOTICE_AT_VISIT = False
    client.force_login(enrolled)
    assert client.get(reverse("programs:browse")).status_code == 200
