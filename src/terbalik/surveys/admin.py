"""Read-mostly admin views for platform admins; writes go through the app's services."""

from django.contrib import admin

from .models import Delivery, Question, Recipient, Response, Survey, SurveyInstance, SurveyVersion


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Survey)
class SurveyAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "kind", "is_template", "created_by", "updated_at"]
    list_filter = ["kind", "is_template"]


@admin.register(SurveyVersion)
class SurveyVersionAdmin(ReadOnlyAdmin):
    list_display = ["survey", "number", "created_at"]


@admin.register(Question)
class QuestionAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "version", "position", "type", "confidential"]
    list_filter = ["type", "confidential"]


@admin.register(SurveyInstance)
class SurveyInstanceAdmin(ReadOnlyAdmin):
    list_display = ["title", "version", "phase", "opens_at", "closes_at", "created_by"]
    list_filter = ["phase"]


@admin.register(Recipient)
class RecipientAdmin(ReadOnlyAdmin):
    list_display = ["instance", "user", "added_at"]


@admin.register(Response)
class ResponseAdmin(ReadOnlyAdmin):
    list_display = ["instance", "user", "status", "submitted_at", "score"]
    list_filter = ["status"]


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin):
    list_display = ["instance", "user", "kind", "sent_at"]
