"""Issue 20 part 6: role changes are recorded with old and new values, the trail is
append-only (model, queryset, admin and, on PostgreSQL, the database itself), and platform
admins read it through a filtered, paginated, exportable viewer."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import pytest
import time_machine
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from terbalik.accounts.models import Role
from terbalik.core import audit
from terbalik.core.models import AppendOnlyError, AuditEntry
from terbalik.programs.models import Program
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
on_postgres = pytest.mark.skipif(
    "connection.vendor != 'postgresql'", reason="the trigger exists on PostgreSQL only")


@pytest.fixture
def admin_client(admin_user: Any) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(admin_user)
    return client


def _program(name: str, owner: Any) -> Program:
    from terbalik.programs.services.programs import program_create
    from tests.programs.conftest import program_fields

    fields = program_fields()
    fields.pop("name", None)
    fields.pop("status", None)
    objective = fields.pop("objective")
    return program_create(by=owner, name=name, objective=objective, **fields)


# --- what is recorded ----------------------------------------------------------------------


def test_a_role_change_is_recorded_with_old_and_new_value(admin_user: Any) -> None:
    user = UserFactory(role=Role.PARTICIPANT, email="naik@example.co.id")
    with set_actor(admin_user):
        user.role = Role.HR
        user.is_staff = True
        user.save()
    log = LogEntry.objects.get_for_object(user).filter(action=LogEntry.Action.UPDATE).get()
    assert log.actor == admin_user
    # AUDITLOG_STORE_JSON_CHANGES: values keep their type (booleans, not "False"/"True")
    assert log.changes == {"role": ["participant", "hr"], "is_staff": [False, True]}


def test_a_name_change_is_not_a_role_change(admin_user: Any) -> None:
    user = UserFactory()
    before = LogEntry.objects.count()
    user.full_name = "Nama Baru"
    user.save()
    assert LogEntry.objects.count() == before


def test_a_role_change_in_the_django_admin_names_the_admin(admin_user: Any,
                                                           admin_client: Client) -> None:
    user = UserFactory(role=Role.PARTICIPANT, email="promosi@example.co.id")
    page = admin_client.get(reverse("admin:accounts_user_change", args=[user.pk]))
    assert page.status_code == 200
    response = admin_client.post(reverse("admin:accounts_user_change", args=[user.pk]), {
        "email": user.email, "full_name": user.full_name, "language": "", "role": "hr",
        "is_active": "on", "date_joined_0": "2026-01-01", "date_joined_1": "08:00:00",
    })
    assert response.status_code == 302, response.content[:2000]
    log = LogEntry.objects.get_for_object(user).filter(action=LogEntry.Action.UPDATE).get()
    assert log.actor == admin_user
    assert log.changes["role"] == ["participant", "hr"]


def test_program_hr_managers_are_recorded(hr_user: Any, admin_user: Any) -> None:
    program = _program("Literasi Digital", hr_user)
    colleague = UserFactory(role=Role.HR, full_name="Dewi HR")
    with set_actor(admin_user):
        program.owners.add(colleague)
        program.owners.remove(colleague)
    logs = LogEntry.objects.get_for_object(program).order_by("pk")
    assert [log.changes["owners"]["operation"] for log in logs] == ["add", "add", "delete"]
    assert logs.last().changes["owners"]["objects"] == ["Dewi HR"]
    assert logs.last().actor == admin_user


def test_record_finds_the_program_of_its_target(hr_user: Any) -> None:
    program = _program("Program A", hr_user)
    entry = audit.record(action="program.update", actor=hr_user, target=program)
    assert entry.program_id == program.pk
    assert audit.record(action="x.y", details={"program_id": 7}).program_id == 7
    assert audit.record(action="x.y").program_id is None


# --- append-only ---------------------------------------------------------------------------


def test_entries_refuse_update_and_delete_through_the_orm(hr_user: Any) -> None:
    entry = audit.record(action="reports.dashboard_viewed", actor=hr_user)
    entry.action = "something.else"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).update(action="x")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).delete()
    assert AuditEntry.objects.get(pk=entry.pk).action == "reports.dashboard_viewed"


def test_purge_removes_only_entries_older_than_the_retention(hr_user: Any) -> None:
    with time_machine.travel(timezone.now() - dt.timedelta(days=400)):
        old = audit.record(action="reports.dashboard_viewed", actor=hr_user)
        with set_actor(hr_user):
            old_user = UserFactory()
            old_user.role = Role.SPONSOR
            old_user.save()
    new = audit.record(action="reports.report_viewed", actor=hr_user)
    old_logs = LogEntry.objects.filter(timestamp__lt=timezone.now() - dt.timedelta(days=300))
    assert old_logs.count() == 2  # created, then changed
    removed = audit.purge_older_than(days=365)
    assert removed == 1 + 2
    assert not AuditEntry.objects.filter(pk=old.pk).exists()
    assert AuditEntry.objects.filter(pk=new.pk).exists()
    assert audit.purge_older_than(days=365) == 0  # idempotent
    with pytest.raises(AppendOnlyError):  # the purge's permission does not outlive it
        AuditEntry.objects.filter(pk=new.pk).delete()
    with pytest.raises(ValueError):
        audit.purge_older_than(days=0)


def test_the_admin_offers_no_add_change_or_delete_even_to_superusers(
    admin_user: Any, admin_client: Client
) -> None:
    request = RequestFactory().get("/admin/")
    request.user = admin_user
    entry = audit.record(action="reports.dashboard_viewed", actor=admin_user)
    with set_actor(admin_user):
        changed = UserFactory()
        changed.role = Role.HR
        changed.save()
    log = LogEntry.objects.filter(object_pk=str(changed.pk)).last()
    for model, obj in ((AuditEntry, entry), (LogEntry, log)):
        model_admin = admin.site._registry[model]
        assert not model_admin.has_add_permission(request)
        assert not model_admin.has_change_permission(request, obj)
        assert not model_admin.has_delete_permission(request, obj)
        assert not model_admin.get_actions(request)
        opts = model._meta
        delete = reverse(f"admin:{opts.app_label}_{opts.model_name}_delete", args=[obj.pk])
        assert admin_client.post(delete, {"post": "yes"}).status_code == 403
        change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        page = admin_client.get(change)
        assert page.status_code == 200  # readable
        assert b'name="_save"' not in page.content
    assert AuditEntry.objects.filter(pk=entry.pk).exists()
    assert LogEntry.objects.filter(pk=log.pk).exists()


@on_postgres
@pytest.mark.parametrize("statement", [
    "UPDATE core_auditentry SET action = 'x' WHERE id = %s",
    "DELETE FROM core_auditentry WHERE id = %s",
])
def test_postgres_refuses_raw_update_and_delete(hr_user: Any, statement: str) -> None:
    entry = audit.record(action="reports.dashboard_viewed", actor=hr_user)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(statement, [entry.pk])
    assert AuditEntry.objects.get(pk=entry.pk).action == "reports.dashboard_viewed"


@on_postgres
def test_postgres_refuses_an_orm_update_that_bypasses_the_model(hr_user: Any,
                                                               admin_user: Any) -> None:
    from django.db.models import QuerySet

    entry = audit.record(action="reports.dashboard_viewed", actor=hr_user)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        QuerySet(AuditEntry).filter(pk=entry.pk).update(action="x")
    with set_actor(admin_user):
        user = UserFactory()
        user.role = Role.HR
        user.save()
    log = LogEntry.objects.filter(object_pk=str(user.pk)).last()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        LogEntry.objects.filter(pk=log.pk).update(object_repr="x")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        LogEntry.objects.filter(pk=log.pk).delete()


@on_postgres
def test_postgres_lets_a_deleted_user_leave_their_entries_without_a_name(hr_user: Any) -> None:
    leaver = UserFactory()
    entry = audit.record(action="reports.dashboard_viewed", actor=leaver)
    leaver.delete()
    assert AuditEntry.objects.get(pk=entry.pk).actor is None
    assert AuditEntry.objects.get(pk=entry.pk).action == "reports.dashboard_viewed"


def test_redaction_replaces_a_persons_identity_and_keeps_the_facts(
    hr_user: Any, admin_user: Any
) -> None:
    program = _program("Program R", hr_user)
    gone = UserFactory(full_name="Sari Pergi", email="sari@example.co.id")
    entry = audit.record(action="program.owner_add", actor=hr_user, target=program,
                         details={"user": "sari@example.co.id", "n": 1})
    with set_actor(admin_user):
        program.owners.add(gone)
    changed = audit.redact_person(texts=["Sari Pergi", "sari@example.co.id"],
                                  replacement="Peserta-7f3a")
    assert changed == 3  # our entry, the user's creation and the ownership change
    assert not LogEntry.objects.filter(object_repr__icontains="Sari").exists()
    assert AuditEntry.objects.get(pk=entry.pk).details == {"user": "Peserta-7f3a", "n": 1}
    log = LogEntry.objects.get_for_object(program).order_by("pk").last()
    assert log.changes["owners"]["objects"] == ["Peserta-7f3a"]


# --- the viewer ----------------------------------------------------------------------------


@pytest.fixture
def trail(hr_user: Any, admin_user: Any, sponsor_user: Any) -> dict[str, Any]:
    """Entries of each kind, on two programs and two days."""
    a = _program("Program Alfa", hr_user)
    b = _program("Program Beta", hr_user)
    with time_machine.travel(dt.datetime(2026, 3, 2, 10, tzinfo=dt.UTC)):
        audit.record(action="reports.dashboard_viewed", actor=sponsor_user, target=b,
                     details={"aggregates_only": True})
    with time_machine.travel(dt.datetime(2026, 3, 5, 10, tzinfo=dt.UTC)):
        audit.record(action="reports.data_exported", actor=hr_user, target=a,
                     details={"kind": "pairs", "fmt": "csv"})
        with set_actor(admin_user):
            promoted = UserFactory(email="promoted@example.co.id", full_name="Budi Naik")
            promoted.role = Role.HR
            promoted.save()
    return {"a": a, "b": b, "promoted": promoted}


def _codes(client: Client, **params: Any) -> list[str]:
    response = client.get(reverse("core:audit"), params)
    assert response.status_code == 200
    return [row.code for row in response.context["rows"]]


def test_viewer_merges_both_sources_newest_first(admin_client: Client, trail: Any) -> None:
    codes = _codes(admin_client)
    assert "auditlog.accounts.user.update" in codes
    assert codes.index("reports.data_exported") < codes.index("reports.dashboard_viewed")


def test_viewer_filters(admin_client: Client, trail: Any, sponsor_user: Any) -> None:
    assert _codes(admin_client, kind="viewed") == ["reports.dashboard_viewed"]
    assert _codes(admin_client, kind="exported") == ["reports.data_exported"]
    roles = _codes(admin_client, kind="roles")
    assert roles and all(c.startswith("auditlog.") or c == "program.owner_add" for c in roles)
    assert "auditlog.accounts.user.update" in roles
    assert _codes(admin_client, start="2026-03-01", end="2026-03-03") == [
        "reports.dashboard_viewed"]
    assert _codes(admin_client, actor=sponsor_user.email) == ["reports.dashboard_viewed"]
    assert _codes(admin_client, program=trail["b"].pk, kind="viewed") == [
        "reports.dashboard_viewed"]
    b_codes = _codes(admin_client, program=trail["b"].pk)
    assert "reports.data_exported" not in b_codes and "program.create" in b_codes
    assert _codes(admin_client, action="auditlog.accounts.user.update",
                  q="Budi") == ["auditlog.accounts.user.update"]
    assert _codes(admin_client, target_type="accounts.user", kind="exported") == []
    assert _codes(admin_client, q="pairs") == ["reports.data_exported"]


def test_viewer_rejects_a_backwards_range_on_its_field(admin_client: Client, trail: Any) -> None:
    response = admin_client.get(reverse("core:audit"), {"start": "2026-03-05",
                                                        "end": "2026-03-01"})
    assert response.status_code == 200
    assert response.context["form"].errors["end"]
    assert response.context["page"].paginator.count > 0  # the other filters still apply


def test_viewer_list_has_no_n_plus_one(admin_client: Client, hr_user: Any,
                                       django_assert_max_num_queries: Any) -> None:
    program = _program("Program Q", hr_user)
    for n in range(60):
        actor = UserFactory(email=f"viewer{n}@example.co.id")
        audit.record(action="reports.dashboard_viewed", actor=actor, target=program)
        with set_actor(actor):
            actor.role = Role.SPONSOR
            actor.save()
    # session + user, then the form's choices (2 + programs), count, page, actors, details
    with django_assert_max_num_queries(12):
        response = admin_client.get(reverse("core:audit"))
    assert len(response.context["rows"]) == 50
    with django_assert_max_num_queries(12):
        admin_client.get(reverse("core:audit"), {"page": 3, "kind": "roles"})


def test_entry_page_shows_old_and_new_values(admin_client: Client, trail: Any) -> None:
    log = LogEntry.objects.get_for_object(trail["promoted"]).filter(
        action=LogEntry.Action.UPDATE).get()
    response = admin_client.get(reverse("core:audit_entry", args=[f"l{log.pk}"]))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Role or access rights changed" in text
    assert "Participant" in text and "HR program manager" in text  # the roles' labels
    entry = AuditEntry.objects.filter(action="reports.data_exported").get()
    response = admin_client.get(reverse("core:audit_entry", args=[f"a{entry.pk}"]))
    assert "Program Alfa" in response.content.decode()
    assert "pairs" in response.content.decode()
    for bad in ("x1", "a999999", "l999999", "a"):
        assert admin_client.get(reverse("core:audit_entry", args=[bad])).status_code == 404


def test_export_csv_and_xlsx_hold_the_filtered_trail_and_are_audited(
    admin_client: Client, admin_user: Any, trail: Any
) -> None:
    response = admin_client.get(reverse("core:audit_export", args=["csv"]), {"kind": "exported"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["When", "Who", "Action", "Action code"]
    assert [r[3] for r in rows[1:]] == ["reports.data_exported"]
    assert rows[1][1] == "hr@example.co.id" and rows[1][2] == "Exported program data"
    assert "kind=pairs" in rows[1][8]
    recorded = AuditEntry.objects.filter(action="core.audit_exported").get()
    assert recorded.actor == admin_user
    assert recorded.details == {"fmt": "csv", "rows": 1, "filters": {"kind": "exported"}}

    response = admin_client.get(reverse("core:audit_export", args=["xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.values)
    codes = [row[3] for row in values[1:]]
    assert "core.audit_exported" in codes and "auditlog.accounts.user.update" in codes
    assert isinstance(values[1][0], dt.datetime)
    assert AuditEntry.objects.filter(action="core.audit_exported").count() == 2
    assert admin_client.get(reverse("core:audit_export", args=["pdf"])).status_code == 404


def test_labels_are_translated(admin_user: Any, trail: Any) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="id")
    client.force_login(admin_user)
    admin_user.language = "id"
    admin_user.save()
    with translation.override("id"):
        response = client.get(reverse("core:audit"))
    text = response.content.decode()
    assert "Jejak audit" in text
    assert "Mengekspor data program" in text


@pytest.mark.parametrize("role", [Role.HR, Role.SPONSOR, Role.PARTICIPANT])
def test_only_platform_admins_read_the_trail(role: str) -> None:
    client = Client()
    client.force_login(UserFactory(role=role))
    for url in (reverse("core:audit"), reverse("core:audit_export", args=["csv"])):
        assert client.get(url).status_code == 403
    assert Client().get(reverse("core:audit")).status_code == 302


def test_a_role_admin_without_superuser_reads_the_trail() -> None:
    client = Client()
    client.force_login(UserFactory(role=Role.ADMIN))
    assert client.get(reverse("core:audit")).status_code == 200


@on_postgres
def test_postgres_purge_flag_does_not_outlive_the_purge(hr_user: Any) -> None:
    entry = audit.record(action="reports.dashboard_viewed", actor=hr_user)
    with transaction.atomic():  # a caller's transaction around the retention task
        audit.purge_older_than(days=30)
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("DELETE FROM core_auditentry WHERE id = %s", [entry.pk])
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_redaction_matches_whole_words_case_insensitively_and_counts_only_changes(
    hr_user: Any,
) -> None:
    daniel = audit.record(action="test.daniel", details={"who": "Daniel", "id": "K0000120"})
    ani = audit.record(action="test.ani", details={"who": "ANI", "id": "k000012"})
    theirs = LogEntry.objects.create(content_type_id=ContentType.objects.get_for_model(
        Program).pk, object_pk="1", object_repr="Daniel", action=LogEntry.Action.UPDATE,
        changes_text="", changes={}, actor_email="ANI@Example.co.id")
    untouched = LogEntry.objects.create(content_type_id=ContentType.objects.get_for_model(
        Program).pk, object_pk="2", object_repr="Daniel", action=LogEntry.Action.UPDATE,
        changes_text="", changes={}, actor_email="dani@example.co.id")
    changed = audit.redact_person(texts=["Ani", "ani@example.co.id", "K000012"],
                                  replacement="Peserta-7f3a")
    assert changed == 2  # Ani's entry and the entry she made; nothing about Daniel
    assert AuditEntry.objects.get(pk=daniel.pk).details == {"who": "Daniel", "id": "K0000120"}
    assert AuditEntry.objects.get(pk=ani.pk).details == {"who": "Peserta-7f3a",
                                                         "id": "Peserta-7f3a"}
    theirs.refresh_from_db()
    untouched.refresh_from_db()
    assert (theirs.object_repr, theirs.actor_email) == ("Daniel", "Peserta-7f3a")
    assert (untouched.object_repr, untouched.actor_email) == ("Daniel", "dani@example.co.id")


def _failing(*args: Any, **kwargs: Any) -> Any:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1/0")  # aborts the transaction on PostgreSQL
    raise AssertionError("unreachable on PostgreSQL")


def _flag(name: str) -> str | None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting(%s, true)", [name])
        return cursor.fetchone()[0]


@on_postgres
def test_postgres_a_failing_redaction_raises_its_own_error_and_drops_the_flag(
    hr_user: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    audit.record(action="test.x", details={"who": "Sari Pergi"})
    monkeypatch.setattr(audit, "_redact", _failing)
    with transaction.atomic():  # the erasure's transaction around it
        with pytest.raises(DatabaseError, match="division by zero"), transaction.atomic():
            audit.redact_person(texts=["Sari Pergi"], replacement="Peserta-1")
        assert _flag("terbalik.audit_redact") in (None, "", "off")


@on_postgres
def test_postgres_a_failing_purge_raises_its_own_error_and_drops_the_flag(
    hr_user: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Broken:
        class objects:  # noqa: N801 - stands in for LogEntry.objects
            @staticmethod
            def filter(**kwargs: Any) -> Any:
                return type("Q", (), {"delete": staticmethod(_failing)})()

    monkeypatch.setattr(audit, "LogEntry", Broken)
    entry = audit.record(action="reports.dashboard_viewed", actor=hr_user)
    with transaction.atomic():
        with pytest.raises(DatabaseError, match="division by zero"), transaction.atomic():
            audit.purge_older_than(days=30, now=timezone.now() + dt.timedelta(days=60))
        assert _flag("terbalik.audit_purge") in (None, "", "off")
    assert AuditEntry.objects.filter(pk=entry.pk).exists()  # the purge rolled back whole
