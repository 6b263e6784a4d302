"""`terbalik serve --production`: gunicorn, a worker and the scheduler, DEBUG off."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest

import terbalik

from .ops_helpers import (
    database_url_for_subprocess,
    free_port,
    get,
    production_env,
    read,
    wait_for,
)
from .ops_helpers import (
    terbalik as terbalik_cmd,
)

pytestmark = pytest.mark.django_db(transaction=True)
HTTPS = {"X-Forwarded-Proto": "https"}


def test_production_command_serves_pages_and_static_files_and_stops_cleanly(tmp_path):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = production_env(tmp_path=tmp_path, database_url=database_url_for_subprocess(tmp_path))
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            terbalik_cmd("serve", "--production", f"127.0.0.1:{port}", "--task-workers", "1"),
            env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        alive = lambda: server.poll() is None  # noqa: E731
        wait_for(lambda: get(f"{base}/healthz")[0] == 200, "the server to answer", alive=alive)

        status, headers, body = get(f"{base}/login/", HTTPS)
        assert status == 200, read(log)
        # both ways in: the sign-in code by e-mail and the password form
        assert b'id="code-form"' in body and b'name="email" id="id_code_email"' in body
        assert b'id="password-form"' in body and b'name="login"' in body
        assert headers["X-Request-ID"]
        # DEBUG is off: production's HTTPS redirect and HSTS are on, the proxy header is read
        plain_status, plain_headers, _ = get(f"{base}/login/")
        assert plain_status == 301
        assert plain_headers["Location"].startswith("https://")
        assert "max-age=31536000" in headers["Strict-Transport-Security"]

        static = Path(terbalik.__file__).parent / "core/static/terbalik/terbalik.js"
        status, headers, body = get(f"{base}/static/terbalik/terbalik.js", HTTPS)
        assert status == 200
        assert body == static.read_bytes()

        # the worker and the scheduler started: readiness turns green once both were seen
        wait_for(lambda: get(f"{base}/readyz")[0] == 200, "readiness", alive=alive)
        assert get(f"{base}/metrics")[0] == 404  # no METRICS_TOKEN: no metrics
    finally:
        if server.poll() is None:
            server.send_signal(signal.SIGTERM)
        code = server.wait(timeout=120)
    output = read(log)
    assert code == 0, output
    assert "All processes stopped." in output
    assert "Scheduler lock taken" in output
    assert '"logger": "gunicorn.access"' in output  # JSON access log


def _worker_init_sets_up_the_collector() -> None:
    """Runs gunicorn's post_worker_init hook, checks the collector's settings, undoes them."""
    import gc

    from terbalik import gunicorn_conf

    before = gc.get_threshold()
    try:
        gunicorn_conf.post_worker_init(object())
        assert gc.get_threshold() == (20_000, 50, 100)
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)


def test_gunicorn_worker_defaults_and_garbage_collector_set_up(monkeypatch):
    """One thread per worker (the pages are CPU-bound), workers seldom recycled, and once a
    worker has loaded the app its long-lived objects are frozen out of the collector's scans
    with a larger first generation."""
    import importlib

    from terbalik import gunicorn_conf

    for name in ("GUNICORN_THREADS", "GUNICORN_MAX_REQUESTS", "WEB_CONCURRENCY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr("multiprocessing.cpu_count", lambda: 2)
    conf = importlib.reload(gunicorn_conf)
    assert conf.threads == 1
    # one process per core (2 on 2 cores served the load mix fastest: 158/s against 139 with 5)
    assert conf.workers == 2
    monkeypatch.setattr("multiprocessing.cpu_count", lambda: 1)
    assert importlib.reload(gunicorn_conf).workers == 2  # never a single process
    monkeypatch.setattr("multiprocessing.cpu_count", lambda: 64)
    assert importlib.reload(gunicorn_conf).workers == 12
    # a new worker costs ~2.4 s of CPU: recycled every 2000 requests, 1.1 ms of each request's
    assert (conf.max_requests, conf.max_requests_jitter) == (20_000, 2000)
    _worker_init_sets_up_the_collector()


def test_a_failing_url_import_at_worker_boot_is_logged_not_raised(monkeypatch, caplog):
    """Raised there, it would stop the worker before it counts as booted: gunicorn exits with
    WORKER_BOOT_ERROR and the master halts the whole server, also for a worker recycled later
    after a transient failure. Logged instead; Django imports the URLconf at the first
    request as before, and the collector is still set up."""
    import logging

    import django.urls

    def broken() -> object:
        raise ImportError("a view module failed to import")

    monkeypatch.setattr(django.urls, "get_resolver", broken)
    with caplog.at_level(logging.ERROR, logger="terbalik.gunicorn_conf"):
        _worker_init_sets_up_the_collector()
    [record] = [r for r in caplog.records if r.name == "terbalik.gunicorn_conf"]
    assert record.levelno == logging.ERROR and record.exc_info is not None
    assert "a view module failed to import" in caplog.text


WARMED_WORKER = """
import gc, sys
import django
django.setup()
from django.urls import get_resolver
from terbalik import gunicorn_conf
assert "terbalik.urls" not in sys.modules  # Django imports it at the first request otherwise
gunicorn_conf.post_worker_init(object())
resolver = get_resolver()
print("terbalik.urls" in sys.modules, "url_patterns" in resolver.__dict__,
      any(o is resolver for o in gc.get_objects()))
"""


def test_gunicorn_worker_imports_the_views_before_its_first_request_and_freezes_them(tmp_path):
    """A new or recycled worker imports the URLconf and every view (1.5 s of CPU, scipy among
    them) before it accepts a request, not in its first request; the garbage collector's
    freeze comes after, so the URL patterns are among the objects it no longer scans."""
    env = production_env(tmp_path=tmp_path, database_url=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    done = subprocess.run([sys.executable, "-c", WARMED_WORKER], env=env, capture_output=True,
                          text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", "True", "False"]
