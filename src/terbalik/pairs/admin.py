"""Admin for platform admins. Notes and goal texts are private to the pair: not registered."""

from django.contrib import admin

from .models import Agreement, Launch, Meeting, Pair


@admin.register(Pair)
class PairAdmin(admin.ModelAdmin):
    list_display = ["id", "program", "mentor", "mentee", "status", "health", "source", "score",
                    "started_at"]
    list_filter = ["status", "health", "source"]
    raw_id_fields = ["mentor", "mentee", "program"]
    readonly_fields = ["status", "started_at", "ended_at", "health", "health_reasons",
                       "health_checked_at"]


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):
    list_display = ["pair", "cadence", "session_minutes", "touchpoint", "version",
                    "mentor_accepted_at", "mentee_accepted_at"]
    raw_id_fields = ["pair", "updated_by"]
    readonly_fields = ["version", "mentor_accepted_at", "mentee_accepted_at"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["pair", "starts_at", "status", "outcome", "sequence"]
    list_filter = ["status", "outcome"]
    raw_id_fields = ["pair", "created_by"]
    readonly_fields = ["uid", "sequence", "status", "outcome"]


@admin.register(Launch)
class LaunchAdmin(admin.ModelAdmin):
    list_display = ["program", "kickoff_at", "launched_at", "launched_by"]
    raw_id_fields = ["program", "launched_by"]
