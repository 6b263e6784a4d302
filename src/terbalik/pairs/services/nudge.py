"""HR nudges one member of a pair with a message HR worded (from a default in their language)."""

from __future__ import annotations

import re
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from terbalik.core import audit
from terbalik.core.service_errors import ServiceError
from terbalik.notify.emails import language_of
from terbalik.notify.services import notify_once
from terbalik.programs.models import ParticipantRole

from .. import messages
from ..models import Nudge, Pair
from .common import enrollment_of, require_active, user_of

#: the kind in the notification log: a personal message from HR, not an automatic reminder,
#: so it is not one of the kinds a person can mute
KIND = "hr_nudge"
MAX_LENGTH = 2000
TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")


def nudge_recipient(pair: Pair, role: str) -> Any:
    """The account of the pair's `role` (mentor or mentee), or None when they have none."""
    return user_of(enrollment_of(pair, role))


@transaction.atomic
def pair_nudge(*, pair: Pair, by: Any, role: str, body: str, token: str) -> Nudge:
    """Log and e-mail HR's message to one member; the same `token` (the form's) sends once."""
    if role not in ParticipantRole.values:
        raise ServiceError({"to": [_("Choose the mentor or the mentee.")]}, code="nudge_role")
    if not TOKEN.fullmatch(token or ""):
        raise ServiceError(_("This form has expired; open it again."), code="nudge_token")
    existing = Nudge.objects.filter(token=token).first()
    if existing is not None:
        if existing.pair_id != pair.pk:
            raise ServiceError(_("This form has expired; open it again."), code="nudge_token")
        return existing
    require_active(pair)
    body = (body or "").strip()
    if not body:
        raise ServiceError({"body": [_("Write the message.")]}, code="nudge_empty")
    if len(body) > MAX_LENGTH:
        raise ServiceError(
            {"body": [_("Keep the message under %(n)d characters.") % {"n": MAX_LENGTH}]},
            code="nudge_long",
        )
    recipient = nudge_recipient(pair, role)
    if recipient is None or not recipient.email:
        raise ServiceError({"to": [_("This person has no account to e-mail yet.")]},
                           code="nudge_no_account")
    now = timezone.now()
    try:
        with transaction.atomic():
            nudge = Nudge.objects.create(
                pair=pair, role=role, recipient=recipient, body=body, token=token,
                language=language_of(recipient), sent_by=by, sent_at=now,
            )
    except IntegrityError:  # the same form submitted twice at the same moment
        return Nudge.objects.get(token=token)
    nudge.delivered = notify_once(
        key=f"pairs.hr_nudge:{token}", kind=KIND, user=recipient, now=now,
        build=messages.hr_nudge(pair, recipient, body),
        reply_to=[by.email] if getattr(by, "email", "") else None,  # "reply to me" reaches HR
    )
    nudge.save(update_fields=["delivered"])
    audit.record(action="pairs.nudged", actor=by, target=pair,
                 details={"nudge": nudge.pk, "role": role})
    return nudge
