from django.urls import path

from . import views, views_lists

app_name = "people"

urlpatterns = [
    path("", views.employee_list, name="list"),
    path("export.csv", views.employee_export, {"fmt": "csv"}, name="export_csv"),
    path("export.xlsx", views.employee_export, {"fmt": "xlsx"}, name="export_xlsx"),
    path("import/", views.import_upload, name="import"),
    path("import/<int:batch_id>/", views.import_preview, name="import_preview"),
    path("import/<int:batch_id>/apply/", views.import_apply, name="import_apply"),
    path("import/<int:batch_id>/discard/", views.import_discard, name="import_discard"),
    path("lists/<str:kind>/", views_lists.record_list, name="records"),
    path("<str:employee_id>/", views.employee_detail, name="detail"),
]
