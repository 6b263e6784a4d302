"""JSON logs with a request id, carried into the tasks a request enqueues; optional Sentry."""

from __future__ import annotations

import datetime as dt
import io
import json
import logging
import subprocess
import sys
import textwrap

import pytest
import time_machine
from django.conf import settings as django_settings
from django.core.management import call_command
from django.utils import timezone
from pythonjsonlogger.json import JsonFormatter

from terbalik.core.models import TaskOrigin
from terbalik.core.observability import (
    RequestIdFilter,
    current_request_id,
    forget_task_origin,
    request_id_bound,
    restore_task_origin,
)
from terbalik.core.services import task_origins_prune
from terbalik.core.tasks import heartbeat


@pytest.fixture
def json_lines():
    """Root records formatted the way settings.LOGGING formats them in production."""
    options = dict(django_settings.LOGGING["formatters"]["json"])
    options.pop("()")
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter(**options))
    root = logging.getLogger()
    root.addHandler(handler)
    level = root.level
    root.setLevel(logging.INFO)
    try:
        yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    finally:
        root.removeHandler(handler)
        root.setLevel(level)


def test_production_logs_are_json_with_a_request_id():
    assert django_settings.LOG_FORMAT == "json"  # the tests run with DEBUG off
    handler = django_settings.LOGGING["handlers"]["console"]
    assert handler["formatter"] == "json"
    assert handler["filters"] == ["request_id"]


def test_a_request_gets_an_id_or_keeps_the_proxy_s(client, db):
    generated = client.get("/login/")["X-Request-ID"]
    assert len(generated) == 32
    assert client.get("/login/")["X-Request-ID"] != generated
    assert client.get("/login/", HTTP_X_REQUEST_ID="lb-7f3a.42")["X-Request-ID"] == "lb-7f3a.42"
    spoofed = client.get("/login/", HTTP_X_REQUEST_ID='x" injected\nline')["X-Request-ID"]
    assert spoofed != 'x" injected\nline'
    assert len(spoofed) == 32


def test_a_request_s_log_lines_carry_its_id(client, db, json_lines):
    response = client.get("/no-such-page/", HTTP_X_REQUEST_ID="req-404")
    assert response.status_code == 404
    lines = [line for line in json_lines() if line["logger"] == "django.request"]
    assert lines, json_lines()
    assert lines[0]["request_id"] == "req-404"
    assert lines[0]["level"] == "WARNING"
    assert "Not Found" in lines[0]["message"]
    assert current_request_id() == ""  # finished: the thread's next lines are nobody's


@pytest.mark.django_db(transaction=True)
def test_a_task_enqueued_by_a_request_logs_with_the_request_s_id(json_lines):
    with request_id_bound("req-with-task"):
        result = heartbeat.enqueue()
    assert TaskOrigin.objects.get(task_id=str(result.id)).request_id == "req-with-task"
    assert current_request_id() == ""

    call_command("db_worker", batch=True, reload=False, startup_delay=False,
                 stdout=io.StringIO())

    done = [line for line in json_lines()
            if line["logger"] == "django_tasks" and "SUCCESSFUL" in line["message"]]
    assert [line["request_id"] for line in done] == ["req-with-task"]
    assert not TaskOrigin.objects.exists()  # forgotten once the task finished
    assert current_request_id() == ""


def test_a_task_without_a_request_gets_an_id_of_its_own(db):
    result = heartbeat.enqueue()
    assert not TaskOrigin.objects.filter(task_id=str(result.id)).exists()
    restore_task_origin(None, task_result=result)
    assert current_request_id() == f"task-{result.id}"
    forget_task_origin(None, task_result=result)
    assert current_request_id() == ""


SENTRY_PROBE = textwrap.dedent("""
    import json, os, sys
    import sentry_sdk
    from terbalik.core.observability import request_id_bound, sentry_init

    events = []

    def transport(envelope_or_event):
        event = getattr(envelope_or_event, "get_event", lambda: envelope_or_event)()
        if event:
            events.append(event)

    on = sentry_init({"SENTRY_DSN": "https://public@sentry.invalid/1"}, transport=transport)
    off = sentry_init({})
    with request_id_bound("req-sentry"):
        sentry_sdk.capture_message("boom")
    sentry_sdk.flush()
    print(json.dumps({"on": on, "off": off, "tags": [e.get("tags", {}) for e in events],
                      "user": [e.get("user") for e in events]}))
""")


def test_sentry_reports_carry_the_request_id_and_no_personal_data(tmp_path):
    """In a separate process (Sentry patches Django globally), with an in-memory transport:
    no network."""
    result = subprocess.run([sys.executable, "-c", SENTRY_PROBE], capture_output=True,
                            text=True, timeout=120, check=False,
                            env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "",
                                 "HOME": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["on"] is True
    assert report["off"] is False
    assert report["tags"] == [{"request_id": "req-sentry"}]
    assert report["user"] == [None]


SENTRY_FORM_PROBE = textwrap.dedent("""
    import json
    import django
    from django.conf import settings
    from django.urls import path
    from terbalik.core.observability import sentry_init

    SECRET = "my-private-note-about-the-ceo"
    events = []

    def transport(envelope_or_event):
        event = getattr(envelope_or_event, "get_event", lambda: envelope_or_event)()
        if event:
            events.append(event)

    def boom(request):
        note = request.POST["note"]  # a local variable holding the secret
        raise ValueError("saving failed for a note of %s characters" % len(note))

    urlpatterns = [path("notes/", boom)]
    assert sentry_init({"SENTRY_DSN": "https://public@sentry.invalid/1"}, transport=transport)
    settings.configure(DEBUG=False, SECRET_KEY="x" * 50, ROOT_URLCONF=__name__,
                       ALLOWED_HOSTS=["testserver"], INSTALLED_APPS=[], MIDDLEWARE=[],
                       DATABASES={})
    django.setup()
    from django.test import Client
    import sentry_sdk

    client = Client(raise_request_exception=False)
    client.cookies["sessionid"] = "cookie-" + SECRET
    status = client.post("/notes/", {"note": SECRET}).status_code
    sentry_sdk.flush()
    print(json.dumps({"status": status, "events": len(events),
                      "leaks": sum(SECRET in json.dumps(e, default=str) for e in events),
                      "request": [sorted(e.get("request", {})) for e in events]}))
""")


def test_sentry_reports_carry_no_form_body_cookies_or_local_variables(tmp_path):
    """A view failing on a posted private note: the event says where, never what was typed."""
    result = subprocess.run([sys.executable, "-c", SENTRY_FORM_PROBE], capture_output=True,
                            text=True, timeout=120, check=False,
                            env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "",
                                 "HOME": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["status"] == 500
    assert report["events"] >= 1
    assert report["leaks"] == 0
    assert all("data" not in keys and "cookies" not in keys for keys in report["request"])


def test_request_ids_of_tasks_that_never_finished_are_pruned_after_a_week(db):
    with time_machine.travel(timezone.now() - dt.timedelta(days=8), tick=False):
        with request_id_bound("old"):
            heartbeat.enqueue()
    with request_id_bound("recent"):
        heartbeat.enqueue()
    assert task_origins_prune() == 1
    assert list(TaskOrigin.objects.values_list("request_id", flat=True)) == ["recent"]


def test_a_failing_request_id_record_never_stops_a_task_from_being_enqueued(db, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("table missing")

    monkeypatch.setattr("terbalik.core.services.task_origin_record", broken)
    with request_id_bound("req-broken"):
        result = heartbeat.enqueue()
    assert result.id
    assert not TaskOrigin.objects.exists()
