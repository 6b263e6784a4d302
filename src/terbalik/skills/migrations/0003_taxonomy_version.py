"""The taxonomy's version counter (one row), read by the per-process cache's fingerprint."""

from django.db import migrations, models


def create_row(apps, schema_editor):
    apps.get_model("skills", "TaxonomyVersion").objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [("skills", "0002_seed_skills")]
    operations = [
        migrations.CreateModel(
            name="TaxonomyVersion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                           verbose_name="ID")),
                ("n", models.PositiveBigIntegerField(default=0)),
            ],
        ),
        migrations.RunPython(create_row, migrations.RunPython.noop),
    ]
