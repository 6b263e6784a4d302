"""The demo company's privacy side: one leaver already pseudonymised by the retention policy,
and one erasure request waiting for HR. Idempotent: a second run changes nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.utils import timezone

from terbalik.notify.emails import muted
from terbalik.people.models import Employee
from terbalik.programs.models import Enrollment

from . import erasure_services
from .models import ErasureRequest, ErasureSource, ErasureStatus

#: the demo leaver lives outside the directory file (the demo re-imports that file on every
#: run and would bring a pseudonymised person of the file back)
LEAVER_ID = "NM-ALUMNI-01"


def _leaver() -> None:
    if ErasureRequest.objects.filter(source=ErasureSource.AUTOMATIC).exists():
        return
    boss = Employee.objects.filter(manager=None).first()
    peer = Employee.objects.filter(manager=boss).exclude(department_record=None).first()
    today = timezone.localdate()
    left = today - dt.timedelta(days=int(settings.PRIVACY_RETENTION_DAYS["after_leaving"]) + 30)
    employee, _created = Employee.objects.get_or_create(
        employee_id=LEAVER_ID,
        defaults={
            "full_name": "Yohanes Alumni Pratama",
            "email": "yohanes.alumni@nusantara-maju.co.id",
            "birth_date": dt.date(1994, 5, 17),
            "grade": 3,
            "languages": ["id", "en"],
            "job_title": "Analis Data",
            "department_record_id": peer.department_record_id if peer else None,
            "manager": peer,
            "hire_date": left - dt.timedelta(days=900),
            "exit_date": left,
            "active": False,
        },
    )
    erasure_services.erase_automatically(
        employee=employee, reason="after_leaving: demo leaver")


def _pending(hr_user: Any) -> None:
    if ErasureRequest.objects.filter(status=ErasureStatus.PENDING).exists():
        return
    from terbalik.core import demo

    logins = [eid for *_rest, eid in demo.demo_logins(demo.build_people()) if eid]
    enrollment = (
        Enrollment.objects.filter(program__owners=hr_user, employee__active=True)
        .exclude(employee__employee_id__in=logins)
        .exclude(employee__employee_id__startswith="ERASED-")
        .order_by("-pk").first()
    )
    if enrollment is None:
        return
    erasure_services.erasure_request_create(
        by=hr_user, employee=enrollment.employee, source=ErasureSource.HR,
        explanation="Saya pindah kerja bulan depan; mohon hapus data saya dari program ini.")


def build_demo_erasure(*, hr_user: Any) -> None:
    with muted():
        _leaver()
        _pending(hr_user)
