"""Invitation and reminder e-mails, each in the recipient's own language.

Idempotency: an invitation goes to each recipient once; a reminder at most once per recipient
per day (Asia/Jakarta calendar day) and only to people who have not submitted. A `Delivery` row
records every e-mail sent (it feeds the sending's status page). Like every message, they go
through notify: logged under an idempotency key and sent after the transaction commits.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from terbalik.core import audit, links
from terbalik.notify.services import deliver_once

from .models import Delivery, Response, SurveyInstance


def _base_url(base_url: str | None) -> str:
    return (base_url or links.site_url()).rstrip("/")


def _message(
    instance: SurveyInstance, user: Any, kind: str, base_url: str
) -> EmailMultiAlternatives:
    with translation.override(user.language or settings.LANGUAGE_CODE):
        context = {
            "user": user,
            "instance": instance,
            "survey_title": instance.version.survey.display_title,
            "closes_at": timezone.localtime(instance.effective_close),
            "url": base_url + reverse("surveys:answer", args=[instance.pk]),
            "kind": kind,
        }
        subject = render_to_string(f"surveys/email/{kind}_subject.txt", context)
        text = render_to_string(f"surveys/email/{kind}.txt", context)
        html = render_to_string(f"surveys/email/{kind}.html", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()), body=text, to=[user.email]
    )
    message.attach_alternative(html, "text/html")
    return message


def _send(
    *, instance: SurveyInstance, users: list[Any], kind: str, by: Any, base_url: str | None
) -> int:
    today = timezone.localdate()
    sent = 0
    for user in users:
        try:
            with transaction.atomic():
                Delivery.objects.create(instance=instance, user=user, kind=kind, sent_on=today)
        except IntegrityError:
            continue  # already sent today (a parallel run)
        key = f"surveys.{kind}:{instance.pk}:{user.pk}"
        if kind == Delivery.Kind.REMINDER:
            key += f":{today.isoformat()}"
        mail = _message(instance, user, kind, _base_url(base_url))
        if deliver_once(key=key, kind=f"survey_{kind}", user=user, mail=mail):
            sent += 1
    if sent:
        audit.record(
            action=f"survey.{kind}_send",
            actor=by,
            target=instance,
            details={"count": sent},
        )
    return sent


def _recipients(instance: SurveyInstance) -> list[Any]:
    return [
        link.user
        for link in instance.recipient_links.select_related("user").order_by("user__email")
        if link.user.is_active and link.user.email
    ]


@transaction.atomic
def survey_invitations_send(
    *, instance: SurveyInstance, by: Any, base_url: str | None = None
) -> int:
    """Invite every recipient not invited yet; returns how many e-mails were sent."""
    if instance.status == "closed":
        return 0
    invited = set(
        instance.deliveries.filter(kind=Delivery.Kind.INVITATION).values_list("user_id", flat=True)
    )
    users = [u for u in _recipients(instance) if u.pk not in invited]
    return _send(instance=instance, users=users, kind=Delivery.Kind.INVITATION, by=by,
                 base_url=base_url)


@transaction.atomic
def survey_reminders_send(
    *, instance: SurveyInstance, by: Any, base_url: str | None = None
) -> int:
    """Remind recipients who have not submitted (at most once a day each) while it is open."""
    if not instance.is_open():
        return 0
    done = set(
        instance.responses.filter(status=Response.Status.SUBMITTED).values_list(
            "user_id", flat=True
        )
    )
    reminded_today = set(
        instance.deliveries.filter(
            kind=Delivery.Kind.REMINDER, sent_on=timezone.localdate()
        ).values_list("user_id", flat=True)
    )
    users = [u for u in _recipients(instance) if u.pk not in done and u.pk not in reminded_today]
    return _send(instance=instance, users=users, kind=Delivery.Kind.REMINDER, by=by,
                 base_url=base_url)
