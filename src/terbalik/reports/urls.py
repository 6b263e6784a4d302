from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.overview_view, name="overview"),
    path("programs/<int:program_id>/", views.dashboard_view, name="dashboard"),
    path("programs/<int:program_id>/report/", views.report_view, name="report"),
    path("programs/<int:program_id>/report.pdf", views.report_pdf_view, name="report_pdf"),
    path("programs/<int:program_id>/sponsors/", views.sponsors_view, name="sponsors"),
    path("programs/<int:program_id>/export/<slug:kind>.<slug:fmt>", views.export_view,
         name="export"),
    path("programs/<int:program_id>/feedback/", views.feedback_view, name="feedback"),
    path("programs/<int:program_id>/feedback/export.<slug:fmt>", views.feedback_export_view,
         name="feedback_export"),
]
