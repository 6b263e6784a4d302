"""E-mail in the recipient's language (plain text + HTML), sent after the transaction commits.

`defer` waits for the commit so a rolled-back change never e-mails anyone; `muted()` silences
everything inside a block (the demo builder uses it). Calendar invitations ride along as a
`text/calendar` part with the iTIP method.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.mime.text import MIMEText
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from terbalik.core import links

logger = logging.getLogger(__name__)

_muted = threading.local()


def site_url(base_url: str = "") -> str:
    """SITE_URL (core.links); `base_url` only for callers outside a request (tests, commands)."""
    return (base_url or links.site_url()).rstrip("/")


@contextmanager
def muted() -> Iterator[None]:
    """Send nothing inside this block."""
    previous = getattr(_muted, "on", False)
    _muted.on = True
    try:
        yield
    finally:
        _muted.on = previous


def is_muted() -> bool:
    return bool(getattr(_muted, "on", False))


def defer(send: Callable[[], None]) -> None:
    """Run `send` once the current transaction commits (right away outside a transaction)."""
    transaction.on_commit(send, robust=True)


@dataclass
class Message:
    subject: str
    paragraphs: list[str]
    link: str = ""
    link_label: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class CalendarPart:
    content: str
    method: str  # REQUEST, CANCEL or PUBLISH
    filename: str = "invite.ics"


def language_of(user: Any) -> str:
    return (getattr(user, "language", "") or settings.LANGUAGE_CODE) if user else (
        settings.LANGUAGE_CODE
    )


def render(*, to: str, language: str, build: Callable[[], Message],
           calendar: CalendarPart | None = None) -> EmailMultiAlternatives:
    with translation.override(language):
        message = build()
        context = {"message": message, "language": language}
        text = render_to_string("notify/email/message.txt", context)
        html = render_to_string("notify/email/message.html", context)
    mail = EmailMultiAlternatives(
        subject=message.subject, body=text, from_email=settings.DEFAULT_FROM_EMAIL, to=[to]
    )
    mail.attach_alternative(html, "text/html")
    if calendar is not None:
        part = MIMEText(calendar.content, "calendar", "utf-8")
        part.set_param("method", calendar.method)
        part.add_header("Content-Disposition", "attachment", filename=calendar.filename)
        mail.attach(part)
    return mail


def deliver(*, to: str, language: str, build: Callable[[], Message],
            calendar: CalendarPart | None = None) -> None:
    render(to=to, language=language, build=build, calendar=calendar).send()


def send(*, user: Any, build: Callable[[], Message], calendar: CalendarPart | None = None,
         to: str = "", language: str = "") -> None:
    """E-mail `user` (or the address `to`) after the commit, in the user's language (or
    `language`)."""
    if is_muted():
        return
    address = to or getattr(user, "email", "")
    if not address:
        return
    language = language or language_of(user)
    defer(lambda: deliver(to=address, language=language, build=build, calendar=calendar))
