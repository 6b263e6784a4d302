"""The world of the permission matrix: side A (the demo company, owned by HR A) and side B
(another HR owner's program with its own pair, sponsor, survey sending and meeting)."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.tokens import default_token_generator
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

# --- the world ---------------------------------------------------------------------------


@dataclass
class World:
    users: dict[str, Any]
    kwargs: dict[str, Any]  # URL kwarg name -> value (an object of side A)
    secrets_of_a: list[str] = field(default_factory=list)  # texts B must never see in a list
    owners: dict[str, Any] = field(default_factory=dict)  # participant_a variants
    clients: dict[str, Client] = field(default_factory=dict)  # signed in once, per module

    def sign_in(self) -> None:
        """One client per actor (and per participant_a variant), signed in while the world is
        built, so that no test's own requests write a login (last_login, session)."""
        people = {**self.users, **{f"owner:{key}": user for key, user in self.owners.items()}}
        for key, user in people.items():
            client = Client(HTTP_ACCEPT_LANGUAGE="en")
            if user is not None:
                client.force_login(user)
            self.clients[key] = client


def _pending_erasure() -> int:
    """The demo's erasure request waiting for HR A (a person in one of HR A's programs)."""
    from terbalik.privacy.models import ErasureRequest

    return ErasureRequest.objects.filter(status="pending").order_by("pk").first().pk


def build_world() -> World:
    from terbalik.accounts.models import Role, User
    from terbalik.core.models import AuditEntry
    from terbalik.core.services import SCHEDULER, WORKER, heartbeat_record
    from terbalik.matching.models import (
        ChoiceRequest,
        MatchRun,
        Proposal,
        Simulation,
        SuggestionSet,
    )
    from terbalik.matching.services.rematch import rematch_request_create
    from terbalik.notify.services import calendar_feed_get
    from terbalik.pairs import services as pair_services
    from terbalik.pairs.models import Pair
    from terbalik.pairs.models_work import Goal, Meeting, Milestone, TrainingResult
    from terbalik.people import batches
    from terbalik.people.models import Department
    from terbalik.privacy.models import CorrectionRequest
    from terbalik.programs import services as program_services
    from terbalik.programs.models import Enrollment, Invitation, ParticipantRole, Program, Status
    from terbalik.programs.tokens import invitation_token, manager_token
    from terbalik.reports import services as report_services
    from terbalik.surveys import services as survey_services
    from terbalik.surveys.models import PlannedSending, Question, Survey, SurveyInstance
    from terbalik.webhooks import services as webhook_services
    from terbalik.webhooks.models import Subscription
    from tests.factories import EmployeeFactory, UserFactory
    from tests.programs.conftest import MENTEE_INTAKE, MENTOR_INTAKE, program_fields

    # side A: the demo company; HR A owns all of its programs
    call_command("demo", stdout=io.StringIO())
    heartbeat_record(name=WORKER)  # so that /readyz is green
    heartbeat_record(name=SCHEDULER)
    hr_a = User.objects.get(email="hr@nusantara-maju.co.id")
    admin = User.objects.get(email="admin@nusantara-maju.co.id")
    mentee_a = User.objects.get(email="mentee@nusantara-maju.co.id")
    # the demo mentee has two running pairs: side A's is the first (the leadership program)
    pair = Pair.objects.filter(mentee__user=mentee_a, status="active").order_by("pk").first()
    program = pair.program
    enrollment = pair.mentee
    goal = Goal.objects.filter(pair=pair).first() or Goal.objects.create(
        pair=pair, title="Use two new tools", created_by=mentee_a)
    milestone = Milestone.objects.create(goal=goal, title="First tool")
    meeting = Meeting.objects.filter(pair=pair).order_by("pk").first()
    rematch = rematch_request_create(pair=pair, by=mentee_a, reason="matrix")
    run = MatchRun.objects.order_by("pk").first()
    proposal = Proposal.objects.filter(run=run).order_by("pk").first()
    simulation = Simulation.objects.create(program_id=run.program_id, population="applicants")
    choice = ChoiceRequest.objects.filter(status="pending").order_by("pk").first()
    suggestions = SuggestionSet.objects.order_by("pk").first()
    survey = Survey.objects.filter(is_template=False, created_by=hr_a).order_by("pk").first()
    question = Question.objects.filter(version__survey=survey).order_by("-version__number",
                                                                        "pk").first()
    instance = SurveyInstance.objects.filter(recipient_links__user=mentee_a).order_by("-pk").first()
    invitation = Invitation.objects.exclude(status="sent").order_by("-pk").first()
    Invitation.objects.filter(pk=invitation.pk).update(status="sent", responded_at=None,
                                                        enrollment=None)
    invitee = User.objects.filter(employee=invitation.employee).first() or UserFactory(
        role=Role.PARTICIPANT, email=invitation.employee.email, employee=invitation.employee)
    waiting = Enrollment.objects.filter(status="pending").order_by("pk").first()
    Enrollment.objects.filter(pk=waiting.pk).update(status="manager_pending")
    batch = batches.import_batch_create(
        by=hr_a, file_name="a.csv", content=b"employee_id,name\nX1,Nama\n")
    feed = calendar_feed_get(user=mentee_a)
    planned = PlannedSending.objects.filter(program__owners=hr_a).order_by("pk").first()
    subscription = Subscription.objects.order_by("pk").first()  # the demo's (paused) webhook
    delivery = webhook_services.ping(subscription=subscription, by=admin)
    assert all(x is not None for x in (meeting, run, proposal, choice, suggestions, survey,
                                       question, instance, invitation, waiting, planned))

    # side B: another HR owner's program with its own pair, sponsor, survey and sending
    hr_b = UserFactory(role=Role.HR, email="hr-b@example.co.id")
    program_b = Program.objects.create(
        created_by=hr_b, **program_fields(name="Program B", status=Status.RECRUITING,
                                          mentee_places=None, mentor_places=None))
    program_b.owners.add(hr_b)
    members = []
    for grade, role, intake in ((2, ParticipantRole.MENTOR, MENTOR_INTAKE),
                                (10, ParticipantRole.MENTEE, MENTEE_INTAKE)):
        employee = EmployeeFactory(grade=grade)
        user = UserFactory(role=Role.PARTICIPANT, email=employee.email, employee=employee)
        enrolled = program_services.enrollment_apply(
            program=program_b, user=user, role=role, intake=intake, commitment_accepted=True)
        program_services.enrollment_approve(enrollment=enrolled, by=hr_b)
        members.append((user, Enrollment.objects.get(pk=enrolled.pk)))
    pair_b = pair_services.pair_create(program=program_b, mentor=members[0][1],
                                       mentee=members[1][1], by=hr_b)
    Program.objects.filter(pk=program_b.pk).update(status=Status.ACTIVE)
    for _user, member in members:
        TrainingResult.objects.create(enrollment=member, score=5, attempts=1,
                                      completed_at=timezone.now())
    pair_services.meeting_schedule(
        pair=pair_b, by=members[0][0], local_date=timezone.localdate() + dt.timedelta(days=3),
        local_time=dt.time(9, 0), time_zone="Asia/Jakarta")
    sponsor_b = UserFactory(role=Role.SPONSOR, email="sponsor-b@example.co.id")
    report_services.sponsor_assign(program=program_b, user=sponsor_b, by=hr_b)
    survey_b = survey_services.survey_copy(survey=survey, by=hr_b)
    now = timezone.now()
    sending_b = survey_services.survey_instance_create(
        survey=survey_b, by=hr_b, title="B", opens_at=now - dt.timedelta(days=9),
        closes_at=now - dt.timedelta(days=1), program_id=program_b.pk)
    survey_services.survey_instance_add_recipients(
        instance=sending_b, users=[user for user, _e in members], by=hr_b)

    from terbalik.api import services as api_services

    api_token = api_services.token_create(by=admin, name="matrix", scope="read").token
    owners = {
        "choice_mentee": suggestions.mentee.user,
        "choice_mentor": choice.mentor.user,
        "invitee": invitee,
    }
    uid = urlsafe_base64_encode(force_bytes(mentee_a.pk))
    kwargs = {
        "program_id": program.pk,
        "enrollment_id": enrollment.pk,
        "batch_id": batch.pk,
        "employee_id": mentee_a.employee.employee_id,
        "survey_id": survey.pk,
        "question_id": question.pk,
        "instance_id": instance.pk,
        "pair_id": pair.pk,
        "goal_id": goal.pk,
        "milestone_id": milestone.pk,
        "meeting_id": meeting.pk,
        "skill_slug": "social-media",  # a seeded skill (the taxonomy is company-wide)
        "side": "mentor",  # the pair's people: the demo mentor has a photo
        "run_id": run.pk,
        "simulation_id": simulation.pk,
        "proposal_id": proposal.pk,
        "request_id": choice.pk,
        "uidb64": uid,
        "action": "approve",
        "answer": "accept",
        "kind": "pairs",
        "fmt": "csv",
        "invitation_id": invitation.pk,
        "link_id": planned.pk,
        "subscription_id": subscription.pk,
        "delivery_id": delivery.pk,
        "provider_id": "company",  # the default OIDC provider id (single sign-on is off here)
        "key": "not-a-real-key",
        "uidb36": "1",
        "erasure_id": _pending_erasure(),
        "token_id": api_token.pk,
        # URL-specific values ("name/kwarg"), used before the generic ones above
        "programs:invitation/token": invitation_token(invitation.pk),
        "programs:manager_decision/token": manager_token(waiting.pk),
        "notify:feed/token": feed.token,
        "accounts:password_reset_confirm/token": default_token_generator.make_token(mentee_a),
        "matching:rematch_dismiss/request_id": rematch.pk,
        # the demo mentee's pending correction request (privacy.demo)
        "privacy:correction_decide/request_id": CorrectionRequest.objects.order_by("pk")
        .first().pk,
        "matching:mine/enrollment_id": suggestions.mentee.pk,
        "matching:choose/enrollment_id": suggestions.mentee.pk,
        "matching:refresh/enrollment_id": suggestions.mentee.pk,
        "programs:invitation_cancel/program_id": invitation.program_id,
        "programs:invitation_resend/program_id": invitation.program_id,
        "matching:program/program_id": run.program_id,
        "matching:settings/program_id": run.program_id,
        "matching:weights_preview/program_id": run.program_id,
        "matching:simulate/program_id": run.program_id,
        "people:records/kind": "departments",
        "programs:record_edit/kind": "departments",
        "programs:record_edit/record_id": Department.objects.order_by("pk").first().pk,
        "matching:run_start/program_id": run.program_id,
        "core:audit_entry/ref": f"a{AuditEntry.objects.order_by('pk').first().pk}",
    }
    users = {
        "anonymous": None,
        "participant_a": mentee_a,
        "participant_b": members[1][0],
        "sponsor_b": sponsor_b,
        "hr_b": hr_b,
        "hr_a": hr_a,
        "admin": admin,
    }
    # Open programs that are recruiting are shown to every employee by design (home page,
    # program page); every other side-A program name is a secret for side B.
    secrets = [p.name for p in Program.objects.exclude(pk=program_b.pk).exclude(
        status=Status.RECRUITING, enrollment_mode="open")]
    secrets += [i.title for i in SurveyInstance.objects.filter(created_by=hr_a)]
    return World(users=users, kwargs=kwargs, owners=owners, secrets_of_a=secrets)
