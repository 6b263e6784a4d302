"""Reads of the audit trail: one list merging our `AuditEntry` (what people did, viewed and
exported) and django-auditlog's `LogEntry` (old and new value of roles and program owners).

Both are filtered in the database and merged with one UNION ordered by time, so a page costs
the same handful of queries however long the trail is (`page_rows` fills a page in three).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from auditlog.models import LogEntry
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    Case,
    CharField,
    F,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Cast, Concat
from django.utils import timezone
from django.utils.translation import gettext as _

from terbalik.accounts.models import User

from . import audit_labels
from .audit_labels import CHANGES, EXPORTED, ROLE_ACTIONS, ROLES, VIEWED
from .models import AuditEntry

OURS, THEIRS = "a", "l"  # the two sources, the first letter of an entry's reference
COLUMNS = ("src", "ref_id", "when", "who", "code", "ttype", "tid", "prog")
LOG_ACTIONS = {LogEntry.Action.CREATE: "create", LogEntry.Action.UPDATE: "update",
               LogEntry.Action.DELETE: "delete", LogEntry.Action.ACCESS: "access"}


@dataclass(frozen=True)
class Filters:
    start: dt.date | None = None
    end: dt.date | None = None
    actor: str = ""
    kind: str = ""
    action: str = ""
    target_type: str = ""
    program: int | None = None
    q: str = ""

    def as_details(self) -> dict[str, Any]:
        """The filters as JSON-safe values (the export's own audit entry keeps them)."""
        return {k: (v.isoformat() if isinstance(v, dt.date) else v)
                for k, v in self.__dict__.items() if v not in (None, "")}


@dataclass
class Row:
    ref: str
    at: dt.datetime
    actor: User | None
    code: str
    target_type: str
    target_id: str
    program_id: int | None
    details: dict[str, Any] = field(default_factory=dict)
    changes: list[tuple[str, str, str]] = field(default_factory=list)
    program_name: str = ""

    @property
    def label(self) -> str:
        return audit_labels.label(self.code)

    @property
    def kind(self) -> str:
        return audit_labels.kind_of(self.code)

    @property
    def kind_label(self) -> str:
        return str(dict(audit_labels.KINDS)[self.kind])

    @property
    def target_label(self) -> str:
        return target_type_label(self.target_type)

    @property
    def summary(self) -> str:
        """One line: the changes (old → new) or the details, for the list and the export."""
        if self.changes:
            return "; ".join(f"{name}: {old} → {new}" if old else f"{name}: {new}"
                             for name, old, new in self.changes)
        return ", ".join(f"{key}={detail_text(value)}"
                         for key, value in sorted(self.details.items()))


def detail_text(value: Any) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def target_type_label(label: str) -> str:
    if not label:
        return ""
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        return label
    return str(model._meta.verbose_name)


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _actor_ids(text: str) -> QuerySet[User]:
    return User.objects.filter(Q(email__icontains=text) | Q(full_name__icontains=text)).values(
        "pk")


def _ours(f: Filters) -> QuerySet[AuditEntry]:
    qs = AuditEntry.objects.all()
    if f.start:
        qs = qs.filter(at__gte=_day_start(f.start))
    if f.end:
        qs = qs.filter(at__lt=_day_start(f.end + dt.timedelta(days=1)))
    if f.actor:
        qs = qs.filter(actor__in=_actor_ids(f.actor))
    if f.kind == VIEWED:
        qs = qs.filter(action__endswith="_viewed")
    elif f.kind == EXPORTED:
        qs = qs.filter(action__endswith="_exported")
    elif f.kind == ROLES:
        qs = qs.filter(action__in=ROLE_ACTIONS)
    elif f.kind == CHANGES:
        qs = qs.exclude(action__endswith="_viewed").exclude(action__endswith="_exported").exclude(
            action__in=ROLE_ACTIONS)
    if f.action:
        qs = qs.filter(action=f.action) if not f.action.startswith("auditlog.") else qs.none()
    if f.target_type:
        qs = qs.filter(target_type=f.target_type)
    if f.program is not None:
        qs = qs.filter(program_id=f.program)
    if f.q:
        qs = qs.filter(Q(action__icontains=f.q) | Q(target_id=f.q) | Q(details__icontains=f.q))
    return qs


def _theirs(f: Filters) -> QuerySet[LogEntry]:
    qs = LogEntry.objects.all()
    if f.kind and f.kind != ROLES:
        return qs.none()
    if f.start:
        qs = qs.filter(timestamp__gte=_day_start(f.start))
    if f.end:
        qs = qs.filter(timestamp__lt=_day_start(f.end + dt.timedelta(days=1)))
    if f.actor:
        qs = qs.filter(Q(actor__in=_actor_ids(f.actor)) | Q(actor_email__icontains=f.actor))
    if f.action:
        parts = f.action.split(".")
        if len(parts) != 4 or parts[0] != "auditlog" or parts[3] not in LOG_ACTIONS.values():
            return qs.none()
        number = {v: k for k, v in LOG_ACTIONS.items()}[parts[3]]
        qs = qs.filter(content_type__app_label=parts[1], content_type__model=parts[2],
                       action=number)
    if f.target_type:
        app_label, _dot, model = f.target_type.partition(".")
        qs = qs.filter(content_type__app_label=app_label, content_type__model=model)
    if f.program is not None:
        qs = qs.filter(content_type__app_label="programs", content_type__model="program",
                       object_pk=str(f.program))
    if f.q:
        qs = qs.filter(Q(object_repr__icontains=f.q) | Q(changes__icontains=f.q)
                       | Q(object_pk=f.q))
    return qs


def _ours_rows(qs: QuerySet[AuditEntry]) -> QuerySet[Any]:
    return qs.annotate(
        src=Value(OURS, output_field=CharField()), ref_id=F("pk"), when=F("at"),
        who=F("actor_id"), code=F("action"), ttype=F("target_type"), tid=F("target_id"),
        prog=F("program_id"),
    ).values_list(*COLUMNS)


def _theirs_rows(qs: QuerySet[LogEntry]) -> QuerySet[Any]:
    text = CharField()
    return qs.annotate(
        src=Value(THEIRS, output_field=text), ref_id=F("pk"), when=F("timestamp"),
        who=F("actor_id"),
        code=Concat(Value("auditlog."), F("content_type__app_label"), Value("."),
                    F("content_type__model"), Value("."),
                    Case(*[When(action=number, then=Value(name))
                           for number, name in LOG_ACTIONS.items()],
                         default=Value("change"), output_field=text),
                    output_field=text),
        ttype=Concat(F("content_type__app_label"), Value("."), F("content_type__model"),
                     output_field=text),
        tid=F("object_pk"),
        prog=Case(When(content_type__app_label="programs", content_type__model="program",
                       then=Cast("object_pk", IntegerField())),
                  default=Value(None), output_field=IntegerField()),
    ).values_list(*COLUMNS)


def trail(filters: Filters) -> QuerySet[Any]:
    """Both sources as one queryset of plain rows (`COLUMNS`), newest first."""
    ours = _ours_rows(_ours(filters).order_by())  # no ORDER BY inside a UNION part
    theirs = _theirs_rows(_theirs(filters).order_by())
    return ours.union(theirs, all=True).order_by("-when", "-src", "-ref_id")


def _value(field: Any, value: Any) -> str:
    """A recorded value as the reader reads it: a choice's label, yes/no, or the text."""
    if value is None or value == "None":
        return ""
    text = str(value)
    choices = dict(getattr(field, "flatchoices", None) or [])
    if text in choices:
        return str(choices[text])
    if text in ("True", "False") or isinstance(value, bool):
        return _("yes") if text == "True" else _("no")
    return text


def _changes(log: LogEntry) -> list[tuple[str, str, str]]:
    """(field, old, new) of a LogEntry; for a many-to-many, (field, "", "+ a, b" / "− a")."""
    found = []
    model = log.content_type.model_class() if log.content_type_id else None
    for name, change in sorted((log.changes or {}).items()):
        field = None
        try:
            field = model._meta.get_field(name) if model else None
        except Exception:  # noqa: BLE001, S110 - a field removed since: keep its name
            pass
        verbose = str(getattr(field, "verbose_name", name))
        if isinstance(change, dict) and change.get("type") == "m2m":
            sign = "+" if change.get("operation") == "add" else "−"
            found.append((verbose, "", f"{sign} {', '.join(map(str, change.get('objects', [])))}"))
        elif isinstance(change, list | tuple) and len(change) == 2:
            found.append((verbose, _value(field, change[0]), _value(field, change[1])))
    return found


def page_rows(rows: list[tuple[Any, ...]]) -> list[Row]:
    """Plain rows of one page as `Row`s: actors, details and changes in three queries."""
    actors = User.objects.in_bulk({r[3] for r in rows if r[3] is not None})
    ours = dict(AuditEntry.objects.filter(pk__in=[r[1] for r in rows if r[0] == OURS])
                .values_list("pk", "details"))
    theirs = LogEntry.objects.select_related("content_type").in_bulk(
        [r[1] for r in rows if r[0] == THEIRS])
    result = []
    for src, pk, at, who, code, ttype, tid, prog in rows:
        row = Row(ref=f"{src}{pk}", at=at, actor=actors.get(who), code=code, target_type=ttype,
                  target_id=tid or "", program_id=prog)
        if src == OURS:
            row.details = ours.get(pk) or {}
        elif pk in theirs:
            log = theirs[pk]
            row.changes = _changes(log)
            row.details = {"object": log.object_repr}
            if log.actor_email and row.actor is None:
                row.details["actor_email"] = log.actor_email
        result.append(row)
    return result


def entry(ref: str) -> Row | None:
    """One entry by its reference ("a12" ours, "l7" auditlog's), or None."""
    if len(ref) < 2 or ref[0] not in (OURS, THEIRS) or not ref[1:].isdigit():
        return None
    pk = int(ref[1:])
    if ref[0] == OURS:
        rows = list(_ours_rows(AuditEntry.objects.filter(pk=pk)))
    else:
        rows = list(_theirs_rows(LogEntry.objects.filter(pk=pk)))
    return page_rows(rows)[0] if rows else None


def target_type_choices() -> list[tuple[str, str]]:
    """Types that occur in the trail (ours) and the types auditlog tracks."""
    labels = set(AuditEntry.objects.exclude(target_type="").values_list(
        "target_type", flat=True).distinct().order_by())
    labels |= {f"{ct.app_label}.{ct.model}" for ct in ContentType.objects.filter(
        pk__in=LogEntry.objects.values("content_type").distinct())}
    return sorted(((label, target_type_label(label)) for label in labels),
                  key=lambda c: c[1].lower())


def program_choices() -> list[tuple[int, str]]:
    """Every program by name. Looked up by label: core sits below the programs app."""
    program = apps.get_model("programs", "Program")
    return list(program.objects.order_by("name").values_list("pk", "name"))


def export_rows(filters: Filters, *, limit: int) -> tuple[list[str], list[list[Any]]]:
    """Headers and rows (local wall time, the reader's language) of the whole filtered trail."""
    rows = page_rows(list(trail(filters)[:limit]))
    headers = [_("When"), _("Who"), _("Action"), _("Action code"), _("Kind"),
               _("Object type"), _("Object id"), _("Program"), _("Details")]
    body = [[timezone.localtime(r.at).replace(tzinfo=None),
             r.actor.email if r.actor else r.details.get("actor_email", ""),
             r.label, r.code, r.kind_label, r.target_label, r.target_id,
             r.program_id, r.summary] for r in rows]
    return headers, body
