"""Programs: create (blank or from a template), edit goal and design, measurement plan,
owners and lifecycle transitions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from terbalik.accounts.models import User
from terbalik.core import audit
from terbalik.webhooks import services as webhooks

from .. import lifecycle, measurement, program_templates
from ..models import (
    MeasurementItem,
    MeasurementPhase,
    ParticipantRole,
    Program,
    Respondents,
    Status,
)
from .errors import TRANSITION_REFUSED, ServiceError

EDITABLE_STATUSES = (Status.DRAFT, Status.RECRUITING, Status.MATCHING)

#: fields HR may set through `program_update`
EDITABLE_FIELDS = frozenset(
    f.name
    for f in Program._meta.get_fields()
    if getattr(f, "concrete", False)
    and not f.many_to_many
    and f.name
    not in {
        "id",
        "status",
        "status_changed_at",
        "created_by",
        "created_at",
        "updated_at",
        "template_key",
    }
)


@dataclass(frozen=True)
class PlanItem:
    template_key: str
    phase: str
    offset_days: int = 0
    respondents: str = Respondents.BOTH


def _save_valid(program: Program) -> None:
    program.full_clean(exclude=["owners"])
    program.save()


def _schedule_measurements(program: Program, by: User) -> None:
    """The measurement plan schedules its own pre/post sendings from the program's dates.

    The surveys app owns sendings and sees programs; it is imported here, in the call, so the
    programs app does not depend on it at import time. Same transaction as the change.
    """
    from terbalik.surveys.planning import plan_schedule

    plan_schedule(program=program, by=by)


@transaction.atomic
def program_create(*, by: User, name: str, objective: str, **fields: Any) -> Program:
    """Create a draft program owned by `by`."""
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise ServiceError([_("Unknown field: %(field)s.") % {"field": ", ".join(sorted(unknown))}])
    program = Program(name=name, objective=objective, created_by=by, **fields)
    _save_valid(program)
    program.owners.add(by)
    audit.record(action="program.create", actor=by, target=program, details={"name": name})
    return program


@transaction.atomic
def program_create_from_template(
    *, by: User, template_key: str, language: str, start: Any = None
) -> Program:
    """A draft program filled from a template in `language`; HR adapts it afterwards."""
    template = program_templates.get(template_key)
    if template is None:
        raise ServiceError([_("Unknown program template: %(key)s.") % {"key": template_key}])
    fields = program_templates.program_fields(template, language)
    start = start or (timezone.localdate() + timedelta(days=30))
    end = start + timedelta(days=30 * template.duration_months)
    fields.update(
        start_date=start,
        end_date=end,
        goal_deadline=end,
        mentee_places=10,
        mentor_places=10,
        min_grade_gap=1,
    )
    fields.pop("template_key")
    program = Program(created_by=by, template_key=template.key, **fields)
    _save_valid(program)
    program.owners.add(by)
    for position, (key, phase, offset, respondents) in enumerate(template.measurements):
        MeasurementItem.objects.create(
            program=program,
            template_key=key,
            phase=phase,
            offset_days=offset,
            respondents=respondents,
            position=position,
        )
    audit.record(
        action="program.create",
        actor=by,
        target=program,
        details={"name": program.name, "template": template.key},
    )
    _schedule_measurements(program, by)
    return program


@transaction.atomic
def program_update(*, program: Program, by: User, changes: dict[str, Any]) -> Program:
    """Change goal/design fields; raises ValidationError (per field) and rolls back."""
    program = Program.objects.select_for_update().get(pk=program.pk)
    if program.status not in EDITABLE_STATUSES:
        raise ServiceError(
            [
                _("A program in status %(status)s can no longer be edited.")
                % {"status": Status(program.status).label}
            ]
        )
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise ServiceError([_("Unknown field: %(field)s.") % {"field": ", ".join(sorted(unknown))}])
    before = {name: getattr(program, name) for name in changes}
    for name, value in changes.items():
        setattr(program, name, value)
    _save_valid(program)
    changed = sorted(n for n in changes if before[n] != getattr(program, n))
    if changed:
        audit.record(action="program.update", actor=by, target=program, details={"fields": changed})
    _schedule_measurements(program, by)
    # more places may let people off the waitlist
    from .enrollment import waitlist_promote

    for role in ParticipantRole.values:
        waitlist_promote(program=program, role=role)
    return program


@transaction.atomic
def program_set_measurement_plan(
    *, program: Program, by: User, items: list[PlanItem]
) -> list[MeasurementItem]:
    errors: list[str] = []
    for n, item in enumerate(items, start=1):
        if not measurement.is_known(item.template_key):
            errors.append(
                _("Line %(line)d: unknown survey or test %(key)s.")
                % {"line": n, "key": item.template_key}
            )
        if item.phase not in MeasurementPhase.values:
            errors.append(_("Line %(line)d: choose when it runs.") % {"line": n})
        if item.respondents not in Respondents.values:
            errors.append(_("Line %(line)d: choose who answers.") % {"line": n})
    if errors:
        raise ServiceError(errors)
    program.measurements.all().delete()
    created = [
        MeasurementItem.objects.create(
            program=program,
            template_key=item.template_key,
            phase=item.phase,
            offset_days=item.offset_days,
            respondents=item.respondents,
            position=n,
        )
        for n, item in enumerate(items)
    ]
    audit.record(
        action="program.measurement_plan",
        actor=by,
        target=program,
        details={"items": [f"{i.template_key}:{i.phase}" for i in items]},
    )
    _schedule_measurements(program, by)
    return created


@transaction.atomic
def program_add_owner(*, program: Program, by: User, user: User) -> None:
    if not user.is_hr:
        raise ServiceError([_("Only HR users can own a program.")])
    program.owners.add(user)
    audit.record(action="program.owner_add", actor=by, target=program, details={"user": user.email})


@transaction.atomic
def program_transition(
    *, program: Program, to: str, by: User, published_pairs: int = 0
) -> Program:
    """Move the program to `to`; raises ServiceError (code TRANSITION_REFUSED) naming what is
    missing.

    `published_pairs`: how many pairs the program has published, given by the caller that can
    see pairs (the move matching → active needs at least one)."""
    program = Program.objects.select_for_update().get(pk=program.pk)
    missing = lifecycle.missing_for(program, to, published_pairs=published_pairs)
    if missing:
        raise ServiceError(missing, code=TRANSITION_REFUSED)
    previous = program.status
    program.status = to
    program.status_changed_at = timezone.now()
    program.save(update_fields=["status", "status_changed_at", "updated_at"])
    webhooks.emit("program.phase_changed", program, previous=previous)
    audit.record(
        action="program.transition",
        actor=by,
        target=program,
        details={"from": previous, "to": to},
    )
    return program


@transaction.atomic
def program_set_closing_summary(*, program: Program, by: User, summary: str) -> Program:
    if program.status not in (Status.ACTIVE, Status.CLOSING):
        raise ServiceError([_("The closing summary is written when the program closes.")])
    program.closing_summary = summary.strip()
    program.save(update_fields=["closing_summary", "updated_at"])
    audit.record(action="program.closing_summary", actor=by, target=program)
    return program


__all__ = [
    "EDITABLE_FIELDS",
    "EDITABLE_STATUSES",
    "PlanItem",
    "program_add_owner",
    "program_create",
    "program_create_from_template",
    "program_set_closing_summary",
    "program_set_measurement_plan",
    "program_transition",
    "program_update",
]
