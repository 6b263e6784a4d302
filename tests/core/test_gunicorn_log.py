"""AccessLogger (issue 18): the same access line as gunicorn's own logger, built from the atoms
the format names only."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

import pytest
from gunicorn.config import Config
from gunicorn.glogging import Logger

from terbalik import gunicorn_conf
from terbalik.gunicorn_log import AccessLogger

FORMATS = [
    gunicorn_conf.access_log_format,
    # every atom gunicorn knows, headers and environ variables in other cases, missing ones
    '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(m)s %(U)s %(q)s %(H)s '
    '%(B)s %(T)s %(D)s %(M)s %(L)s %(p)s %({X-Request-ID}o)s %({content-type}O)s '
    '%({Accept-Language}i)s %({x-missing}i)s %({wsgi.url_scheme}e)s %({Remote_Port}e)s '
    '%({nothing}e)s %(zz)s',
    '%(h)s "%(r)s" %(s)s',
]


class _Resp:
    def __init__(self, status: Any, sent: Any, headers: list[tuple[str, str]]) -> None:
        self.status, self.sent, self.headers = status, sent, headers


class _Req:
    def __init__(self, headers: list[tuple[str, str]]) -> None:
        self.headers = headers


def _environ(**extra: str) -> dict[str, Any]:
    return {
        "wsgi.url_scheme": "http", "REQUEST_METHOD": "POST", "RAW_URI": "/pairs/1/?a=1",
        "SERVER_PROTOCOL": "HTTP/1.1", "PATH_INFO": "/pairs/1/", "QUERY_STRING": "a=1",
        "REMOTE_ADDR": "10.0.0.7", "REMOTE_PORT": "51234", "HTTP_HOST": "hr.example",
        "HTTP_USER_AGENT": 'Mozilla "quoted" 5.0', "HTTP_REFERER": "https://hr.example/",
        "HTTP_ACCEPT_LANGUAGE": "id", **extra,
    }


CASES = [
    (_Resp("302 Found", 0, [("Location", "/pairs/1/"), ("X-Request-ID", "r-1"),
                            ("Content-Type", "text/html; charset=utf-8")]),
     _Req([("HOST", "hr.example"), ("ACCEPT-LANGUAGE", "id"), ("USER-AGENT", "x")]),
     _environ()),
    # repeated headers (the last one counts), basic auth, no referer, a str status code
    (_Resp("200", 5123, [("X-Request-ID", "a"), ("x-request-id", 'b"c'), ("Vary", "Cookie")]),
     _Req([("Accept-Language", "en"), ("ACCEPT-LANGUAGE", "id-ID")]),
     {k: v for k, v in _environ(HTTP_AUTHORIZATION="Basic dXNlcjpwdw==").items()
      if k != "HTTP_REFERER"}),
    (_Resp(404, None, []), _Req([]), _environ()),
]


def _line(logger_class: type[Logger], fmt: str, resp: Any, req: Any, environ: Any,
          monkeypatch: pytest.MonkeyPatch) -> str:
    cfg = Config()
    cfg.set("access_log_format", fmt)
    cfg.set("accesslog", "-")
    logger = logger_class(cfg)
    monkeypatch.setattr(logger, "now", lambda: "[02/Dec/2026:04:50:00 +0000]")
    lines: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            lines.append(record.getMessage())

    logger.access_log.handlers = [Keep()]
    logger.access(resp, req, environ, dt.timedelta(seconds=1, microseconds=23456))
    assert len(lines) == 1
    return lines[0]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("case", range(len(CASES)))
def test_the_line_is_gunicorns(fmt: str, case: int, monkeypatch: pytest.MonkeyPatch) -> None:
    resp, req, environ = CASES[case]
    ours = _line(AccessLogger, fmt, resp, req, environ, monkeypatch)
    assert ours == _line(Logger, fmt, resp, req, environ, monkeypatch)


def test_only_the_named_atoms_are_built(monkeypatch: pytest.MonkeyPatch) -> None:
    cfg = Config()
    cfg.set("access_log_format", gunicorn_conf.access_log_format)
    cfg.set("accesslog", "-")
    resp, req, environ = CASES[0]
    atoms = AccessLogger(cfg).atoms(resp, req, environ, dt.timedelta(0))
    headers = {k for k in atoms if k.endswith(("}i", "}o"))}
    assert headers == {"{x-request-id}o"}  # the one header the format names
    assert "{http_host}e" not in atoms and "{wsgi.url_scheme}e" not in atoms


def test_gunicorn_uses_it() -> None:
    assert gunicorn_conf.logger_class == "terbalik.gunicorn_log.AccessLogger"
