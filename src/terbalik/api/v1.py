"""The versioned REST API: `/api/v1/`, its OpenAPI document and interactive docs.

Django Ninja serves the docs page with its own Swagger UI files (vendored in the package,
served as our static files: no CDN) and no inline script, so it works under our CSP."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja import NinjaAPI, Swagger
from ninja.openapi.docs import _csrf_needed

from . import problems
from .auth import TokenAuth, TokenThrottle
from .routers import employees, pairs, programs

DESCRIPTION = """Terbalik's REST API for HR systems and scripts.

Authenticate with an API token that a platform admin created at /api/tokens/:
`Authorization: Bearer tbk_…`. A token acts as its account (role and programs), narrowed by
its scope (read, or read and write) and optionally by one program. Lists are cursor-paginated
(`?cursor=` with the previous page's `next_cursor`). Errors are `application/problem+json`
(RFC 9457) in the language of `Accept-Language` (id or en)."""


class VendoredSwagger(Swagger):
    """Swagger UI from Ninja's vendored files. Ninja falls back to its CDN page when "ninja"
    is not in INSTALLED_APPS; it is left out of them (settings: a lighter start), its
    templates and static files being found through TEMPLATES' DIRS and STATICFILES_DIRS."""

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        # Ninja's own context (Swagger.render_page), rendered with Django's template loader
        page_settings = {**self.settings, "url": self.get_openapi_url(api, kwargs)}
        context = {
            "swagger_settings": json.dumps(page_settings, indent=1),
            "api": api,
            "add_csrf": _csrf_needed(api),
        }
        return render(request, self.template, context)


class TerbalikAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation: Any) -> str:
        return str(operation.view_func.__name__)

    def get_openapi_schema(self, **kwargs: Any) -> Any:
        """Ninja's document, with every error answer typed `application/problem+json`."""
        schema = super().get_openapi_schema(**kwargs)
        for _url, path in schema.get("paths", {}).items():
            for _method, operation in path.items():
                for status, response in operation.get("responses", {}).items():
                    content = response.get("content")
                    if int(status) >= 400 and content and "application/json" in content:
                        content[problems.CONTENT_TYPE] = content.pop("application/json")
        return schema


api = TerbalikAPI(
    title="Terbalik API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api:v1",
    auth=TokenAuth(),
    throttle=[TokenThrottle()],
    docs=VendoredSwagger(),
)
problems.install(api)
api.add_router("", employees.router)
api.add_router("", programs.router)
api.add_router("", pairs.router)

