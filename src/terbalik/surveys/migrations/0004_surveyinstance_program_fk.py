"""`SurveyInstance.program_id` was a plain integer; make it a real foreign key to the program.

Existing links are kept: the column keeps its values (renamed aside, then altered back to
`program_id` with the constraint). An id that points at no program (possible while it was a
plain integer) cannot satisfy the constraint and is cleared first.
"""

import django.db.models.deletion
from django.db import migrations, models


def clear_dangling(apps, schema_editor):
    SurveyInstance = apps.get_model("surveys", "SurveyInstance")
    Program = apps.get_model("programs", "Program")
    SurveyInstance.objects.exclude(program_id=None).exclude(
        program_id__in=Program.objects.values("pk")
    ).update(program_id=None)


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0003_goal_direction"),
        ("surveys", "0003_planned_sending"),
    ]

    operations = [
        migrations.RunPython(clear_dangling, migrations.RunPython.noop),
        migrations.RenameField(
            model_name="surveyinstance", old_name="program_id", new_name="program"
        ),
        migrations.AlterField(
            model_name="surveyinstance",
            name="program",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="survey_instances",
                to="programs.program",
                verbose_name="program",
            ),
        ),
    ]
