"""Every view: anonymous → login, wrong role → 403, not yours → 404, right user → 200."""

from __future__ import annotations

import pytest
from django.urls import reverse

from terbalik.accounts.models import Role
from terbalik.programs import services, tokens

from ..factories import UserFactory

pytestmark = pytest.mark.django_db

HR_VIEWS = [
    ("programs:list", False),
    ("programs:new", False),
    ("programs:overview", True),
    ("programs:edit_goal", True),
    ("programs:edit_design", True),
    ("programs:edit_plan", True),
    ("programs:enrollments", True),
    ("programs:invite", True),
    ("programs:promote", True),
    ("programs:qr", True),
]
HR_POSTS = ["programs:transition", "programs:closing_summary"]


def url(name, program, with_program):
    return reverse(name, args=[program.pk]) if with_program else reverse(name)


@pytest.mark.parametrize("name,with_program", HR_VIEWS)
def test_hr_views(name, with_program, client, program, hr_user, participant_user, sponsor_user):
    target = url(name, program, with_program)
    response = client.get(target)
    assert response.status_code == 302 and "/login/" in response.url
    for user in (participant_user, sponsor_user):
        client.force_login(user)
        assert client.get(target).status_code == 403
    client.force_login(hr_user)
    assert client.get(target).status_code == 200


@pytest.mark.parametrize("name,with_program", [v for v in HR_VIEWS if v[1]])
def test_another_hr_users_program_is_404_but_admins_see_it(
    name, with_program, client, program, admin_user
):
    other_hr = UserFactory(role=Role.HR, email="other-hr@example.co.id")
    client.force_login(other_hr)
    assert client.get(url(name, program, True)).status_code == 404
    client.force_login(admin_user)
    assert client.get(url(name, program, True)).status_code == 200


@pytest.mark.parametrize("name", HR_POSTS)
def test_hr_posts(name, client, program, participant_user):
    target = reverse(name, args=[program.pk])
    response = client.post(target, {})
    assert response.status_code == 302 and "/login/" in response.url
    client.force_login(participant_user)
    assert client.post(target, {}).status_code == 403
    client.force_login(UserFactory(role=Role.HR, email="x-hr@example.co.id"))
    assert client.post(target, {"to": "matching"}).status_code == 404


def test_decision_views(client, program, hr_user, make_person, apply_as):
    enrollment = apply_as(program, make_person(9))
    for action in ("approve", "reject", "remove"):
        target = reverse("programs:decide", args=[program.pk, enrollment.pk, action])
        client.logout()
        assert client.get(target).status_code == 302
        client.force_login(enrollment.user)
        assert client.get(target).status_code == 403
        client.force_login(UserFactory(role=Role.HR))
        assert client.get(target).status_code == 404
        client.force_login(hr_user)
        assert client.get(target).status_code == 200
    # an enrollment of another program through this program's URL is a 404
    other = apply_as(
        type(program).objects.create(
            **{
                "name": "Other",
                "status": "recruiting",
                "mentee_places": 3,
                "mentor_places": 3,
                "mentee_grade_min": 8,
                "commitment": "x",
            }
        ),
        make_person(9),
    )
    client.force_login(hr_user)
    target = reverse("programs:decide", args=[program.pk, other.pk, "approve"])
    assert client.get(target).status_code == 404


def test_participant_sees_only_their_own_enrollment(client, program, make_person, apply_as):
    mine = apply_as(program, make_person(9))
    theirs = apply_as(program, make_person(9))
    target = reverse("programs:my_enrollment", args=[mine.pk])
    assert client.get(target).status_code == 302
    client.force_login(mine.user)
    assert client.get(target).status_code == 200
    assert client.get(reverse("programs:my_enrollment", args=[theirs.pk])).status_code == 404
    withdraw_theirs = reverse("programs:withdraw", args=[theirs.pk])
    assert client.post(withdraw_theirs, {"confirm": "yes"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == "pending"


def test_public_page_visibility(client, make_program, make_person):
    open_program = make_program()
    draft = make_program(status="draft")
    closed = make_program(enrollment_mode="closed")
    user = make_person(9)
    assert client.get(reverse("programs:public", args=[open_program.pk])).status_code == 302
    client.force_login(user)
    assert client.get(reverse("programs:public", args=[open_program.pk])).status_code == 200
    assert client.get(reverse("programs:public", args=[draft.pk])).status_code == 404
    assert client.get(reverse("programs:public", args=[closed.pk])).status_code == 404
    assert client.get(reverse("programs:apply", args=[draft.pk])).status_code == 404
    assert client.get(reverse("programs:browse")).status_code == 200


def test_invited_employee_sees_the_closed_program(client, make_program, hr_user, make_person):
    closed = make_program(enrollment_mode="closed")
    user = make_person(2)
    services.invitation_send(program=closed, employees=[user.employee], role="mentor", by=hr_user)
    client.force_login(user)
    assert client.get(reverse("programs:public", args=[closed.pk])).status_code == 200


def test_manager_link_needs_no_login_but_a_valid_token(client):
    response = client.get(reverse("programs:manager_decision", args=["1:abc:def"]))
    assert response.status_code == 400
    assert (
        client.get(
            reverse("programs:manager_decision", args=[tokens.manager_token(424242)])
        ).status_code
        == 404
    )
