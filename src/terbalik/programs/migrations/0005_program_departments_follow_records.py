"""Programs' eligibility lists name the departments as the directory now spells them.

`people.0003` folded every spelling of a department that differs only in case or spaces into
one record ("keuangan " -> "Keuangan"); a program that listed "keuangan " would have stopped
matching anyone. Each name in `departments_included` / `departments_excluded` is replaced by the
record whose key (case and spaces ignored) is the same; names with no record stay as written.
"""

from django.db import migrations


def _key(name):
    return " ".join((name or "").split()).casefold()


def canonical_lists(names, canonical):
    """`names` mapped through `canonical` (key -> record name), order kept, no duplicates."""
    out = []
    for name in names or []:
        new = canonical.get(_key(name), name)
        if new not in out:
            out.append(new)
    return out


def forwards(apps, schema_editor):
    Department = apps.get_model("people", "Department")
    Program = apps.get_model("programs", "Program")
    canonical = dict(Department.objects.values_list("key", "name"))
    for program in Program.objects.all():
        changed = []
        for field in ("departments_included", "departments_excluded"):
            before = getattr(program, field) or []
            after = canonical_lists(before, canonical)
            if after != before:
                setattr(program, field, after)
                changed.append(field)
        if changed:
            program.save(update_fields=changed)


class Migration(migrations.Migration):

    dependencies = [
        ("people", "0003_departments_and_locations_as_records"),
        ("programs", "0004_program_training_pass_percent"),
    ]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
