from django.db import migrations


def install(apps, schema_editor):
    from terbalik.surveys.templates_data import install_with

    install_with(
        apps.get_model("surveys", "Survey"),
        apps.get_model("surveys", "SurveyVersion"),
        apps.get_model("surveys", "Question"),
        apps.get_model("surveys", "Response"),
    )


class Migration(migrations.Migration):
    dependencies = [("surveys", "0001_initial")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
