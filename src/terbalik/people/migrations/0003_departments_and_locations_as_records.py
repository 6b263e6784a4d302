"""Departments and locations become managed records (issue 17 item 5).

Employees keep their `department` and `location` columns, which become foreign keys to the
records' unique names: every spelling that differs only in case or spaces ("Keuangan",
"keuangan ") is folded into the most common one, empty values become NULL, and one record is
created per remaining name. Reading an employee's department still needs no join.
"""

from collections import Counter

import django.db.models.deletion
from django.db import migrations, models


def _tidy(name):
    return " ".join((name or "").split())


def forwards(apps, schema_editor):
    Employee = apps.get_model("people", "Employee")
    for column, model_name in (("department", "Department"), ("location", "Location")):
        model = apps.get_model("people", model_name)
        spellings = Counter(
            _tidy(v) for v in Employee.objects.values_list(column, flat=True) if _tidy(v)
        )
        canonical = {}
        for name, _count in sorted(spellings.items(), key=lambda kv: (-kv[1], kv[0])):
            canonical.setdefault(name.casefold(), name)
        for key, name in sorted(canonical.items()):
            model.objects.create(name=name, key=key)
        for value in Employee.objects.values_list(column, flat=True).distinct():
            target = canonical.get(_tidy(value).casefold()) if _tidy(value) else None
            if target != value:
                Employee.objects.filter(**{column: value}).update(**{column: target})


def backwards(apps, schema_editor):
    Employee = apps.get_model("people", "Employee")
    Employee.objects.filter(department=None).update(department="")
    Employee.objects.filter(location=None).update(location="")


def _record(name, verbose):
    return migrations.CreateModel(
        name=name,
        fields=[
            ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                       verbose_name="ID")),
            ("name", models.CharField(max_length=200, unique=True, verbose_name="name")),
            ("key", models.CharField(editable=False, max_length=200, unique=True)),
        ],
        options={"verbose_name": verbose, "verbose_name_plural": verbose + "s",
                 "ordering": ["name"], "abstract": False},
    )


class Migration(migrations.Migration):

    dependencies = [
        ("people", "0002_participant_profile"),
    ]

    operations = [
        _record("Department", "department"),
        _record("Location", "location"),
        migrations.AlterField(
            model_name="employee", name="department",
            field=models.CharField(blank=True, db_index=True, max_length=200, null=True,
                                   verbose_name="department"),
        ),
        migrations.AlterField(
            model_name="employee", name="location",
            field=models.CharField(blank=True, max_length=200, null=True,
                                   verbose_name="location"),
        ),
        migrations.RunPython(forwards, backwards),
        migrations.AlterField(
            model_name="employee", name="department",
            field=models.ForeignKey(
                blank=True, db_column="department", null=True,
                on_delete=django.db.models.deletion.PROTECT, related_name="employees",
                to="people.department", to_field="name", verbose_name="department"),
        ),
        migrations.AlterField(
            model_name="employee", name="location",
            field=models.ForeignKey(
                blank=True, db_column="location", null=True,
                on_delete=django.db.models.deletion.PROTECT, related_name="employees",
                to="people.location", to_field="name", verbose_name="location"),
        ),
        migrations.RenameField(model_name="employee", old_name="department",
                               new_name="department_record"),
        migrations.RenameField(model_name="employee", old_name="location",
                               new_name="location_record"),
    ]
