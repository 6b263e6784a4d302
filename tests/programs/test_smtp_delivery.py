"""E-mails go through a real SMTP server on loopback (aiosmtpd), after the commit."""

from __future__ import annotations

import pytest
from django.utils import translation

from terbalik.programs import services

pytestmark = pytest.mark.django_db(transaction=True)


def subject_in(language: str, text: str, **args: str) -> str:
    with translation.override(language):
        return translation.gettext(text) % args


def test_invitations_arrive_in_each_recipients_language(smtp, make_program, hr_user, make_person):
    program = make_program(enrollment_mode="closed", name="Wawasan pelanggan")
    english = make_person(2, language="en")
    indonesian = make_person(3, language="id")
    services.invitation_send(
        program=program,
        employees=[english.employee, indonesian.employee],
        role="mentor",
        by=hr_user,
        base_url="https://hr.example.co.id",
    )
    assert len(smtp.messages) == 2
    by_rcpt = {rcpt[0]: msg for rcpt, msg in smtp.messages}
    en = by_rcpt[english.email]
    assert en["Subject"] == "Invitation: Wawasan pelanggan"
    assert en["To"] == english.email
    text = en.get_body(preferencelist=("plain",)).get_content()
    html = en.get_body(preferencelist=("html",)).get_content()
    assert "https://hr.example.co.id/programs/invitation/" in text
    assert 'href="https://hr.example.co.id/programs/invitation/' in html
    idn = by_rcpt[indonesian.email]
    assert idn["Subject"] == subject_in(
        "id", "Invitation: %(program)s", program="Wawasan pelanggan"
    )
    assert 'lang="id"' in idn.get_body(preferencelist=("html",)).get_content()


def test_nothing_is_sent_when_the_transaction_rolls_back(smtp, program, make_person):
    from django.db import transaction

    user = make_person(9)
    with pytest.raises(RuntimeError), transaction.atomic():
        services.enrollment_apply(
            program=program,
            user=user,
            role="mentee",
            intake={"skills_wanted": "python"},
            commitment_accepted=True,
        )
        raise RuntimeError("boom")
    assert smtp.messages == []
    assert not program.enrollments.exists()
