from django.contrib import admin

from .models import Pair


@admin.register(Pair)
class PairAdmin(admin.ModelAdmin):
    list_display = ["id", "program", "mentor", "mentee", "status", "source", "score", "started_at"]
    list_filter = ["status", "source"]
    raw_id_fields = ["mentor", "mentee", "program"]
    readonly_fields = ["status", "started_at", "ended_at"]
