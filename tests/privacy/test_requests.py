"""Erasure requests: the person asks, HR of the person's program (or a platform admin)
decides with a reason; both sides are told in their language; double submits are one."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from terbalik.accounts.models import Role
from terbalik.core.models import AuditEntry
from terbalik.notify.models import NotificationLog
from terbalik.privacy import erasure_services
from terbalik.privacy.models import ErasureRequest, ErasureSource, ErasureStatus
from terbalik.programs.models import Enrollment, EnrollmentStatus

from ..factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(program, make_person):
    user = make_person(9, language="id", full_name="Sari Rahasia")
    Enrollment.objects.create(program=program, employee=user.employee, user=user,
                              role="mentee", status=EnrollmentStatus.APPROVED,
                              applied_at="2027-01-05T09:00:00+07:00")
    return user


@pytest.fixture
def other_hr(make_program):
    hr = UserFactory(role=Role.HR, email="hr-b@example.co.id")
    make_program(owner=hr, name="Program B")
    return hr


def test_the_person_asks_once_even_when_the_form_is_sent_twice(client, person, hr_user):
    client.force_login(person)
    page = client.get(reverse("privacy:erase_own"))
    assert page.status_code == 200 and "form_once" in page.content.decode()
    refused = client.post(reverse("privacy:erase_own"), {"explanation": "pindah"})
    assert refused.status_code == 200 and "Centang kotak" in refused.content.decode()  # hers: id
    assert not ErasureRequest.objects.exists()
    data = {"explanation": "Saya pindah kerja", "confirm": "on", "form_once": "tok-1"}
    first = client.post(reverse("privacy:erase_own"), data)
    second = client.post(reverse("privacy:erase_own"), data)
    assert first.status_code == second.status_code == 302
    again = client.post(reverse("privacy:erase_own"), {**data, "form_once": "tok-2"})
    assert again.status_code == 302
    request = ErasureRequest.objects.get()
    assert (request.user, request.employee, request.source) == (
        person, person.employee, ErasureSource.SELF)
    # HR of the person's program hears of it once, in their language, without the name
    to_hr = [m for m in mail.outbox if m.to == [hr_user.email]]
    assert len(to_hr) == 1 and "Sari" not in to_hr[0].body
    assert AuditEntry.objects.filter(action="privacy.erasure_requested").count() == 1
    assert "menunggu keputusan SDM" in client.get(reverse("privacy:erase_own")).content.decode()


def _decide(client, request, decision="approve", reason="Permintaan sah"):
    return client.post(reverse("privacy:erasure_detail", args=[request.pk]),
                       {"decision": decision, "reason": reason})


def test_who_may_see_and_decide(client, person, hr_user, other_hr, admin_user, sponsor_user):
    request = erasure_services.erasure_request_create(by=person, user=person)
    detail = reverse("privacy:erasure_detail", args=[request.pk])
    listing = reverse("privacy:erasure_list")
    assert client.get(detail).status_code == 302  # anonymous: to the sign-in page
    assert _decide(client, request).status_code == 302
    for outsider, status in ((person, 403), (sponsor_user, 403), (other_hr, 404)):
        client.force_login(outsider)
        assert client.get(detail).status_code == status
        assert _decide(client, request).status_code == status
        if outsider == other_hr:
            assert "Rahasia" not in client.get(listing).content.decode()
    request.refresh_from_db()
    assert request.status == ErasureStatus.PENDING
    for insider in (hr_user, admin_user):
        client.force_login(insider)
        assert client.get(detail).status_code == 200
        assert "Sari Rahasia" in client.get(listing).content.decode()


def test_approval_needs_a_reason_then_erases_and_tells_the_person(client, person, hr_user):
    request = erasure_services.erasure_request_create(by=person, user=person)
    client.force_login(hr_user)
    missing = _decide(client, request, reason="  ")
    assert missing.status_code == 200 and "Give the reason" in missing.content.decode()
    request.refresh_from_db()
    assert request.status == ErasureStatus.PENDING
    mail.outbox.clear()
    response = _decide(client, request)
    assert response.status_code == 302
    request.refresh_from_db()
    person.refresh_from_db()
    assert request.status == ErasureStatus.DONE and request.decision_reason == "Permintaan sah"
    assert person.full_name == request.pseudonym and not person.is_active
    # the person got the last message at their old address, in Indonesian
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to[0].startswith("e") and "dihapus" in mail.outbox[0].subject
    assert NotificationLog.objects.get(key=f"privacy.erasure:{request.pk}:decided").message == {}
    assert AuditEntry.objects.filter(action="privacy.erasure_approved").count() == 1
    # deciding again changes nothing
    assert _decide(client, request, decision="reject").status_code == 302
    request.refresh_from_db()
    assert request.status == ErasureStatus.DONE


def test_rejection_keeps_the_data_and_gives_the_reason(client, person, hr_user):
    request = erasure_services.erasure_request_create(by=person, user=person)
    client.force_login(hr_user)
    mail.outbox.clear()
    assert _decide(client, request, "reject", "Masih ada pemeriksaan").status_code == 302
    request.refresh_from_db()
    person.refresh_from_db()
    assert request.status == ErasureStatus.REJECTED and person.full_name == "Sari Rahasia"
    assert len(mail.outbox) == 1 and "Masih ada pemeriksaan" in mail.outbox[0].body


def test_hr_records_a_request_by_employee_id(client, person, hr_user):
    client.force_login(hr_user)
    unknown = client.post(reverse("privacy:erasure_record"), {"employee_id": "NOPE"},
                          follow=True)
    assert "nobody in the directory has this ID" in unknown.content.decode()
    assert not ErasureRequest.objects.exists()
    response = client.post(reverse("privacy:erasure_record"),
                           {"employee_id": person.employee.employee_id})
    request = ErasureRequest.objects.get()
    assert response.url == reverse("privacy:erasure_detail", args=[request.pk])
    assert request.source == ErasureSource.HR and request.user == person
    assert client.get(reverse("privacy:erasure_record")).status_code == 302


def test_the_list_page_has_a_bounded_number_of_queries(client, program, make_person, hr_user,
                                                       django_assert_max_num_queries):
    for n in range(12):
        user = make_person(9)
        Enrollment.objects.create(program=program, employee=user.employee, user=user,
                                  role="mentee", status=EnrollmentStatus.APPROVED,
                                  applied_at="2027-01-05T09:00:00+07:00")
        request = erasure_services.erasure_request_create(by=user, user=user)
        if n % 2:
            erasure_services.erasure_reject(request=request, by=hr_user, reason="tidak")
    client.force_login(hr_user)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("privacy:erasure_list")).status_code == 200
