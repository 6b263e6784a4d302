"""E-mails about erasure requests, through `notify` (once per cause, recipient's language).

HR's message names nobody (it only links to the request); the person's goes to their address
before it is pseudonymised, and the outbox clears the stored copy once it is sent.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from terbalik.accounts.models import Role, User
from terbalik.notify import services as notify_services
from terbalik.notify.emails import Message, site_url

from .models import ErasureRequest

KIND = "privacy"


def deciders(request: ErasureRequest) -> list[User]:
    """HR owners of the person's programs, or the platform admins when there are none."""
    people = Q(pk__in=[])
    if request.employee_id:
        people |= Q(owned_programs__enrollments__employee_id=request.employee_id)
    if request.user_id:
        people |= Q(owned_programs__enrollments__user_id=request.user_id)
    found = list(User.objects.filter(people, is_active=True).distinct().order_by("pk"))
    if not found:
        found = list(User.objects.filter(Q(role=Role.ADMIN) | Q(is_superuser=True),
                                         is_active=True).order_by("pk"))
    return found


def request_received(*, request: ErasureRequest) -> None:
    link = site_url() + reverse("privacy:erasure_detail", args=[request.pk])
    for user in deciders(request):
        if user.pk == request.requested_by_id:
            continue

        def build() -> Message:
            return Message(
                subject=_("An erasure request waits for your decision"),
                paragraphs=[
                    _("A request to erase a person's data in Terbalik was recorded."),
                    _("Approve it or reject it, with a reason, on the request's page."),
                ],
                link=link,
                link_label=_("Open the request"),
            )

        notify_services.notify_once(key=f"privacy.erasure:{request.pk}:hr:{user.pk}",
                                    kind=KIND, user=user, build=build)


def decided(*, request: ErasureRequest, approved: bool) -> None:
    user: Any = request.user
    if user is None:
        return
    name = user.full_name or user.email

    def build() -> Message:
        if approved:
            return Message(
                subject=_("Your data in Terbalik is being erased"),
                paragraphs=[
                    _("Hello %(name)s,") % {"name": name},
                    _("HR approved the request to erase your data. Your name, e-mail address "
                      "and the texts you wrote are being removed now; you can no longer sign "
                      "in. Numbers such as ratings stay in the programs' statistics under a "
                      "pseudonym that cannot be traced back to you."),
                    _("This is the last message Terbalik sends you."),
                ],
            )
        return Message(
            subject=_("Your erasure request was not approved"),
            paragraphs=[
                _("Hello %(name)s,") % {"name": name},
                _("HR did not approve the request to erase your data, for this reason:"),
                request.decision_reason,
                _("Ask your HR team or the data-protection officer if you disagree."),
            ],
        )

    notify_services.notify_once(key=f"privacy.erasure:{request.pk}:decided", kind=KIND,
                                user=user, build=build)
