"""Chat notifications (issue 19 part 5): Slack, Teams and WhatsApp behind one channel interface,
tested against a real HTTP server on loopback standing in for the providers.

Each message is one outbox row per (key, channel), sent by the same worker, lease and sweep as
e-mail; the recipient's language decides the text; consent decides WhatsApp at send time.
"""

from __future__ import annotations

import datetime as dt
import logging

import pytest
import time_machine
from django.core import mail
from django.utils.translation import gettext as _

from terbalik.core.service_errors import ServiceError
from terbalik.notify import channels, chat, emails, services
from terbalik.notify.models import ChatPreference, NotificationLog, SendStatus
from terbalik.people import services as people_services

from .conftest import SLACK_TOKEN, WHATSAPP_TOKEN

pytestmark = pytest.mark.django_db

T0 = dt.datetime(2027, 3, 1, 9, 0, tzinfo=dt.UTC)
NUMBER = "+62 812 5550 1234"
DIGITS = "6281255501234"


def build() -> emails.Message:
    # strings of the catalogue, so the language shows: "Chat channels" is "Saluran obrolan"
    return emails.Message(subject=_("Chat channels"), paragraphs=["Line <one> & two.",
                          "Second paragraph."], link="http://testserver/pairs/")


@pytest.fixture
def person(make_person, chat_on):
    """A participant with a WhatsApp number in their profile and a Slack account."""

    def make(n: int = 1, *, language: str = "en", chosen=(), consent: bool = False):
        user = make_person(n, language=language)
        people_services.profile_update(employee=user.employee, by=user, whatsapp=NUMBER,
                                       whatsapp_consent=False, channels=[])
        chat_on.slack_users[user.email] = f"U0TEST{n:04d}"
        if chosen:
            chat.chat_preferences_set(
                user=user, chosen=chosen, whatsapp_consent=consent,
                teams_webhook_url=f"{chat_on.url}/teams/personal-{n}-secret",
            )
        return user

    return make


def rows(channel: str) -> list[NotificationLog]:
    return list(NotificationLog.objects.filter(channel=channel).order_by("pk"))


# --- the payload of each channel, in the recipient's language ------------------------------


def test_slack_gets_blocks_in_the_recipients_language_next_to_the_email(person, chat_on):
    user = person(language="id", chosen=["slack"])
    assert services.notify_once(key="k:slack", kind="nudge", user=user, build=build)

    (lookup,) = chat_on.to("/users.lookupByEmail")
    assert lookup.data["email"] == user.email
    (post,) = chat_on.to("/chat.postMessage")
    assert post.headers["Authorization"] == f"Bearer {SLACK_TOKEN}"
    assert post.data["channel"] == "U0TEST0001"
    assert post.data["text"] == "Saluran obrolan"
    blocks = post.data["blocks"]
    assert blocks[0]["text"] == {"type": "mrkdwn", "text": "*Saluran obrolan*"}
    assert blocks[1]["text"]["text"] == "Line &lt;one&gt; &amp; two."  # mrkdwn escaped
    (button,) = blocks[-1]["elements"]
    assert button["url"] == "http://testserver/pairs/"
    assert button["text"]["text"] == "Buka Terbalik"
    assert post.data["metadata"]["event_type"] == "terbalik_notification"
    assert "k:slack" not in str(post.data)  # only a digest of the key leaves
    (email,) = mail.outbox
    assert email.subject == "Saluran obrolan"
    assert sorted(r.channel for r in NotificationLog.objects.filter(key="k:slack")) == [
        "email", "slack"]
    assert rows("slack")[0].status == SendStatus.SENT


def test_teams_gets_an_adaptive_card_in_english_for_an_english_reader(person, chat_on):
    user = person(language="en", chosen=["teams"])
    services.notify_once(key="k:teams", kind="nudge", user=user, build=build)

    (post,) = chat_on.to("/teams/personal-1-secret")
    assert post.data["type"] == "message"
    (attachment,) = post.data["attachments"]
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    card = attachment["content"]
    assert card["type"] == "AdaptiveCard"
    assert [b["text"] for b in card["body"]] == [
        "Chat channels", "Line <one> & two.", "Second paragraph."]
    assert card["actions"] == [{"type": "Action.OpenUrl", "url": "http://testserver/pairs/",
                                "title": "Open Terbalik"}]


def test_whatsapp_sends_the_approved_template_with_three_parameters(person, chat_on):
    user = person(language="id", chosen=["whatsapp"], consent=True)
    services.notify_once(key="k:wa", kind="nudge", user=user, build=build)

    (post,) = chat_on.to("/v21.0/1098765/messages")
    assert post.headers["Authorization"] == f"Bearer {WHATSAPP_TOKEN}"
    assert post.data["messaging_product"] == "whatsapp"
    assert post.data["to"] == DIGITS
    assert post.data["type"] == "template"
    template = post.data["template"]
    assert template["name"] == "terbalik_update"
    assert template["language"] == {"code": "id"}
    (component,) = template["components"]
    assert [p["text"] for p in component["parameters"]] == [
        "Saluran obrolan", "Line <one> & two. Second paragraph.", "http://testserver/pairs/"]


def test_the_same_key_again_sends_nothing_on_any_channel(person, chat_on):
    user = person(chosen=["slack", "teams", "whatsapp"], consent=True)
    assert services.notify_once(key="k:again", kind="nudge", user=user, build=build)
    assert not services.notify_once(key="k:again", kind="nudge", user=user, build=build)
    assert NotificationLog.objects.filter(key="k:again").count() == 4
    assert len(chat_on.to("/chat.postMessage")) == 1
    assert len(chat_on.to("/teams/personal-1-secret")) == 1
    assert len(chat_on.to("/messages")) == 1
    assert len(mail.outbox) == 1


def test_a_muted_kind_goes_to_no_chat_either_and_sign_in_codes_only_by_email(person, chat_on):
    user = person(chosen=["slack"])
    services.preferences_set(user=user, wanted=[])
    services.notify_once(key="k:muted", kind="nudge", user=user, build=build)
    services.notify_once(key="k:code", kind="account", user=user, build=build)
    assert chat_on.to("/chat.postMessage") == []
    assert [m.subject for m in mail.outbox] == ["Chat channels"]  # the sign-in e-mail


def test_messages_sent_by_apps_also_reach_the_chosen_chat(person, chat_on):
    user = person(chosen=["slack"])
    emails.send(key="launch:1:1:1", user=user, build=build)
    assert len(chat_on.to("/chat.postMessage")) == 1
    assert len(mail.outbox) == 1


# --- retries and worker crashes ----------------------------------------------------------

PATHS = {"slack": "/chat.postMessage", "teams": "/teams/personal-1-secret",
         "whatsapp": "/1098765/messages"}


@pytest.mark.parametrize("channel", ["slack", "teams", "whatsapp"])
def test_a_500_is_retried_by_the_worker_and_sent_once(person, chat_on, worker_mode, channel,
                                                      caplog):
    user = person(chosen=[channel], consent=True)
    with time_machine.travel(T0, tick=False):
        services.notify_once(key="k:500", kind="nudge", user=user, build=build)
    (row,) = rows(channel)
    chat_on.fail_next(PATHS[channel])
    with caplog.at_level(logging.INFO):
        assert services.send_logged(log_id=row.pk, now=T0) == "retry"
    row.refresh_from_db()
    assert row.status == SendStatus.QUEUED and row.attempts == 1
    assert "500" in row.last_error
    for secret in (SLACK_TOKEN, WHATSAPP_TOKEN, "personal-1-secret", DIGITS):
        assert secret not in row.last_error and secret not in caplog.text
    # the back-off passes; the sweep hands the message out again and the worker sends it
    later = T0 + dt.timedelta(minutes=10)
    assert services.sweep(now=later) == 1
    assert services.send_logged(log_id=row.pk, now=later) == "sent"
    row.refresh_from_db()
    assert (row.status, row.attempts, row.message) == (SendStatus.SENT, 2, {})
    assert len(chat_on.to(PATHS[channel])) == 2  # the failed one and the good one


def test_a_4xx_is_given_up_at_once(person, chat_on, worker_mode):
    user = person(chosen=["teams"])
    with time_machine.travel(T0, tick=False):
        services.notify_once(key="k:404", kind="nudge", user=user, build=build)
    (row,) = rows("teams")
    chat_on.fail_next(PATHS["teams"], status=404)  # the webhook was deleted
    assert services.send_logged(log_id=row.pk, now=T0) == "failed"
    row.refresh_from_db()
    assert row.status == SendStatus.FAILED and row.message == {}


@pytest.mark.parametrize("channel", ["slack", "teams", "whatsapp"])
def test_no_duplicate_after_a_worker_died_holding_the_message(person, chat_on, worker_mode,
                                                              channel):
    """Claimed with a lease, the worker dies before it sends: the sweep hands the message out
    once the lease ran out, and exactly one copy arrives."""
    user = person(chosen=[channel], consent=True)
    with time_machine.travel(T0, tick=False):
        services.notify_once(key="k:crash", kind="nudge", user=user, build=build)
    (row,) = rows(channel)
    assert services.claim_for_send(log_id=row.pk, now=T0) == 1  # ... and the worker dies
    assert services.sweep(now=T0 + dt.timedelta(seconds=299)) == 0  # lease still running
    assert services.send_logged(log_id=row.pk, now=T0 + dt.timedelta(seconds=10)) == "taken"
    after = T0 + dt.timedelta(seconds=301)
    assert services.sweep(now=after) == 1
    assert services.send_logged(log_id=row.pk, now=after) == "sent"
    assert services.send_logged(log_id=row.pk, now=after) == "taken"
    assert len(chat_on.to(PATHS[channel])) == 1


AFTER_LEASE = T0 + dt.timedelta(seconds=301)


def _died_after_the_provider_accepted(person, channel: str, key: str) -> NotificationLog:
    """Queue one message on `channel`; a worker claims it, the provider accepts it, and the
    worker dies before it marks the row sent. Then the lease runs out and the sweep runs."""
    user = person(chosen=[channel])
    with time_machine.travel(T0, tick=False):
        services.notify_once(key=key, kind="nudge", user=user, build=build)
    (row,) = rows(channel)
    attempt = services.claim_for_send(log_id=row.pk, now=T0)
    assert attempt == 1
    channels.get(row.channel).send(channels.Outgoing(
        to=row.message["to"], payload=row.message["payload"], key=row.key, attempt=attempt))
    assert services.sweep(now=AFTER_LEASE) == 1
    return row


def test_slack_no_duplicate_when_the_worker_died_after_slack_accepted(person, chat_on,
                                                                      worker_mode):
    """Slack has no idempotency header; the message's metadata carries the key's digest and
    the repeated attempt finds it in the conversation instead of posting again."""
    row = _died_after_the_provider_accepted(person, "slack", "k:accepted")
    assert services.send_logged(log_id=row.pk, now=AFTER_LEASE) == "sent"
    assert len(chat_on.to("/chat.postMessage")) == 1
    assert len(chat_on.to("/conversations.history")) == 1
    assert len(chat_on.history["D0TEST0001"]) == 1


def test_slack_without_history_scope_posts_again_rather_than_lose_the_message(
        person, chat_on, worker_mode):
    row = _died_after_the_provider_accepted(person, "slack", "k:no-scope")
    chat_on.slack_errors["conversations.history"] = "missing_scope"
    assert services.send_logged(log_id=row.pk, now=AFTER_LEASE) == "sent"
    assert len(chat_on.to("/chat.postMessage")) == 2  # at least once: README says when


def test_unticking_teams_forgets_the_personal_webhook_address(person, chat_on):
    user = person(chosen=["teams"])
    assert ChatPreference.objects.get(user=user).teams_webhook_url.endswith("-secret")
    chat.chat_preferences_set(user=user, chosen=[])
    assert ChatPreference.objects.get(user=user).teams_webhook_url == ""


def test_teams_repeats_only_in_the_documented_window(person, chat_on, worker_mode):
    """Teams webhooks cannot be asked: a worker that dies between Teams' 202 and marking the
    row leaves a message that is sent again (at least once; README "Chat notifications")."""
    row = _died_after_the_provider_accepted(person, "teams", "k:teams-window")
    assert services.send_logged(log_id=row.pk, now=AFTER_LEASE) == "sent"
    assert len(chat_on.to(PATHS["teams"])) == 2


# --- consent -------------------------------------------------------------------------------


def test_whatsapp_needs_a_number_and_consent(make_person, chat_on):
    user = make_person(7)
    with pytest.raises(ServiceError) as no_number:
        chat.chat_preferences_set(user=user, chosen=["whatsapp"], whatsapp_consent=True)
    assert "chat_channels" in no_number.value.error_dict
    people_services.profile_update(employee=user.employee, by=user, whatsapp=NUMBER,
                                   whatsapp_consent=False, channels=[])
    with pytest.raises(ServiceError) as no_consent:
        chat.chat_preferences_set(user=user, chosen=["whatsapp"], whatsapp_consent=False)
    assert "whatsapp_consent" in no_consent.value.error_dict
    assert not ChatPreference.objects.filter(user=user).exists()  # nothing half-written
    with time_machine.travel(T0, tick=False):
        pref = chat.chat_preferences_set(user=user, chosen=["whatsapp"], whatsapp_consent=True)
    assert (pref.whatsapp_consent_at, pref.whatsapp_consent_number) == (T0, DIGITS)


def test_withdrawing_consent_stops_waiting_whatsapp_messages_at_once(person, chat_on,
                                                                     worker_mode):
    user = person(chosen=["whatsapp"], consent=True)
    services.notify_once(key="k:wait", kind="nudge", user=user, build=build)
    (row,) = rows("whatsapp")
    assert row.status == SendStatus.QUEUED
    chat.chat_preferences_set(user=user, chosen=[], whatsapp_consent=False)  # unticked
    row.refresh_from_db()
    assert (row.status, row.message) == (SendStatus.SKIPPED, {})
    assert services.send_logged(log_id=row.pk) == "taken"
    services.notify_once(key="k:after", kind="nudge", user=user, build=build)
    assert len(rows("whatsapp")) == 1
    assert chat_on.to("/messages") == []
    pref = ChatPreference.objects.get(user=user)
    assert pref.whatsapp_consent_at is None and pref.whatsapp_withdrawn_at is not None


def test_a_worker_checks_consent_right_before_sending(person, chat_on, worker_mode):
    user = person(chosen=["whatsapp"], consent=True)
    services.notify_once(key="k:race", kind="nudge", user=user, build=build)
    (row,) = rows("whatsapp")
    # consent gone by a path that did not touch the queue (e.g. an admin edit)
    ChatPreference.objects.filter(user=user).update(whatsapp_consent_at=None)
    assert services.send_logged(log_id=row.pk) == "skipped"
    row.refresh_from_db()
    assert row.status == SendStatus.SKIPPED and "consent" in row.last_error
    assert chat_on.to("/messages") == []


def test_consent_is_for_one_number_a_new_number_gets_nothing(person, chat_on):
    user = person(chosen=["whatsapp"], consent=True)
    people_services.profile_update(employee=user.employee, by=user, whatsapp="+62 813 0000 0001",
                                   whatsapp_consent=False, channels=[])
    services.notify_once(key="k:new-number", kind="nudge", user=user, build=build)
    assert rows("whatsapp") == []
    assert chat_on.to("/messages") == []


# --- configuration -------------------------------------------------------------------------


def test_an_unconfigured_channel_sends_nothing_even_when_it_was_chosen(person, chat_on,
                                                                       settings):
    user = person(chosen=["slack", "whatsapp"], consent=True)
    settings.SLACK_BOT_TOKEN = ""
    settings.WHATSAPP_ACCESS_TOKEN = ""
    services.notify_once(key="k:off", kind="nudge", user=user, build=build)
    assert NotificationLog.objects.filter(key="k:off").count() == 1  # e-mail only
    assert [c.name for c in channels.chat_channels()] == ["teams"]
    assert chat_on.requests == [r for r in chat_on.requests if "lookupByEmail" in r.path]


def test_slack_account_is_looked_up_by_email_and_a_missing_one_is_refused(make_person,
                                                                          chat_on):
    user = make_person(3)
    with pytest.raises(ServiceError) as refused:
        chat.chat_preferences_set(user=user, chosen=["slack"])
    assert "Slack account" in str(refused.value)
    chat_on.slack_users[user.email] = "U0FOUND"
    assert chat.chat_preferences_set(user=user, chosen=["slack"]).slack_user_id == "U0FOUND"
    chat.chat_preferences_set(user=user, chosen=["slack"])  # known: not looked up again
    assert len(chat_on.to("/users.lookupByEmail")) == 2


def test_a_teams_address_outside_the_allowed_hosts_is_refused(make_person, chat_on):
    user = make_person(4)
    for url in ("https://evil.example.com/hook", "http://10.0.0.1/hook", "not a url"):
        with pytest.raises(ServiceError) as refused:
            chat.chat_preferences_set(user=user, chosen=["teams"], teams_webhook_url=url)
        assert "teams_webhook_url" in refused.value.error_dict
    assert not ChatPreference.objects.filter(user=user).exists()


# --- a program's channels --------------------------------------------------------------------


def test_program_launch_posts_the_kickoff_to_the_programs_channels(make_pair, chat_on,
                                                                   hr_user):
    from terbalik.pairs.services import program_launch

    pair = make_pair()
    chat.program_channels_set(program=pair.program, by=hr_user, language="id", targets={
        "slack": "C0COHORT01", "teams": f"{chat_on.url}/teams/cohort-secret"})
    program_launch(program=pair.program, by=hr_user, kickoff_at=T0, kickoff_place="Aula")
    (slack,) = [r for r in chat_on.to("/chat.postMessage") if r.data["channel"] == "C0COHORT01"]
    assert slack.data["text"] == f"Pembukaan: {pair.program.name}"  # the channel's language
    (teams,) = chat_on.to("/teams/cohort-secret")
    texts = " ".join(b["text"] for b in teams.data["attachments"][0]["content"]["body"])
    assert "Aula" in texts and "dimulai" in texts  # in the channel's language (Indonesian)
    for member in (pair.mentor, pair.mentee):  # nobody's name in a cohort channel
        assert member.employee.full_name not in texts
    assert NotificationLog.objects.filter(key=f"program-launch:{pair.program.pk}").count() == 2


def test_every_channel_renders_the_same_message_in_the_active_language(settings, chat_on):
    from django.utils import translation

    with translation.override("id"):
        rendered = {c.name: c.render(build()) for c in channels.ALL.values()}
    assert rendered["email"]["subject"] == "Saluran obrolan"
    assert "Second paragraph." in rendered["email"]["text"]
    assert "Line &lt;one&gt; &amp; two." in rendered["email"]["html"]
    assert rendered["slack"]["text"] == "Saluran obrolan"
    assert rendered["teams"]["attachments"][0]["content"]["body"][0]["text"] == "Saluran obrolan"
    assert rendered["whatsapp"]["template"]["language"] == {"code": "id"}
