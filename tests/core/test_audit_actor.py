"""AuditActorMiddleware (issue 18): the audit entries a request writes name its signed-in user,
as django-auditlog's middleware did, without connecting a signal receiver per request."""

from __future__ import annotations

from typing import Any

import pytest
from auditlog.context import auditlog_value, set_actor
from auditlog.models import LogEntry
from django.contrib.auth.models import AnonymousUser
from django.db.models.signals import pre_save
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from terbalik.accounts.models import Role
from terbalik.core.audit_actor import AuditActorMiddleware
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _promote(user: Any) -> LogEntry:
    user.role = Role.HR if user.role != Role.HR else Role.PARTICIPANT
    user.save()
    return LogEntry.objects.get_for_object(user).order_by("pk").last()


def _request(actor: Any) -> HttpRequest:
    request = RequestFactory().get("/", HTTP_X_CORRELATION_ID="corr-1")
    request.user = actor
    return request


def test_an_entry_written_in_a_request_names_its_user_and_no_receiver_is_connected(
    admin_user: Any,
) -> None:
    target = UserFactory(role=Role.PARTICIPANT)
    receivers = list(pre_save.receivers)
    seen: dict[str, Any] = {}

    def view(request: HttpRequest) -> HttpResponse:
        seen["receivers"] = list(pre_save.receivers)
        seen["entry"] = _promote(target)
        return HttpResponse("ok")

    AuditActorMiddleware(view)(_request(admin_user))
    assert seen["receivers"] == receivers  # nothing connected for the request
    entry = seen["entry"]
    assert entry.actor == admin_user
    assert entry.actor_email == admin_user.email
    assert entry.cid == "corr-1"
    assert entry.remote_addr is None  # AUDITLOG_DISABLE_REMOTE_ADDR
    # after the request its context is gone: a later entry names no one
    assert _promote(target).actor is None


def test_an_anonymous_request_names_no_actor() -> None:
    target = UserFactory(role=Role.PARTICIPANT)
    seen: dict[str, Any] = {}

    def view(request: HttpRequest) -> HttpResponse:
        seen["entry"] = _promote(target)
        return HttpResponse("ok")

    AuditActorMiddleware(view)(_request(AnonymousUser()))
    assert seen["entry"].actor is None


def test_set_actor_inside_a_request_names_its_own_actor(admin_user: Any) -> None:
    target = UserFactory(role=Role.PARTICIPANT)
    other = UserFactory(role=Role.HR, email="lain@example.co.id")
    seen: dict[str, Any] = {}

    def view(request: HttpRequest) -> HttpResponse:
        with set_actor(other):
            seen["inner"] = _promote(target)
        return HttpResponse("ok")

    before = auditlog_value.get(None)
    AuditActorMiddleware(view)(_request(admin_user))
    assert seen["inner"].actor == other
    assert auditlog_value.get(None) is before  # the request's context was taken away


def test_an_error_in_the_view_still_takes_the_context_away(admin_user: Any) -> None:
    def view(request: HttpRequest) -> HttpResponse:
        raise RuntimeError("boom")

    before = auditlog_value.get(None)
    with pytest.raises(RuntimeError):
        AuditActorMiddleware(view)(_request(admin_user))
    assert auditlog_value.get(None) is before
