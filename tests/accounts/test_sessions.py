"""The session engine (accounts/sessions.py) reads what Django's database sessions read."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone
from django.utils.module_loading import import_string

pytestmark = pytest.mark.django_db


def _store(key: str | None = None):
    return import_string(f"{settings.SESSION_ENGINE}.SessionStore")(key)


def test_a_live_session_is_read_back() -> None:
    first = _store()
    first["who"] = "rina"
    first.save()
    again = _store(first.session_key)
    assert again["who"] == "rina"
    assert again.session_key == first.session_key


def test_an_expired_or_unknown_session_is_empty_and_forgets_its_key() -> None:
    first = _store()
    first["who"] = "rina"
    first.save()
    Session.objects.filter(session_key=first.session_key).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1)
    )
    expired = _store(first.session_key)
    assert expired.load() == {}
    assert expired.session_key is None
    unknown = _store("x" * 32)
    assert unknown.load() == {}
    assert unknown.session_key is None
