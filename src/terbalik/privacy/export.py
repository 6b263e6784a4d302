"""“Download my data” (UU PDP right of access): everything Terbalik holds about one person,
as JSON and as a readable PDF in their language.

`EXPORTED` lists, per model, how to find the person's rows. `NOT_PERSONAL` lists models that
reference a person but are not exported, each with the reason. A test walks the model graph
and fails when a model that references a person (directly, or through an exported model
marked as a hub: an enrolment, a pair, a survey response...) is in neither, so a new model is
never forgotten.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db import models
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

Finder = Callable[[Any, Any], QuerySet[Any]]


@dataclass(frozen=True)
class Section:
    label: str  # app_label.model_name
    title: Any  # lazy translated title
    find: Finder  # (user, employee) -> the person's rows
    hub: bool = False  # rows belong to the person, so models hanging off them are theirs too
    exclude: tuple[str, ...] = ()  # secrets (password hashes, tokens) never exported


def _none(model: str) -> QuerySet[Any]:
    return apps.get_model(model).objects.none()


def _by_employee(model: str, field: str = "employee") -> Finder:
    return lambda user, employee: (apps.get_model(model).objects.filter(**{field: employee})
                                   if employee else _none(model))


def _by_user(model: str, field: str = "user") -> Finder:
    return lambda user, employee: apps.get_model(model).objects.filter(**{field: user})


def _pairs(employee: Any) -> Q:
    return Q(mentor__employee=employee) | Q(mentee__employee=employee)


def _by_pair(model: str, path: str = "pair") -> Finder:
    def find(user: Any, employee: Any) -> QuerySet[Any]:
        if employee is None:
            return _none(model)
        pairs = apps.get_model("pairs.Pair").objects.filter(_pairs(employee)).values("pk")
        return apps.get_model(model).objects.filter(**{f"{path}__in": pairs})
    return find


def _either(model: str, *fields: str) -> Finder:
    def find(user: Any, employee: Any) -> QuerySet[Any]:
        if employee is None:
            return _none(model)
        q = Q()
        for field in fields:
            q |= Q(**{f"{field}__employee": employee})
        return apps.get_model(model).objects.filter(q)
    return find


def _audit(user: Any, employee: Any) -> QuerySet[Any]:
    q = Q(actor=user) | Q(target_type="accounts.user", target_id=str(user.pk))
    if employee is not None:
        q |= Q(target_type="people.employee", target_id=str(employee.pk))
    return apps.get_model("core.AuditEntry").objects.filter(q)


def _programs(user: Any, employee: Any) -> QuerySet[Any]:
    return apps.get_model("programs.Program").objects.filter(
        Q(created_by=user) | Q(owners=user)).distinct()


def _rematch(user: Any, employee: Any) -> QuerySet[Any]:
    """The person's own requests (and any they resolved as HR): a request the partner filed
    is for HR only, never the partner (its reason included), so it is not theirs to export."""
    q = Q(requested_by=user) | Q(resolved_by=user)
    return apps.get_model("matching.RematchRequest").objects.filter(q).distinct()


EXPORTED: tuple[Section, ...] = (
    Section("accounts.user", _("Account"), lambda u, e: apps.get_model("accounts.User")
            .objects.filter(pk=u.pk), exclude=("password",)),
    Section("people.employee", _("Directory entry"),
            lambda u, e: apps.get_model("people.Employee").objects.filter(
                pk=getattr(e, "pk", None))),
    Section("people.profile", _("Profile"), _by_employee("people.Profile")),
    Section("privacy.consentrecord", _("Consent"), _by_user("privacy.ConsentRecord"),
            hub=True),
    Section("privacy.erasurerequest", _("Erasure requests"),
            lambda u, e: apps.get_model("privacy.ErasureRequest").objects.filter(
                Q(user=u) | Q(employee=e) if e else Q(user=u))),
    Section("privacy.correctionrequest", _("Correction requests"),
            _by_employee("privacy.CorrectionRequest"), hub=True),
    Section("programs.enrollment", _("Program applications"),
            _by_employee("programs.Enrollment"), hub=True),
    Section("programs.invitation", _("Invitations"), _by_employee("programs.Invitation"),
            hub=True),
    Section("programs.program", _("Programs I created or manage"), _programs),
    Section("pairs.pair", _("Mentoring pairs"),
            lambda u, e: (apps.get_model("pairs.Pair").objects.filter(_pairs(e))
                          if e else _none("pairs.Pair")), hub=True),
    Section("pairs.agreement", _("Pair agreements"), _by_pair("pairs.Agreement"), hub=True),
    Section("pairs.goal", _("Goals"), _by_pair("pairs.Goal"), hub=True),
    Section("pairs.milestone", _("Milestones"), _by_pair("pairs.Milestone", "goal__pair")),
    Section("pairs.goalprogress", _("Goal progress"),
            _by_pair("pairs.GoalProgress", "goal__pair")),
    Section("pairs.note", _("Shared notes"), _by_pair("pairs.Note")),
    Section("pairs.meeting", _("Meetings"), _by_pair("pairs.Meeting"), hub=True),
    Section("pairs.checkin", _("Meeting check-ins"), _by_user("pairs.CheckIn")),
    Section("pairs.healthrecord", _("Pair health"), _by_pair("pairs.HealthRecord")),
    Section("pairs.nudge", _("Reminders from HR"), _by_user("pairs.Nudge", "recipient")),
    Section("pairs.trainingresult", _("Training results"),
            _by_employee("pairs.TrainingResult", "enrollment__employee")),
    Section("matching.proposal", _("Match proposals"),
            _either("matching.Proposal", "mentee", "mentor", "engine_mentor")),
    Section("matching.suggestionset", _("Partner suggestions"),
            _either("matching.SuggestionSet", "mentee"), hub=True),
    Section("matching.choicerequest", _("Partner choices"),
            _either("matching.ChoiceRequest", "mentee", "mentor")),
    Section("matching.rematchrequest", _("Re-match requests"), _rematch),
    Section("surveys.recipient", _("Surveys sent to me"), _by_user("surveys.Recipient")),
    Section("surveys.response", _("Survey responses"), _by_user("surveys.Response"), hub=True),
    Section("surveys.answer", _("Survey answers"), _by_user("surveys.Answer", "response__user")),
    Section("surveys.delivery", _("Survey e-mails"), _by_user("surveys.Delivery")),
    Section("notify.emailpreference", _("E-mail preferences"),
            _by_user("notify.EmailPreference")),
    Section("notify.calendarfeed", _("Calendar feed"), _by_user("notify.CalendarFeed"),
            exclude=("token",)),
    Section("notify.notificationlog", _("E-mails sent to me"),
            _by_user("notify.NotificationLog"),
            # a queued chat row's address may be a Teams webhook (a credential); a sent
            # row's text is already cleared
            exclude=("message",)),
    Section("core.auditentry", _("Audit trail about me or by me"), _audit),
    Section("reports.programsponsor", _("Programs I sponsor"),
            _by_user("reports.ProgramSponsor")),
    Section("account.emailaddress", _("Sign-in addresses"), _by_user("account.EmailAddress")),
    Section("socialaccount.socialaccount", _("Company sign-in accounts"),
            _by_user("socialaccount.SocialAccount"), exclude=("extra_data",)),
    Section("mfa.authenticator", _("Two-factor authentication"),
            _by_user("mfa.Authenticator"), exclude=("data",)),
    Section("admin.logentry", _("Admin actions"), _by_user("admin.LogEntry")),
    Section("auditlog.logentry", _("Changes of roles and access made by me"),
            _by_user("auditlog.LogEntry", "actor"), exclude=("remote_addr",)),
    Section("notify.chatpreference", _("Chat channels"), _by_user("notify.ChatPreference"),
            exclude=("teams_webhook_url",)),
)

#: models that reference a person but are not exported, and why (read by the DPO and the
#: model-graph test; a model that is neither here nor in EXPORTED fails the test)
NOT_PERSONAL: dict[str, str] = {
    "accounts.user_groups": "covered by accounts.user: group membership is the role, exported",
    "accounts.user_user_permissions": "covered by accounts.user: permissions follow the role",
    "programs.program_owners": "covered by programs.program (programs the person manages)",
    "people.importbatch": "a directory file an HR person uploaded: an HR action, recorded in "
                          "core.auditentry; its people are exported through people.employee",
    "matching.matchrun": "a matching run HR started or published: an HR action, recorded in "
                         "core.auditentry; each person's part is in matching.proposal",
    "matching.matchingsettings": "program settings, not about a person",
    "surveys.survey": "a questionnaire HR wrote: an HR action, not data about a person",
    "surveys.surveyversion": "a questionnaire version HR saved: not data about a person",
    "surveys.surveyinstance": "a survey sending HR created; who received it is "
                              "surveys.recipient, exported",
    "pairs.launch": "a program's launch by HR: an HR action, recorded in core.auditentry",
    "socialaccount.socialtoken": "access tokens of the company sign-in: secrets, never exported",
    "matching.simulation": "a what-if comparison HR started: settings and figures only, it "
                           "names nobody",
    "notify.programchatchannel": "a program's chat channel HR set up: an HR action, not data "
                                 "about a person",
    "webhooks.subscription": "an integration a platform admin set up: an admin action, "
                             "recorded in core.auditentry",
    "skills.skillmerge": "a merge of two skills HR made: an HR action, recorded in "
                         "core.auditentry; it names skills, not people",
    "skills.taxonomyversion": "a counter of changes to the skills list: names nobody",
    "api.apitoken": "an API client's credential a platform admin created: a secret, never "
                    "exported; it names the client, not the person",
    "account.emailconfirmation": "a one-time confirmation key: a secret, never exported",
}


def section_labels() -> set[str]:
    return {s.label for s in EXPORTED}


# --- serialising ---------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).isoformat() if timezone.is_aware(value) else \
            value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if hasattr(value, "name") and hasattr(value, "storage"):  # a file field
        return value.name or ""
    if isinstance(value, bytes | memoryview):
        return f"<{len(bytes(value))} bytes>"
    return value


def _fields(model: type[models.Model], exclude: tuple[str, ...]) -> list[models.Field[Any, Any]]:
    return [f for f in model._meta.concrete_fields if f.name not in exclude]


def _rows(section: Section, user: Any, employee: Any) -> list[dict[str, Any]]:
    qs = section.find(user, employee).order_by("pk")
    fields = _fields(qs.model, section.exclude)
    return [{f.attname: _plain(getattr(obj, f.attname)) for f in fields} for obj in qs]


def collect(*, user: Any) -> dict[str, Any]:
    """The person's data: {"generated_at", "notice_version", "sections": {label: rows}}."""
    from . import notice

    employee = getattr(user, "employee", None)
    return {
        "generated_at": timezone.localtime().isoformat(),
        "notice_version": notice.current().number,
        "sections": {s.label: _rows(s, user, employee) for s in EXPORTED
                     if _installed(s.label)},
    }


def _installed(label: str) -> bool:
    try:
        apps.get_model(label)
    except LookupError:
        return False
    return True


def export_json(*, user: Any) -> bytes:
    return json.dumps(collect(user=user), ensure_ascii=False, indent=2,
                      default=str).encode("utf-8")


def readable(*, user: Any) -> list[tuple[str, list[list[tuple[str, str]]]]]:
    """For the PDF: [(section title, [[(field label, value text), ...] per row])], in the
    active language; choices shown by their label."""
    employee = getattr(user, "employee", None)
    out = []
    for section in EXPORTED:
        if not _installed(section.label):
            continue
        qs = section.find(user, employee).order_by("pk")
        fields = _fields(qs.model, section.exclude)
        rows = []
        for obj in qs:
            row = []
            for f in fields:
                value = getattr(obj, f.attname)
                if f.choices and value not in (None, ""):
                    value = getattr(obj, f"get_{f.name}_display")()
                text = _plain(value)
                if isinstance(text, dict | list):
                    text = json.dumps(text, ensure_ascii=False, default=str)
                row.append((str(f.verbose_name), "" if text is None else str(text)))
            rows.append(row)
        out.append((str(section.title), rows))
    return out


def export_pdf(*, user: Any, language: str) -> bytes:
    from .export_pdf import build_pdf

    return build_pdf(user=user, language=language)
