"""Issue 16: a double tap on "save meeting" made two meetings and four e-mails.

Every state-changing form carries a one-time token (`{% form_once %}`); a repeat of the token
by the same person gets the first answer and writes nothing (terbalik.core.once).
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse

from terbalik.core import once
from terbalik.core.models import FormSubmission
from terbalik.pairs.models import Meeting

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2027, 3, 1, 2, 0, tzinfo=dt.UTC)
TOKEN = re.compile(r'name="form_once" value="([A-Za-z0-9_-]+)"')


def token_of(response) -> str:
    match = TOKEN.search(response.content.decode())
    assert match, "the form carries no one-time token"
    return match.group(1)


def meeting_data(token: str) -> dict[str, str]:
    return {"date": "2027-03-10", "time": "09:00", "time_zone": "Asia/Jakarta",
            "repeat": "once", "count": "1", "minutes": "", "channel": "video",
            "location": "", "form_once": token}


@pytest.fixture
def traveller():
    with time_machine.travel(NOW, tick=False):
        yield


def test_double_tap_on_save_meeting_makes_one_meeting_and_one_email_each(
        pair, client, traveller):
    client.force_login(pair.mentor_user)
    url = reverse("pairs:meeting_new", args=[pair.pk])
    token = token_of(client.get(url))
    mail.outbox.clear()
    first = client.post(url, meeting_data(token))
    second = client.post(url, meeting_data(token))
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"] == reverse("pairs:workspace", args=[pair.pk])
    assert Meeting.objects.filter(pair=pair).count() == 1
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [pair.mentor_user.email, pair.mentee_user.email])


def test_every_render_gives_a_fresh_token_so_a_second_meeting_is_possible(
        pair, client, traveller):
    client.force_login(pair.mentor_user)
    url = reverse("pairs:meeting_new", args=[pair.pk])
    first, second = token_of(client.get(url)), token_of(client.get(url))
    assert first != second
    client.post(url, meeting_data(first))
    client.post(url, meeting_data(second) | {"date": "2027-03-17"})
    assert Meeting.objects.filter(pair=pair).count() == 2


def test_a_form_shown_again_with_errors_frees_its_token(pair, client, traveller):
    client.force_login(pair.mentor_user)
    url = reverse("pairs:meeting_new", args=[pair.pk])
    token = token_of(client.get(url))
    refused = client.post(url, meeting_data(token) | {"date": ""})
    assert refused.status_code == 200 and "This field is required" in refused.content.decode()
    assert not FormSubmission.objects.exists()
    corrected = client.post(url, meeting_data(token))
    assert corrected.status_code == 302
    assert Meeting.objects.filter(pair=pair).count() == 1


def test_the_repeat_shows_the_first_answers_flash_message(pair, client, traveller):
    client.force_login(pair.mentor_user)
    url = reverse("pairs:meeting_new", args=[pair.pk])
    token = token_of(client.get(url))
    client.post(url, meeting_data(token))
    client.post(url, meeting_data(token))
    page = client.get(reverse("pairs:workspace", args=[pair.pk])).content.decode()
    assert page.count("1 meeting scheduled; invitations sent.") == 1


def test_a_token_used_by_someone_else_is_not_honoured(pair, client, traveller):
    """The partner reusing the mentor's token is not answered with the mentor's response:
    their own submission is processed as theirs."""
    client.force_login(pair.mentor_user)
    url = reverse("pairs:meeting_new", args=[pair.pk])
    token = token_of(client.get(url))
    client.post(url, meeting_data(token))
    partner = Client(HTTP_ACCEPT_LANGUAGE="en")
    partner.force_login(pair.mentee_user)
    response = partner.post(url, meeting_data(token) | {"date": "2027-03-17"})
    assert response.status_code == 302
    assert Meeting.objects.filter(pair=pair).count() == 2
    assert FormSubmission.objects.filter(token=token).count() == 2


def test_a_token_from_another_signed_out_browser_is_not_honoured(client, db):
    """Signed out, the person is the browser (its CSRF secret): another browser's token
    is a new one for this browser."""
    stranger = Client(enforce_csrf_checks=False)
    stranger.cookies["csrftoken"] = "a" * 32
    client.cookies["csrftoken"] = "b" * 32
    token = once.new_token()
    url = reverse("accounts:language")
    for browser in (stranger, client):
        browser.post(url, {"language": "id", "next": "/", "form_once": token})
    assert FormSubmission.objects.filter(token=token).count() == 2


def test_without_a_token_the_post_runs_as_before(pair, client, traveller):
    client.force_login(pair.mentor_user)
    url = reverse("pairs:meeting_new", args=[pair.pk])
    data = meeting_data("")
    del data["form_once"]
    client.post(url, data)
    client.post(url, data | {"date": "2027-03-17"})
    assert Meeting.objects.filter(pair=pair).count() == 2
    assert not FormSubmission.objects.exists()


def test_old_tokens_are_forgotten(pair, client):
    with time_machine.travel(NOW, tick=False):
        client.force_login(pair.mentor_user)
        url = reverse("pairs:meeting_new", args=[pair.pk])
        client.post(url, meeting_data(token_of(client.get(url))))
    assert FormSubmission.objects.count() == 1
    assert once.forget_expired(now=NOW + once.LIFETIME - dt.timedelta(minutes=1)) == 0
    assert once.forget_expired(now=NOW + once.LIFETIME + dt.timedelta(minutes=1)) == 1
    assert not FormSubmission.objects.exists()


def test_the_repeat_carries_the_cookies_of_the_first_answer(client, db, settings):
    """The browser may drop the first answer of a double tap: the repeat must set the same
    cookies (here the language; after a sign-in, the session)."""
    client.cookies["csrftoken"] = "c" * 32
    token = once.new_token()
    data = {"language": "id", "next": "/", "form_once": token}
    first = client.post(reverse("accounts:language"), data)
    del client.cookies[settings.LANGUAGE_COOKIE_NAME]
    second = client.post(reverse("accounts:language"), data | {"language": "en"})
    assert first["Location"] == second["Location"] == "/"
    assert second.cookies[settings.LANGUAGE_COOKIE_NAME].value == "id"  # the first answer


def test_the_tag_gives_what_format_html_gives_for_every_token(monkeypatch):
    """{% form_once %} joins the escaped field with the token instead of format_html: the
    same HTML for any URL-safe token, each render a fresh one."""
    from django.template import engines
    from django.utils.html import format_html

    from terbalik.core.templatetags import once as tags

    page = engines["django"].from_string("{% form_once %}")
    for token in ("abc", "A-_9" * 6, once.new_token()):
        monkeypatch.setattr(tags, "new_token", lambda token=token: token)
        expected = format_html('<input type="hidden" name="{}" value="{}">', once.FIELD, token)
        assert page.render({}) == tags.form_once() == expected
    monkeypatch.undo()
    assert page.render({}) != page.render({})
    assert all(set(once.new_token()) <= set(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") for _ in range(50))
