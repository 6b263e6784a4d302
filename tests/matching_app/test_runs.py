from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from terbalik.core.models import AuditEntry
from terbalik.matching import services
from terbalik.matching.models import MatchRun, RunStatus
from terbalik.pairs.models import Pair, PairSource

pytestmark = pytest.mark.django_db


def test_run_matches_best_pairs_and_is_reproducible(small_company, hr_user):
    program, mentors, mentees = small_company
    run = services.run_start(program=program, by=hr_user)
    assert run.status == RunStatus.DONE and not run.background
    got = {p.mentee_id: p.mentor_id for p in run.proposals.all()}
    assert got == {mentees[i].pk: mentors[i].pk for i in range(3)}
    assert all(p.in_top for p in run.proposals.all())
    # replaying the stored snapshot gives the same assignments, byte for byte
    from terbalik.matching.execution import result_json

    stored = {k: v for k, v in run.result.items() if k != "blockers"}
    assert result_json(services.engine_result(run)) == stored
    # the snapshot holds what went in
    row = next(r for r in run.snapshot if r["enrollment"] == mentees[0].pk)
    assert row["skills"] == ["python", "excel"] and row["role"] == "mentee"
    assert run.config["seniority"] == program.seniority_rule


def test_publish_creates_pairs_emails_both_and_audits(small_company, hr_user):
    program, mentors, mentees = small_company
    run = services.run_start(program=program, by=hr_user)
    mail.outbox.clear()
    pairs = services.run_publish(match_run=run, by=hr_user)
    assert len(pairs) == 3
    assert {p.source for p in pairs} == {PairSource.BULK}
    assert len(mail.outbox) == 6
    run.refresh_from_db()
    assert run.status == RunStatus.PUBLISHED
    assert AuditEntry.objects.filter(action="matching.run_published").count() == 1
    program.refresh_from_db()
    assert program.status == "matching"  # nothing else moves
    with pytest.raises(ValidationError):
        services.run_publish(match_run=run, by=hr_user)


def test_published_email_in_each_recipients_language(small_company, hr_user):
    program, mentors, mentees = small_company
    mentors[0].user.language = "id"
    mentors[0].user.save()
    mentees[0].user.language = "en"
    mentees[0].user.save()
    run = services.run_start(program=program, by=hr_user)
    mail.outbox.clear()
    services.run_publish(match_run=run, by=hr_user)
    by_to = {m.to[0]: m for m in mail.outbox}
    # the greeting is in the catalogue already; the rest follows once the fragment is merged
    assert "Halo " in by_to[mentors[0].user.email].body
    assert "Hello " in by_to[mentees[0].user.email].body


def test_rerun_keeps_locked_pairs_and_existing_pairs(small_company, hr_user, enroll):
    program, mentors, mentees = small_company
    run = services.run_start(program=program, by=hr_user)
    first = run.proposals.get(mentee=mentees[0])
    services.proposal_lock(proposal=first, by=hr_user, locked=True)
    again = services.run_rerun(match_run=run, by=hr_user)
    run.refresh_from_db()
    assert run.status == RunStatus.SUPERSEDED
    assert again.proposals.get(mentee=mentees[0]).locked
    assert again.proposals.get(mentee=mentees[0]).mentor == mentors[0]
    # the locked mentee was not in the engine's input
    assert mentees[0].pk not in {r["enrollment"] for r in again.snapshot}
    assert again.proposals.count() == 3


def test_active_pairs_stay_fixed(small_company, hr_user):
    from terbalik.pairs.services import pair_create

    program, mentors, mentees = small_company
    pair_create(program=program, mentor=mentors[1], mentee=mentees[0], by=hr_user)
    run = services.run_start(program=program, by=hr_user)
    assert mentees[0].pk not in {p.mentee_id for p in run.proposals.all()}
    # mentor 1 is full (capacity 1) so is not offered to anyone
    assert mentors[1].pk not in {r["enrollment"] for r in run.snapshot}
    assert {"mentee": mentees[0].pk, "mentor": mentors[1].pk, "why": "pair"} in run.fixed
    services.run_publish(match_run=run, by=hr_user)
    assert Pair.objects.filter(mentor=mentors[1]).count() == 1


def test_large_run_is_enqueued_not_run_inline(
    small_company, hr_user, settings, django_capture_on_commit_callbacks
):
    program, *_ = small_company
    settings.TERBALIK_MATCH_INLINE_LIMIT = 2
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    from django_tasks import default_task_backend

    default_task_backend.clear()
    with django_capture_on_commit_callbacks(execute=True):
        run = services.run_start(program=program, by=hr_user)
    assert run.background and run.status == RunStatus.QUEUED
    [queued] = default_task_backend.results
    assert queued.task.name == "execute_run" and queued.args == [run.pk]
    run.refresh_from_db()
    assert run.task_id == str(queued.id)
    assert run.status == RunStatus.QUEUED and run.percent == 0
    assert run.proposals.count() == 0


def test_background_run_executes_through_the_task(
    small_company, hr_user, settings, django_capture_on_commit_callbacks
):
    program, *_ = small_company
    settings.TERBALIK_MATCH_INLINE_LIMIT = 2
    with django_capture_on_commit_callbacks(execute=True):
        run = services.run_start(program=program, by=hr_user)
    run.refresh_from_db()
    assert run.background and run.status == RunStatus.DONE
    assert run.percent == 100 and run.proposals.count() == 3
    # executing again changes nothing
    assert services.run_execute(run_id=run.pk).status == RunStatus.DONE


def test_a_second_run_waits_for_the_first(
    small_company, hr_user, settings, django_capture_on_commit_callbacks
):
    program, *_ = small_company
    settings.TERBALIK_MATCH_INLINE_LIMIT = 2
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    services.run_start(program=program, by=hr_user)
    with pytest.raises(ValidationError):
        services.run_start(program=program, by=hr_user)


def test_failed_engine_marks_the_run_failed(small_company, hr_user, monkeypatch):
    program, *_ = small_company
    from terbalik.matching import execution

    def boom(*a, **k):
        raise RuntimeError("solver exploded")

    monkeypatch.setattr(execution, "run", boom)  # the engine itself fails
    run = services.run_start(program=program, by=hr_user)
    assert run.status == RunStatus.FAILED and "solver exploded" in run.error
    assert run.proposals.count() == 0


def test_draft_program_cannot_match(make_program, hr_user):
    program = make_program(status="draft")
    with pytest.raises(ValidationError):
        services.run_start(program=program, by=hr_user)
    assert not MatchRun.objects.exists()


def test_lost_background_run_fails_after_a_while(small_company, hr_user, settings):
    import datetime as dt

    import time_machine

    program, *_ = small_company
    settings.TERBALIK_MATCH_INLINE_LIMIT = 2
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    start = dt.datetime(2027, 1, 11, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        lost = services.run_start(program=program, by=hr_user)
    with time_machine.travel(start + dt.timedelta(minutes=10), tick=False):
        assert services.runs_fail_stale() == 0
    from terbalik.notify import tick

    with time_machine.travel(start + dt.timedelta(minutes=31), tick=False):
        done = tick.run_due()  # the one periodic entry point schedules the matching jobs
    assert done["terbalik.matching.services.choice_requests_expire"] == 0
    assert done["terbalik.matching.services.runs_fail_stale"] == 1
    lost.refresh_from_db()
    assert lost.status == RunStatus.FAILED
    settings.TERBALIK_MATCH_INLINE_LIMIT = 100
    assert services.run_start(program=program, by=hr_user).status == RunStatus.DONE
