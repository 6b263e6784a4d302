"""Every API endpoint asked by every kind of token (issue 19), in the world of the
project's permission matrix (tests/security/matrix_world.py: side A is the demo company
owned by HR A; side B another HR owner's program).

Actors (each a bearer token, or none):

  anonymous      no Authorization header
  revoked        HR A's token, revoked
  read_only      HR A's read-only token (reads pass, writes 403)
  other_program  HR A's read-and-write token limited to another of A's programs
  wrong_role     participant B's token on HR endpoints (403) / A's pair (404)
  other_hr       HR B's token: A's objects do not exist for it (404)
  sponsor_b      sponsor of program B only
  right          the actor the endpoint is for (HR A; for meetings the pair's mentee)

Expected answers are status codes; every write is rolled back.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.utils import timezone

from terbalik.api import services
from tests.security.matrix_world import World, build_world

ACTORS = ("anonymous", "revoked", "read_only", "other_program", "wrong_role", "other_hr",
          "sponsor_b", "right")


@dataclass
class ApiWorld:
    world: World
    secrets: dict[str, str]
    member_secret: str  # the pair's mentee, read and write
    ids: dict[str, Any] = field(default_factory=dict)

    def client(self, actor: str, *, member: bool = False) -> Client:
        headers = {"HTTP_ACCEPT_LANGUAGE": "en"}
        secret = self.member_secret if member and actor == "right" else self.secrets.get(actor)
        if secret:
            headers["HTTP_AUTHORIZATION"] = f"Bearer {secret}"
        return Client(**headers)


@pytest.fixture(scope="module")
def api_world(django_db_setup: Any, django_db_blocker: Any) -> Iterator[ApiWorld]:
    from terbalik.programs.models import Program

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            world = build_world()
            users = world.users
            admin, hr_a = users["admin"], users["hr_a"]
            program = world.kwargs["program_id"]
            other = Program.objects.filter(owners=hr_a).exclude(pk=program).order_by("pk").first()
            assert other is not None

            def token(user: Any, scope: str = "write", program: Any = None) -> str:
                return services.token_create(by=admin, name="matrix", scope=scope,
                                             program=program, user=user).secret

            revoked = token(hr_a)
            services.token_revoke(token=services.ApiToken.objects.get(
                digest=services.digest_of(revoked)), by=admin)
            secrets = {
                "revoked": revoked,
                "read_only": token(hr_a, "read"),
                "other_program": token(hr_a, program=other),
                "wrong_role": token(users["participant_b"]),
                "other_hr": token(users["hr_b"]),
                "sponsor_b": token(users["sponsor_b"]),
                "right": token(hr_a),
            }
            built = ApiWorld(world, secrets, token(users["participant_a"]))
            yield built
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@dataclass(frozen=True)
class Case:
    name: str
    method: str
    path: str  # formatted with the world's kwargs
    expected: dict[str, int]
    body: Any = None
    member: bool = False  # "right" is the pair's mentee


def expect(right: int, *, read: bool = True, program_bound: bool = True, hr_only: bool = True,
           list_: bool = False, wrong_role: int | None = None, other_hr: int | None = None,
           sponsor_b: int | None = None, other_program: int | None = None) -> dict[str, int]:
    """The usual answers: reads and writes, program-bound or company-wide, HR-only or not."""
    hr_refusal = 403 if hr_only else 404
    out = {
        "anonymous": 401, "revoked": 401,
        "read_only": right if read else 403,
        "other_program": (right if list_ else 404) if program_bound else 403,
        "wrong_role": hr_refusal,
        "other_hr": right if list_ else 404,
        "sponsor_b": hr_refusal,
        "right": right,
    }
    for key, value in (("wrong_role", wrong_role), ("other_hr", other_hr),
                       ("sponsor_b", sponsor_b), ("other_program", other_program)):
        if value is not None:
            out[key] = value
    return out


def _future() -> dict[str, str]:
    day = timezone.localdate() + dt.timedelta(days=5)
    return {"date": day.isoformat(), "time": "10:00", "time_zone": "Asia/Jakarta"}


CASES = [
    Case("employee_list", "GET", "/api/v1/employees",
         expect(200, program_bound=False, list_=True)),
    Case("employee_detail", "GET", "/api/v1/employees/{employee_id}",
         # HR B sees the directory (company-wide); participant B only themselves
         expect(200, program_bound=False, other_hr=200, wrong_role=404, sponsor_b=404)),
    Case("employee_bulk_upsert", "POST", "/api/v1/employees/bulk",
         expect(200, read=False, program_bound=False, other_hr=200),
         body={"employees": [{"employee_id": "{employee_id}", "job_title": "API"}]}),
    Case("program_list", "GET", "/api/v1/programs", expect(200, list_=True)),
    Case("program_detail", "GET", "/api/v1/programs/{program_id}", expect(200)),
    Case("program_create", "POST", "/api/v1/programs",
         expect(201, read=False, program_bound=False, other_hr=201),
         body={"name": "From the HRIS", "objective": "digital_skills"}),
    Case("enrollment_list", "GET", "/api/v1/programs/{program_id}/enrollments", expect(200)),
    # the pair's program is running: direct enrolment is refused by the service (422)
    Case("enrollment_create", "POST", "/api/v1/programs/{program_id}/enrollments",
         expect(422, read=False), body={"employee_id": "{employee_id}", "role": "mentee"}),
    Case("enrollment_state", "POST",
         "/api/v1/programs/{program_id}/enrollments/{enrollment_id}/state",
         expect(200, read=False), body={"action": "remove", "reason": "API"}),
    Case("program_outcomes", "GET", "/api/v1/programs/{program_id}/outcomes",
         expect(200, hr_only=False)),
    Case("pair_list", "GET", "/api/v1/pairs",
         expect(200, list_=True, wrong_role=200, sponsor_b=200)),
    Case("pair_detail", "GET", "/api/v1/pairs/{pair_id}", expect(200, hr_only=False)),
    Case("meeting_list", "GET", "/api/v1/pairs/{pair_id}/meetings", expect(200, hr_only=False)),
    # HR A may see the pair but only its members schedule: the service refuses HR (422)
    Case("meeting_create", "POST", "/api/v1/pairs/{pair_id}/meetings",
         expect(201, read=False, hr_only=False), body="future", member=True),
    Case("meeting_confirm", "POST", "/api/v1/pairs/{pair_id}/meetings/{meeting_id}/confirm",
         expect(200, read=False, hr_only=False),
         body={"answer": "held", "rating": 4}, member=True),
]


def _fill(value: Any, kwargs: dict[str, Any]) -> Any:
    if value == "future":
        return _future()
    if isinstance(value, str):
        return value.format(**{k: getattr(v, "pk", v) for k, v in kwargs.items()
                               if isinstance(v, (int, str))})
    if isinstance(value, dict):
        return {k: _fill(v, kwargs) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, kwargs) for v in value]
    return value


def _request(api_world: ApiWorld, case: Case, actor: str) -> Any:
    kwargs = {k: v for k, v in api_world.world.kwargs.items() if "/" not in k}
    path = _fill(case.path, kwargs)
    client = api_world.client(actor, member=case.member)
    if case.method == "GET":
        return client.get(path)
    return client.post(path, json.dumps(_fill(case.body, kwargs)),
                       content_type="application/json")


def test_every_operation_is_in_the_matrix() -> None:
    from terbalik.api.v1 import api

    operations = {op["operationId"] for path in api.get_openapi_schema()["paths"].values()
                  for op in path.values()}
    assert operations == {case.name for case in CASES}


@pytest.mark.django_db
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_matrix(api_world: ApiWorld, case: Case) -> None:
    wrong = []
    for actor in ACTORS:
        sid = transaction.savepoint()
        try:
            response = _request(api_world, case, actor)
        finally:
            transaction.savepoint_rollback(sid)
        expected = case.expected[actor]
        if response.status_code != expected:
            wrong.append(f"{actor}: expected {expected}, got {response.status_code} "
                         f"{response.content[:200]!r}")
        if response.status_code >= 400:
            assert response["Content-Type"] == "application/problem+json", actor
    assert not wrong, f"{case.method} {case.path}:\n  " + "\n  ".join(wrong)


@pytest.mark.django_db
def test_hr_token_is_refused_a_members_meeting_action(api_world: ApiWorld) -> None:
    """HR A sees the pair but may not schedule for it: the same rule as the workspace."""
    case = next(c for c in CASES if c.name == "meeting_create")
    sid = transaction.savepoint()
    try:
        response = _request(api_world, case, "right")  # member=True: the mentee's token
        hr = api_world.client("right").post(
            _fill(case.path, {k: v for k, v in api_world.world.kwargs.items() if "/" not in k}),
            json.dumps(_future()), content_type="application/json")
    finally:
        transaction.savepoint_rollback(sid)
    assert response.status_code == 201
    assert hr.status_code == 422
    assert "members" in hr.json()["detail"]


@pytest.mark.django_db
def test_sponsor_reads_the_outcomes_of_their_own_program_only(api_world: ApiWorld) -> None:
    """Sponsors get the verdict object of their program, aggregates only."""
    from terbalik.programs.models import Program

    program_b = Program.objects.get(name="Program B")
    client = api_world.client("sponsor_b")
    response = client.get(f"/api/v1/programs/{program_b.pk}/outcomes")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["program_id"] == program_b.pk
    assert body["verdict"]["code"] in {"met", "not_met", "inconclusive", "insufficient_data",
                                       "no_target"}
    assert client.get(f"/api/v1/programs/{program_b.pk}").status_code == 403  # not HR
    hr_b = api_world.client("other_hr").get(f"/api/v1/programs/{program_b.pk}/outcomes")
    assert hr_b.status_code == 200
