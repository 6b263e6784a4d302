"""The README's "Webhooks" section is the receivers' contract: its payload examples have
exactly the builders' fields, and its verification snippet accepts a real delivery."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.utils import timezone

from terbalik.webhooks import payloads, services
from terbalik.webhooks.models import EVENTS, PING

README = Path(__file__).resolve().parents[2] / "README.md"


def _section() -> str:
    text = README.read_text()
    return text[text.index("## Webhooks"):text.index("## Run in production")]


def _examples() -> dict[str, dict]:
    found = {}
    for block in re.findall(r"```json\n(.*?)```", _section(), flags=re.S):
        event = json.loads(block)
        found[event["type"]] = event
    return found


def _keys(value: object, prefix: str = "") -> set[str]:
    if isinstance(value, dict):
        return {f"{prefix}{k}" for k in value} | {
            key for k, v in value.items() for key in _keys(v, f"{prefix}{k}.")}
    return set()


def _subjects() -> dict[str, object]:
    now = timezone.now()
    enrolment = SimpleNamespace(pk=1, program_id=2, employee=SimpleNamespace(employee_id="E1"),
                                role="mentee", status="approved", source="application",
                                applied_at=now, decided_at=now, ended_at=None)
    pair = SimpleNamespace(pk=3, program_id=2, mentor_id=1, mentee_id=1, mentor=enrolment,
                           mentee=enrolment, source="bulk", started_at=now, health="at_risk",
                           health_reasons=["no_meeting"], health_checked_at=now)
    return {
        "enrolment.changed": enrolment,
        "pair.created": pair,
        "meeting.held": SimpleNamespace(pk=4, pair_id=3, pair=pair, starts_at=now, ends_at=now,
                                        channel="video", outcome="held"),
        "pair.at_risk": pair,
        "program.phase_changed": SimpleNamespace(pk=2, status="active", status_changed_at=now),
        "outcome.available": SimpleNamespace(pk=5, program_id=2, pre_instance_id=6,
                                             effective_close=now),
        PING: SimpleNamespace(pk=7, program_id=None),
    }


def test_every_event_has_an_example_with_exactly_the_builders_fields():
    examples = _examples()
    assert set(examples) == {*EVENTS, PING}
    for event, subject in _subjects().items():
        built = payloads.envelope(event_id="evt_x", event_type=event, at=timezone.now(),
                                  data=payloads.BUILDERS[event](subject))
        assert _keys(examples[event]) == _keys(built), event


@pytest.mark.django_db
def test_the_readme_snippet_verifies_a_real_delivery(subscribe, admin_user, receiver):
    snippet = re.search(r"```python\n(.*?)```", _section(), flags=re.S).group(1)
    namespace: dict = {}
    exec(compile(snippet, "README.md", "exec"), namespace)  # noqa: S102 - our own README
    delivery = services.ping(subscription=subscribe(), by=admin_user)
    assert services.deliver(delivery_id=delivery.pk) == "delivered"
    (request,) = receiver.requests
    headers = {k.lower(): v for k, v in request.headers.items()}
    secret = delivery.subscription.secret
    assert namespace["verify"](secret, headers, request.body)
    assert not namespace["verify"](secret, headers, request.body.replace(b"ping", b"pong"))
    stale = {**headers, "webhook-timestamp": str(int(time.time()) - 301)}
    assert not namespace["verify"](secret, stale, request.body)
