from django.contrib import admin

from .models import ProgramSponsor


@admin.register(ProgramSponsor)
class ProgramSponsorAdmin(admin.ModelAdmin):
    list_display = ("program", "user", "added_at")
    list_select_related = ("program", "user")
    search_fields = ("program__name", "user__email")
    readonly_fields = ("added_at",)
