"""The signed-in user as the actor of the audit entries a request writes (django-auditlog).

django-auditlog's own `AuditlogMiddleware` does this by connecting a new `pre_save` receiver
for its LogEntry at the start of every request and disconnecting it at the end. Each connect
and disconnect takes the signal's lock, scans its receivers and empties `pre_save`'s
receiver cache, so the next save of any model in that process looks its receivers up again:
~45 microseconds of every request, although almost no request writes an audit entry.

`AuditActorMiddleware` puts the same context in place (auditlog's correlation id, the actor,
the remote address and port as `AUDITLOG_DISABLE_REMOTE_ADDR` allows) in auditlog's own
context variable, and `stamp_actor`, connected once at start-up, fills a LogEntry from it as
auditlog's receiver would. It acts only on the context a request put in place: inside
auditlog's `set_actor(...)` (a command, a test, a nested block) the context is auditlog's, and
auditlog's own receiver fills the entry, as before.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse

#: marks the context a request put in place (auditlog's receiver keys carry no such name)
MARK = "terbalik_request"


class AuditActorMiddleware:
    """In MIDDLEWARE where auditlog's middleware was: after authentication."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        from auditlog.middleware import AuditlogMiddleware

        self.get_response = get_response
        # auditlog's own reading of the request (actor, address, port) and its settings check
        self.reader = AuditlogMiddleware(get_response)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from auditlog.cid import set_cid
        from auditlog.context import auditlog_value

        set_cid(request)
        context = self.reader.get_extra_data(request)
        context["signal_duid"] = ("set_actor", time.time())  # what auditlog's context holds
        context[MARK] = True
        token = auditlog_value.set(context)
        try:
            return self.get_response(request)
        finally:
            auditlog_value.reset(token)


def stamp_actor(sender: Any, instance: Any, **kwargs: Any) -> None:
    """`pre_save` of auditlog's LogEntry: the request's actor and details, as auditlog's
    per-request receiver (`auditlog.context._set_extra_data`) sets them."""
    from auditlog.context import _set_actor, auditlog_value

    context = auditlog_value.get(None)
    if not context or not context.get(MARK):
        return  # no request, or auditlog's set_actor(...) inside it: auditlog's receiver
    _set_actor(context, instance, sender)
    for key, value in context.items():
        if key not in ("actor", MARK) and hasattr(sender, key):
            setattr(instance, key, value() if callable(value) else value)


def connect_signals() -> None:
    from auditlog import get_logentry_model
    from django.db.models.signals import pre_save

    pre_save.connect(stamp_actor, sender=get_logentry_model(),
                     dispatch_uid="terbalik.audit_actor.stamp")
