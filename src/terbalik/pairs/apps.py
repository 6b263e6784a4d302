from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PairsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "terbalik.pairs"
    verbose_name = _("Pairs")

    def ready(self) -> None:
        from terbalik.programs import lifecycle

        from .selectors import published_pairs_count

        lifecycle.set_published_pairs_counter(published_pairs_count)
