"""E-mails of the privacy app (through notify: idempotency key, recipient's language)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from terbalik.accounts.models import Role, User
from terbalik.notify import services as notify_services
from terbalik.notify.emails import Message, is_muted, site_url

from .models import CorrectionRequest, CorrectionStatus

#: notify's kind (transactional: about the person's own data, nobody can mute it)
KIND = "privacy"


def _hr_recipients(request: CorrectionRequest) -> list[Any]:
    """Who is told: the HR managers who may open this request (those running a program the
    person is in, `access.corrections_visible_to`); for someone in no program, the platform
    admins, who alone may answer it. Nobody else learns that the person asked."""
    from .access import corrections_visible_to

    def may_open(user: Any) -> bool:
        return corrections_visible_to(user).filter(pk=request.pk).exists()

    hr = [u for u in User.objects.filter(role=Role.HR, is_active=True).order_by("pk")
          if may_open(u)]
    if hr:
        return hr
    admins = User.objects.filter(is_active=True).filter(
        Q(role=Role.ADMIN) | Q(is_superuser=True)).order_by("pk")
    return [u for u in admins if may_open(u)]


def correction_requested(*, request: CorrectionRequest, base_url: str = "") -> None:
    """Tell HR that someone asked for a correction (each HR person once per request)."""
    if is_muted():
        return
    link = site_url(base_url) + reverse("privacy:corrections")
    name, field = request.employee.full_name, request.field

    def build() -> Message:
        from .models import CorrectionField

        return Message(
            subject=_("Correction requested: %(name)s") % {"name": name},
            paragraphs=[
                _("%(name)s asks to correct their %(field)s in the directory.")
                % {"name": name, "field": CorrectionField(field).label.lower()},
                _("Open the list of correction requests to approve or reject it."),
            ],
            link=link,
            link_label=_("Correction requests"),
        )

    for hr in _hr_recipients(request):
        notify_services.notify_once(key=f"privacy.correction.{request.pk}.requested.{hr.pk}",
                                    kind=KIND, user=hr, build=build)


def correction_decided(*, request: CorrectionRequest, base_url: str = "") -> None:
    """Tell the person what HR decided."""
    user = request.requested_by
    if user is None or is_muted():
        return
    link = site_url(base_url) + reverse("privacy:mine")
    approved = request.status == CorrectionStatus.APPROVED
    reason, field = request.reason, request.field

    def build() -> Message:
        from .models import CorrectionField

        label = CorrectionField(field).label.lower()
        paragraphs = [
            (_("Your %(field)s was corrected in the directory as you asked.")
             if approved else
             _("Your %(field)s was not corrected.")) % {"field": label},
        ]
        if reason:
            paragraphs.append(_("HR wrote: %(reason)s") % {"reason": reason})
        return Message(
            subject=_("Your correction request"),
            paragraphs=paragraphs,
            link=link,
            link_label=_("My data"),
        )

    notify_services.notify_once(key=f"privacy.correction.{request.pk}.decided",
                                kind=KIND, user=user, build=build)
