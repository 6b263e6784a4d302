"""/healthz, /readyz and /metrics."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.mail import EmailMessage, get_connection
from django.utils import timezone
from health_check import Database
from health_check.exceptions import ServiceUnavailable
from prometheus_client import REGISTRY

from terbalik.core import health
from terbalik.core.services import SCHEDULER, WORKER, heartbeat_record
from terbalik.core.tasks import heartbeat, heartbeat_enqueue


def test_healthz_answers_without_the_database_by_ip_and_over_plain_http(client, settings):
    settings.SECURE_SSL_REDIRECT = True  # production default: would redirect any other page
    response = client.get("/healthz", HTTP_HOST="10.1.2.3:8000")  # not in ALLOWED_HOSTS
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "no-store" in response["Cache-Control"]
    assert client.get("/login/", HTTP_HOST="10.1.2.3:8000").status_code == 400  # others: no


@pytest.fixture
def both_seen(db):
    heartbeat_record(name=WORKER)
    heartbeat_record(name=SCHEDULER)


def test_readyz_is_green_when_database_migrations_worker_and_scheduler_are_fine(client,
                                                                                both_seen):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"ready": True, "checks": {
        "database": "ok", "migrations": "ok", "worker": "ok", "scheduler": "ok"}}


def test_readyz_is_red_until_a_worker_and_the_scheduler_were_seen(client, db):
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["worker"] == "never seen"
    heartbeat_record(name=WORKER)
    assert client.get("/readyz").json()["checks"] == {
        "database": "ok", "migrations": "ok", "worker": "ok", "scheduler": "never seen"}


def test_readyz_is_red_when_the_scheduler_was_last_seen_over_two_minutes_ago(client, db):
    heartbeat_record(name=WORKER)
    heartbeat_record(name=SCHEDULER, now=timezone.now() - dt.timedelta(minutes=3))
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["scheduler"] == "not seen for over two minutes"
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=3)):
        assert client.get("/readyz").json()["checks"]["worker"] != "ok"


def test_readyz_is_red_with_unapplied_migrations(client, both_seen, monkeypatch):
    class Pending:
        def __init__(self, connection):
            self.loader = type("Loader", (), {"graph": type("G", (), {
                "leaf_nodes": staticmethod(lambda: [])})()})()

        def migration_plan(self, targets):
            return [("core", "9999_future")]

    monkeypatch.setattr(health, "_migrated", set())
    monkeypatch.setattr(health, "MigrationExecutor", Pending)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["migrations"] == "migrations not applied"


def test_readyz_with_the_database_down_says_so_without_details(client, both_seen, monkeypatch):
    def down(self):
        raise ServiceUnavailable("could not connect to server at 10.0.0.9 password=secret")

    monkeypatch.setattr(Database, "run", down)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "unavailable", "migrations": "skipped",
                                         "worker": "skipped", "scheduler": "skipped"}
    assert b"10.0.0.9" not in response.content


# --- metrics -------------------------------------------------------------------------------


def test_metrics_do_not_exist_without_a_token_in_production(client, admin_user, settings):
    settings.METRICS_TOKEN = ""
    assert client.get("/metrics").status_code == 404
    client.force_login(admin_user)
    assert client.get("/metrics").status_code == 404


def test_metrics_are_open_without_a_token_only_with_debug(client, settings, db):
    settings.METRICS_TOKEN = ""
    settings.DEBUG = True
    assert client.get("/metrics").status_code == 200


def test_metrics_need_the_token(client, settings, db):
    settings.METRICS_TOKEN = "t0ken-for-prometheus"
    assert client.get("/metrics").status_code == 403
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 403
    assert client.get("/metrics", HTTP_AUTHORIZATION="Basic t0ken-for-prometheus"
                      ).status_code == 403
    response = client.get("/metrics", HTTP_AUTHORIZATION="Bearer t0ken-for-prometheus",
                          HTTP_HOST="10.1.2.3:9100")  # Prometheus scrapes by address
    assert response.status_code == 200


def test_metrics_refuse_a_non_ascii_token_instead_of_failing(client, settings, db):
    settings.METRICS_TOKEN = "t0ken-for-prometheus"
    response = client.get("/metrics", HTTP_AUTHORIZATION="Bearer t\u00f6ken-f\u00fcr")
    assert response.status_code == 403
    settings.METRICS_TOKEN = "t\u00f6ken"  # a non-ASCII configured token still works
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 403


def _scrape(client) -> str:
    response = client.get("/metrics", HTTP_AUTHORIZATION="Bearer tok")
    assert response.status_code == 200
    return response.content.decode()


def _value(text: str, line_start: str) -> float:
    lines = [line for line in text.splitlines() if line.startswith(line_start)]
    assert len(lines) == 1, (line_start, lines)
    return float(lines[0].rsplit(" ", 1)[1])


def test_metrics_show_queue_depth_and_age_heartbeats_and_request_latency(client, settings, db):
    settings.METRICS_TOKEN = "tok"
    enqueued_at = timezone.now() - dt.timedelta(minutes=10)
    with time_machine.travel(enqueued_at, tick=False):
        heartbeat.enqueue()
    heartbeat.enqueue()
    last_run = timezone.now() - dt.timedelta(seconds=30)
    heartbeat_record(name=SCHEDULER, now=last_run)
    client.get("/login/")
    text = _scrape(client)
    assert _value(text, 'terbalik_tasks_queued{queue="default"}') == 2
    assert _value(text, 'terbalik_task_oldest_queued_age_seconds{queue="default"}') >= 600
    assert _value(text, "terbalik_scheduler_last_run_timestamp_seconds") == pytest.approx(
        last_run.timestamp())
    assert 'terbalik_worker_last_seen_timestamp_seconds' in text
    assert _value(text, 'terbalik_http_request_duration_seconds_count{method="GET",'
                        'status="200",view="accounts:login"}') >= 1


def test_heartbeat_tasks_do_not_pile_up_while_no_worker_runs(db):
    assert heartbeat_enqueue()
    assert not heartbeat_enqueue()


class RefusingBackend:
    def __init__(self, **kwargs):
        pass

    def send_messages(self, messages):
        raise OSError("connection refused")


def test_emails_sent_and_failed_are_counted(settings):
    settings.EMAIL_BACKEND = "terbalik.core.metrics.MeteredEmailBackend"
    settings.EMAIL_METERED_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    sent_before = REGISTRY.get_sample_value("terbalik_emails_sent_total")
    failed_before = REGISTRY.get_sample_value("terbalik_emails_failed_total")
    EmailMessage("Hi", "Body", to=["a@example.co.id"]).send()
    EmailMessage("Hi", "Body", to=["b@example.co.id"]).send()
    assert len(mail.outbox) == 2  # handed to the real backend
    assert REGISTRY.get_sample_value("terbalik_emails_sent_total") == sent_before + 2

    settings.EMAIL_METERED_BACKEND = f"{__name__}.RefusingBackend"
    with pytest.raises(OSError):
        get_connection().send_messages([EmailMessage("Hi", "Body", to=["c@example.co.id"])])
    assert REGISTRY.get_sample_value("terbalik_emails_failed_total") == failed_before + 1
    assert REGISTRY.get_sample_value("terbalik_emails_sent_total") == sent_before + 2
