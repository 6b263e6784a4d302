"""Sign-in e-mails, worded here and sent by `notify` (once per cause, in the recipient's
language, right after the commit: a code must not wait for a scheduler tick)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from terbalik.notify import emails as notify_emails
from terbalik.notify import services as notify_services

KIND = "account"


def language_for(user: Any) -> str:
    """The recipient's chosen language, else the page's language, else the site default."""
    return (getattr(user, "language", "") or translation.get_language()
            or settings.LANGUAGE_CODE)


def key_for(*parts: str) -> str:
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:40]
    return f"accounts.{parts[0]}:{digest}"


def send_once(*, key: str, user: Any, to: str, build: Callable[[], notify_emails.Message]) -> bool:
    """E-mail `to` once for the cause `key` through notify; delivered right after the commit."""
    return notify_services.notify_once(
        key=key, kind=KIND, user=user, build=build, to=to, language=language_for(user)
    )


def login_code(*, code: str, link: str, minutes: int) -> Callable[[], notify_emails.Message]:
    def build() -> notify_emails.Message:
        return notify_emails.Message(
            subject=_("Your Terbalik sign-in code: %(code)s") % {"code": code},
            paragraphs=[
                _("Your sign-in code is %(code)s.") % {"code": code},
                _("Type it on the sign-in page, or open the link below in the same browser. "
                  "It works once and expires in %(minutes)d minutes.") % {"minutes": minutes},
                _("If you did not ask for it, ignore this e-mail: nobody can sign in without "
                  "the code."),
            ],
            link=link,
            link_label=_("Sign in"),
        )

    return build


def password_reset(*, link: str) -> Callable[[], notify_emails.Message]:
    def build() -> notify_emails.Message:
        return notify_emails.Message(
            subject=_("Choose a new Terbalik password"),
            paragraphs=[
                _("Hello,"),
                _("Someone asked to reset the password of your Terbalik account. If it was "
                  "you, open this link to choose a new password:"),
                _("If you did not ask for this, you can ignore this e-mail; your password "
                  "stays the same."),
            ],
            link=link,
            link_label=_("Choose a new password"),
        )

    return build


def throttle_notice(*, link: str) -> Callable[[], notify_emails.Message]:
    def build() -> notify_emails.Message:
        return notify_emails.Message(
            subject=_("Repeated failed sign-ins to your Terbalik account"),
            paragraphs=[
                _("Someone typed a wrong password for your Terbalik account several times, "
                  "so sign-in attempts from that device are slowed down for a while."),
                _("If it was you, wait a little or sign in with a code sent by e-mail. If it "
                  "was not you, your account is safe; consider choosing a new password."),
            ],
            link=link,
            link_label=_("Sign in"),
        )

    return build


def from_templates(*, prefix: str, context: dict[str, Any]) -> Callable[[], notify_emails.Message]:
    """Any other allauth e-mail (MFA changes and the like), worded by allauth's templates."""

    def build() -> notify_emails.Message:
        subject = " ".join(render_to_string(f"{prefix}_subject.txt", context).splitlines())
        body = render_to_string(f"{prefix}_message.txt", context).strip()
        paragraphs = [p.strip() for p in body.split("\n\n") if p.strip()]
        return notify_emails.Message(
            subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject.strip(),
            paragraphs=paragraphs,
        )

    return build
