from django.urls import path

from . import views, views_audit, views_ops

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views_ops.healthz, name="healthz"),
    path("readyz", views_ops.readyz, name="readyz"),
    path("metrics", views_ops.metrics_view, name="metrics"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("audit/", views_audit.audit_list, name="audit"),
    path("audit/export.<slug:fmt>", views_audit.audit_export, name="audit_export"),
    path("audit/<slug:ref>/", views_audit.audit_entry, name="audit_entry"),
]
