"""`terbalik sync-employees URL|FILE --token …`: a feed from a small HTTP server on loopback
(standing in for the HR system) or a file, applied through the bulk upsert."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from terbalik.people.models import Employee

pytestmark = pytest.mark.django_db

FEED = [
    {"employee_id": "H1", "name": "Dewi", "email": "dewi@example.co.id", "grade": 10},
    {"employee_id": "H2", "name": "Raka", "email": "raka@example.co.id", "grade": 2,
     "manager_id": "H1"},
]
CSV = "employee_id,name,email,grade\r\nH1,Dewi,dewi@example.co.id,10\r\n"


class _Feed(BaseHTTPRequestHandler):
    body = b""
    content_type = "application/json"
    seen_auth: list[str] = []

    def do_GET(self) -> None:  # noqa: N802
        type(self).seen_auth.append(self.headers.get("Authorization", ""))
        if self.headers.get("Authorization") != "Bearer feed-secret":
            self.send_response(401)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", self.content_type)
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def feed_server() -> Iterator[tuple[str, type[_Feed]]]:
    handler = type("Feed", (_Feed,), {"seen_auth": []})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/hris/employees", handler
    finally:
        server.shutdown()
        server.server_close()


def _run(*args: str) -> str:
    out = StringIO()
    with translation.override("en"):
        call_command("sync_employees", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_json_feed_from_a_url_with_the_token(feed_server: Any) -> None:
    url, handler = feed_server
    handler.body = json.dumps({"employees": FEED}).encode()
    out = _run(url, "--token", "feed-secret")
    assert "Created 2" in out
    assert handler.seen_auth == ["Bearer feed-secret"]
    assert Employee.objects.get(employee_id="H2").manager.employee_id == "H1"
    assert "unchanged 2" in _run(url, "--token", "feed-secret")  # a repeat changes nothing


def test_csv_feed_and_a_wrong_token(feed_server: Any) -> None:
    url, handler = feed_server
    handler.body, handler.content_type = CSV.encode(), "text/csv"
    with pytest.raises(CommandError) as refused:
        _run(url, "--token", "wrong")
    assert refused.value.returncode == 1
    assert not Employee.objects.exists()
    assert "Created 1" in _run(url, "--token", "feed-secret")


def test_file_feed_refused_writes_nothing(tmp_path: Path) -> None:
    feed = tmp_path / "employees.json"
    feed.write_text(json.dumps([*FEED, {"employee_id": "H3", "name": "No mail", "grade": 1}]))
    with pytest.raises(CommandError) as refused:
        _run(str(feed))
    assert refused.value.returncode == 2
    assert not Employee.objects.exists()
    csv_file = tmp_path / "employees.csv"
    csv_file.write_text(CSV)
    assert "Created 1" in _run(str(csv_file))


def test_unreadable_sources(tmp_path: Path) -> None:
    for source in (str(tmp_path / "missing.csv"), "http://127.0.0.1:9/nothing"):
        with pytest.raises(CommandError) as refused:
            _run(source)
        assert refused.value.returncode == 1
    bad = tmp_path / "bad.json"
    bad.write_text('{"employees": 3}')
    with pytest.raises(CommandError):
        _run(str(bad))
