"""One-time form tokens: a form submitted twice does its work once.

Every state-changing form renders `{% form_once %}` next to `{% csrf_token %}`: a hidden
`form_once` field with a fresh random token. `FormOnceMiddleware` claims the token (unique per
person) before the view runs:

- the first submission runs the view; when it answers with a redirect (post/redirect/get) or
  with an HTMX fragment, that answer is stored with the token — its redirect target, the
  fragment, the flash messages it queued and the cookies it set;
- a repeat of the same token by the same person (a double tap, a retried request, the back
  button) does not run the view again: it gets the stored answer, so one record and one e-mail;
  when the first submission is still running, the repeat waits for it (a few seconds at most);
- an answer that wrote nothing (a form shown again with its errors, an error page) frees the
  token, so correcting the form and sending it again works.

The person is the signed-in user, or for someone not signed in their browser's CSRF secret;
a token used by someone else is never theirs, so it is not honoured as a repeat. Rows live
`LIFETIME`; `forget_expired` (run by the scheduler) deletes older ones. POSTs without a token
(the API, old tabs) run as before. Views that are idempotent by design and post the same form
many times (autosave) are marked with `form_once_exempt`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
import time
from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import messages as flash
from django.db import IntegrityError, OperationalError, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from .models import FormSubmission

FIELD = "form_once"
LIFETIME = dt.timedelta(days=1)
WAIT_SECONDS = 8.0  # how long a repeat waits for the first submission to finish
_POLL = 0.1
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
_HX_HEADERS = ("HX-Trigger", "HX-Reswap", "HX-Retarget", "HX-Push-Url", "HX-Redirect")

View = TypeVar("View", bound=Callable[..., HttpResponseBase])


def new_token() -> str:
    return secrets.token_urlsafe(18)


def form_once_exempt(view: View) -> View:
    """Mark a view whose form is posted many times on purpose (autosave): no one-time token."""
    view.form_once_exempt = True  # type: ignore[attr-defined]
    return view


def _scope(request: HttpRequest) -> str | None:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        who = f"user:{user.pk}"
    else:
        secret = request.META.get("CSRF_COOKIE")
        if not secret:
            return None
        who = f"browser:{secret}"
    return hashlib.sha256(who.encode()).hexdigest()


def _claim(scope: str, token: str) -> FormSubmission | None:
    """The token's row when it was already used (or is in use); None when this request won it."""
    try:
        with transaction.atomic():
            FormSubmission.objects.create(scope=scope, token=token)
    except IntegrityError:
        return FormSubmission.objects.filter(scope=scope, token=token).first()
    return None


def _wait_done(row: FormSubmission) -> FormSubmission | None:
    deadline = time.monotonic() + WAIT_SECONDS
    current: FormSubmission | None = row
    while current is not None and not current.done and time.monotonic() < deadline:
        time.sleep(_POLL)
        try:
            current = FormSubmission.objects.filter(pk=row.pk).first()
        except OperationalError:  # SQLite: the first submission holds the lock; ask again
            continue
    return current


def _replay(row: FormSubmission) -> HttpResponseBase:
    response: HttpResponseBase
    if row.location:
        response = HttpResponseRedirect(row.location)
    else:
        response = HttpResponse(row.body, status=row.status or 200)
    for name, value in row.headers.items():
        response[name] = value
    if row.cookies:  # the session, CSRF and flash-message cookies the first answer set
        response.cookies.load(row.cookies)
    return response


def _busy(request: HttpRequest) -> HttpResponseBase:
    """The first submission is still running after the wait: send the person back, no write."""
    flash.info(request, _("Your first tap is still being saved; reload in a moment."),
               fail_silently=True)
    back = request.headers.get("Referer", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = "/"
    return HttpResponseRedirect(back)


def _record(claimed: tuple[str, str], request: HttpRequest, response: HttpResponseBase) -> None:
    scope, token = claimed
    is_redirect = 300 <= response.status_code < 400 and response.has_header("Location")
    is_fragment = (request.headers.get("HX-Request") == "true"
                   and response.status_code < 300 and isinstance(response, HttpResponse))
    rows = FormSubmission.objects.filter(scope=scope, token=token)
    if not (is_redirect or is_fragment):
        rows.delete()  # nothing was done (errors shown again, error page): the token is free
        return
    rows.update(
        done=True,
        status=response.status_code,
        location=response["Location"] if is_redirect else "",
        body="" if is_redirect else response.content.decode(response.charset or "utf-8"),
        headers={h: response[h] for h in _HX_HEADERS if response.has_header(h)},
        cookies=response.cookies.output(header="", sep="\n").strip(),
    )


class FormOnceRecordMiddleware:
    """Outermost part: stores the complete first answer (cookies of the session, CSRF and
    flash messages included) of a claimed token. Listed first in MIDDLEWARE."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        try:
            response = self.get_response(request)
        except BaseException:
            claimed = getattr(request, "_form_once", None)
            if claimed is not None:
                FormSubmission.objects.filter(scope=claimed[0], token=claimed[1]).delete()
            raise
        claimed = getattr(request, "_form_once", None)
        if claimed is not None:
            _record(claimed, request, response)
        return response


class FormOnceMiddleware:
    """Innermost part: after CSRF and sign-in checks, claims the token or answers a repeat
    with the stored answer instead of running the view. Listed last in MIDDLEWARE."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func: Any, view_args: Any,
                     view_kwargs: Any) -> HttpResponseBase | None:
        if request.method != "POST" or getattr(view_func, "form_once_exempt", False):
            return None
        token = request.POST.get(FIELD, "")
        scope = _scope(request)
        if not _TOKEN.match(token) or scope is None:
            return None
        for _attempt in range(3):
            used = _claim(scope, token)
            if used is None:
                request._form_once = (scope, token)  # type: ignore[attr-defined]
                return None  # this request runs the view; the outer part records its answer
            finished = _wait_done(used)
            if finished is not None:
                return _replay(finished) if finished.done else _busy(request)
            # the first submission wrote nothing and freed the token: try to claim it again
        return _busy(request)


def forget_expired(*, now: dt.datetime | None = None) -> int:
    """Delete tokens older than LIFETIME (a scheduled job); returns how many."""
    now = now or timezone.now()
    deleted, _ = FormSubmission.objects.filter(at__lt=now - LIFETIME).delete()
    return deleted
