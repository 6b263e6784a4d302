"""Request ids for logs, carried from a request into the background tasks it enqueues.

Every request gets an id: the `X-Request-ID` header a proxy sent (when it looks like an id),
else a fresh one; it is echoed in the response and stamped on every log line the request
writes (`request_id`, see `RequestIdFilter` and settings.LOGGING). A task enqueued while the
request runs remembers the id (`core.TaskOrigin`, written on django-tasks' `task_enqueued`
signal) and the worker puts it back in place while it runs the task, so a task's log lines
carry the id of the request that caused them. The scheduler gives each of its runs an id too.
"""

from __future__ import annotations

import contextvars
import logging
import re
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # settings.py imports this module: django.http would load the whole ORM
    # and the HTTP stack into every process before it needs them (`terbalik match`: issue 21)
    from django.http import HttpRequest, HttpResponse

logger = logging.getLogger(__name__)
_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")
HEADER = "X-Request-ID"
# What a proxy may hand us: short, printable, no spaces (it goes into logs as is).
_VALID = re.compile(r"^[A-Za-z0-9._:@/+=-]{1,128}$")


def current_request_id() -> str:
    return _request_id.get()


def new_request_id() -> str:
    return uuid.uuid4().hex


@contextmanager
def request_id_bound(value: str) -> Iterator[str]:
    """Within the block, log lines and enqueued tasks carry `value`."""
    token = _request_id.set(value)
    try:
        yield value
    finally:
        _request_id.reset(token)


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record ("" outside a request, task or scheduler run)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", ""):
            record.request_id = _request_id.get()
        return True


class RequestIdMiddleware:
    """First in MIDDLEWARE: binds the request id for everything below and echoes it.

    The id stays bound until the request is finished (`request_finished`), so that Django's
    own "Not Found"/"Server Error" lines, written after the middleware returned, carry it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        offered = request.headers.get(HEADER, "")
        value = offered if _VALID.match(offered) else new_request_id()
        request.request_id = value  # type: ignore[attr-defined]
        _request_id.set(value)
        response = self.get_response(request)
        response[HEADER] = value
        return response


def forget_request_id(sender: Any, **kwargs: Any) -> None:
    """`request_finished`: the thread's next log lines belong to no request."""
    _request_id.set("")


def exception_reporter(*args: Any, **kwargs: Any) -> Any:
    """Django's `ExceptionReporter`, imported when a report is written (the light start-up's
    DEFAULT_EXCEPTION_REPORTER, see settings.py): importing it loads the views and the
    template engine of the error pages."""
    from django.views.debug import ExceptionReporter

    return ExceptionReporter(*args, **kwargs)


# --- tasks ----------------------------------------------------------------------------------


def remember_task_origin(sender: Any, task_result: Any, **kwargs: Any) -> None:
    """`task_enqueued`: note which request (or scheduler run) enqueued this task."""
    value = _request_id.get()
    if not value:
        return
    from .services import task_origin_record

    try:  # a log nicety must never stop a task from being enqueued
        task_origin_record(task_id=str(task_result.id), request_id=value)
    except Exception:
        logger.warning("could not record the request id of task %s", task_result.id,
                       exc_info=True)


_task_tokens: dict[str, contextvars.Token[str]] = {}


def restore_task_origin(sender: Any, task_result: Any, **kwargs: Any) -> None:
    """`task_started` (in the worker): bind the enqueuing request's id while the task runs."""
    from .selectors import task_origin

    try:  # ... nor make a task fail
        value = task_origin(task_id=str(task_result.id))
    except Exception:
        logger.warning("could not read the request id of task %s", task_result.id,
                       exc_info=True)
        value = ""
    value = value or f"task-{task_result.id}"
    _task_tokens[str(task_result.id)] = _request_id.set(value)


def forget_task_origin(sender: Any, task_result: Any, **kwargs: Any) -> None:
    """`task_finished`: unbind the id and drop the row that carried it."""
    token = _task_tokens.pop(str(task_result.id), None)
    if token is not None:
        _request_id.reset(token)
    from .services import task_origin_forget

    try:
        task_origin_forget(task_id=str(task_result.id))
    except Exception:  # the scheduler prunes what is left (services.task_origins_prune)
        logger.warning("could not forget the request id of task %s", task_result.id,
                       exc_info=True)


def connect_signals() -> None:
    from django.core.signals import request_finished
    from django_tasks.signals import task_enqueued, task_finished, task_started

    request_finished.connect(forget_request_id, dispatch_uid="terbalik.request_id.finished")
    task_enqueued.connect(remember_task_origin, dispatch_uid="terbalik.task_origin.enqueued")
    task_started.connect(restore_task_origin, dispatch_uid="terbalik.task_origin.started")
    task_finished.connect(forget_task_origin, dispatch_uid="terbalik.task_origin.finished")


# --- Sentry (optional) ------------------------------------------------------------------------


def tag_request_id(event: dict[str, Any]) -> dict[str, Any]:
    value = _request_id.get()
    if value:
        event.setdefault("tags", {})["request_id"] = value
    return event


def scrub_event(event: dict[str, Any]) -> dict[str, Any]:
    """Drop the posted data and cookies from a Sentry event (a second guard behind
    `max_request_body_size="never"`: a form body may hold private notes or survey answers)."""
    request = event.get("request")
    if isinstance(request, dict):
        for field in ("data", "cookies"):
            request.pop(field, None)
        headers = request.get("headers")
        if isinstance(headers, dict):
            for name in [h for h in headers if h.lower() == "cookie"]:
                headers.pop(name)
    return event


def sentry_init(environ: Any, **options: Any) -> bool:
    """Report errors to Sentry when SENTRY_DSN is set and sentry-sdk is installed
    (`pip install terbalik[sentry]`); True when it was switched on. No personal data is sent
    (send_default_pii off; no request bodies, cookies or local variables, see `scrub_event`);
    each event carries the request id as a tag."""
    dsn = environ.get("SENTRY_DSN", "").strip()
    if not dsn:
        return False
    try:
        import sentry_sdk
        from sentry_sdk.integrations.django import DjangoIntegration
    except ImportError:
        logging.getLogger(__name__).warning(
            "SENTRY_DSN is set but sentry-sdk is not installed: pip install 'terbalik[sentry]'"
        )
        return False

    def before_send(event: dict[str, Any], hint: dict[str, Any]) -> dict[str, Any]:
        return scrub_event(tag_request_id(event))

    sentry_sdk.init(
        dsn=dsn,
        integrations=[DjangoIntegration()],
        environment=environ.get("SENTRY_ENVIRONMENT", "production"),
        traces_sample_rate=float(environ.get("SENTRY_TRACES_SAMPLE_RATE", "0") or 0),
        send_default_pii=False,
        # what people typed (private notes, confidential answers) never leaves: no request
        # bodies, no local variables of the failing frames, no cookies
        max_request_body_size="never",
        include_local_variables=False,
        before_send=before_send,
        **options,
    )
    return True
