"""Withdrawing consent: leave the programs, optional data erased at once, recorded."""

from __future__ import annotations

import json

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from terbalik.core.models import AuditEntry
from terbalik.people.models import Profile
from terbalik.privacy import selectors, services
from terbalik.privacy.models import ConsentKind, ConsentMethod, ConsentRecord
from terbalik.programs.models import Enrollment, EnrollmentStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def participant(program, make_person, apply_as):
    user = make_person(9)
    apply_as(program, user)  # MENTEE_INTAKE has interests
    services.notice_accept(user=user, method=ConsentMethod.APPLICATION)
    services.optional_consent_set(user=user, agreed=True, method=ConsentMethod.APPLICATION)
    profile = Profile.objects.create(employee=user.employee, whatsapp="6281234567890",
                                     whatsapp_consent=True, channels=["email"])
    profile.photo.save("me.jpg", ContentFile(b"\xff\xd8jpeg"), save=True)
    return user


def test_withdrawal_asks_for_confirmation_first(client, participant):
    client.force_login(participant)
    page = client.get(reverse("privacy:withdraw")).content.decode()
    assert "Digital skills 2027" in page  # the programs the person would leave
    page = client.post(reverse("privacy:withdraw"), {}).content.decode()
    assert "Tick the box to confirm that you withdraw your consent." in page
    assert Enrollment.objects.get().status in (EnrollmentStatus.PENDING,
                                               EnrollmentStatus.APPROVED)
    assert not ConsentRecord.objects.filter(kind=ConsentKind.WITHDRAWN).exists()


def test_withdrawal_leaves_programs_erases_optional_data_and_is_recorded(
        client, participant, django_capture_on_commit_callbacks):
    profile = Profile.objects.get()
    photo_name, storage = profile.photo.name, profile.photo.storage
    assert storage.exists(photo_name)
    client.force_login(participant)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("privacy:withdraw"), {"confirm": "on"})
    assert response.status_code == 302 and response.url == reverse("privacy:mine")
    enrollment = Enrollment.objects.get()
    assert enrollment.status == EnrollmentStatus.WITHDRAWN
    assert enrollment.intake["interests"] == []
    assert enrollment.intake["skills_wanted"]  # needed data stays (aggregates, history)
    profile.refresh_from_db()
    assert (profile.photo.name, profile.whatsapp, profile.whatsapp_consent) == ("", "", False)
    assert profile.channels == ["email"]  # a preference, not optional personal data
    assert not storage.exists(photo_name)
    row = ConsentRecord.objects.get(kind=ConsentKind.WITHDRAWN)
    assert row.details == {"enrollments": [enrollment.pk],
                           "erased": ["photo", "whatsapp", "interests"]}
    assert AuditEntry.objects.filter(action="privacy.consent_withdraw").count() == 1
    assert AuditEntry.objects.filter(action="enrollment.withdraw").count() == 1
    assert selectors.accepted_version(participant) is None
    assert not selectors.optional_agreed(participant)
    # sent twice: nothing more happens
    client.post(reverse("privacy:withdraw"), {"confirm": "on"})
    assert ConsentRecord.objects.filter(kind=ConsentKind.WITHDRAWN).count() == 1


def test_withdrawing_optional_consent_alone_keeps_the_program(client, participant):
    client.force_login(participant)
    client.post(reverse("privacy:optional"), {})  # the box unticked
    profile = Profile.objects.get()
    assert (profile.photo.name, profile.whatsapp) == ("", "")
    enrollment = Enrollment.objects.get()
    assert enrollment.is_live and enrollment.intake["interests"] == []
    assert not selectors.optional_agreed(participant)
    assert selectors.has_accepted_current(participant)
    client.post(reverse("privacy:optional"), {})  # again: no second record
    assert ConsentRecord.objects.filter(kind=ConsentKind.OPTIONAL_WITHDRAWN).count() == 1
    client.post(reverse("privacy:optional"), {"agreed": "on"})
    assert selectors.optional_agreed(participant)


def test_withdrawing_is_only_ever_ones_own(client, participant, make_person):
    other = make_person(9)
    client.force_login(other)
    client.post(reverse("privacy:withdraw"), {"confirm": "on"})
    assert Enrollment.objects.get().is_live
    assert Profile.objects.get().whatsapp


def test_a_participant_edits_their_own_interests_with_optional_consent(client, participant):
    client.force_login(participant)
    page = client.get(reverse("privacy:mine")).content.decode()
    assert 'value="music"' in page
    client.post(reverse("privacy:interests"), {"interests": "Batik, hiking"})
    assert Enrollment.objects.get().intake["interests"] == ["sports", "batik"]  # hiking: sports
    client.post(reverse("privacy:optional"), {})  # withdraws optional data
    page = client.post(reverse("privacy:interests"), {"interests": "chess"}).content.decode()
    assert "agree to optional data first" in page
    assert Enrollment.objects.get().intake["interests"] == []
    assert client.post(reverse("privacy:interests"), {"interests": ""}).status_code == 302


def test_photo_and_whatsapp_on_the_account_page_need_the_optional_consent(
        client, make_person):
    user = make_person(9)
    client.force_login(user)
    url = reverse("accounts:contact_profile")
    data = {"whatsapp": "0812 3456 7890", "channels": ["email"]}
    page = client.post(url, data).content.decode()
    assert "tick the box agreeing to optional data" in page
    assert not Profile.objects.exists() and not ConsentRecord.objects.exists()
    assert client.post(url, {**data, "optional_data": "on"}).status_code == 302
    assert Profile.objects.get().whatsapp == "6281234567890"
    row = ConsentRecord.objects.get()
    assert (row.kind, row.method) == (ConsentKind.OPTIONAL, ConsentMethod.ACCOUNT)
    # channels alone are a preference, not optional data: no consent needed
    other = make_person(9)
    client.force_login(other)
    assert client.post(url, {"channels": ["email"]}).status_code == 302


def test_unticking_erases_optional_data_kept_before_consent_was_recorded(client, make_person):
    user = make_person(9)
    Profile.objects.create(employee=user.employee, whatsapp="6281234567890")
    client.force_login(user)
    client.post(reverse("privacy:optional"), {})
    assert Profile.objects.get().whatsapp == ""
    assert ConsentRecord.objects.get().kind == ConsentKind.OPTIONAL_WITHDRAWN


def _typed_intake(program, user, apply_as):
    """An enrollment with typed skills and typed interests (one mapped, one not)."""
    apply_as(program, user, intake={"skills_wanted": "medsos, ngoding cobol",
                                    "interests": "hiking, wayang kulit", "languages": "id"})
    services.notice_accept(user=user, method=ConsentMethod.APPLICATION)
    services.optional_consent_set(user=user, agreed=True, method=ConsentMethod.APPLICATION)
    return Enrollment.objects.get(employee=user.employee)


def test_withdrawing_optional_data_erases_the_typed_interests_everywhere(
        client, program, make_person, apply_as):
    user = make_person(9)
    enrollment = _typed_intake(program, user, apply_as)
    assert enrollment.intake["typed"]["interests"] == "hiking, wayang kulit"
    assert enrollment.intake["unmapped"]["interests"] == ["wayang kulit"]
    client.force_login(user)
    client.post(reverse("privacy:optional"), {})  # the box unticked
    enrollment.refresh_from_db()
    intake = enrollment.intake
    assert intake["interests"] == []
    assert "interests" not in intake.get("typed", {})
    assert "interests" not in intake.get("unmapped", {})
    # the answers needed to take part stay, with what was typed for them
    assert intake["typed"]["skills_wanted"] == "medsos, ngoding cobol"
    assert intake["unmapped"]["skills_wanted"] == ["ngoding cobol"]
    exported = client.get(reverse("privacy:export_json")).content.decode()
    assert "wayang" not in exported and "hiking" not in exported
    assert "ngoding cobol" in exported


def test_editing_interests_stores_canonical_ids_and_rebuilds_what_was_typed(
        client, program, make_person, apply_as):
    user = make_person(9)
    enrollment = _typed_intake(program, user, apply_as)
    client.force_login(user)
    client.post(reverse("privacy:interests"), {"interests": "Musik, Batik"})
    enrollment.refresh_from_db()
    intake = enrollment.intake
    assert intake["interests"] == ["music", "batik"]
    assert intake["typed"]["interests"] == "Musik, Batik"
    assert intake["unmapped"]["interests"] == ["Batik"]
    assert intake["typed"]["skills_wanted"] == "medsos, ngoding cobol"  # other keys kept
    assert intake["unmapped"]["skills_wanted"] == ["ngoding cobol"]
    client.post(reverse("privacy:interests"), {"interests": "singing"})
    enrollment.refresh_from_db()
    assert enrollment.intake["interests"] == ["music"]
    assert enrollment.intake["typed"]["interests"] == "singing"
    assert "interests" not in enrollment.intake["unmapped"]  # nothing unmapped left
    assert "wayang" not in json.dumps(enrollment.intake)
    client.post(reverse("privacy:interests"), {"interests": ""})
    enrollment.refresh_from_db()
    assert enrollment.intake["interests"] == []
    assert "interests" not in enrollment.intake["typed"]
