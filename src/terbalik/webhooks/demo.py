"""The demo company's webhook: the HR system's receiver, paused (the demo sends nothing out).

A platform admin sees it under Webhooks, can send it a test event and reads the delivery log.
"""

from __future__ import annotations

from typing import Any

from . import selectors, services
from .models import EVENTS

DEMO_URL = "https://hris.nusantara-maju.co.id/webhooks/terbalik"


def build_demo_webhooks(*, admin_user: Any) -> None:
    """Create the paused subscription once (idempotent)."""
    if selectors.subscription_exists(DEMO_URL):
        return
    services.subscription_create(
        by=admin_user, target_url=DEMO_URL, events=list(EVENTS), active=False,
        description="HRIS PT Nusantara Maju Sejahtera (demo: paused)",
    )
