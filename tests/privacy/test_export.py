"""“Download my data”: complete (a walk over the model graph), JSON and PDF in the person's
language, only their own, audited (issue 20, part 2)."""

from __future__ import annotations

import io
import json

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse

from terbalik.accounts.models import User
from terbalik.core.models import AuditEntry
from terbalik.people.models import Employee
from terbalik.privacy import export, services
from terbalik.privacy.models import ConsentMethod

pytestmark = pytest.mark.django_db

PEOPLE = {User, Employee}


def _targets(model: type[models.Model]) -> set[type[models.Model]]:
    """Models `model` points at (FK, one-to-one, many-to-many declared on it)."""
    found = set()
    for field in model._meta.get_fields(include_hidden=True):
        if field.auto_created and not field.concrete:
            continue  # reverse relations belong to the other side
        if field.is_relation and field.related_model is not None:
            found.add(field.related_model)
    return found


def _personal_models() -> dict[str, str]:
    """label -> why it is personal: references a person, or hangs (transitively) off a row
    the export says belongs to the person (a hub: enrolment, pair, response, ...)."""
    hubs = {apps.get_model(s.label) for s in export.EXPORTED if s.hub and export._installed(
        s.label)}
    covered = PEOPLE | hubs
    found: dict[str, str] = {}
    changed = True
    while changed:
        changed = False
        for model in apps.get_models(include_auto_created=True):
            label = model._meta.label_lower
            if label in found or model in PEOPLE:
                continue
            reached = _targets(model) & covered
            if reached:
                found[label] = ", ".join(sorted(m._meta.label_lower for m in reached))
                if label in export.section_labels() and any(
                        s.hub for s in export.EXPORTED if s.label == label):
                    covered.add(model)
                    changed = True
    return found


def test_every_model_that_references_a_person_is_exported_or_explained():
    personal = _personal_models()
    decided = export.section_labels() | set(export.NOT_PERSONAL)
    forgotten = {label: why for label, why in personal.items() if label not in decided}
    assert not forgotten, (
        "These models hold personal data but are neither in privacy.export.EXPORTED nor in "
        f"NOT_PERSONAL with a reason: {forgotten}")
    # and the lists name real models, each NOT_PERSONAL entry with a reason
    for label in decided:
        assert export._installed(label), label
    assert all(reason.strip() for reason in export.NOT_PERSONAL.values())
    assert "accounts.user" in export.section_labels()


def test_the_walk_would_catch_a_new_model(monkeypatch):
    """Taking a model out of EXPORTED makes the walk name it (the test can fail)."""
    trimmed = tuple(s for s in export.EXPORTED if s.label != "pairs.note")
    monkeypatch.setattr(export, "EXPORTED", trimmed)
    personal = _personal_models()
    decided = export.section_labels() | set(export.NOT_PERSONAL)
    assert "pairs.note" in set(personal) - decided


@pytest.fixture
def person(program, make_person, apply_as):
    user = make_person(9, full_name="Sari Wulandari", language="id")
    apply_as(program, user)
    services.notice_accept(user=user, method=ConsentMethod.APPLICATION)
    services.correction_request_create(user=user, field="grade", requested_value="10")
    return user


def test_json_holds_the_persons_rows_and_nobody_elses(client, person, make_person, apply_as,
                                                     program):
    other = make_person(9, full_name="Orang Lain")
    apply_as(program, other)
    client.force_login(person)
    response = client.get(reverse("privacy:export_json"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    sections = data["sections"]
    assert set(sections) == {s.label for s in export.EXPORTED if export._installed(s.label)}
    assert sections["accounts.user"][0]["email"] == person.email
    assert "password" not in sections["accounts.user"][0]
    assert sections["people.employee"][0]["full_name"] == "Sari Wulandari"
    assert [e["employee_id"] for e in sections["programs.enrollment"]] == [person.employee.pk]
    assert sections["programs.enrollment"][0]["intake"]["interests"] == ["music"]
    assert sections["privacy.consentrecord"][0]["kind"] == "notice"
    assert sections["privacy.correctionrequest"][0]["requested_value"] == "10"
    assert "Orang Lain" not in response.content.decode()
    assert other.email not in response.content.decode()
    entry = AuditEntry.objects.get(action="privacy.export")
    assert (entry.actor, entry.details) == (person, {"format": "json"})


def _pdf_text(content: bytes) -> str:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(io.BytesIO(content))
    return " ".join(document[i].get_textpage().get_text_range() for i in range(len(document)))


@pytest.mark.parametrize(("language", "title", "section"), [
    ("en", "My data in Terbalik", "Program applications"),
    ("id", "Data saya di Terbalik", "Pendaftaran program"),
])
def test_pdf_is_readable_in_the_persons_language(client, person, language, title, section):
    person.language = language
    person.save()
    client.force_login(person)
    response = client.get(reverse("privacy:export_pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = " ".join(_pdf_text(response.content).split())
    assert title in text and section in text
    assert "Sari Wulandari" in text and person.email in text
    assert AuditEntry.objects.filter(action="privacy.export", actor=person,
                                     details={"format": "pdf"}).count() == 1


def test_someone_without_a_directory_entry_gets_their_account(client, hr_user):
    client.force_login(hr_user)
    data = json.loads(client.get(reverse("privacy:export_json")).content)
    assert data["sections"]["accounts.user"][0]["email"] == hr_user.email
    assert data["sections"]["people.employee"] == []


def test_anonymous_visitors_are_sent_to_sign_in(client):
    for name in ("privacy:export_json", "privacy:export_pdf", "privacy:mine"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and "/login/" in response.url
    assert not AuditEntry.objects.filter(action="privacy.export").exists()
