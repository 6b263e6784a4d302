from django.core.management.base import BaseCommand

from terbalik.surveys.services import surveys_templates_install


class Command(BaseCommand):
    help = "Install or update the shipped survey templates (safe to run again)."

    def handle(self, *args: object, **options: object) -> None:
        surveys = surveys_templates_install()
        self.stdout.write(f"{len(surveys)} survey templates installed.")
