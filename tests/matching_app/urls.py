"""Root URLs plus the matching app, for tests run before the root URLconf mounts it."""

from django.urls import include, path

from terbalik.urls import urlpatterns as root

MOUNTED = any(getattr(p, "namespace", None) == "matching" for p in root)

urlpatterns = list(root)
if not MOUNTED:
    urlpatterns.append(path("matching/", include("terbalik.matching.urls")))
