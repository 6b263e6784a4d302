from django.contrib import admin

from .models import EmailPreference, NotificationLog


@admin.register(NotificationLog)
class NotificationLogAdmin(admin.ModelAdmin):
    list_display = ["key", "channel", "kind", "user", "created_at", "status", "attempts", "sent_at"]
    list_filter = ["channel", "kind", "status"]
    search_fields = ["key"]
    raw_id_fields = ["user"]
    # the stored message may hold a sign-in code or a password-reset link until it is sent
    exclude = ["message"]


@admin.register(EmailPreference)
class EmailPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "muted_kinds", "updated_at"]
    raw_id_fields = ["user"]
