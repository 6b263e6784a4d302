"""The real URLs plus views that fail on purpose (error page tests)."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import include, path

from terbalik.urls import handler400, handler403, handler404, handler500  # noqa: F401


def boom(request):
    raise RuntimeError("boom")


def suspicious(request):
    raise SuspiciousOperation("bad")


def forbidden(request):
    raise PermissionDenied


urlpatterns = [
    path("test-errors/500/", boom),
    path("test-errors/400/", suspicious),
    path("test-errors/403/", forbidden),
    path("", include("terbalik.urls")),
]
