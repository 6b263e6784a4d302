"""gunicorn's logger, with an access line built from the atoms its format names only.

For every request gunicorn's `Logger.atoms` puts every request header, every response header
and every WSGI environ variable into the atoms (three comprehensions formatting a key for
each, ~60 entries), and `SafeAtoms` then copies and escapes each of them, although
terbalik.gunicorn_conf's format reads one header: ~40 of the access line's ~95 microseconds.
`AccessLogger.atoms` hands gunicorn's own `atoms` only the headers and environ variables the
format names (and those its fixed atoms read), so every value is computed by gunicorn's code
as before and the line is the same byte for byte (tests/core/test_gunicorn_log.py).
"""

from __future__ import annotations

import re
from typing import Any

from gunicorn.glogging import Logger

#: the environ variables gunicorn's fixed atoms read (h, u, r, m, U, q, H, f, a)
_FIXED_ENVIRON = ("REMOTE_ADDR", "HTTP_AUTHORIZATION", "REQUEST_METHOD", "RAW_URI",
                  "SERVER_PROTOCOL", "PATH_INFO", "QUERY_STRING", "HTTP_REFERER",
                  "HTTP_USER_AGENT")
_ATOM = re.compile(r"%\(([^)]*)\)")


class _Request:
    __slots__ = ("headers",)

    def __init__(self, headers: list[tuple[str, str]]) -> None:
        self.headers = headers


class _Response:
    __slots__ = ("headers", "sent", "status")

    def __init__(self, resp: Any, headers: list[tuple[str, str]]) -> None:
        self.status = resp.status
        self.sent = getattr(resp, "sent", None)
        self.headers = headers


def _items(source: Any) -> Any:
    """What gunicorn's atoms iterates for a request's or response's headers."""
    headers = source.headers if hasattr(source, "headers") else source
    return headers.items() if hasattr(headers, "items") else headers


class AccessLogger(Logger):
    """`logger_class` of terbalik.gunicorn_conf."""

    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        names = {name.lower() for name in _ATOM.findall(cfg.access_log_format or "")
                 if name.startswith("{")}
        # "{name}i" / "{name}o" / "{name}e", matched as SafeAtoms does: lower-cased
        self.wanted = {kind: {n[1:-2] for n in names if n.endswith("}" + kind)}
                       for kind in "ioe"}

    def atoms(self, resp: Any, req: Any, environ: Any, request_time: Any) -> dict[str, Any]:
        wanted = self.wanted
        request = _Request([(k, v) for k, v in _items(req) if k.lower() in wanted["i"]])
        response = _Response(resp, [(k, v) for k, v in _items(resp)
                                    if k.lower() in wanted["o"]])
        env = {k: environ[k] for k in _FIXED_ENVIRON if k in environ}
        if wanted["e"]:
            env.update((k, v) for k, v in environ.items() if k.lower() in wanted["e"])
        return super().atoms(response, request, env, request_time)  # type: ignore[no-any-return]
