"""A small HTTP server on loopback standing in for Slack's Web API, Teams webhooks and Meta's
WhatsApp Cloud API (the edge of the world): it records every request and answers like them.

`fail_next` makes the next N requests to a path fail with the given status (500 by default).
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    data: dict[str, Any]


@dataclass
class Provider:
    url: str = ""
    requests: list[Request] = field(default_factory=list)
    slack_users: dict[str, str] = field(default_factory=dict)  # e-mail -> user ID
    history: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # Slack channel
    failures: dict[str, list[int]] = field(default_factory=dict)
    slack_errors: dict[str, str] = field(default_factory=dict)  # method -> Slack error code
    lock: threading.Lock = field(default_factory=threading.Lock)

    def fail_next(self, path: str, times: int = 1, status: int = 500) -> None:
        self.failures.setdefault(path, []).extend([status] * times)

    def to(self, path: str) -> list[Request]:
        """Requests whose path ends with `path`."""
        return [r for r in self.requests if r.path.endswith(path)]

    # --- answers ---------------------------------------------------------------------------

    def answer(self, req: Request) -> tuple[int, dict[str, Any]]:
        with self.lock:
            self.requests.append(req)
            for path, queue in self.failures.items():
                if req.path.endswith(path) and queue:
                    return queue.pop(0), {"ok": False, "error": "internal_error"}
        if req.path.startswith("/api/"):
            return self.slack(req.path.removeprefix("/api/"), req.data)
        if req.path.startswith("/teams/"):
            return 202, {}
        if req.path.endswith("/messages"):
            return 200, {"messaging_product": "whatsapp",
                         "messages": [{"id": f"wamid.{len(self.requests)}"}]}
        return 404, {}

    def slack(self, method: str, data: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        def dm(channel: str) -> str:
            return "D" + channel[1:] if channel[:1] in ("U", "W") else channel

        if method in self.slack_errors:
            return 200, {"ok": False, "error": self.slack_errors[method]}
        if method == "users.lookupByEmail":
            found = self.slack_users.get(data.get("email", ""))
            if not found:
                return 200, {"ok": False, "error": "users_not_found"}
            return 200, {"ok": True, "user": {"id": found}}
        if method == "chat.postMessage":
            channel = dm(data["channel"])
            metadata = data.get("metadata")
            if isinstance(metadata, str):
                metadata = json.loads(metadata)
            self.history.setdefault(channel, []).insert(0, {
                "text": data.get("text"), "metadata": metadata, "ts": str(len(self.requests)),
            })
            return 200, {"ok": True, "channel": channel, "ts": str(len(self.requests))}
        if method == "conversations.open":
            return 200, {"ok": True, "channel": {"id": dm(data["users"])}}
        if method == "conversations.history":
            return 200, {"ok": True, "messages": self.history.get(data["channel"], [])}
        return 200, {"ok": False, "error": "unknown_method"}


def start() -> tuple[ThreadingHTTPServer, Provider]:
    provider = Provider()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            pass

        def _handle(self) -> None:
            parts = urlsplit(self.path)
            data: dict[str, Any] = dict(parse_qsl(parts.query))
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            if raw:
                if "json" in (self.headers.get("Content-Type") or ""):
                    data.update(json.loads(raw))
                else:
                    data.update(parse_qsl(raw.decode()))
            status, body = provider.answer(
                Request(self.command, parts.path, dict(self.headers.items()), data))
            payload = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        do_GET = _handle  # noqa: N815
        do_POST = _handle  # noqa: N815

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    provider.url = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, provider
