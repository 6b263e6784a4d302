"""Erasure names a person by whole words: erasing "Ani" leaves "Daniel", employee number
K000012 leaves K0000120, and rows that only contain the needle inside another word are
neither changed, counted nor deleted. Webhook payloads get the pseudonymous number where the
number was, the pseudonym's name and e-mail where those were."""

from __future__ import annotations

import pytest
from django.contrib.admin.models import LogEntry as AdminLogEntry
from django.utils import timezone

from terbalik.core import audit
from terbalik.core.models import AuditEntry, FormSubmission
from terbalik.notify.models import NotificationLog, SendStatus
from terbalik.privacy import erasure, pseudonyms
from terbalik.webhooks.models import Delivery, DeliveryState, Subscription

from ..factories import EmployeeFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ani():
    employee = EmployeeFactory(full_name="Ani", employee_id="K000012", email="ani@example.co.id")
    UserFactory(email=employee.email, employee=employee, full_name=employee.full_name)
    return employee


def _subscription() -> Subscription:
    now = timezone.now()
    return Subscription.objects.create(target_url="https://hooks.example.com/t", secret="s" * 32,
                                       created_at=now, updated_at=now)


def _delivery(sub: Subscription, event_id: str, payload: dict, body: str = "") -> Delivery:
    return Delivery.objects.create(subscription=sub, event_id=event_id, event_type="pair.created",
                                   payload=payload, state=DeliveryState.DELIVERED,
                                   response_body=body, created_at=timezone.now())


def test_the_helpers_match_whole_words_and_tokens_case_insensitively():
    needles = ["Ani", "ani@example.co.id", "K000012"]
    assert erasure.scrub("Daniel met ANI; mail dani@example.co.id, K0000120", needles, "X") == (
        "Daniel met X; mail dani@example.co.id, K0000120")
    assert erasure.scrub(["ani@example.co.id", "k000012."], needles, "X") == ["X", "X."]
    assert erasure.scrub({"Ani": "Anita"}, needles, "X") == {"X": "Anita"}


def test_erasing_ani_leaves_daniel_and_k0000120_alone(ani, admin_user):
    pseudo = pseudonyms.for_employee(ani.pk)
    sub = _subscription()
    hers = _delivery(sub, "e1", {"employee_id": "K000012", "name": "ani",
                                 "email": "ANI@example.co.id", "note": "Ani joined"},
                     body="saw K000012")
    his = _delivery(sub, "e2", {"employee_id": "K0000120", "name": "Daniel"}, body="K0000120 ok")
    kept_form = FormSubmission.objects.create(scope="a", token="1", body="<td>Daniel</td>")
    gone_form = FormSubmission.objects.create(scope="a", token="2", body="<td>ANI</td>")
    sent = {"kind": "x", "status": SendStatus.SENT, "created_at": timezone.now()}
    daniel_log = NotificationLog.objects.create(key="d", message={"subject": "Hi Daniel"}, **sent)
    her_log = NotificationLog.objects.create(key="a", message={"subject": "Hi ani"}, **sent)
    daniel_admin = AdminLogEntry.objects.create(user=admin_user, object_repr="Daniel",
                                                action_flag=2, change_message="K0000120")
    her_admin = AdminLogEntry.objects.create(user=admin_user, object_repr="Daniel and Ani",
                                             action_flag=2, change_message="K000012 edited")
    daniel_entry = audit.record(action="test.x", details={"who": "Daniel", "id": "K0000120"})
    her_entry = audit.record(action="test.y", details={"who": "ANI"})

    _pseudo, counts = erasure.pseudonymise(employee=ani)

    hers.refresh_from_db()
    assert hers.payload == {"employee_id": pseudo.employee_id, "name": pseudo.name,
                            "email": pseudo.email, "note": f"{pseudo.name} joined"}
    assert hers.response_body == ""
    his.refresh_from_db()
    assert (his.payload, his.response_body) == (
        {"employee_id": "K0000120", "name": "Daniel"}, "K0000120 ok")
    assert counts["webhook deliveries"] == 1
    assert FormSubmission.objects.filter(pk=kept_form.pk).exists()
    assert not FormSubmission.objects.filter(pk=gone_form.pk).exists()
    assert counts["stored form answers"] == 1
    daniel_log.refresh_from_db()
    her_log.refresh_from_db()
    assert (daniel_log.message, her_log.message) == ({"subject": "Hi Daniel"}, {})
    daniel_admin.refresh_from_db()
    her_admin.refresh_from_db()
    assert (daniel_admin.object_repr, daniel_admin.change_message) == ("Daniel", "K0000120")
    assert her_admin.object_repr == f"Daniel and {pseudo.name}"
    assert her_admin.change_message == f"{pseudo.employee_id} edited"
    assert counts["admin history"] == 1
    assert AuditEntry.objects.get(pk=daniel_entry.pk).details == {"who": "Daniel",
                                                                  "id": "K0000120"}
    assert AuditEntry.objects.get(pk=her_entry.pk).details == {"who": pseudo.name}
    # a second run finds nothing left to change
    _again, counts = erasure.pseudonymise(employee=ani)
    assert not {"webhook deliveries", "stored form answers", "admin history"} & set(counts)
