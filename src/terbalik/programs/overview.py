"""The HR overview of a program: counts, places left, matching gaps and the next step."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from terbalik.skills.selectors import taxonomy

from . import lifecycle
from .models import LIVE, EnrollmentStatus, ParticipantRole, Program, Status


@dataclass
class RoleCounts:
    role: str
    label: str
    by_status: dict[str, int]
    places: int | None
    held: int

    @property
    def places_left(self) -> int | None:
        return None if self.places is None else max(0, self.places - self.held)


@dataclass
class Overview:
    program: Program
    roles: list[RoleCounts]
    statuses: list[tuple[str, str]]
    gaps: list[str] = field(default_factory=list)
    next_status: str | None = None
    next_label: str = ""
    missing: list[str] = field(default_factory=list)
    next_step: str = ""


def _gaps(program: Program) -> list[str]:
    rows = program.enrollments.filter(status__in=LIVE).values_list("role", "intake")
    wanted: Counter[str] = Counter()
    offered: Counter[str] = Counter()
    mentee_langs: Counter[str] = Counter()
    mentor_langs: set[str] = set()
    mentees = mentor_capacity = 0
    for role, intake in rows:
        intake = intake or {}
        if role == ParticipantRole.MENTEE:
            mentees += 1
            wanted.update(set(intake.get("skills_wanted", [])))
            mentee_langs.update(set(intake.get("languages", [])))
        else:
            offered.update(set(intake.get("skills_offered", [])))
            mentor_langs.update(intake.get("languages", []))
            mentor_capacity += int(intake.get("capacity") or 1)
    gaps: list[str] = []
    for skill, count in sorted(wanted.items(), key=lambda kv: (-kv[1], kv[0])):
        if skill not in offered:
            gaps.append(
                ngettext(
                    "%(count)d mentee wants '%(skill)s'; no mentor offers it.",
                    "%(count)d mentees want '%(skill)s'; no mentor offers it.",
                    count,
                )
                % {"count": count, "skill": taxonomy().label(skill)}
            )
    for language, count in sorted(mentee_langs.items()):
        if mentor_langs and language not in mentor_langs:
            gaps.append(
                ngettext(
                    "%(count)d mentee speaks '%(language)s'; no mentor does.",
                    "%(count)d mentees speak '%(language)s'; no mentor does.",
                    count,
                )
                % {"count": count, "language": language}
            )
    if mentees and mentor_capacity < mentees:
        gaps.append(
            _("Mentors can take %(capacity)d mentees in total, but %(mentees)d applied.")
            % {"capacity": mentor_capacity, "mentees": mentees}
        )
    return gaps


NEXT_STEPS = {
    Status.DRAFT: lambda: _(
        "Complete the goal, design and measurement plan, then open recruitment."
    ),
    Status.RECRUITING: lambda: _(
        "Promote the program, decide on applications, then start matching."
    ),
    Status.MATCHING: lambda: _("Match the pairs and publish them, then launch the program."),
    Status.ACTIVE: lambda: _("Follow the pairs; close the program at the end of the term."),
    Status.CLOSING: lambda: _("Run the final surveys and write the closing summary."),
    Status.COMPLETED: lambda: _("Share the results; archive the program when done."),
    Status.ARCHIVED: lambda: _("Nothing left to do."),
}


def build(program: Program, *, published_pairs: int = 0) -> Overview:
    counts: dict[tuple[str, str], int] = {
        (r["role"], r["status"]): r["n"]
        for r in program.enrollments.values("role", "status").annotate(n=Count("id"))
    }
    holding = {
        EnrollmentStatus.MANAGER_PENDING,
        EnrollmentStatus.PENDING,
        EnrollmentStatus.APPROVED,
    }
    roles = []
    for role, label in ParticipantRole.choices:
        by_status = {s: counts.get((role, s), 0) for s in EnrollmentStatus.values}
        roles.append(
            RoleCounts(
                role=role,
                label=str(label),
                by_status=by_status,
                places=program.places_for(role),
                held=sum(n for s, n in by_status.items() if s in holding),
            )
        )
    nxt = lifecycle.next_status(program)
    overview = Overview(
        program=program,
        roles=roles,
        statuses=[(s, str(label)) for s, label in EnrollmentStatus.choices],
        gaps=_gaps(program),
        next_status=nxt,
        next_label=str(Status(nxt).label) if nxt else "",
        missing=(
            lifecycle.missing_for(program, nxt, published_pairs=published_pairs) if nxt else []
        ),
        next_step=str(NEXT_STEPS[Status(program.status)]()),
    )
    return overview
