"""gunicorn settings for Terbalik: `gunicorn -c python:terbalik.gunicorn_conf terbalik.wsgi`.

`terbalik serve --production` uses it. Every value can be set from the environment:
  BIND / PORT           where to listen (default 127.0.0.1:8000; PORT alone means 0.0.0.0:PORT)
  WEB_CONCURRENCY       worker processes (default: one per CPU core, at least 2, at most 12;
                        the pages are CPU-bound and five busy processes on two cores spent
                        ~30 % more CPU per page in cache misses and switches: bench_load.py's
                        throughput mix on 2 cores gave 158 requests/s with 2 workers, 156 with
                        3, 139 with 4 and 5. Raise it where requests wait on something slow)
  GUNICORN_THREADS      threads per worker (default 1: the pages are CPU-bound and e-mail
                        goes through the task queue, so more threads only queue on one
                        interpreter lock; bench/bench_load.py measured 5 processes x 4
                        threads at 71 requests/s against 83-86 with 1 thread, and 2 threads
                        89 against 98 with 1 after this session's page work). With single
                        sign-on, 2 threads keep a worker serving while a sign-in waits up to
                        10 s on a slow identity provider.
  GUNICORN_TIMEOUT      seconds before a silent worker is restarted (default 60; the largest
                        import and the PDF report finish well within it)
  GUNICORN_GRACEFUL_TIMEOUT  seconds a stopping worker may finish its requests (default 30)
  GUNICORN_KEEPALIVE    seconds to keep an idle connection from the proxy open (default 5)
  GUNICORN_MAX_REQUESTS recycle a worker after this many requests (default 20,000, with 10 %
                        jitter; 0 = never). A new worker costs ~2.4 s of CPU (Django, then the
                        URLconf and every view, then the first pages); at 2000 that was 1.1 ms
                        of every request's CPU (bench: 2 workers recycled every ~210 requests
                        used 11 ms more CPU per request than unrecycled ones), at 20,000 it is
                        0.1 ms. A worker's memory settles near 200 MB after ~4000 requests of
                        the load mix, so recycling guards against a future leak, not a known one.
  FORWARDED_ALLOW_IPS   proxies whose X-Forwarded-* headers are trusted (default 127.0.0.1,::1
                        — nginx on the same machine); "*" only behind a private load balancer
  GUNICORN_ACCESS_LOG   where the access log goes ("-" = stdout, the default; "" = off)
"""

from __future__ import annotations

import logging
import multiprocessing
import os

logger = logging.getLogger(__name__)


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def _bind() -> str:
    if os.environ.get("BIND", "").strip():
        return os.environ["BIND"].strip()
    if os.environ.get("PORT", "").strip():
        return f"0.0.0.0:{os.environ['PORT'].strip()}"
    return "127.0.0.1:8000"


wsgi_app = "terbalik.wsgi:application"
bind = [_bind()]
workers = _int("WEB_CONCURRENCY", min(12, max(2, multiprocessing.cpu_count())))
worker_class = "gthread"
threads = _int("GUNICORN_THREADS", 1)
timeout = _int("GUNICORN_TIMEOUT", 60)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)
max_requests = _int("GUNICORN_MAX_REQUESTS", 20_000)
max_requests_jitter = max_requests // 10
# Uploads (employee spreadsheets up to IMPORT_MAX_BYTES) are buffered by the proxy; these are
# gunicorn's own limits on the request line and headers.
limit_request_line = 8190
limit_request_fields = 100
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
secure_scheme_headers = {"X-FORWARDED-PROTO": "https"}
proxy_allow_ips = forwarded_allow_ips
control_socket_disable = True  # not used; several gunicorns on one machine would share it
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108

accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
# One JSON object per request (gunicorn escapes double quotes in the values).
access_log_format = (
    '{"time": "%(t)s", "logger": "gunicorn.access", "remote": "%(h)s", "method": "%(m)s", '
    '"path": "%(U)s", "query": "%(q)s", "status": "%(s)s", "bytes": "%(B)s", '
    '"duration_ms": %(M)s, "request_id": "%({x-request-id}o)s", "user_agent": "%(a)s"}'
)
errorlog = "-"
# gunicorn's logger, building the access line from the atoms the format names only (the same
# line; ~40 of its ~95 microseconds per request less): terbalik/gunicorn_log.py
logger_class = "terbalik.gunicorn_log.AccessLogger"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")


def child_exit(server: object, worker: object) -> None:
    """Forget a dead worker's live gauges in the shared metrics directory."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)  # type: ignore[attr-defined]


def post_worker_init(worker: object) -> None:
    """Once the application is loaded, before the worker takes its first request:

    * the URLconf is imported, and with it every view module (scipy.stats among them). Django
      does that lazily in a worker's first request, which then took 1.5 s of CPU; a worker
      recycled after `max_requests` made one unlucky request wait that long each time;
    * the application's objects (modules, URL patterns, compiled templates) live as long as the
      worker, so the cyclic garbage collector stops scanning them (`gc.freeze`, after the
      URLconf so that its modules are frozen too), and the youngest generation is collected
      every 20,000 allocations instead of 700. A page allocates tens of thousands of
      short-lived objects; with the defaults the collector ran about 1.4 times per request and
      took ~1 ms of it (bench/bench_request_cost.py, load mix: 637 ms of collections over 650
      requests, against 194 ms with these settings).

    An error importing the URLconf is logged, not raised: raised here, before the worker
    counts as booted, it would make gunicorn halt the whole server (WORKER_BOOT_ERROR), also
    for a worker recycled later after a transient failure; Django then imports it at the
    first request, as it would without this hook, and answers that request with its error."""
    import gc

    try:
        from django.urls import get_resolver

        get_resolver().url_patterns  # noqa: B018 - imports the views now
    except Exception:
        logger.exception("Importing the URLconf at worker start failed; Django retries at "
                         "the first request")
    gc.collect()
    gc.freeze()
    gc.set_threshold(20_000, 50, 100)
