"""E-mails of the programs app, each in its recipient's language (plain text + HTML).

The plumbing (language, rendering, sending after the commit, muting) is `notify.emails`;
this module only words the programs' messages.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from terbalik.notify import services as notify_services
from terbalik.notify.emails import (
    Message,
    defer,
    is_muted,
    language_of,
    muted,
    send,
    site_url,
)

from .models import Enrollment, Invitation, ParticipantRole
from .tokens import INVITATION_MAX_AGE

__all__ = ["Message", "defer", "language_of", "muted", "site_url"]


def _send_later(*, to: str, user: Any, build: Any, key: str) -> None:
    """One sending path for every app: notify's (recipient's language, after the commit).

    `key` names the cause: the e-mail goes at most once, logged by notify; people without an
    account yet have no log owner and are e-mailed at their directory address (same key).
    """
    if is_muted():  # the demo builder: nothing is sent, so nothing is logged as sent
        return
    if user is not None:
        notify_services.notify_once(key=key, kind=KIND, user=user, build=build)
        return
    send(key=key, user=user, build=build, to=to)


#: notify's kind for the programs' e-mails (transactional: nobody can mute them)
KIND = "programs"


def _recipient(employee: Any) -> tuple[str, Any]:
    user = getattr(employee, "user", None)
    return (user.email if user else employee.email), user


def _role_name(role: str) -> str:
    return _("mentor") if role == ParticipantRole.MENTOR else _("mentee")


def invitation(*, invitation: Invitation, link: str, key: str) -> None:
    """The personal invitation; `key` names the cause (first sending or one resend click)."""
    program = invitation.program
    to, user = _recipient(invitation.employee)
    name, role = invitation.employee.full_name, invitation.role

    def build() -> Message:
        return Message(
            subject=_("Invitation: %(program)s") % {"program": program.name},
            paragraphs=[
                _("Hello %(name)s,") % {"name": name},
                _(
                    "You are personally invited to join the reverse mentoring program "
                    "%(program)s as a %(role)s."
                )
                % {"program": program.name, "role": _role_name(role)},
                _("Open the link to read about the program and accept or decline."),
                _("The link is personal and works for %(days)d days.")
                % {"days": INVITATION_MAX_AGE.days},
                _("First time in Terbalik? Open the link: it lets you choose a password."),
            ],
            link=link,
            link_label=_("Answer the invitation"),
        )

    _send_later(to=to, user=user, build=build, key=key)


def password_setup(*, user: Any, program: Any, link: str, key: str) -> None:
    """A link to choose a password, asked for from an invitation link while signed out; `key`
    names the request (the account and the moment it was first asked for)."""
    program_name, name = program.name, user.full_name or user.email

    def build() -> Message:
        return Message(
            subject=_("Choose your Terbalik password"),
            paragraphs=[
                _("Hello %(name)s,") % {"name": name},
                _(
                    "To answer your invitation to %(program)s, choose a password with this link, "
                    "sign in with your e-mail address, then open the invitation link again."
                )
                % {"program": program_name},
                _("If you did not ask for this, ignore this e-mail."),
            ],
            link=link,
            link_label=_("Choose a password"),
        )

    _send_later(to=user.email, user=user, build=build, key=key)


def manager_request(*, enrollment: Enrollment, link: str) -> None:
    """The line manager is asked once per enrollment (key `programs.enrollment.{pk}.manager`)."""
    manager = enrollment.employee.manager
    if manager is None:
        return
    to, user = _recipient(manager)
    program, employee = enrollment.program, enrollment.employee
    days, silence = program.manager_approval_days, program.manager_silence
    role = enrollment.role

    def build() -> Message:
        outcome = _("approval") if silence == "approve" else _("refusal")
        return Message(
            subject=_("Approval needed: %(name)s in %(program)s")
            % {"name": employee.full_name, "program": program.name},
            paragraphs=[
                _(
                    "%(name)s asked to join the reverse mentoring program %(program)s "
                    "as a %(role)s. HR asks for your approval as their line manager."
                )
                % {"name": employee.full_name, "program": program.name, "role": _role_name(role)},
                _("If you do not answer within %(days)d days, your silence counts as %(outcome)s.")
                % {"days": days, "outcome": outcome},
            ],
            link=link,
            link_label=_("Approve or refuse"),
        )

    _send_later(to=to, user=user, build=build, key=f"programs.enrollment.{enrollment.pk}.manager")


STATUS_KINDS = (
    "received",
    "waitlisted",
    "promoted",
    "approved",
    "rejected",
    "manager_refused",
    "removed",
)


def enrollment_update(*, enrollment: Enrollment, kind: str, link: str) -> None:
    """Tell the participant what happened to their application."""
    to, user = _recipient(enrollment.employee)
    key = f"programs.enrollment.{enrollment.pk}.{kind}"
    program_name, role, reason = enrollment.program.name, enrollment.role, enrollment.reason
    name = enrollment.employee.full_name

    def build() -> Message:
        args = {"program": program_name, "role": _role_name(role)}
        texts = {
            "received": (
                _("Application received: %(program)s"),
                _("We received your application as a %(role)s. HR will review it soon."),
            ),
            "waitlisted": (
                _("You are on the waitlist: %(program)s"),
                _(
                    "All places for a %(role)s are taken, so you are on the waitlist. "
                    "When a place frees up you move up automatically and we tell you."
                ),
            ),
            "promoted": (
                _("A place is free for you: %(program)s"),
                _("A place freed up and you moved up from the waitlist as a %(role)s."),
            ),
            "approved": (
                _("You are in: %(program)s"),
                _("Your place as a %(role)s is confirmed. We will let you know about matching."),
            ),
            "rejected": (
                _("About your application: %(program)s"),
                _("Your application as a %(role)s was not accepted this time."),
            ),
            "manager_refused": (
                _("About your application: %(program)s"),
                _("Your line manager did not approve your participation as a %(role)s."),
            ),
            "removed": (
                _("You were removed from: %(program)s"),
                _("HR removed you from the program."),
            ),
        }
        subject, body = texts[kind]
        paragraphs = [_("Hello %(name)s,") % {"name": name}, body % args]
        if reason and kind in ("rejected", "removed"):
            paragraphs.append(_("Reason: %(reason)s") % {"reason": reason})
        return Message(
            subject=subject % args,
            paragraphs=paragraphs,
            link=link,
            link_label=_("See your status"),
        )

    _send_later(to=to, user=user, build=build, key=key)


def added_by_hr(*, enrollment: Enrollment, link: str) -> None:
    """HR enrolled the person directly: one e-mail saying where they stand."""
    to, user = _recipient(enrollment.employee)
    program_name, role, status = enrollment.program.name, enrollment.role, enrollment.status
    name = enrollment.employee.full_name

    def build() -> Message:
        args = {"program": program_name, "role": _role_name(role)}
        if status == "waitlisted":
            where = _(
                "All places are taken for now, so you are on the waitlist and move up "
                "automatically when a place frees up."
            )
        elif status == "manager_pending":
            where = _("We asked your line manager to approve your participation.")
        else:
            where = _("Your place is confirmed.")
        return Message(
            subject=_("You are enrolled: %(program)s") % args,
            paragraphs=[
                _("Hello %(name)s,") % {"name": name},
                _("HR enrolled you in the reverse mentoring program %(program)s as a %(role)s.")
                % args,
                where,
                _("If you cannot take part, open the link and withdraw."),
            ],
            link=link,
            link_label=_("See your status"),
        )

    _send_later(to=to, user=user, build=build, key=f"programs.enrollment.{enrollment.pk}.direct")
