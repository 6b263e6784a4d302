"""E-mail in the recipient's language (plain text + HTML), rendered when its cause is recorded.

A message is rendered in the transaction of its cause and kept, as plain data (`to_data`), in
the notify log; a worker rebuilds it (`from_data`) and sends it under a Message-ID derived
from its idempotency key (`message_id`), the same on every retry. `defer` waits for the commit
so a rolled-back change never e-mails anyone; `muted()` silences everything inside a block
(the demo builder uses it). Calendar invitations ride along as a `text/calendar` part with the
iTIP method.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.mime.base import MIMEBase
from email.mime.text import MIMEText
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
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
           calendar: CalendarPart | None = None,
           reply_to: list[str] | None = None) -> EmailMultiAlternatives:
    with translation.override(language):
        message = build()
    return render_message(to=to, language=language, message=message, calendar=calendar,
                          reply_to=reply_to)


def bodies(message: Message, language: str) -> tuple[str, str]:
    """The plain-text and HTML bodies of `message` in `language`."""
    with translation.override(language):
        context = {"message": message, "language": language}
        return (render_to_string("notify/email/message.txt", context),
                render_to_string("notify/email/message.html", context))


def render_message(*, to: str, language: str, message: Message,
                   calendar: CalendarPart | None = None,
                   reply_to: list[str] | None = None) -> EmailMultiAlternatives:
    """The e-mail of a built `message` (what `render` does after calling `build`)."""
    text, html = bodies(message, language)
    mail = EmailMultiAlternatives(
        subject=message.subject, body=text, from_email=settings.DEFAULT_FROM_EMAIL, to=[to],
        reply_to=reply_to or None,
    )
    mail.attach_alternative(html, "text/html")
    if calendar is not None:
        part = MIMEText(calendar.content, "calendar", "utf-8")
        part.set_param("method", calendar.method)
        part.add_header("Content-Disposition", "attachment", filename=calendar.filename)
        mail.attach(part)
    return mail


def send(*, key: str, user: Any, build: Callable[[], Message],
         calendar: CalendarPart | None = None, to: str = "", language: str = "") -> None:
    """E-mail `user` (or the address `to`) in the user's language (or `language`) once for the
    cause `key`: recorded in the notify log under that key and sent after the commit like every
    other message (retried until sent, never twice in effect). The key is required and names
    the cause (e.g. `meeting:{pk}:{sequence}:{kind}:{user_pk}`), so the same cause sent again
    (a double tap, a retried task) is stopped; there is no random default to forget it with."""
    if not key:
        raise ValueError("notify.emails.send needs the idempotency key of its cause")
    if is_muted():
        return
    address = to or getattr(user, "email", "")
    if not address:
        return
    from . import services  # services builds on this module

    language = language or language_of(user)
    with translation.override(language):
        message = build()
    services.queue_built(key=key, kind="message", user=user, message=message,
                         language=language, address=address, calendar=calendar, chat=not to)


def message_of(mail: EmailMessage) -> Message:
    """A Message back from an e-mail an app rendered itself (for its chat copies): the
    subject, and the plain-text body's paragraphs."""
    paragraphs = [p.strip() for p in str(mail.body).split("\n\n") if p.strip()]
    return Message(subject=str(mail.subject), paragraphs=paragraphs)


# --- the rendered message as plain data (kept in the notify log) ---------------------------


def message_id(key: str) -> str:
    """The Message-ID of the message sent for `key`: the same on every retry, so a receiving
    server or client that saw it once can drop a repeat."""
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip(" >") or "terbalik.invalid"
    return f"<{hashlib.sha256(key.encode()).hexdigest()[:40]}@{domain}>"


def _part_data(part: Any) -> dict[str, Any]:
    if isinstance(part, MIMEBase):
        params = dict(part.get_params() or [])
        params.pop(part.get_content_type(), None)
        payload = part.get_payload(decode=True) or b""
        return {
            "mimetype": part.get_content_type(),
            "content": payload.decode(part.get_content_charset() or "utf-8"),
            "params": params,
            "filename": part.get_filename() or "",
            "part": True,
        }
    filename, content, mimetype = part
    if isinstance(content, bytes):
        return {"filename": filename, "b64": base64.b64encode(content).decode(),
                "mimetype": mimetype}
    return {"filename": filename, "content": content, "mimetype": mimetype}


def _part(data: dict[str, Any]) -> Any:
    if data.get("part"):
        maintype, _slash, subtype = data["mimetype"].partition("/")
        if maintype != "text":
            raise ValueError(f"unsupported stored part {data['mimetype']}")
        part = MIMEText(data["content"], subtype, "utf-8")
        for name, value in data["params"].items():
            if name != "charset":
                part.set_param(name, value)
        if data["filename"]:
            part.add_header("Content-Disposition", "attachment", filename=data["filename"])
        return part
    content = base64.b64decode(data["b64"]) if "b64" in data else data["content"]
    return (data["filename"], content, data["mimetype"])


def to_data(mail: EmailMessage) -> dict[str, Any]:
    """Everything needed to send `mail` again, as JSON-ready data."""
    return {
        "subject": mail.subject,
        "body": mail.body,
        "from_email": mail.from_email,
        "to": list(mail.to),
        "cc": list(mail.cc),
        "bcc": list(mail.bcc),
        "reply_to": list(mail.reply_to),
        "headers": {k: v for k, v in mail.extra_headers.items() if k.lower() != "message-id"},
        "alternatives": [list(a) for a in getattr(mail, "alternatives", [])],
        "attachments": [_part_data(a) for a in mail.attachments],
    }


def from_data(data: dict[str, Any], *, msgid: str) -> EmailMultiAlternatives:
    """The message `to_data` described, under the Message-ID `msgid`."""
    mail = EmailMultiAlternatives(
        subject=data["subject"], body=data["body"], from_email=data["from_email"],
        to=data["to"], cc=data["cc"], bcc=data["bcc"], reply_to=data["reply_to"],
        headers={**data["headers"], "Message-ID": msgid},
    )
    for content, mimetype in data["alternatives"]:
        mail.attach_alternative(content, mimetype)
    for item in data["attachments"]:
        part = _part(item)
        if isinstance(part, MIMEBase):
            mail.attach(part)
        else:
            mail.attach(*part)
    return mail
