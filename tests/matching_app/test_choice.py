"""Mentee choice: suggestions, request, accept/decline, passing on, expiry, capacity."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from terbalik.matching import services
from terbalik.matching.models import ChoiceRequest, RequestStatus, SuggestionSet
from terbalik.pairs.models import Pair, PairSource

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2027, 1, 11, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def company(small_company):
    return small_company


def test_three_suggestions_with_explanations(company):
    program, mentors, mentees = company
    current = services.suggestions_current(mentee=mentees[0], by=mentees[0].user)
    assert [i["rank"] for i in current.items] == [1, 2, 3]
    assert current.items[0]["mentor"] == mentors[0].pk
    from terbalik.matching.quality import explain

    text = explain(current.items[0]["details"], "", current.items[0]["score_micro"])
    # issue 21: skills are canonical ids, shown by their label in the viewer's language
    assert "Python" in text and "Microsoft Excel" in text
    with translation.override("id"):
        text_id = explain(current.items[0]["details"], "", current.items[0]["score_micro"])
    assert "Python" in text_id and "Musik" in text_id
    # asking again gives the same set
    assert services.suggestions_current(mentee=mentees[0], by=mentees[0].user).pk == current.pk


def test_choice_waits_for_enough_mentors(company, enroll):
    program, mentors, mentees = company
    program.min_mentors_before_choice = 4
    program.save()
    with pytest.raises(ValidationError) as info:
        services.suggestions_current(mentee=mentees[0], by=mentees[0].user)
    assert "4 mentors" in info.value.messages[0]
    enroll(program, "mentor", 1, skills=["excel"])
    assert services.suggestions_current(mentee=mentees[0], by=mentees[0].user).items


def test_hr_assigns_programs_have_no_choice(company):
    program, mentors, mentees = company
    program.matching_mode = "hr_assigns"
    program.save()
    with pytest.raises(ValidationError):
        services.suggestions_current(mentee=mentees[0], by=mentees[0].user)


def test_fresh_suggestions_are_limited_and_new(company, enroll):
    program, mentors, mentees = company
    extra = [enroll(program, "mentor", 2, skills=["python"]) for _ in range(4)]
    first = services.suggestions_current(mentee=mentees[0], by=mentees[0].user)
    shown = {i["mentor"] for i in first.items}
    second = services.suggestions_refresh(mentee=mentees[0], by=mentees[0].user)
    assert not shown & {i["mentor"] for i in second.items}
    assert services.refreshes_left(mentees[0]) == 1
    services.suggestions_refresh(mentee=mentees[0], by=mentees[0].user)
    assert services.refreshes_left(mentees[0]) == 0
    with pytest.raises(ValidationError):
        services.suggestions_refresh(mentee=mentees[0], by=mentees[0].user)
    assert SuggestionSet.objects.filter(mentee=mentees[0], current=True).count() == 1
    assert len(extra) == 4


def test_choose_accept_creates_the_pair_and_emails(company):
    program, mentors, mentees = company
    services.suggestions_current(mentee=mentees[0], by=mentees[0].user)
    mail.outbox.clear()
    with time_machine.travel(NOW, tick=False):
        request = services.choice_make(mentee=mentees[0], mentor=mentors[0], by=mentees[0].user)
    assert request.expires_at == NOW + dt.timedelta(days=5)
    assert [m.to[0] for m in mail.outbox] == [mentors[0].user.email]
    with pytest.raises(ValidationError):  # only the mentor answers
        services.choice_accept(request=request, by=mentees[0].user)
    with time_machine.travel(NOW + dt.timedelta(days=1), tick=False):
        pair = services.choice_accept(request=request, by=mentors[0].user)
    assert pair.source == PairSource.CHOICE and pair.mentor == mentors[0]
    assert pair.score > 0 and pair.score_details["skills_taught"] == ["python", "excel"]
    request.refresh_from_db()
    assert request.status == RequestStatus.ACCEPTED and request.pair == pair
    assert mail.outbox[-1].to == [mentees[0].user.email]


def test_mentee_chooses_only_from_own_suggestions(company):
    program, mentors, mentees = company
    services.suggestions_current(mentee=mentees[0], by=mentees[0].user)
    with pytest.raises(ValidationError):
        services.choice_make(mentee=mentees[0], mentor=mentors[0], by=mentees[1].user)
    services.choice_make(mentee=mentees[0], mentor=mentors[0], by=mentees[0].user)
    with pytest.raises(ValidationError):  # one request at a time
        services.choice_make(mentee=mentees[0], mentor=mentors[1], by=mentees[0].user)


def test_mentor_capacity_is_held_by_pending_requests(company):
    program, mentors, mentees = company
    for m in mentees[:2]:
        services.suggestions_current(mentee=m, by=m.user)
    services.choice_make(mentee=mentees[0], mentor=mentors[1], by=mentees[0].user)
    with pytest.raises(ValidationError) as info:
        services.choice_make(mentee=mentees[1], mentor=mentors[1], by=mentees[1].user)
    assert "no place left" in info.value.messages[0]


def test_decline_passes_to_the_next_choice(company):
    program, mentors, mentees = company
    current = services.suggestions_current(mentee=mentees[0], by=mentees[0].user)
    ranked = [i["mentor"] for i in current.items]
    request = services.choice_make(mentee=mentees[0], mentor=mentors[0], by=mentees[0].user)
    mail.outbox.clear()
    nxt = services.choice_decline(request=request, by=mentors[0].user)
    assert nxt is not None and nxt.mentor_id == ranked[1] and not nxt.picked
    assert {m.to[0] for m in mail.outbox} == {mentees[0].user.email, nxt.mentor.user.email}


def test_silence_expires_and_passes_on_then_new_suggestions(company, enroll):
    program, mentors, mentees = company
    services.suggestions_current(mentee=mentees[2], by=mentees[2].user)
    with time_machine.travel(NOW, tick=False):
        services.choice_make(mentee=mentees[2], mentor=mentors[2], by=mentees[2].user)
    with time_machine.travel(NOW + dt.timedelta(days=4), tick=False):
        assert services.choice_requests_expire(now=timezone.now()) == 0
    tried = {mentors[2].pk}
    for day in (5, 10, 15):
        with time_machine.travel(NOW + dt.timedelta(days=day, minutes=1), tick=False):
            assert services.choice_requests_expire(now=timezone.now()) == 1
        pending = ChoiceRequest.objects.filter(mentee=mentees[2], status="pending").first()
        if pending is None:
            break
        assert pending.mentor_id not in tried
        tried.add(pending.mentor_id)
    # every suggested mentor let it lapse: automatic new suggestions, without them
    assert not ChoiceRequest.objects.filter(mentee=mentees[2], status="pending").exists()
    current = SuggestionSet.objects.get(mentee=mentees[2], current=True)
    assert current.automatic and not tried & {i["mentor"] for i in current.items}
    assert services.refreshes_left(mentees[2]) == 2  # automatic sets do not count


def test_accept_after_deadline_is_refused(company):
    program, mentors, mentees = company
    services.suggestions_current(mentee=mentees[0], by=mentees[0].user)
    with time_machine.travel(NOW, tick=False):
        request = services.choice_make(mentee=mentees[0], mentor=mentors[0], by=mentees[0].user)
    with (
        time_machine.travel(NOW + dt.timedelta(days=6), tick=False),
        pytest.raises(ValidationError),
    ):
        services.choice_accept(request=request, by=mentors[0].user)
    assert not Pair.objects.exists()


def test_response_days_setting(company, hr_user):
    program, mentors, mentees = company
    services.matching_settings_update(program=program, by=hr_user, response_days=2, refresh_limit=0)
    services.suggestions_current(mentee=mentees[0], by=mentees[0].user)
    with time_machine.travel(NOW, tick=False):
        request = services.choice_make(mentee=mentees[0], mentor=mentors[0], by=mentees[0].user)
    assert request.expires_at == NOW + dt.timedelta(days=2)
    with pytest.raises(ValidationError):
        services.matching_settings_update(
            program=program, by=hr_user, response_days=0, refresh_limit=0
        )


def test_bulk_run_keeps_pending_requests_and_their_places(company, hr_user):
    program, mentors, mentees = company
    services.suggestions_current(mentee=mentees[0], by=mentees[0].user)
    services.choice_make(mentee=mentees[0], mentor=mentors[0], by=mentees[0].user)
    run = services.run_start(program=program, by=hr_user)
    assert mentees[0].pk not in {p.mentee_id for p in run.proposals.all()}
    assert mentors[0].pk not in {r["enrollment"] for r in run.snapshot}


def test_home_asks_to_choose_only_mentees_without_a_pair_or_a_waiting_request(
        company, django_assert_max_num_queries):
    """The participant home's "choose your mentor" step (matching.selectors.choices_waiting):
    shown while choosing is open, gone once a request waits for the mentor and once the pair
    runs; a mentor is never asked."""
    from terbalik.matching.selectors import choices_waiting

    program, mentors, mentees = company
    mentee = mentees[0]
    assert choices_waiting(mentee.user) == [mentee]
    assert choices_waiting(mentors[0].user) == []
    with django_assert_max_num_queries(3):
        choices_waiting(mentee.user)
    current = services.suggestions_current(mentee=mentee, by=mentee.user)
    mentor = next(m for m in mentors if m.pk == current.items[0]["mentor"])
    request = services.choice_make(mentee=mentee, mentor=mentor, by=mentee.user)
    assert choices_waiting(mentee.user) == []
    services.choice_accept(request=request, by=mentor.user)
    with django_assert_max_num_queries(2):  # an active pair: the full query is skipped
        assert choices_waiting(mentee.user) == []
    assert choices_waiting(mentees[1].user) == [mentees[1]]
