"""Self-service enrolment from the home page (issue 12, item 4).

Walked first as an employee would, before any change (signed in, program open, eligible):

    1. home                      (no program on it: follow "Mentoring programs")
    2. the list of programs      (follow the program's name)
    3. the program page          (follow "Apply as a mentee")
    4. the application form      (intake questions, tick the commitment, send)
    5. the status page

Five screens and seven steps (open home, open the list, open the program, open the form, fill
the intake, tick the commitment, send). The application e-mail went out without a notify
idempotency key, and sending the form twice (double click, reload) answered the second time
with an error page instead of the confirmation. The tests below hold the fixed behaviour:
home → form → confirmation (three screens), one e-mail keyed in notify's log.
"""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from terbalik.notify.models import NotificationLog
from terbalik.programs.models import EnrollmentStatus, Status

pytestmark = pytest.mark.django_db

HREF = re.compile(r'href="([^"]+)"')
MAX_SCREENS = 3


def walk_to_the_form(client, program) -> tuple[list[str], str]:
    """Follow links as a person does: the form if the page links to it, else the program's
    page, else the list of programs. Returns the screens seen and the form's address."""
    apply_path = reverse("programs:apply", args=[program.pk])
    wanted = [apply_path, reverse("programs:public", args=[program.pk]), reverse("programs:browse")]
    screens = [reverse("core:home")]
    html = client.get(screens[0]).content.decode()
    while not screens[-1].startswith(apply_path):
        links = HREF.findall(html)
        target = next(
            (link for goal in wanted for link in links if link.split("#")[0].startswith(goal)),
            None,
        )
        assert target is not None and target not in screens, f"stuck after {screens}"
        screens.append(target.replace("&amp;", "&"))
        response = client.get(screens[-1])
        assert response.status_code == 200
        html = response.content.decode()
    return screens, screens[-1]


def test_home_to_confirmation_takes_three_screens_and_one_keyed_email(
    client, program, make_person
):
    user = make_person(9, language="en")
    client.force_login(user)
    screens, form_url = walk_to_the_form(client, program)
    response = client.post(
        form_url, {"skills_wanted": "Python", "capacity": 1, "commitment": "on",
            "privacy_notice": "on"}, follow=True
    )
    screens.append(response.redirect_chain[-1][0])
    assert screens[-1] == reverse(
        "programs:my_enrollment", args=[program.enrollments.get().pk]
    )
    assert len(screens) <= MAX_SCREENS, screens
    assert "Thank you, your application was received." in response.content.decode()
    mine = [m for m in mail.outbox if m.to == [user.email]]
    assert len(mine) == 1
    enrollment = program.enrollments.get()
    assert NotificationLog.objects.filter(
        key=f"programs.enrollment.{enrollment.pk}.received", user=user
    ).exists()


def test_sending_the_form_twice_gives_one_enrollment_one_email_and_the_confirmation(
    client, program, make_person
):
    user = make_person(9, language="en")
    client.force_login(user)
    target = reverse("programs:apply", args=[program.pk]) + "?role=mentee"
    data = {"skills_wanted": "Python", "capacity": 1, "commitment": "on",
        "privacy_notice": "on"}
    first = client.post(target, data)
    second = client.post(target, data)
    enrollment = program.enrollments.get()
    mine = reverse("programs:my_enrollment", args=[enrollment.pk])
    assert first.status_code == second.status_code == 302
    assert first.url == second.url == mine
    assert len([m for m in mail.outbox if m.to == [user.email]]) == 1


def test_home_lists_only_open_programs_the_employee_may_join(
    client, make_program, make_person, apply_as
):
    open_one = make_program(name="Open digital")
    make_program(name="Closed insight", enrollment_mode="closed")
    make_program(name="Still a draft", status=Status.DRAFT)
    make_program(name="Only for Finance", departments_included=["Keuangan"])
    applied = make_program(name="Already in")
    user = make_person(9, language="en")
    apply_as(applied, user)
    client.force_login(user)
    page = client.get(reverse("core:home")).content.decode()
    assert "Open digital" in page
    for hidden in ("Closed insight", "Still a draft", "Only for Finance", "Already in"):
        assert hidden not in page
    # the mentee's own role only: grade 9 cannot mentor in this program
    apply_path = reverse("programs:apply", args=[open_one.pk])
    assert f"{apply_path}?role=mentee" in page
    assert f"{apply_path}?role=mentor" not in page


def test_home_says_so_when_nothing_is_open(client, make_person):
    client.force_login(make_person(9, language="en"))
    page = client.get(reverse("core:home")).content.decode()
    assert 'id="open-programs-empty"' in page
    assert "No program is open for you right now." in page


def test_home_queries_do_not_grow_with_the_number_of_programs(
    client, make_program, make_person, django_assert_max_num_queries
):
    user = make_person(9, language="en")
    client.force_login(user)
    make_program(name="P0")
    client.get(reverse("core:home"))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(reverse("core:home"))
    for n in range(1, 8):
        make_program(name=f"P{n}")
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get(reverse("core:home")).content.decode()
    assert page.count('data-open-program="') == 8


def test_selector_gives_roles_per_program(program, make_person):
    from terbalik.programs import selectors

    mentee = make_person(9)
    mentor = make_person(3)
    [(shown, roles)] = selectors.open_programs_for(mentee)
    assert shown == program and roles == ["mentee"]
    assert selectors.open_programs_for(mentor)[0][1] == ["mentor"]


def test_anyone_without_an_employee_sees_no_open_programs(program, hr_user, sponsor_user):
    from terbalik.programs import selectors

    assert selectors.open_programs_for(hr_user) == []
    assert selectors.open_programs_for(sponsor_user) == []


def test_full_program_still_shows_and_the_applicant_is_waitlisted(
    client, make_program, make_person, apply_as
):
    program = make_program(mentee_places=1)
    apply_as(program, make_person(10))
    user = make_person(9, language="en")
    client.force_login(user)
    page = client.get(reverse("core:home")).content.decode()
    assert "data-full" in page
    client.post(
        reverse("programs:apply", args=[program.pk]) + "?role=mentee",
        {"skills_wanted": "Python", "capacity": 1, "commitment": "on",
            "privacy_notice": "on"},
    )
    assert program.enrollments.get(user=user).status == EnrollmentStatus.WAITLISTED


def test_the_demo_employees_see_the_demo_open_program_on_home(client):
    import io

    from django.core.management import call_command

    from terbalik.accounts.models import User
    from terbalik.core import demo
    from terbalik.programs.models import EnrollmentMode, Program

    call_command("demo", stdout=io.StringIO())
    [open_program] = Program.objects.filter(
        status=Status.RECRUITING, enrollment_mode=EnrollmentMode.OPEN
    )
    for email, role in ((f"mentee@{demo.DOMAIN}", "mentee"), (f"mentor@{demo.DOMAIN}", "mentor")):
        client.force_login(User.objects.get(email=email))
        page = client.get(reverse("core:home")).content.decode()
        assert f'data-open-program="{open_program.pk}"' in page, email
        apply_path = reverse("programs:apply", args=[open_program.pk])
        assert f"{apply_path}?role={role}" in page


def test_staff_homes_have_no_open_programs_block(client, program, hr_user, sponsor_user):
    for user in (hr_user, sponsor_user):
        client.force_login(user)
        assert 'id="open-programs"' not in client.get(reverse("core:home")).content.decode()


def test_the_demo_builder_logs_no_e_mail_it_did_not_send(program, make_person, apply_as):
    from terbalik.programs import emails

    with emails.muted():
        apply_as(program, make_person(9))
    assert not mail.outbox
    assert not NotificationLog.objects.exists()
