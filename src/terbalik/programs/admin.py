from django.contrib import admin

from .models import Enrollment, Invitation, MeasurementItem, Program


class MeasurementInline(admin.TabularInline):
    model = MeasurementItem
    extra = 0


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ("name", "objective", "status", "enrollment_mode", "created_at")
    list_filter = ("status", "objective", "enrollment_mode")
    search_fields = ("name",)
    filter_horizontal = ("owners",)
    inlines = [MeasurementInline]
    readonly_fields = ("status", "status_changed_at", "created_by", "created_at", "updated_at")


@admin.register(Enrollment)
class EnrollmentAdmin(admin.ModelAdmin):
    list_display = ("employee", "program", "role", "status", "applied_at")
    list_filter = ("status", "role", "program")
    search_fields = ("employee__full_name", "employee__employee_id")
    raw_id_fields = ("employee", "user", "decided_by")
    readonly_fields = ("status",)


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ("employee", "program", "role", "status", "sent_at")
    list_filter = ("status", "role", "program")
    raw_id_fields = ("employee", "invited_by", "enrollment")
