"""Demo privacy data (`terbalik demo`, last): every demo participant in a program has
accepted the current notice (those with a photo or WhatsApp number also agreed to optional
data), and the demo mentee has one correction request waiting for HR. Idempotent; nothing
is e-mailed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from terbalik.accounts.models import Role, User
from terbalik.notify.emails import muted
from terbalik.people.models import Profile
from terbalik.programs.models import Enrollment

from . import selectors, services
from .models import ConsentMethod, CorrectionField


def build_demo_privacy(*, mentee_email: str) -> None:
    with muted():
        employee_ids = Enrollment.objects.values("employee_id")
        with_optional = set(
            Profile.objects.exclude(photo="", whatsapp="").values_list("employee_id", flat=True))
        users = User.objects.filter(role=Role.PARTICIPANT, employee_id__in=employee_ids)
        for user in users.order_by("pk"):
            services.notice_accept(user=user, method=ConsentMethod.DEMO)
            if user.employee_id in with_optional:
                services.optional_consent_set(user=user, agreed=True, method=ConsentMethod.DEMO)
        _correction(User.objects.filter(email=mentee_email).first())


def _correction(user: Any) -> None:
    if user is None or user.employee is None:
        return
    employee = user.employee
    if selectors.corrections_of(employee).exists():
        return
    born = employee.birth_date or dt.date(1975, 1, 1)
    services.correction_request_create(
        user=user, field=CorrectionField.BIRTH_DATE,
        requested_value=(born + dt.timedelta(days=1)).isoformat(),
        note="Tanggal lahir saya di direktori tercatat satu hari lebih awal.",
    )
