"""E-mails of the matching app, each in its recipient's language, sent after commit.

Built on `programs.emails` (same templates, same `defer`, same `muted`). Each is keyed by its
cause (a choice request and what became of it, a published pair and its member), so the same
cause never e-mails anyone twice.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from terbalik.programs import emails as base
from terbalik.programs.models import Enrollment

from .models import ChoiceRequest


def _link(name: str, **kwargs: Any) -> str:
    return base.site_url() + reverse(name, kwargs=kwargs)


def _to(enrollment: Enrollment) -> tuple[str, Any]:
    user = enrollment.user
    return (user.email if user else enrollment.employee.email), user


def choice_request(*, request: ChoiceRequest, days: int) -> None:
    """Tell a mentor that a mentee chose them; they answer within `days` days."""
    mentor, mentee = request.mentor, request.mentee
    to, user = _to(mentor)
    name, mentee_name, program = (
        mentor.employee.full_name,
        mentee.employee.full_name,
        (mentor.program.name),
    )
    link = _link("matching:mine", enrollment_id=mentor.pk)

    def build() -> base.Message:
        return base.Message(
            subject=_("%(name)s would like you as their mentor") % {"name": mentee_name},
            paragraphs=[
                _("Hello %(name)s,") % {"name": name},
                _("%(mentee)s chose you as their reverse mentor in the program %(program)s.")
                % {"mentee": mentee_name, "program": program},
                _(
                    "Please accept or decline within %(days)d days. Without an answer the "
                    "request passes to their next choice."
                )
                % {"days": days},
            ],
            link=link,
            link_label=_("Accept or decline"),
        )

    base._send_later(to=to, user=user, build=build, key=f"matching.choice.{request.pk}.request")


def choice_outcome(*, request: ChoiceRequest, mentee: Enrollment, mentor: Enrollment,
                   kind: str) -> None:
    """Tell a mentee what happened to their `request`: accepted, passed_on or choose_again."""
    to, user = _to(mentee)
    name, mentor_name, program = (
        mentee.employee.full_name,
        mentor.employee.full_name,
        (mentee.program.name),
    )
    link = _link("matching:mine", enrollment_id=mentee.pk)

    def build() -> base.Message:
        texts = {
            "accepted": (
                _("%(mentor)s accepted: you are a pair") % {"mentor": mentor_name},
                _("%(mentor)s accepted your request in %(program)s. Your pair starts now.")
                % {"mentor": mentor_name, "program": program},
            ),
            "passed_on": (
                _("Your request passed to your next choice"),
                _(
                    "%(mentor)s could not take your request in %(program)s, so it went to your "
                    "next suggested mentor."
                )
                % {"mentor": mentor_name, "program": program},
            ),
            "choose_again": (
                _("Please choose a mentor again"),
                _(
                    "None of your suggested mentors in %(program)s could take you. New "
                    "suggestions are waiting for you."
                )
                % {"program": program},
            ),
        }
        subject, body = texts[kind]
        return base.Message(
            subject=subject,
            paragraphs=[_("Hello %(name)s,") % {"name": name}, body],
            link=link,
            link_label=_("Open your matching page"),
        )

    base._send_later(to=to, user=user, build=build, key=f"matching.choice.{request.pk}.{kind}")


def pair_published(*, pair: Any, mentor: Enrollment, mentee: Enrollment) -> None:
    """Both people of a newly published pair hear about it, each in their own language."""
    program = mentee.program.name
    for me, other, role in (
        (mentor, mentee, "mentee"),
        (mentee, mentor, "mentor"),
    ):
        to, user = _to(me)
        name, other_name = me.employee.full_name, other.employee.full_name
        link = _link("matching:mine", enrollment_id=me.pk)

        def build(
            name: str = name, other_name: str = other_name, role: str = role, link: str = link
        ) -> base.Message:
            role_label = _("mentee") if role == "mentee" else _("mentor")
            return base.Message(
                subject=_("Your reverse mentoring pair: %(program)s") % {"program": program},
                paragraphs=[
                    _("Hello %(name)s,") % {"name": name},
                    _("HR matched you with %(other)s as your %(role)s in %(program)s.")
                    % {"other": other_name, "role": role_label, "program": program},
                    _("Say hello and agree on how and when you will meet."),
                ],
                link=link,
                link_label=_("See your pair"),
            )

        base._send_later(to=to, user=user, build=build,
                         key=f"matching.pair.{pair.pk}.published.{me.pk}")
