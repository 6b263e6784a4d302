from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "terbalik.core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from . import audit_actor
        from .observability import connect_signals

        connect_signals()
        audit_actor.connect_signals()
