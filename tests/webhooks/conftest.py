"""A receiver on loopback (the edge of the world) and the settings that let it receive."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from ..pairs.conftest import (  # noqa: F401
    _english,
    _locmem_mail,
    _notify_now,
    _send_mail_now,
    apply_as,
    make_pair,
    make_person,
    make_program,
    pair,
    program,
)


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    """Records every POST; answers with the queued (status, body) pairs, then 200."""

    url: str = ""
    requests: list[Received] = field(default_factory=list)
    answers: list[tuple[int, bytes, dict[str, str]]] = field(default_factory=list)

    def answer(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None,
               times: int = 1) -> None:
        self.answers.extend([(status, body, headers or {})] * times)

    @property
    def ids(self) -> list[str]:
        return [r.headers["webhook-id"] for r in self.requests]


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    state = Receiver()
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's name
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length)
            with lock:
                state.requests.append(Received(self.path, dict(self.headers.items()), body))
                status, reply, headers = state.answers.pop(0) if state.answers else (
                    200, b"ok", {})
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/hooks/terbalik"
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(autouse=True)
def _webhook_settings(settings: pytest.FixtureRequest) -> None:
    """Loopback receivers over http are allowed here (as in development); the production
    refusal is tested by switching it off. Deliveries go out in this process."""
    settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS = True
    settings.WEBHOOKS_SEND = "inline"
    settings.WEBHOOKS_RETRY_SCHEDULE = [60, 300, 1800, 7200, 43200]
    settings.WEBHOOKS_LEASE_SECONDS = 120
    settings.WEBHOOKS_TIMEOUT_SECONDS = 5


@pytest.fixture(autouse=True)
def _pages_in_english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def subscribe(admin_user, receiver):
    """A subscription of the loopback receiver to `events` (default: every event)."""
    from terbalik.webhooks import services
    from terbalik.webhooks.models import EVENTS

    def make(events=EVENTS, program=None, url=None, active=True):  # noqa: F811
        return services.subscription_create(
            by=admin_user, target_url=url or receiver.url, events=list(events),
            program=program, active=active)

    return make
