from django.contrib import admin

from .models import ChoiceRequest, MatchingSettings, MatchRun, Proposal, SuggestionSet


@admin.register(MatchRun)
class MatchRunAdmin(admin.ModelAdmin):
    list_display = ("id", "program", "status", "background", "created_at", "published_at")
    list_filter = ("status", "background")
    exclude = ("snapshot", "result")
    readonly_fields = ("program", "status", "config", "fixed", "error", "previous")


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ("id", "run", "mentee", "mentor", "score_micro", "locked", "overridden")
    raw_id_fields = ("run", "mentee", "mentor", "engine_mentor")


@admin.register(ChoiceRequest)
class ChoiceRequestAdmin(admin.ModelAdmin):
    list_display = ("id", "program", "mentee", "mentor", "status", "expires_at")
    list_filter = ("status",)
    raw_id_fields = ("program", "mentee", "mentor", "suggestion_set", "pair")


admin.site.register(MatchingSettings)
admin.site.register(SuggestionSet)
