"""The one HTTP request of a delivery, hardened against server-side request forgery.

- https only; plain http (and addresses inside the company network, loopback, link-local such
  as the cloud metadata service 169.254.169.254, ...) only when WEBHOOKS_ALLOW_PRIVATE_TARGETS
  is on (development and tests; off in production unless an operator switches it on).
- The host name is resolved once, every address is checked, and the connection goes to the
  checked address (TLS still verifies the certificate against the host name), so a DNS answer
  that changes between the check and the connection cannot point the request inside.
- Redirects are never followed: a 3xx answer is a failed attempt like any other non-2xx.
- Connect and read time out after WEBHOOKS_TIMEOUT_SECONDS; only the first
  `BODY_KEEP` bytes of the answer are read (and kept in the delivery log).

Standard library only (`http.client`): the project has no HTTP client dependency at run time.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.utils.translation import gettext as _

BODY_KEEP = 2048
USER_AGENT = "Terbalik-Webhooks/1"


class Refused(Exception):
    """The target is not allowed (scheme, private address); never retried into success."""


@dataclass(frozen=True)
class Answer:
    status: int
    body: str


def url_problem(url: str, *, allow_private: bool) -> str | None:
    """Why `url` cannot be a webhook target (translated), or None. Checks the address as
    written; the addresses a host name resolves to are checked again at every send."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return _("Enter a valid web address.")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return _("Enter a web address that starts with https://.")
    if parts.username or parts.password:
        return _("Do not put a user name or password in the address; the signature "
                 "authenticates each delivery.")
    if port == 0:
        return _("Enter a valid web address.")
    if parts.scheme == "http" and not allow_private:
        return _("Use an https:// address: deliveries carry a signature and data.")
    if not allow_private:
        try:
            literal = ipaddress.ip_address(parts.hostname)
        except ValueError:
            literal = None
        if parts.hostname.lower() == "localhost" or (literal is not None
                                                     and not _public(literal)):
            return _("This address points inside the network; only public addresses can "
                     "receive webhooks.")
    return None


def _public(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def resolve(host: str, port: int, *, allow_private: bool) -> str:
    """The address to connect to: every address of `host` must be public (unless allowed)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise OSError(f"cannot resolve {host}: {exc}") from exc
    addresses = [str(info[4][0]) for info in infos]
    if not addresses:
        raise OSError(f"cannot resolve {host}")
    if not allow_private:
        private = [a for a in addresses if not _public(ipaddress.ip_address(a.split("%")[0]))]
        if private:
            raise Refused(f"{host} resolves to a non-public address ({private[0]})")
    return addresses[0]


class _HTTP(http.client.HTTPConnection):
    def __init__(self, host: str, port: int, *, ip: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._ip = ip

    def connect(self) -> None:
        self.sock = socket.create_connection((self._ip, self.port), self.timeout)


class _HTTPS(http.client.HTTPSConnection):
    def __init__(self, host: str, port: int, *, ip: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._ip = ip

    def connect(self) -> None:
        sock = socket.create_connection((self._ip, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)  # type: ignore[attr-defined]


def _start_of(response: http.client.HTTPResponse, *, deadline: float) -> str:
    """The first BODY_KEEP bytes of the answer, read until `deadline` at the latest (a
    receiver that trickles its answer byte by byte cannot hold the worker)."""
    start = b""
    while len(start) < BODY_KEEP and time.monotonic() < deadline:
        part = response.read1(BODY_KEEP - len(start))
        if not part:
            break
        start += part
    return start.decode("utf-8", errors="replace")


def post(url: str, *, body: bytes, headers: dict[str, str], timeout: float,
         allow_private: bool) -> Answer:
    """POST `body` to `url`; the answer's status and first bytes. Raises Refused for a target
    that is not allowed and OSError / http.client.HTTPException when the request fails."""
    problem = url_problem(url, allow_private=allow_private)
    if problem:
        raise Refused(problem)
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    ip = resolve(host, port, allow_private=allow_private)
    connection_class = _HTTPS if parts.scheme == "https" else _HTTP
    connection = connection_class(host, port, ip=ip, timeout=timeout)
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    try:
        connection.request("POST", path, body=body, headers={
            **headers, "User-Agent": USER_AGENT, "Content-Length": str(len(body))})
        response = connection.getresponse()
        return Answer(status=response.status,
                      body=_start_of(response, deadline=time.monotonic() + timeout))
    finally:
        connection.close()
