"""problem+json answers (RFC 9457) in the caller's language, the per-token throttle, and
cursor pagination."""

from __future__ import annotations

import json
from typing import Any

import pytest

from terbalik.api import pagination
from terbalik.core.service_errors import ServiceError
from tests.factories import EmployeeFactory

from .conftest import api_client

pytestmark = pytest.mark.django_db

KEYS = {"type", "title", "status", "detail"}


def _problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    body = json.loads(response.content)
    assert KEYS <= set(body)
    assert body["status"] == status
    assert body["type"].startswith("urn:terbalik:problem:")
    return body


def test_401_without_or_with_a_bad_token(make_token: Any, hr_user: Any) -> None:
    body = _problem(api_client(None).get("/api/v1/programs"), 401)
    assert body["type"].endswith(":unauthorized")
    response = api_client("tbk_deadbeef_not-a-real-secret").get("/api/v1/programs")
    _problem(response, 401)
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_401_in_indonesian_by_accept_language(hr_user: Any) -> None:
    english = _problem(api_client(None, "en").get("/api/v1/programs"), 401)
    indonesian = _problem(api_client(None, "id").get("/api/v1/programs"), 401)
    assert english["title"] == "Not signed in"
    assert indonesian["title"] != english["title"]
    assert indonesian["detail"] != english["detail"]


def test_403_read_only_token_writing(make_token: Any, hr_user: Any) -> None:
    client = api_client(make_token(hr_user, scope="read"))
    body = _problem(client.post("/api/v1/programs", {"name": "X", "objective": "other"},
                                content_type="application/json"), 403)
    assert body["type"].endswith(":read-only-token")


def test_403_wrong_role_and_404_unknown(make_token: Any, participant_user: Any,
                                        hr_user: Any) -> None:
    body = _problem(api_client(make_token(participant_user)).get("/api/v1/programs"), 403)
    assert body["type"].endswith(":wrong-role")
    _problem(api_client(make_token(hr_user)).get("/api/v1/programs/999999"), 404)


def test_422_request_validation_names_the_field(make_token: Any, hr_user: Any) -> None:
    client = api_client(make_token(hr_user))
    body = _problem(client.post("/api/v1/programs", {"name": "X", "objective": "nope"},
                                content_type="application/json"), 422)
    assert [e["field"] for e in body["errors"]] == ["objective"]
    body = _problem(client.get("/api/v1/programs?limit=0"), 422)
    assert body["errors"][0]["field"] == "limit"
    indonesian = _problem(api_client(make_token(hr_user), "id").get(
        "/api/v1/programs?limit=0"), 422)
    assert indonesian["errors"][0]["message"] != body["errors"][0]["message"]


def test_422_service_error_carries_its_code_and_fields(make_token: Any, hr_user: Any,
                                                       monkeypatch: Any) -> None:
    from terbalik.programs import services as program_services

    def refuse(**kwargs: Any) -> None:
        raise ServiceError({"name": ["Name taken."]}, code="name_taken")

    monkeypatch.setattr(program_services, "program_create", refuse)
    body = _problem(api_client(make_token(hr_user)).post(
        "/api/v1/programs", {"name": "X", "objective": "other"},
        content_type="application/json"), 422)
    assert body["type"] == "urn:terbalik:problem:name-taken"
    assert body["errors"] == [{"row": None, "field": "name", "message": "Name taken."}]


def test_429_after_the_token_rate(make_token: Any, hr_user: Any, settings: Any) -> None:
    settings.API_THROTTLE_RATE = "3/m"
    one, other = api_client(make_token(hr_user)), api_client(make_token(hr_user))
    assert [one.get("/api/v1/programs").status_code for _ in range(3)] == [200, 200, 200]
    response = one.get("/api/v1/programs")
    body = _problem(response, 429)
    assert body["type"].endswith(":throttled")
    assert int(response["Retry-After"]) > 0
    assert other.get("/api/v1/programs").status_code == 200  # per token, not per address


def test_revoked_token_and_last_used(make_token: Any, hr_user: Any, issuer: Any) -> None:
    from terbalik.api.models import ApiToken
    from terbalik.api.services import digest_of, token_revoke

    secret = make_token(hr_user)
    token = ApiToken.objects.get(digest=digest_of(secret))
    assert secret not in (token.digest, token.prefix) and token.last_used_at is None
    assert api_client(secret).get("/api/v1/programs").status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None
    token_revoke(token=token, by=issuer)
    _problem(api_client(secret).get("/api/v1/programs"), 401)


def test_leavers_token_stops_working(make_token: Any, hr_user: Any) -> None:
    secret = make_token(hr_user)
    hr_user.is_active = False
    hr_user.save()
    _problem(api_client(secret).get("/api/v1/programs"), 401)


# --- pagination -------------------------------------------------------------------------------

def test_pages_cover_every_row_once_in_a_stable_order(make_token: Any, hr_user: Any,
                                                      django_assert_max_num_queries: Any
                                                      ) -> None:
    EmployeeFactory.create_batch(7)
    client = api_client(make_token(hr_user))
    seen: list[str] = []
    cursor = ""
    pages = 0
    while True:
        with django_assert_max_num_queries(10):  # token, touch, cached throttle, page: not per row
            body = client.get(f"/api/v1/employees?limit=3&cursor={cursor}").json()
        seen += [e["employee_id"] for e in body["items"]]
        pages += 1
        if body["next_cursor"] is None:
            break
        cursor = body["next_cursor"]
    assert pages == 3
    assert len(seen) == len(set(seen)) == 7
    again = client.get("/api/v1/employees?limit=7").json()
    assert [e["employee_id"] for e in again["items"]] == seen
    assert again["next_cursor"] is None


def test_forged_cursor_is_refused(make_token: Any, hr_user: Any) -> None:
    client = api_client(make_token(hr_user))
    assert pagination.decode(pagination.encode(41)) == 41
    for forged in ("41", "eyJhIjoxfQ", pagination.encode(41)[:-2] + "xx"):
        body = _problem(client.get(f"/api/v1/employees?cursor={forged}"), 422)
        assert body["type"].endswith(":invalid-cursor")


def test_nul_character_is_refused_before_any_query(make_token: Any, hr_user: Any) -> None:
    """PostgreSQL cannot hold NUL in text: refused as invalid on both databases, never 5xx."""
    client = api_client(make_token(hr_user))
    for response in (
        client.get("/api/v1/employees/E%001"),
        client.get("/api/v1/pairs?status=a%00b"),
        client.post("/api/v1/programs", '{"name": "a\\u0000b", "objective": "other"}',
                    content_type="application/json"),
    ):
        body = _problem(response, 422)
        assert "NUL" in body["detail"]
