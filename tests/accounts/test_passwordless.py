"""Passwordless sign-in (issue 12, item 2): a one-time code and link by e-mail, read here from
a real SMTP server on loopback."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.urls import reverse

from terbalik.accounts.models import Role, User
from terbalik.notify.models import NotificationLog, SendStatus

from ..factories import EmployeeFactory, UserFactory

pytestmark = pytest.mark.django_db
SMTP = pytest.mark.django_db(transaction=True)  # e-mail really leaves after the commit


def _request_code(client, email, **extra):
    return client.post(reverse("account_request_login_code"), {"email": email}, **extra)


def _link_and_code(smtp, to):
    """The sign-in link and code from the last e-mail sent to `to` (SMTP or the outbox)."""
    if smtp is None:
        [message] = [m for m in mail.outbox if m.to == [to]][-1:]
        return _parse(message.body, message.subject)
    [message] = [m for rcpt, m in smtp.messages if rcpt == [to]][-1:]
    body = message.get_body(preferencelist=("plain",)).get_content()
    return _parse(body, message["Subject"])


def _parse(body, subject):
    link = re.search(r"https?://\S+/accounts/login/code/confirm/\?code=\S+", body).group(0)
    code = parse_qs(urlsplit(link).query)["code"][0]
    assert code in body.split(link)[0]  # the code is also written out for typing
    return link, code, subject


@SMTP
def test_employee_gets_a_code_and_is_signed_in_with_a_new_linked_account(client, smtp):
    employee = EmployeeFactory(email="ani.putri@example.co.id", full_name="Ani Putri")
    assert not User.objects.exists()
    response = _request_code(client, "Ani.Putri@Example.co.id")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_confirm_login_code"))
    link, code, subject = _link_and_code(smtp, "ani.putri@example.co.id")
    assert code in subject
    response = client.post(reverse("account_confirm_login_code"), {"code": code})
    assert response.status_code == 302
    user = User.objects.get()
    assert client.session[SESSION_KEY] == str(user.pk)
    assert (user.email, user.role, user.employee, user.full_name) == (
        "ani.putri@example.co.id", Role.PARTICIPANT, employee, "Ani Putri"
    )
    assert not user.has_usable_password()
    assert client.get(reverse("core:home")).status_code == 200


def test_the_link_in_the_email_fills_in_the_code(client):
    EmployeeFactory(email="budi@example.co.id")
    _request_code(client, "budi@example.co.id")
    link, code, _message = _link_and_code(None, "budi@example.co.id")
    parts = urlsplit(link)
    page = client.get(f"{parts.path}?{parts.query}").content.decode()
    assert f'value="{code}"' in page


def test_the_code_is_not_kept_in_the_database_once_sent(client):
    EmployeeFactory(email="citra@example.co.id")
    _request_code(client, "citra@example.co.id")
    link, code, _message = _link_and_code(None, "citra@example.co.id")
    (row,) = NotificationLog.objects.filter(kind="account")
    assert row.status == SendStatus.SENT
    holding = [r for r in NotificationLog.objects.values() if code in str(r)]
    assert holding == []


@SMTP
def test_unknown_address_gets_the_same_answer_no_mail_and_no_account(client, smtp):
    EmployeeFactory(email="budi@example.co.id")
    known = _request_code(client, "budi@example.co.id")
    client.cookies.clear()
    unknown = _request_code(client, "stranger@elsewhere.example")
    assert (unknown.status_code, unknown["Location"]) == (known.status_code, known["Location"])
    page = client.get(unknown["Location"])
    assert page.status_code == 200
    assert [rcpt for rcpt, _m in smtp.messages] == [["budi@example.co.id"]]
    assert not User.objects.filter(email="stranger@elsewhere.example").exists()
    # Whatever is typed on the code page, nobody is signed in.
    client.post(reverse("account_confirm_login_code"), {"code": "ABC123"})
    assert SESSION_KEY not in client.session


@pytest.mark.parametrize(
    "leaver",
    [
        {"active": False},
        {"exit_date": dt.date(2020, 1, 31), "active": True},
    ],
    ids=["inactive", "exit-date-passed"],
)
def test_leaver_gets_no_code_and_no_account(client, leaver):
    EmployeeFactory(email="keluar@example.co.id", **leaver)
    response = _request_code(client, "keluar@example.co.id")
    assert response.status_code == 302  # the same answer as for anyone
    assert mail.outbox == []
    assert not User.objects.filter(email="keluar@example.co.id").exists()


def test_leaver_with_an_account_cannot_finish_a_code_sign_in(client):
    employee = EmployeeFactory(email="pergi@example.co.id")
    _request_code(client, "pergi@example.co.id")
    _link, code, _message = _link_and_code(None, "pergi@example.co.id")
    employee.active = False
    employee.save()
    client.post(reverse("account_confirm_login_code"), {"code": code})
    assert SESSION_KEY not in client.session
    assert client.get(reverse("core:home")).status_code == 302


def test_expired_code_is_refused(client, settings):
    settings.ACCOUNT_LOGIN_BY_CODE_TIMEOUT = 300
    EmployeeFactory(email="citra@example.co.id")
    start = dt.datetime(2027, 2, 1, 2, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        _request_code(client, "citra@example.co.id")
        _link, code, _message = _link_and_code(None, "citra@example.co.id")
    with time_machine.travel(start + dt.timedelta(minutes=6), tick=False):
        response = client.post(reverse("account_confirm_login_code"), {"code": code})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_request_login_code")
    assert SESSION_KEY not in client.session


def test_used_code_is_refused_the_second_time(client):
    EmployeeFactory(email="dewi@example.co.id")
    _request_code(client, "dewi@example.co.id")
    _link, code, _message = _link_and_code(None, "dewi@example.co.id")
    client.post(reverse("account_confirm_login_code"), {"code": code})
    assert SESSION_KEY in client.session
    client.post(reverse("accounts:logout"))
    response = client.post(reverse("account_confirm_login_code"), {"code": code})
    assert response.status_code == 302
    assert SESSION_KEY not in client.session


def test_three_wrong_codes_end_the_attempt(client):
    EmployeeFactory(email="eko@example.co.id")
    _request_code(client, "eko@example.co.id")
    _link, code, _message = _link_and_code(None, "eko@example.co.id")
    for _ in range(3):
        client.post(reverse("account_confirm_login_code"), {"code": "WRONG1"})
    client.post(reverse("account_confirm_login_code"), {"code": code})
    assert SESSION_KEY not in client.session


def test_code_requests_are_throttled_per_address_and_per_client(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {
        **settings.ACCOUNT_RATE_LIMITS, "request_login_code": "4/10m/ip,2/10m/key"
    }
    EmployeeFactory(email="fajar@example.co.id")

    def ask(email, **extra):
        client.cookies.clear()  # a fresh browser each time, as an attacker would use
        return _request_code(client, email, **extra)

    assert [ask("fajar@example.co.id").status_code for _ in range(3)] == [302, 302, 200]
    assert len(mail.outbox) == 2  # the third request for this address was refused
    # Another client is refused for this address too, but this client may still ask for
    # other addresses until its own limit (4 requests).
    assert ask("fajar@example.co.id", REMOTE_ADDR="10.1.1.1").status_code == 200
    assert ask("x1@example.co.id").status_code == 302
    assert ask("x2@example.co.id").status_code == 200


def test_asking_twice_in_one_browser_sends_one_code(client):
    EmployeeFactory(email="gilang@example.co.id")
    for _ in range(2):
        response = _request_code(client, "gilang@example.co.id")
        assert response.status_code == 302
    assert len(mail.outbox) == 1


def test_code_email_is_in_the_recipients_language(client):
    employee = EmployeeFactory(email="gita@example.co.id")
    UserFactory(email="gita@example.co.id", employee=employee, language="en")
    _request_code(client, "gita@example.co.id", HTTP_ACCEPT_LANGUAGE="id")
    _link, _code, subject = _link_and_code(None, "gita@example.co.id")
    assert subject.startswith("Your Terbalik sign-in code")
    EmployeeFactory(email="hadi@example.co.id")
    client.cookies.clear()
    _request_code(client, "hadi@example.co.id")
    _link, _code, subject = _link_and_code(None, "hadi@example.co.id")
    assert subject.startswith("Kode masuk Terbalik Anda")


def test_an_admin_without_directory_entry_can_also_use_a_code(client):
    UserFactory(email="admin2@example.co.id", role=Role.ADMIN, is_staff=True)
    _request_code(client, "admin2@example.co.id")
    _link, code, _message = _link_and_code(None, "admin2@example.co.id")
    client.post(reverse("account_confirm_login_code"), {"code": code})
    assert SESSION_KEY in client.session


def test_an_account_under_another_address_signs_in_with_the_directory_address(client):
    employee = EmployeeFactory(email="agus.wijaya@example.co.id")
    account = UserFactory(email="mentor@example.co.id", employee=employee)
    _request_code(client, "AGUS.wijaya@example.co.id")
    _link, code, _subject = _link_and_code(None, "agus.wijaya@example.co.id")
    client.post(reverse("account_confirm_login_code"), {"code": code})
    assert client.session[SESSION_KEY] == str(account.pk)
    assert User.objects.count() == 1
