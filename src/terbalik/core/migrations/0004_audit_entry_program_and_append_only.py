# The audit trail becomes readable (a program to filter by) and append-only: on PostgreSQL a
# trigger refuses UPDATE and DELETE on both audit tables (ours and django-auditlog's) except
#   - DELETE while the session-local flag terbalik.audit_purge is 'on' (core.audit.purge_older_than),
#   - UPDATE while terbalik.audit_redact is 'on' (core.audit.redact_person, for erasure),
#   - the actor column set to NULL and nothing else (Django's SET_NULL when a user is deleted).

from django.db import migrations, models

TABLES = ("core_auditentry", "auditlog_logentry")

FUNCTION = """
CREATE OR REPLACE FUNCTION terbalik_audit_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('terbalik.audit_purge', true) = 'on' THEN
        RETURN OLD;
    END IF;
    IF TG_OP = 'UPDATE' AND current_setting('terbalik.audit_redact', true) = 'on' THEN
        RETURN NEW;
    END IF;
    IF TG_OP = 'UPDATE' AND NEW.actor_id IS NULL AND OLD.actor_id IS NOT NULL
            AND (to_jsonb(NEW) - 'actor_id') = (to_jsonb(OLD) - 'actor_id') THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'the audit trail is append-only: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""


def _forward_sql() -> list[str]:
    return [FUNCTION] + [
        f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION terbalik_audit_append_only();"
        for table in TABLES
    ]


def _backward_sql() -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};" for table in TABLES] + [
        "DROP FUNCTION IF EXISTS terbalik_audit_append_only();"
    ]


def add_triggers(apps, schema_editor):  # noqa: ANN001, ANN201
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in _forward_sql():
        schema_editor.execute(statement, params=None)


def drop_triggers(apps, schema_editor):  # noqa: ANN001, ANN201
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in _backward_sql():
        schema_editor.execute(statement, params=None)


def backfill_program(apps, schema_editor):  # noqa: ANN001, ANN201
    """Entries written before this migration: the program they name as target or detail."""
    entry = apps.get_model("core", "AuditEntry")
    for pk, target_type, target_id, details in entry.objects.values_list(
        "pk", "target_type", "target_id", "details"
    ).iterator():
        program = None
        if target_type == "programs.program" and str(target_id).isdigit():
            program = int(target_id)
        elif isinstance(details, dict) and str(details.get("program_id", "")).isdigit():
            program = int(details["program_id"])
        if program is not None:
            # the historical model has no append-only guard; the trigger comes after this
            entry.objects.filter(pk=pk).update(program_id=program)


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0003_heartbeat_and_task_origin'),
        ('auditlog', '0017_add_actor_email'),
    ]

    operations = [
        migrations.AddField(
            model_name='auditentry',
            name='program_id',
            field=models.PositiveIntegerField(blank=True, db_index=True, null=True, verbose_name='program'),
        ),
        migrations.RunPython(backfill_program, migrations.RunPython.noop),
        migrations.RunPython(add_triggers, drop_triggers),
    ]
