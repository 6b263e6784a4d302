"""Helpers for tests that start Terbalik's real processes (gunicorn, workers, schedulers)."""

from __future__ import annotations

import os
import socket
import sqlite3
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

from django.db import connection

DEADLINE = 180  # seconds before a wait gives up (a failure, never a timing assertion)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def database_url_for_subprocess(tmp_path: Path) -> str:
    """A URL another process can open: the test database itself on PostgreSQL, a file copy
    of the (in-memory, migrated) test database on SQLite."""
    settings = connection.settings_dict
    if connection.vendor == "postgresql":
        user = quote(settings.get("USER") or "postgres")
        password = f":{quote(settings['PASSWORD'])}" if settings.get("PASSWORD") else ""
        host = settings.get("HOST") or "127.0.0.1"
        port = settings.get("PORT") or 5432
        return f"postgres://{user}{password}@{host}:{port}/{settings['NAME']}"
    connection.ensure_connection()
    target = tmp_path / "served.sqlite3"
    with sqlite3.connect(target) as copy:
        connection.connection.backup(copy)
    return f"sqlite:///{target}"


def production_env(*, tmp_path: Path, database_url: str, **extra: str) -> dict[str, str]:
    """The environment of a production start: DEBUG off and the variables it requires."""
    env = {k: v for k, v in os.environ.items()
           if k not in {"DEBUG", "SECURE_SSL_REDIRECT", "DJANGO_SETTINGS_MODULE",
                        "PROMETHEUS_MULTIPROC_DIR", "METRICS_TOKEN", "SENTRY_DSN"}}
    env.update(
        DJANGO_SETTINGS_MODULE="terbalik.settings",
        SECRET_KEY="production-test-" + "s3cr3t-" * 8,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SITE_URL="https://127.0.0.1",
        SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto",
        DATABASE_URL=database_url,
        TERBALIK_DATA_DIR=str(tmp_path / "data"),
        WEB_CONCURRENCY="1",
        GUNICORN_THREADS="2",
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


def terbalik(*args: str) -> list[str]:
    return [sys.executable, "-m", "terbalik.cli", *args]


def get(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    """(status, headers, body) without following redirects."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: Any, **kwargs: Any) -> None:
            return None

    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310
    try:
        with opener.open(request, timeout=60) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def wait_for(condition: Callable[[], Any], what: str, *, deadline: float = DEADLINE,
              alive: Callable[[], bool] = lambda: True) -> Any:
    """Poll `condition` until it returns something truthy; fail after `deadline` seconds
    or as soon as `alive()` says the process under test died."""
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        try:
            result = condition()
        except (OSError, urllib.error.URLError):
            result = None
        if result:
            return result
        if not alive():
            raise AssertionError(f"process died while waiting for {what}")
        time.sleep(0.5)
    raise AssertionError(f"gave up waiting for {what}")


def read(path: Path) -> str:
    return path.read_text(errors="replace") if path.exists() else ""
