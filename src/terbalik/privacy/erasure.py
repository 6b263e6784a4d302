"""Pseudonymisation: one person's identity replaced, their free text removed, numbers kept.

`pseudonymise(employee=..., user=...)` is the single place that knows where a person's data
lives. What it does, per kind of data:

- identity (account and directory entry): name and e-mail become a stable pseudonym
  (`pseudonyms`), the employee number an ERASED-... code, the birth date keeps its year only,
  the job title goes; grade, department, location, languages, hire and
  exit dates and the active flag stay (the reports' breakdowns and retention need them);
- the account can no longer sign in (unusable password, inactive, sign-in addresses, SSO
  links and second factors deleted, calendar feed revoked);
- free text the person wrote or that was written in their pairs: notes, the agreement's
  wording, goals, milestones, progress notes, meeting places, check-in comments, the HR
  nudges they received, rematch reasons, text answers of surveys, free-text intake answers,
  the WhatsApp number and the photo (the file is deleted from storage after the commit);
- numbers and states (ratings, scores, survey choices, meeting outcomes, dates) stay, so
  every report gives the same numbers;
- logs: stored notification messages addressed to them are cleared, and their name and
  e-mail are replaced in the audit trail, the admin's history and match-run snapshots.

`erasure_registry.HANDLED` and `NOT_PERSONAL` list every text field of every model that points
at a person (directly or through other models); tests/privacy/test_model_graph.py fails when
a model with a text field is added and nobody decided what erasure does with it.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_noop

from terbalik.accounts.models import User
from terbalik.core import audit
from terbalik.core.models import FormSubmission
from terbalik.matching.models import (
    ChoiceRequest,
    MatchRun,
    Proposal,
    RematchRequest,
    SuggestionSet,
)
from terbalik.notify.models import CalendarFeed, ChatPreference, NotificationLog, SendStatus
from terbalik.pairs.models import (
    Agreement,
    CheckIn,
    Goal,
    GoalProgress,
    Meeting,
    Milestone,
    Note,
    Nudge,
    Pair,
)
from terbalik.people.models import Employee, ImportBatch, Profile
from terbalik.programs.intake import normalise_items
from terbalik.programs.models import Enrollment
from terbalik.surveys.models import TEXT_TYPES, Answer
from terbalik.webhooks.models import Delivery

from . import pseudonyms
from .models import CorrectionRequest, ErasureRequest

#: intake keys that hold list items the matching and the reports count, not free text
INTAKE_KEPT = ("skills_wanted", "skills_offered", "languages", "capacity", "channels", "avoid")
#: of those, the skill lists: ids from the taxonomy, then terms as typed (unmapped), which can
#: name a person; only the ids are kept
SKILL_KEPT = ("skills_wanted", "skills_offered")


def skill_ids_only(values: Any) -> list[str]:
    """The taxonomy ids (known skill slugs, deactivated or merged ones too) of a skill list;
    typed terms no skill answers to are dropped."""
    from terbalik.skills.selectors import taxonomy

    known = taxonomy().entries
    return [v for v in (values or []) if isinstance(v, str) and v in known]


def _needles(employee: Employee | None, user: User | None) -> list[str]:
    """The strings that name the person: names, e-mail addresses, the employee number."""
    found: list[str] = []
    for value in (
        employee.full_name if employee else "",
        employee.email if employee else "",
        employee.employee_id if employee else "",
        user.full_name if user else "",
        user.email if user else "",
    ):
        value = (value or "").strip()
        if len(value) >= 3 and value not in found and not pseudonyms.is_pseudonymous_email(value):
            found.append(value)
    return found


def _pattern(needles: Iterable[str]) -> re.Pattern[str]:
    """The needles as whole words or tokens, case-insensitive: erasing "Ani" leaves "Daniel",
    `K000012` leaves `K0000120`, ani@x.id leaves dani@x.id (longest needle first)."""
    words = "|".join(re.escape(n) for n in sorted(set(needles), key=len, reverse=True))
    if not words:
        return re.compile(r"(?!)")
    return re.compile(rf"(?<![\w.+-])(?:{words})(?![\w-]|\.\w)", re.IGNORECASE)


Replacement = str | Mapping[str, str]


def _replace(text: str, needles: Iterable[str], by: Replacement) -> str:
    """`text` with each whole-word occurrence of a needle replaced by `by` (one string, or
    per needle: {needle: replacement}, looked up case-insensitively)."""
    needles = list(needles)
    if not needles or not text:
        return text
    if isinstance(by, str):
        return _pattern(needles).sub(lambda _m: by, text)
    table = {k.casefold(): v for k, v in by.items()}
    return _pattern(needles).sub(lambda m: table.get(m.group(0).casefold(), m.group(0)), text)


def mentions(text: Any, needles: Iterable[str]) -> bool:
    """Whether `text` (JSON-like too) names a needle as a whole word."""
    if isinstance(text, (list, dict)):
        text = json.dumps(text, ensure_ascii=False)
    return bool(text) and _pattern(needles).search(str(text)) is not None


def scrub(value: Any, needles: Iterable[str], by: Replacement) -> Any:
    """`value` (JSON-like) with every whole-word occurrence of a needle in its strings
    replaced."""
    needles = list(needles)
    if isinstance(value, str):
        return _replace(value, needles, by)
    if isinstance(value, list):
        return [scrub(v, needles, by) for v in value]
    if isinstance(value, dict):
        return {scrub(k, needles, by): scrub(v, needles, by) for k, v in value.items()}
    return value


def swap(value: Any, old: str, new: str) -> Any:
    """`value` (JSON-like) with every string equal to `old` (keys too) replaced by `new`."""
    if isinstance(value, str):
        return new if value == old else value
    if isinstance(value, list):
        return [swap(v, old, new) for v in value]
    if isinstance(value, dict):
        return {swap(k, old, new): swap(v, old, new) for k, v in value.items()}
    return value


def _mentions(field: str, needles: list[str]) -> Q:
    """A database pre-filter only (substring): Python decides with `mentions`/`_replace`."""
    query = Q(pk__in=[])
    for needle in needles:
        query |= Q(**{f"{field}__icontains": needle})
    return query


def _delete_file_after_commit(storage: Any, name: str) -> None:
    def delete() -> None:
        try:
            storage.delete(name)
        except OSError:  # already gone: nothing left to erase
            pass

    transaction.on_commit(delete)


def _identity(
    employee: Employee | None, user: User | None, pseudo: pseudonyms.Pseudonym, counts: Counter[str]
) -> None:
    if employee is not None:
        employee.full_name = pseudo.name
        employee.email = pseudo.email
        employee.employee_id = pseudo.employee_id
        employee.birth_date = pseudonyms.coarse_birth_date(employee.birth_date)
        employee.job_title = ""
        employee.skills_offered = skill_ids_only(employee.skills_offered)
        employee.skills_wanted = skill_ids_only(employee.skills_wanted)
        # the manager link stays: other people's reporting lines pass through this entry, and
        # the matching must never pair someone with their manager's manager
        employee.save()
        counts[gettext_noop("directory entry")] += 1
        profile = Profile.objects.filter(employee=employee).first()
        if profile is not None:
            if profile.photo:
                _delete_file_after_commit(profile.photo.storage, profile.photo.name)
                counts[gettext_noop("photo")] += 1
            profile.photo = ""
            profile.whatsapp = ""
            profile.whatsapp_consent = False
            profile.save()
    if user is not None:
        user.full_name = pseudo.name
        user.email = pseudo.email
        user.set_unusable_password()
        user.is_active = False
        user.is_staff = False
        user.is_superuser = False
        user.save()
        counts[gettext_noop("account")] += 1
        from allauth.account.models import EmailAddress
        from allauth.mfa.models import Authenticator
        from allauth.socialaccount.models import SocialAccount

        for model in (EmailAddress, SocialAccount, Authenticator):
            model.objects.filter(user=user).delete()
        CalendarFeed.objects.filter(user=user).delete()
        ChatPreference.objects.filter(user=user).delete()  # Slack id, Teams address, number


def clear(queryset: Any, counts: Counter[str], label: str, **values: Any) -> None:
    """Set the text fields in `values` on every row that still has any of them."""
    filled = Q(pk__in=[])
    for name in values:
        filled |= ~Q(**{name: ""})
    counts[label] += queryset.filter(filled).update(**values)


def clear_pair_texts(pairs: Any, counts: Counter[str]) -> None:
    """The shared text of these pairs: both members wrote it, about each other."""
    clear(Note.objects.filter(pair__in=pairs), counts, gettext_noop("notes"), body="")
    clear(
        Agreement.objects.filter(pair__in=pairs),
        counts,
        gettext_noop("agreements"),
        expectations="",
        touchpoint_note="",
    )
    clear(
        Goal.objects.filter(pair__in=pairs),
        counts,
        gettext_noop("goals"),
        statement="",
        achievable="",
        relevance="",
    )
    clear(
        Milestone.objects.filter(goal__pair__in=pairs), counts, gettext_noop("milestones"), title=""
    )
    clear(
        GoalProgress.objects.filter(goal__pair__in=pairs),
        counts,
        gettext_noop("progress notes"),
        note="",
    )
    clear(
        Meeting.objects.filter(pair__in=pairs), counts, gettext_noop("meeting places"), location=""
    )


def _own_texts(user: User, counts: Counter[str]) -> None:
    clear(CheckIn.objects.filter(user=user), counts, gettext_noop("check-in comments"), comment="")
    clear(Nudge.objects.filter(recipient=user), counts, gettext_noop("nudges"), body="")
    clear(
        RematchRequest.objects.filter(requested_by=user),
        counts,
        gettext_noop("rematch reasons"),
        reason="",
    )
    clear(GoalProgress.objects.filter(by=user), counts, gettext_noop("progress notes"), note="")
    clear(Note.objects.filter(author=user), counts, gettext_noop("notes"), body="")
    text_answers = (
        Answer.objects.filter(response__user=user, question__type__in=TEXT_TYPES)
        .filter(value__isnull=False)
        .exclude(value="")
    )
    counts[gettext_noop("survey text answers")] += text_answers.update(value="")


def clear_intakes(enrollments: Any, counts: Counter[str]) -> None:
    for enrollment in enrollments.only("pk", "intake", "reason"):
        intake = {k: skill_ids_only(v) if k in SKILL_KEPT else v
                  for k, v in (enrollment.intake or {}).items() if k in INTAKE_KEPT}
        if intake != (enrollment.intake or {}) or enrollment.reason:
            Enrollment.objects.filter(pk=enrollment.pk).update(intake=intake, reason="")
            counts[gettext_noop("intake answers")] += 1


def _drop_interests(details: Any) -> Any:
    if isinstance(details, dict) and details.get("shared_interests"):
        return {**details, "shared_interests": []}
    return details


def _matching(
    enrollments: Any,
    old_id: str,
    pseudo: pseudonyms.Pseudonym | None,
    needles: list[str],
    counts: Counter[str],
) -> None:
    """Shared interests in the scores of the person's pairs, proposals and suggestions, and
    their rows in match-run snapshots (identity replaced by the pseudonymous employee id,
    which is also the directory's now, so the run still reads consistently)."""
    ids = list(enrollments.values_list("pk", flat=True))
    for pair in Pair.objects.filter(Q(mentor__in=ids) | Q(mentee__in=ids)).only("score_details"):
        Pair.objects.filter(pk=pair.pk).update(score_details=_drop_interests(pair.score_details))
    for proposal in Proposal.objects.filter(Q(mentor__in=ids) | Q(mentee__in=ids)).only("details"):
        Proposal.objects.filter(pk=proposal.pk).update(details=_drop_interests(proposal.details))
    for request in ChoiceRequest.objects.filter(Q(mentor__in=ids) | Q(mentee__in=ids)).only(
        "details"
    ):
        ChoiceRequest.objects.filter(pk=request.pk).update(details=_drop_interests(request.details))
    for sset in SuggestionSet.objects.filter(mentee__in=ids).only("items"):
        items = [
            {**i, "details": _drop_interests(i.get("details"))} if isinstance(i, dict) else i
            for i in sset.items
        ]
        SuggestionSet.objects.filter(pk=sset.pk).update(items=items)
    if not old_id or pseudo is None:
        return
    new_id = pseudo.employee_id
    runs = MatchRun.objects.filter(
        Q(snapshot__icontains=old_id) | Q(result__icontains=old_id) | Q(fixed__icontains=old_id)
    ).only("snapshot", "result", "fixed")
    for run in runs:
        snapshot = []
        for row in run.snapshot:
            row = dict(row)
            if row.get("employee_id") == old_id:
                row.update(
                    employee_id=new_id,
                    name="",
                    birth_date=pseudonyms.coarse_birth_date_iso(row.get("birth_date")),
                )
            if row.get("manager_id") == old_id:
                row["manager_id"] = new_id
            if isinstance(row.get("avoid"), list):
                row["avoid"] = [
                    normalise_items([new_id])[0] if a == normalise_items([old_id])[0] else a
                    for a in row["avoid"]
                ]
            snapshot.append(row)
        result = swap(run.result, old_id, new_id)
        fixed = scrub(run.fixed, needles, pseudo.name)
        if (snapshot, result, fixed) == (run.snapshot, run.result, run.fixed):
            continue  # the id only occurs inside another one (K000012 in K0000120)
        MatchRun.objects.filter(pk=run.pk).update(snapshot=snapshot, result=result, fixed=fixed)
        counts[gettext_noop("match-run snapshots")] += 1


def _replacements(
    employee: Employee | None, user: User | None, pseudo: pseudonyms.Pseudonym
) -> dict[str, str]:
    """Each needle -> what stands in its place: names by the pseudonym's name, e-mail
    addresses by its e-mail address, the employee number by the pseudonymous number."""
    table: dict[str, str] = {}
    for value, new in (
        (employee.employee_id if employee else "", pseudo.employee_id),
        (employee.email if employee else "", pseudo.email),
        (user.email if user else "", pseudo.email),
        (employee.full_name if employee else "", pseudo.name),
        (user.full_name if user else "", pseudo.name),
    ):
        value = (value or "").strip()
        if value:
            table.setdefault(value, new)
    return table


def _logs(
    user: User | None,
    needles: list[str],
    by: Mapping[str, str],
    name: str,
    counts: Counter[str],
) -> None:
    """Notification messages, the audit trail, the admin's history, stored form answers.

    The database filters are substring pre-filters; a row is changed, counted or deleted only
    when one of its texts names the person as a whole word (erasing "Ani" leaves "Daniel")."""
    waiting = (SendStatus.QUEUED, SendStatus.SENDING)
    logs = NotificationLog.objects.exclude(status__in=waiting).exclude(message={}, last_error="")
    if user is not None:
        counts[gettext_noop("notification log")] += (
            logs.filter(user=user).update(message={}, last_error=""))
    if needles:
        for log in logs.filter(_mentions("message", needles) | _mentions("last_error", needles)
                               ).only("message", "last_error"):
            if mentions(log.message, needles) or mentions(log.last_error, needles):
                NotificationLog.objects.filter(pk=log.pk).update(message={}, last_error="")
                counts[gettext_noop("notification log")] += 1
    # the trail is append-only: its one rewriting path (both tables, PostgreSQL trigger aware)
    counts[gettext_noop("audit entries")] += audit.redact_person(texts=needles, replacement=name)
    if not needles:
        return
    # webhook payloads carry the directory's employee number (it becomes the pseudonymous
    # number, the name the pseudonym's name); a receiver's answer may echo it
    mentioned = _mentions("payload", needles) | _mentions("response_body", needles)
    for delivery in Delivery.objects.filter(mentioned).only("payload", "response_body"):
        payload = scrub(delivery.payload, needles, by)
        echoed = mentions(delivery.response_body, needles)
        if payload != delivery.payload or echoed:
            Delivery.objects.filter(pk=delivery.pk).update(
                payload=payload, response_body="" if echoed else delivery.response_body)
            counts[gettext_noop("webhook deliveries")] += 1
    from django.contrib.admin.models import LogEntry

    for log in LogEntry.objects.filter(
        _mentions("object_repr", needles) | _mentions("change_message", needles)
    ).only("object_repr", "change_message"):
        object_repr = _replace(log.object_repr, needles, by)[:200]
        change_message = _replace(log.change_message, needles, by)
        if (object_repr, change_message) != (log.object_repr, log.change_message):
            LogEntry.objects.filter(pk=log.pk).update(
                object_repr=object_repr, change_message=change_message)
            counts[gettext_noop("admin history")] += 1
    named = [
        submission.pk
        for submission in FormSubmission.objects.filter(
            _mentions("body", needles)
            | _mentions("location", needles)
            | _mentions("headers", needles)
            | _mentions("cookies", needles)
        ).only("body", "location", "headers", "cookies")
        if any(mentions(getattr(submission, f), needles)
               for f in ("body", "location", "headers", "cookies"))
    ]
    if named:
        counts[gettext_noop("stored form answers")] += (
            FormSubmission.objects.filter(pk__in=named).delete()[0])
    applied = ImportBatch.objects.exclude(status=ImportBatch.Status.PREVIEW)
    with_content = set(applied.filter(~Q(content=b"")).values_list("pk", flat=True))
    for batch in applied.filter(
        Q(pk__in=with_content) | _mentions("summary", needles) | _mentions("file_name", needles)
    ).only("summary", "file_name"):
        # an imported file lists everyone; once applied it is no longer needed
        summary = scrub(batch.summary, needles, by)
        file_name = _replace(batch.file_name, needles, by)
        if batch.pk in with_content or (summary, file_name) != (batch.summary, batch.file_name):
            ImportBatch.objects.filter(pk=batch.pk).update(
                content=b"", summary=summary, file_name=file_name)
            counts[gettext_noop("imported files")] += 1


@transaction.atomic
def pseudonymise(
    *, employee: Employee | None = None, user: User | None = None
) -> tuple[pseudonyms.Pseudonym, dict[str, int]]:
    """Erase one person (an employee and their account, or an account alone). Safe to run
    again: a second run finds nothing left to change. Returns the pseudonym and what changed."""
    if employee is None and user is None:
        raise ValueError("pseudonymise needs an employee or a user")
    if employee is not None and user is None:
        user = User.objects.filter(employee=employee).first()
    if user is not None and employee is None and user.employee_id:
        employee = user.employee
    pseudo = (
        pseudonyms.for_employee(employee.pk)
        if employee is not None
        else pseudonyms.for_user(user.pk)
    )  # type: ignore[union-attr]
    needles = _needles(employee, user)
    old_id = employee.employee_id if employee is not None else ""
    counts: Counter[str] = Counter()
    enrollments = Enrollment.objects.none()
    if employee is not None:
        enrollments = Enrollment.objects.filter(employee=employee)
    if user is not None:
        enrollments = Enrollment.objects.filter(Q(user=user) | Q(pk__in=enrollments.values("pk")))
        _own_texts(user, counts)
    pairs = Pair.objects.filter(Q(mentor__in=enrollments) | Q(mentee__in=enrollments))
    for role in ("mentor", "mentee"):  # what they wrote in their role (rows without a user too)
        in_role = Pair.objects.filter(**{f"{role}__in": enrollments})
        clear(CheckIn.objects.filter(meeting__pair__in=in_role, role=role), counts,
              gettext_noop("check-in comments"), comment="")
        clear(Nudge.objects.filter(pair__in=in_role, role=role), counts,
              gettext_noop("nudges"), body="")
        clear(RematchRequest.objects.filter(pair__in=in_role, role=role), counts,
              gettext_noop("rematch reasons"), reason="")
    clear_pair_texts(pairs, counts)
    clear_intakes(enrollments, counts)
    _matching(enrollments, old_id if old_id != pseudo.employee_id else "", pseudo, needles, counts)
    _logs(user, needles, _replacements(employee, user, pseudo), pseudo.name, counts)
    people = Q(employee=employee) if employee is not None else Q(pk__in=[])
    if user is not None:
        people |= Q(user=user)
    ErasureRequest.objects.filter(people).exclude(explanation="").update(explanation="")
    if employee is not None:
        clear(CorrectionRequest.objects.filter(employee=employee), counts,
              gettext_noop("correction requests"), current_value="", requested_value="",
              note="", reason="")
    _identity(employee, user, pseudo, counts)
    return pseudo, {k: v for k, v in sorted(counts.items()) if v}


def is_erased(employee: Employee | None = None, user: User | None = None) -> bool:
    if employee is not None:
        return employee.employee_id.startswith(pseudonyms.ID_PREFIX)
    return user is not None and pseudonyms.is_pseudonymous_email(user.email)
