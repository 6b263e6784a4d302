from __future__ import annotations

import pytest

from terbalik.notify import emails as notify_emails


@pytest.fixture(autouse=True)
def _send_mail_now(monkeypatch: pytest.MonkeyPatch) -> None:
    """Test transactions never commit: deliver the e-mails right away instead (the `smtp`
    fixture puts the real wait-for-commit back)."""
    monkeypatch.setattr(notify_emails, "defer", lambda send: send())


@pytest.fixture(autouse=True)
def _fresh_throttles(request: pytest.FixtureRequest) -> None:
    """Rate-limit histories live in the database cache, which transactional tests do not
    flush: start every database test with none."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None:
        return
    request.getfixturevalue("transactional_db" if marker.kwargs.get("transaction") else "db")
    from django.core.cache import cache

    cache.clear()
