"""Prometheus metrics (prometheus-client), served at /metrics behind METRICS_TOKEN.

Counted in the process (summed over gunicorn's workers and the `db_worker`s of one machine
when PROMETHEUS_MULTIPROC_DIR is set, as `terbalik serve --production` does):
  terbalik_http_request_duration_seconds{method,view,status}   request latency histogram
  terbalik_emails_sent_total / terbalik_emails_failed_total      by MeteredEmailBackend
Read from the database at every scrape (the same on every machine):
  terbalik_tasks_queued{queue}, terbalik_tasks_running{queue},
  terbalik_task_oldest_queued_age_seconds{queue},
  terbalik_scheduler_last_run_timestamp_seconds, terbalik_worker_last_seen_timestamp_seconds
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from typing import Any

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.module_loading import import_string
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import REGISTRY, Collector

REQUEST_LATENCY = Histogram(
    "terbalik_http_request_duration_seconds",
    "Time from the request reaching Django to the response leaving it.",
    ["method", "view", "status"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
EMAILS_SENT = Counter("terbalik_emails_sent", "E-mails handed to the mail server.")
EMAILS_FAILED = Counter("terbalik_emails_failed", "E-mails the mail server did not take.")


class MetricsMiddleware:
    """Times every request; labelled by URL name (bounded), never by path."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        start = time.perf_counter()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        view = (match.view_name if match is not None else "") or "<unmatched>"
        REQUEST_LATENCY.labels(request.method or "", view, str(response.status_code)).observe(
            time.perf_counter() - start
        )
        return response


class MeteredEmailBackend(BaseEmailBackend):
    """Counts what the real backend (EMAIL_METERED_BACKEND) sent and failed to send."""

    def __init__(self, fail_silently: bool = False, **kwargs: Any) -> None:
        super().__init__(fail_silently=fail_silently)
        backend = import_string(settings.EMAIL_METERED_BACKEND)
        self.inner = backend(fail_silently=fail_silently, **kwargs)

    def open(self) -> Any:
        return self.inner.open()

    def close(self) -> None:
        self.inner.close()

    def send_messages(self, email_messages: Any) -> int:
        messages = list(email_messages)
        try:
            sent = self.inner.send_messages(messages) or 0
        except Exception:
            EMAILS_FAILED.inc(len(messages))
            raise
        EMAILS_SENT.inc(sent)
        if len(messages) > sent:
            EMAILS_FAILED.inc(len(messages) - sent)
        return int(sent)


class DatabaseCollector(Collector):
    """Queue depth and age, and the background processes' heartbeats, read at scrape time."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        from .selectors import heartbeats, task_queue_stats
        from .services import SCHEDULER, WORKER

        now = timezone.now()
        queued = GaugeMetricFamily("terbalik_tasks_queued", "Tasks waiting for a worker.",
                                   labels=["queue"])
        running = GaugeMetricFamily("terbalik_tasks_running", "Tasks a worker is running.",
                                    labels=["queue"])
        age = GaugeMetricFamily("terbalik_task_oldest_queued_age_seconds",
                                "How long the oldest waiting task has waited.", labels=["queue"])
        for row in task_queue_stats():
            if row["status"] == "READY":
                queued.add_metric([row["queue_name"]], row["n"])
                age.add_metric([row["queue_name"]], (now - row["oldest"]).total_seconds())
            else:
                running.add_metric([row["queue_name"]], row["n"])
        yield from (queued, running, age)
        seen = heartbeats()
        for name, metric, text in (
            (SCHEDULER, "terbalik_scheduler_last_run_timestamp_seconds",
             "When the scheduler last finished a run (Unix time)."),
            (WORKER, "terbalik_worker_last_seen_timestamp_seconds",
             "When a background worker last ran its heartbeat task (Unix time)."),
        ):
            family = GaugeMetricFamily(metric, text)
            if name in seen:
                family.add_metric([], seen[name].timestamp())
            yield family


def exposition() -> bytes:
    """The text format of every metric: this machine's processes, then the database's."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        local = generate_latest(registry)
    else:
        local = generate_latest(REGISTRY)
    database = CollectorRegistry(auto_describe=False)
    database.register(DatabaseCollector())
    return local + generate_latest(database)
