from django.contrib import admin

from .models import Employee


@admin.register(Employee)
class EmployeeAdmin(admin.ModelAdmin):
    list_display = ["employee_id", "full_name", "email", "grade", "department_record", "active"]
    list_filter = ["active", "department_record", "grade"]
    search_fields = ["employee_id", "full_name", "email"]
    raw_id_fields = ["manager"]
