"""`terbalik sync-employees`: read an HR system's feed (CSV or JSON, from a URL or a file)
and apply it through the API's bulk upsert (the directory import's rules, all or nothing)."""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from terbalik.core.service_errors import ServiceError
from terbalik.people import services as people_services
from terbalik.people.importing import ImportPlan

from . import services

TIMEOUT_SECONDS = 60


class FeedError(Exception):
    """The feed could not be read (network, HTTP status, size, JSON shape)."""


def fetch(source: str, *, token: str = "") -> tuple[bytes, str, str]:
    """(content, file name, content type) of a URL (`http(s)://`, with the bearer token) or a
    local file. At most IMPORT_MAX_BYTES (+1 so the import can say the file is too large)."""
    limit = settings.IMPORT_MAX_BYTES + 1
    if source.startswith(("http://", "https://")):
        request = urllib.request.Request(source, headers={  # noqa: S310 - scheme checked above
            "Accept": "application/json, text/csv;q=0.9, */*;q=0.1",
            **({"Authorization": f"Bearer {token}"} if token else {})})
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
                content = response.read(limit)
                kind = response.headers.get_content_type()
        except OSError as exc:  # URLError, HTTPError and timeouts are OSErrors
            raise FeedError(_("Cannot read %(url)s: %(error)s") % {"url": source, "error": exc}
                            ) from exc
        name = Path(urllib.request.urlparse(source).path).name or "feed"  # type: ignore[attr-defined]
        return content, name, kind
    path = Path(source)
    try:
        with path.open("rb") as handle:
            content = handle.read(limit)
    except OSError as exc:
        raise FeedError(_("Cannot read %(file)s: %(error)s") % {"file": source,
                                                                "error": exc.strerror}) from exc
    kind = "application/json" if path.suffix.lower() == ".json" else ""
    return content, path.name, kind


def _records(content: bytes) -> list[dict[str, Any]]:
    try:
        data = json.loads(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FeedError(_("The feed is not valid JSON: %(error)s") % {"error": exc}) from exc
    if isinstance(data, dict):
        data = data.get("employees", data.get("items"))
    if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
        raise FeedError(_("A JSON feed is a list of employee objects, or an object whose "
                          "“employees” is that list."))
    return data


def apply(*, content: bytes, name: str, kind: str) -> ImportPlan:
    """Apply a feed: JSON through the bulk upsert, anything else as an import file. Raises
    `people.services.ImportRefused` (row errors) or `ServiceError`; writes nothing then."""
    is_json = kind.endswith("json") or name.lower().endswith(".json") or \
        content.lstrip(b"\xef\xbb\xbf \r\n\t")[:1] in (b"[", b"{")
    if is_json:
        source = name if name.lower().endswith(".json") else f"{name or 'feed'}.json"
        return services.employees_upsert(records=_records(content), by=None, source=source)
    return people_services.employee_import_apply(content=content, file_name=name or "feed",
                                                 by=None)


__all__ = ["FeedError", "ServiceError", "apply", "fetch"]
