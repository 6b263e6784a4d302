from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SkillsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "terbalik.skills"
    verbose_name = _("Skills")

    def ready(self) -> None:
        from django.core.signals import request_finished, request_started

        from .selectors import begin_scope, end_scope

        # the taxonomy is read once per request (selectors.taxonomy)
        request_started.connect(begin_scope, dispatch_uid="skills_taxonomy_begin")
        request_finished.connect(end_scope, dispatch_uid="skills_taxonomy_end")
