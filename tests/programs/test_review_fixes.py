"""Defects found while using the programs app as HR and as an employee (review of issue 5)."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from terbalik.programs import services, tokens
from terbalik.programs.models import InvitationStatus, MeasurementItem, Status

from ..factories import EmployeeFactory
from .browser_form import browser_form

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _hr_reads_english(hr_user):
    hr_user.language = "en"
    hr_user.save(update_fields=["language"])


def test_saving_the_plan_unchanged_adds_no_phantom_item(client, program, hr_user):
    """The blank "new item" line used to submit its first options and be saved every time."""
    client.force_login(hr_user)
    url = reverse("programs:edit_plan", args=[program.pk])
    before = list(program.measurements.values_list("template_key", "phase"))
    for _ in range(2):
        page = client.get(url)
        response = client.post(url, browser_form(page.content.decode()))
        assert response.status_code == 302, response.context["formset"].errors
    assert list(program.measurements.values_list("template_key", "phase")) == before


def test_the_blank_plan_line_adds_an_item_once_filled(client, program, hr_user):
    client.force_login(hr_user)
    url = reverse("programs:edit_plan", args=[program.pk])
    page = client.get(url)
    assert "Add an item (optional)" in page.content.decode()
    data = browser_form(page.content.decode())
    data["plan-1-template_key"] = ["confidence"]
    data["plan-1-phase"] = ["after"]
    response = client.post(url, data)
    assert response.status_code == 302
    assert list(
        MeasurementItem.objects.filter(program=program).values_list("template_key", "phase")
    ) == [("digital_literacy", "before"), ("confidence", "after")]


def test_an_invitee_without_a_password_can_set_one_and_answer(client, make_program, hr_user):
    """Accounts made for invitees had no password and the reset page ignores such accounts:
    the invitee could never sign in to answer. The signed-out invitation page now offers a link
    to choose a password, sent to the invitee's own address."""
    closed = make_program(enrollment_mode="closed", name="Customer insight")
    newcomer = EmployeeFactory(grade=3, email="baru@example.co.id")
    services.invitation_send(program=closed, employees=[newcomer], role="mentor", by=hr_user)
    invitation = closed.invitations.get()
    link = mail.outbox[-1].body.split("https://terbalik.example")[1].split()[0]
    assert tokens.read_invitation_token(link.rstrip("/").rsplit("/", 1)[1]) == invitation.pk
    mail.outbox.clear()

    page = client.get(link, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert "E-mail me a link to choose a password" in page.content.decode()
    sent = client.post(link, {"answer": "password"})
    assert sent.status_code == 200 and 'id="password-link-sent"' in sent.content.decode()
    [message] = mail.outbox
    assert message.to == ["baru@example.co.id"]
    reset = "/password/reset/" + message.body.split("/password/reset/")[1].split()[0]
    form_page = client.get(reset, follow=True)
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Kopi-tubruk-2027!", "new_password2": "Kopi-tubruk-2027!"},
    )
    assert response.status_code == 302, response.context["form"].errors
    assert client.login(email="baru@example.co.id", password="Kopi-tubruk-2027!")
    response = client.post(
        link, {"answer": "accept", "skills_offered": "tiktok", "commitment": "on",
            "privacy_notice": "on"}
    )
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.ACCEPTED


def test_a_signed_out_used_invitation_link_sends_nothing(client, make_program, hr_user):
    closed = make_program(enrollment_mode="closed")
    newcomer = EmployeeFactory(grade=3)
    services.invitation_send(program=closed, employees=[newcomer], role="mentor", by=hr_user)
    invitation = closed.invitations.get()
    services.invitation_decline(invitation=invitation, user=newcomer.user)
    mail.outbox.clear()
    link = reverse("programs:invitation", args=[tokens.invitation_token(invitation.pk)])
    assert client.post(link, {"answer": "password"}).status_code == 410
    assert mail.outbox == []


def test_a_lifecycle_move_asks_first_because_it_cannot_be_undone(client, make_program, hr_user):
    EmployeeFactory(grade=2)
    EmployeeFactory(grade=10)
    program = make_program(status="draft")
    client.force_login(hr_user)
    target = reverse("programs:transition", args=[program.pk])
    asked = client.post(target, {"to": "recruiting"})
    assert asked.status_code == 200
    text = asked.content.decode()
    assert "Move the program to Recruiting?" in text and 'id="confirm-transition"' in text
    program.refresh_from_db()
    assert program.status == Status.DRAFT
    done = client.post(target, {"to": "recruiting", "confirm": "yes"}, follow=True)
    assert "The program is now Recruiting." in done.content.decode()
    program.refresh_from_db()
    assert program.status == Status.RECRUITING


def test_a_refused_move_says_why_without_asking(client, program, hr_user):
    client.force_login(hr_user)
    response = client.post(
        reverse("programs:transition", args=[program.pk]), {"to": "matching"}, follow=True
    )
    assert "No approved mentors yet." in response.content.decode()
    assert 'id="confirm-transition"' not in response.content.decode()


def test_declining_an_invitation_asks_first(client, make_program, hr_user, make_person):
    closed = make_program(enrollment_mode="closed")
    user = make_person(2, language="en")
    services.invitation_send(program=closed, employees=[user.employee], role="mentor", by=hr_user)
    invitation = closed.invitations.get()
    link = reverse("programs:invitation", args=[tokens.invitation_token(invitation.pk)])
    client.force_login(user)
    asked = client.post(link, {"answer": "decline"})
    assert "Decline the invitation?" in asked.content.decode()
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.SENT
    client.post(link, {"answer": "decline", "confirm": "yes"})
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.DECLINED


def test_an_empty_closing_summary_is_not_silently_ignored(client, make_program, hr_user):
    program = make_program(status="active")
    client.force_login(hr_user)
    response = client.post(
        reverse("programs:closing_summary", args=[program.pk]), {"summary": ""}, follow=True
    )
    assert "Closing summary: This field is required." in response.content.decode()


def test_invite_picker_marks_people_already_invited_or_taking_part(
    client, make_program, hr_user, make_person
):
    closed = make_program(enrollment_mode="closed", mentor_places=10)
    invited, joined, free = (make_person(2) for _ in range(3))
    services.invitation_send(
        program=closed, employees=[invited.employee, joined.employee], role="mentor", by=hr_user
    )
    services.invitation_accept(
        invitation=closed.invitations.get(employee=joined.employee),
        user=joined,
        intake={"skills_offered": "tiktok"},
        commitment_accepted=True,
    )
    client.force_login(hr_user)
    page = client.get(reverse("programs:invite", args=[closed.pk]), {"role": "mentor"})
    reasons = {e.pk: r for e, r in page.context["candidates"]}
    assert reasons[invited.employee.pk] == ["already invited"]
    assert reasons[joined.employee.pk] == ["already takes part"]
    assert reasons[free.employee.pk] == []
    html = page.content.decode()
    assert (
        f'value="{invited.employee.employee_id}" id="inv-{invited.employee.employee_id}" disabled'
        in html
    )


def test_invite_picker_says_when_it_shows_only_part_of_the_list(
    client, make_program, hr_user, make_person, monkeypatch
):
    from terbalik.programs.views import hr

    monkeypatch.setattr(hr, "CANDIDATE_LIMIT", 2)
    closed = make_program(enrollment_mode="closed")
    for _ in range(3):
        make_person(2)
    client.force_login(hr_user)
    page = client.get(reverse("programs:invite", args=[closed.pk]), {"role": "mentor"})
    assert len(page.context["candidates"]) == 2
    assert "Showing the first 2 of 3 people. Narrow the filters" in page.content.decode()


def test_a_known_role_asks_only_that_roles_questions(client, make_program, hr_user, make_person):
    program = make_program()
    senior = make_person(9, language="en")
    client.force_login(senior)
    page = client.get(reverse("programs:apply", args=[program.pk]), {"role": "mentee"})
    html = page.content.decode()
    assert 'name="skills_wanted"' in html
    assert 'name="skills_offered"' not in html and 'name="capacity"' not in html
    assert "You apply as a Mentee." in html
    response = client.post(
        reverse("programs:apply", args=[program.pk]) + "?role=mentee",
        {"skills_wanted": "python", "commitment": "on",
            "privacy_notice": "on"},
    )
    assert response.status_code == 302
    assert program.enrollments.get().role == "mentee"

    closed = make_program(enrollment_mode="closed")
    junior = make_person(2, language="en")
    services.invitation_send(program=closed, employees=[junior.employee], role="mentor", by=hr_user)
    link = reverse(
        "programs:invitation", args=[tokens.invitation_token(closed.invitations.get().pk)]
    )
    client.force_login(junior)
    html = client.get(link).content.decode()
    assert 'name="skills_offered"' in html and 'name="capacity"' in html
    assert 'name="skills_wanted"' not in html


def test_an_ineligible_role_is_explained_before_the_form_is_filled(client, program, make_person):
    client.force_login(make_person(3, language="en"))
    page = client.get(reverse("programs:apply", args=[program.pk]), {"role": "mentee"})
    html = page.content.decode()
    assert 'id="not-eligible"' in html
    assert "Mentees need grade 8 or higher; yours is 3." in html
    assert 'id="apply-submit"' not in html


def test_the_program_page_says_when_places_are_full(client, make_program, make_person, apply_as):
    program = make_program(mentee_places=1)
    apply_as(program, make_person(9))
    client.force_login(make_person(10, language="en"))
    html = client.get(reverse("programs:public", args=[program.pk])).content.decode()
    assert 'data-full="mentee"' in html and "you can still apply and join the waitlist" in html
    assert 'data-full="mentor"' not in html


def test_a_long_form_with_errors_lists_them_at_the_top(client, program, hr_user):
    client.force_login(hr_user)
    url = reverse("programs:edit_design", args=[program.pk])
    data = browser_form(client.get(url).content.decode())
    data["mentor_grade_min"], data["mentor_grade_max"] = ["6"], ["3"]
    data["session_minutes"] = ["5"]
    html = client.post(url, data).content.decode()
    summary = html.split('id="form-errors"')[1].split("</div>")[0]
    assert "Please correct 2 fields:" in summary
    assert 'href="#id_mentor_grade_max"' in summary and 'href="#id_session_minutes"' in summary
    assert html.index('id="form-errors"') < html.index('name="mentor_grade_min"')


def test_a_program_past_matching_shows_its_goal_read_only(client, make_program, hr_user):
    program = make_program(status="active")
    client.force_login(hr_user)
    for name in ("programs:edit_goal", "programs:edit_design"):
        html = client.get(reverse(name, args=[program.pk])).content.decode()
        assert "A program in status Active can no longer be edited." in html
        assert "<fieldset disabled>" in html
    html = client.get(reverse("programs:edit_goal", args=[make_program().pk])).content.decode()
    assert 'id="locked"' not in html and "<fieldset>" in html


def test_the_qr_code_has_a_text_alternative(client, program, hr_user):
    client.force_login(hr_user)
    html = client.get(reverse("programs:promote", args=[program.pk])).content.decode()
    qr = html.split('id="program-qr"')[0].rsplit("<div", 1)[1]
    assert 'role="img"' in qr and 'aria-label="QR code of the program page"' in qr


def test_an_invitee_finds_the_invitation_on_the_program_page(
    client, make_program, hr_user, make_person
):
    closed = make_program(enrollment_mode="closed")
    invitee, other = make_person(2, language="en"), make_person(2, language="en")
    services.invitation_send(
        program=closed, employees=[invitee.employee], role="mentor", by=hr_user
    )
    client.force_login(invitee)
    html = client.get(reverse("programs:public", args=[closed.pk])).content.decode()
    link = html.split('" id="answer-invitation"')[0].rsplit('href="', 1)[1]
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert tokens.read_invitation_token(token) == closed.invitations.get().pk
    assert client.get(link).status_code == 200
    client.force_login(other)
    assert client.get(reverse("programs:public", args=[closed.pk])).status_code == 404
