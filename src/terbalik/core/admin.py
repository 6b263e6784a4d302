from typing import Any

from auditlog.admin import LogEntryAdmin as AuditlogLogEntryAdmin
from auditlog.models import LogEntry
from django.contrib import admin
from django.http import HttpRequest

from .models import AuditEntry


class ReadOnlyAdmin(admin.ModelAdmin):
    """The audit trail is append-only: nobody adds, changes or deletes here, not even a
    superuser (the retention purge, `core.audit.purge_older_than`, is the only way out)."""

    actions = None  # no "delete selected"

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor", "action", "target_type", "target_id", "program_id"]
    list_filter = ["action"]
    list_select_related = ["actor"]
    search_fields = ["action", "target_id", "actor__email"]
    readonly_fields = ["at", "actor", "action", "target_type", "target_id", "program_id",
                       "details"]


# django-auditlog's own admin lets a superuser delete entries in a cascade; ours never does.
admin.site.unregister(LogEntry)


@admin.register(LogEntry)
class LogEntryAdmin(ReadOnlyAdmin, AuditlogLogEntryAdmin):
    pass
