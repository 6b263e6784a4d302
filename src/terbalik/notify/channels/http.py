"""One JSON POST for the channels without an SDK of their own (Teams webhooks, WhatsApp)."""

from __future__ import annotations

from typing import Any

import requests
from django.conf import settings

from .base import ChannelError, permanent_status


def post_json(url: str, body: dict[str, Any], *, name: str,
              headers: dict[str, str] | None = None) -> requests.Response:
    """POST `body`; a non-2xx answer or a transport error becomes a ChannelError naming only
    the channel and the status (never the address, which may be the credential)."""
    try:
        response = requests.post(url, json=body, headers=headers or {},
                                 timeout=settings.CHAT_TIMEOUT_SECONDS, allow_redirects=False)
    except requests.RequestException as exc:
        raise ChannelError(f"{name}: {type(exc).__name__}") from None
    if not 200 <= response.status_code < 300:
        raise ChannelError(f"{name}: HTTP {response.status_code}",
                           permanent=permanent_status(response.status_code))
    return response
