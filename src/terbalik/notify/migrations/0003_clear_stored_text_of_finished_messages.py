"""Messages logged before the outbox cleared them on sending still hold their text (sign-in
codes, password-reset links): clear it for every row already sent or given up."""

from django.db import migrations


def clear_finished(apps, schema_editor):
    NotificationLog = apps.get_model("notify", "NotificationLog")
    NotificationLog.objects.filter(status__in=["sent", "failed"]).update(message={})


class Migration(migrations.Migration):
    dependencies = [("notify", "0002_notification_log_outbox_states")]

    operations = [migrations.RunPython(clear_finished, migrations.RunPython.noop)]
