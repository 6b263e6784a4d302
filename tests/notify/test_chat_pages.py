"""The pages of chat notifications: a person's channels on the preferences page, and HR's chat
channels of a program (issue 19 part 5)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from terbalik.accounts.models import Role
from terbalik.notify import chat
from terbalik.notify.models import ChatPreference, ProgramChatChannel
from terbalik.people import services as people_services

from ..factories import UserFactory

pytestmark = pytest.mark.django_db

PREFS = reverse("notify:preferences")


def _with_number(user, number="+62 812 5550 1234"):
    people_services.profile_update(employee=user.employee, by=user, whatsapp=number,
                                   whatsapp_consent=False, channels=[])
    return user


def test_preferences_need_a_sign_in(client):
    response = client.get(PREFS)
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    assert client.post(PREFS, {"chat_channels": ["slack"]}).status_code == 302
    assert not ChatPreference.objects.exists()


def test_unconfigured_channels_are_not_offered_and_the_page_says_why(client, make_person,
                                                                     chat_off):
    user = make_person(1)
    client.force_login(user)
    page = client.get(PREFS).content.decode()
    assert 'name="chat_channels"' not in page and 'name="whatsapp_consent"' not in page
    assert page.count("Not set up on this server") == 3
    client.post(PREFS, {"kinds": [], "chat_channels": ["slack", "whatsapp"],
                        "whatsapp_consent": "on"})
    assert not ChatPreference.objects.exists()  # a forged choice of a hidden channel: ignored


def test_a_person_chooses_slack_and_whatsapp_with_consent(client, make_person, chat_on):
    user = _with_number(make_person(1))
    chat_on.slack_users[user.email] = "U0PAGE01"
    client.force_login(user)
    page = client.get(PREFS).content.decode()
    assert 'value="slack"' in page and 'value="whatsapp"' in page
    assert "+6281255501234" in page  # the consent names the number it is for
    response = client.post(PREFS, {"kinds": ["nudge"], "chat_channels": ["slack", "whatsapp"],
                                   "whatsapp_consent": "on"})
    assert response.status_code == 302 and response["Location"] == PREFS
    pref = ChatPreference.objects.get(user=user)
    assert sorted(pref.channels) == ["slack", "whatsapp"]
    assert pref.slack_user_id == "U0PAGE01" and pref.whatsapp_consent_at is not None
    page = client.get(PREFS).content.decode()
    assert "You agreed to receive WhatsApp messages at +6281255501234" in page
    # withdrawing: untick the consent
    client.post(PREFS, {"kinds": ["nudge"], "chat_channels": ["slack"]})
    pref.refresh_from_db()
    assert pref.channels == ["slack"] and pref.whatsapp_consent_at is None


def test_whatsapp_without_consent_is_refused_naming_the_field(client, make_person, chat_on):
    user = _with_number(make_person(1))
    client.force_login(user)
    response = client.post(PREFS, {"kinds": [], "chat_channels": ["whatsapp"]})
    assert response.status_code == 200
    assert "give your consent" in response.content.decode()
    assert not ChatPreference.objects.exists()


def test_whatsapp_is_unavailable_without_a_number_and_the_page_says_why(client, make_person,
                                                                        chat_on):
    client.force_login(make_person(1))
    page = client.get(PREFS).content.decode()
    assert 'value="whatsapp"' not in page
    assert "Add your WhatsApp number to your contact profile first." in page


def test_the_page_shows_only_the_signed_in_persons_own_choices(client, make_person, chat_on):
    owner = _with_number(make_person(1))
    chat.chat_preferences_set(user=owner, chosen=["whatsapp"], whatsapp_consent=True)
    other = make_person(2)
    client.force_login(other)
    page = client.get(PREFS).content.decode()
    assert "6281255501234" not in page and "You agreed" not in page
    client.post(PREFS, {"kinds": [], "chat_channels": []})
    assert ChatPreference.objects.get(user=owner).whatsapp_consent_at is not None


def test_a_stored_choice_of_an_unconfigured_channel_is_explained(client, make_person, chat_off):
    user = make_person(1)
    ChatPreference.objects.create(user=user, channels=["whatsapp"])
    client.force_login(user)
    page = client.get(PREFS).content.decode()
    assert "You chose this channel, but until it is available your messages go by e-mail only." \
        in page


# --- HR: a program's chat channels -----------------------------------------------------------


def _url(program):
    return reverse("notify:program_channels", args=[program.pk])


def test_program_channels_only_for_hr_of_that_program(client, program, make_person, chat_on):
    url = _url(program)
    test_url = reverse("notify:program_channels_test", args=[program.pk])
    assert reverse("accounts:login") in client.get(url)["Location"]
    participant = make_person(1)
    other_hr = UserFactory(role=Role.HR, email="hr-b@example.co.id")
    chat.program_channels_set(program=program, by=program.created_by, language="en",
                              targets={"slack": "C0COHORT01"})
    data = {"slack": "C0OTHER001", "language": "id"}
    for user in (participant, other_hr):
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert client.post(url, data).status_code == 404
        assert client.post(test_url).status_code == 404
    assert [(c.target, c.language) for c in ProgramChatChannel.objects.all()] == [
        ("C0COHORT01", "en")]
    assert chat_on.to("/chat.postMessage") == []


def test_hr_of_the_program_sets_slack_and_teams(client, program, hr_user, chat_on):
    client.force_login(hr_user)
    url = _url(program)
    page = client.get(url).content.decode()
    assert 'name="slack"' in page and 'name="teams"' in page
    overview = client.get(reverse("programs:overview", args=[program.pk])).content.decode()
    assert url in overview  # one link from the program's pages
    response = client.post(url, {"slack": "C0COHORT01", "language": "id",
                                 "teams": f"{chat_on.url}/teams/cohort"})
    assert response.status_code == 302
    saved = {c.channel: (c.target, c.language) for c in ProgramChatChannel.objects.all()}
    assert saved == {"slack": ("C0COHORT01", "id"), "teams": (f"{chat_on.url}/teams/cohort", "id")}
    page = client.get(url).content.decode()
    assert "/teams/cohort" not in page  # the webhook address is a credential: not shown again
    test_url = reverse("notify:program_channels_test", args=[program.pk])
    assert test_url in page
    assert client.get(test_url)["Location"] == url  # GET goes back to the page
    assert client.post(test_url)["Location"] == url
    (teams,) = chat_on.to("/teams/cohort")
    assert teams.data["attachments"][0]["content"]["body"][0]["text"] == (
        "Pesan uji dari Terbalik")  # in the language chosen for the posts
    assert [r.data["channel"] for r in chat_on.to("/chat.postMessage")] == ["C0COHORT01"]
    client.post(url, {"slack": "", "language": "id", "teams_remove": "on"})
    assert not ProgramChatChannel.objects.exists()


def test_a_bad_destination_names_the_field_and_writes_nothing(client, program, hr_user,
                                                             chat_on):
    client.force_login(hr_user)
    response = client.post(_url(program), {"slack": "general", "language": "en",
                                           "teams": "https://evil.example.com/x"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Enter the Slack channel ID" in body and "allowed Microsoft host" in body
    assert not ProgramChatChannel.objects.exists()


def test_program_channels_page_explains_unconfigured_channels(client, program, hr_user,
                                                              chat_off):
    client.force_login(hr_user)
    page = client.get(_url(program)).content.decode()
    assert 'name="slack"' not in page and 'name="teams"' not in page
    assert page.count("is not set up on this server") == 2
