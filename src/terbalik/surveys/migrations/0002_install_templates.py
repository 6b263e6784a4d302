from django.db import migrations


def install(apps, schema_editor):
    from terbalik.surveys.templates_data import install_from_migration

    install_from_migration(apps)


class Migration(migrations.Migration):
    dependencies = [("surveys", "0001_initial")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
