"""The retention task, time-travelled: what is due goes, nothing else; twice changes nothing."""

from __future__ import annotations

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from terbalik.core import audit
from terbalik.core.models import AuditEntry
from terbalik.notify.models import NotificationLog, SendStatus
from terbalik.notify.tick import JOBS, run_due
from terbalik.pairs.models import CheckIn, Goal, Meeting, Note, Pair
from terbalik.people.models import Employee
from terbalik.privacy import retention
from terbalik.privacy.models import ErasureRequest, RetentionRun
from terbalik.programs.models import Status

from ..factories import EmployeeFactory, UserFactory

pytestmark = pytest.mark.django_db

JAKARTA = ZoneInfo("Asia/Jakarta")
T0 = dt.datetime(2027, 3, 1, 9, 0, tzinfo=JAKARTA)
DAYS = {"after_leaving": 100, "after_program_closes": 200, "match_snapshots": 30,
        "messages": 50, "audit": 400}


@pytest.fixture(autouse=True)
def _periods(settings):
    settings.PRIVACY_RETENTION_DAYS = dict(DAYS)


def _leaver(left: dt.date, **fields) -> Employee:
    employee = EmployeeFactory(exit_date=left, active=False, **fields)
    UserFactory(email=employee.email, employee=employee, full_name=employee.full_name)
    return employee


@time_machine.travel(T0, tick=False)
def test_leavers_are_pseudonymised_after_the_period_and_only_once():
    today = timezone.localdate()
    boss = EmployeeFactory(full_name="Atasan")
    due = _leaver(today - dt.timedelta(days=101), full_name="Budi Lama", manager=boss,
                  birth_date=dt.date(1990, 6, 15), grade=4)
    recent = _leaver(today - dt.timedelta(days=99), full_name="Citra Baru")
    staying = EmployeeFactory(full_name="Dian Tetap")
    assert retention.apply(dry_run=True)["leavers"] == 1
    assert Employee.objects.filter(full_name="Budi Lama").exists()  # the dry run changed nothing
    assert retention.apply()["leavers"] == 1
    due.refresh_from_db()
    assert due.full_name.startswith("Peserta ") and due.user.email.endswith("@erased.invalid")
    assert not due.user.is_active
    # kept for the statistics and the reporting lines; the birthday goes, the year stays
    assert (due.manager, due.grade, due.birth_date) == (boss, 4, dt.date(1990, 1, 1))
    assert due.job_title == "" and due.employee_id.startswith("ERASED-")
    recent.refresh_from_db()
    staying.refresh_from_db()
    assert (recent.full_name, staying.full_name) == ("Citra Baru", "Dian Tetap")
    assert ErasureRequest.objects.get(employee=due).source == "automatic"
    assert retention.apply()["leavers"] == 0  # idempotent
    with time_machine.travel(T0 + dt.timedelta(days=2)):
        assert retention.apply()["leavers"] == 1  # now Citra's period has ended
    assert AuditEntry.objects.filter(action="privacy.erasure_automatic").count() == 2


def test_texts_of_a_program_closed_long_ago_are_removed(small_company, hr_user):
    from terbalik.matching import services

    program, _mentors, _mentees = small_company
    run = services.run_start(program=program, by=hr_user)
    services.run_publish(match_run=run, by=hr_user)
    pair = Pair.objects.filter(program=program).first()
    Note.objects.create(pair=pair, body="catatan lama", created_at=timezone.now())
    goal = Goal.objects.create(
        pair=pair, statement="tujuan lama", target_value=3, unit="alat", achievable="ya",
        relevance="penting", due_date=dt.date(2027, 6, 1), created_at=timezone.now(),
        last_progress_at=timezone.now())
    meeting = Meeting.objects.create(
        pair=pair, uid=Meeting.new_uid(), starts_at=timezone.now(), ends_at=timezone.now(),
        time_zone="Asia/Jakarta", location="ruang 5", updated_at=timezone.now(),
        outcome="held")
    CheckIn.objects.create(meeting=meeting, role="mentee", answer="held", rating=4,
                           comment="komentar lama", at=timezone.now())
    closed = timezone.now()
    program.status = Status.COMPLETED
    program.status_changed_at = closed
    program.save()
    with time_machine.travel(closed + dt.timedelta(days=199)):
        assert retention.apply()["closed_program_texts"] == 0
    with time_machine.travel(closed + dt.timedelta(days=201)):
        assert retention.apply()["closed_program_texts"] >= 4
        assert retention.apply()["closed_program_texts"] == 0
    goal.refresh_from_db()
    meeting.refresh_from_db()
    checkin = CheckIn.objects.get(meeting=meeting)
    assert (goal.statement, goal.target_value, goal.status) == ("", 3, "open")
    assert (meeting.location, meeting.outcome) == ("", "held")
    assert (checkin.comment, checkin.rating) == ("", 4)
    assert not Note.objects.exclude(body="").exists()


@time_machine.travel(T0, tick=False)
def test_old_messages_and_audit_entries_are_deleted():
    now = timezone.now()
    for age, status in ((49, SendStatus.SENT), (51, SendStatus.SENT), (51, SendStatus.QUEUED)):
        NotificationLog.objects.create(key=f"k{age}{status}", kind="x", status=status,
                                       created_at=now - dt.timedelta(days=age))
    for age in (399, 401):  # the trail is append-only: written back then, not backdated
        with time_machine.travel(now - dt.timedelta(days=age), tick=False):
            audit.record(action=f"test.{age}")
    removed = retention.apply()
    assert removed["messages"] == 1 and removed["audit"] == 1
    assert set(NotificationLog.objects.values_list("key", flat=True)) == {
        "k49sent", "k51queued"}  # a message still waiting to go out is kept
    assert set(AuditEntry.objects.values_list("action", flat=True)) == {"test.399"}
    assert retention.apply() == dict.fromkeys(retention.KINDS, 0)


def test_the_scheduler_runs_it_once_a_day_and_records_what_it_removed():
    assert "terbalik.privacy.retention.run_due" in JOBS
    with time_machine.travel(T0, tick=False):
        _leaver(timezone.localdate() - dt.timedelta(days=150))
        results = run_due()
        assert results["terbalik.privacy.retention.run_due"]["leavers"] == 1
        assert run_due()["terbalik.privacy.retention.run_due"] == "done today"
    record = RetentionRun.objects.get()
    assert record.day == T0.date() and record.removed["leavers"] == 1
    assert AuditEntry.objects.filter(action="privacy.retention_run").count() == 1
    with time_machine.travel(T0 + dt.timedelta(days=1), tick=False):
        assert run_due()["terbalik.privacy.retention.run_due"]["leavers"] == 0
    assert RetentionRun.objects.count() == 2


@time_machine.travel(T0, tick=False)
def test_command_dry_run_prints_and_changes_nothing():
    leaver = _leaver(timezone.localdate() - dt.timedelta(days=150), full_name="Eka Pergi")
    out = io.StringIO()
    call_command("retention", "--dry-run", stdout=out)
    text = out.getvalue()
    assert "Would remove" in text and "leavers pseudonymised: 1 (100 days)" in text
    leaver.refresh_from_db()
    assert leaver.full_name == "Eka Pergi"
    assert not AuditEntry.objects.exists()
    out = io.StringIO()
    call_command("retention", stdout=out)
    assert "leavers pseudonymised: 1" in out.getvalue()
    leaver.refresh_from_db()
    assert leaver.full_name.startswith("Peserta ")


def _deliveries(now: dt.datetime) -> None:
    from terbalik.webhooks.models import Delivery, DeliveryState, Subscription

    sub = Subscription.objects.create(target_url="https://hooks.example.com/t", secret="s" * 32,
                                      created_at=now, updated_at=now)
    for name, state, created, attempted in (
        ("old-delivered", DeliveryState.DELIVERED, 60, 51),
        ("old-failed", DeliveryState.FAILED, 80, 70),
        ("old-never-tried-failed", DeliveryState.FAILED, 51, None),
        ("recent-retry", DeliveryState.FAILED, 60, 49),  # last attempt within the period
        ("recent", DeliveryState.DELIVERED, 49, 49),
        ("old-pending", DeliveryState.PENDING, 90, 80),
        ("old-sending", DeliveryState.SENDING, 90, 80),
    ):
        Delivery.objects.create(
            subscription=sub, event_id=name, event_type="pair.created",
            payload={"employee_id": "K000012"}, state=state,
            created_at=now - dt.timedelta(days=created),
            last_attempt_at=None if attempted is None else now - dt.timedelta(days=attempted))


@time_machine.travel(T0, tick=False)
def test_finished_webhook_deliveries_are_deleted_after_the_messages_period():
    from terbalik.webhooks.models import Delivery

    _deliveries(timezone.now())
    assert "webhook_deliveries" in retention.KINDS
    assert retention.apply(dry_run=True)["webhook_deliveries"] == 3
    assert Delivery.objects.count() == 7  # the dry run changed nothing
    assert retention.apply()["webhook_deliveries"] == 3
    assert set(Delivery.objects.values_list("event_id", flat=True)) == {
        "recent-retry", "recent", "old-pending", "old-sending"}
    assert retention.apply() == dict.fromkeys(retention.KINDS, 0)
    with time_machine.travel(T0 + dt.timedelta(days=2), tick=False):  # the period ends
        assert retention.apply()["webhook_deliveries"] == 2
    assert set(Delivery.objects.values_list("event_id", flat=True)) == {
        "old-pending", "old-sending"}  # never sent yet: kept


def test_the_daily_run_and_the_dry_run_list_webhook_deliveries():
    with time_machine.travel(T0, tick=False):
        _deliveries(timezone.now())
        out = io.StringIO()
        call_command("retention", "--dry-run", stdout=out)
        assert "webhook deliveries removed: 3 (50 days)" in out.getvalue()
        run_due()
    assert RetentionRun.objects.get().removed["webhook_deliveries"] == 3
