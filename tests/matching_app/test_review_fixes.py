"""Review fixes: a mentor's decline asks first; the run review table has pages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from terbalik.matching import services
from terbalik.matching.models import ChoiceRequest, RequestStatus
from terbalik.matching.views import hr as hr_views

pytestmark = pytest.mark.django_db


def test_declining_a_request_asks_first(small_company, client):
    program, mentors, mentees = small_company
    services.suggestions_current(mentee=mentees[0], by=mentees[0].user)
    request = services.choice_make(mentee=mentees[0], mentor=mentors[0], by=mentees[0].user)
    decline = reverse("matching:answer", args=[request.pk, "decline"])
    client.force_login(mentors[0].user)
    page = client.get(reverse("matching:mine", args=[mentors[0].pk])).content.decode()
    assert f'href="{decline}"' in page  # a link to the question, not a one-tap decline
    question = client.get(decline)
    assert question.status_code == 200
    assert "Yes, decline" in question.content.decode()
    assert mentees[0].employee.full_name in question.content.decode()
    assert client.post(decline).status_code == 200  # without the yes: asked again
    assert ChoiceRequest.objects.get(pk=request.pk).status == RequestStatus.PENDING
    client.force_login(mentors[1].user)  # another mentor cannot even see the question
    assert client.get(decline).status_code == 404
    client.force_login(mentors[0].user)
    assert client.post(decline, {"confirm": "yes"}).status_code == 302
    assert ChoiceRequest.objects.get(pk=request.pk).status != RequestStatus.PENDING
    accept = reverse("matching:answer", args=[request.pk, "accept"])
    # a GET (a reload, issue 16) lists the requests and accepts nothing
    back = client.get(accept)
    assert back.status_code == 302 and back["Location"] == reverse("matching:my_list")


def test_run_review_table_has_pages(small_company, client, hr_user, monkeypatch):
    program, _mentors, _mentees = small_company
    monkeypatch.setattr(hr_views, "PAGE_SIZE", 2)
    run = services.run_start(program=program, by=hr_user)
    client.force_login(hr_user)
    url = reverse("matching:run", args=[run.pk])
    one = client.get(url).content.decode()
    assert one.count("data-mentee=") == 2 and "Page 1 of 2" in one
    assert 'data-figure="matched">100% (3/3)' in one  # quality covers the whole run
    two = client.get(url, {"page": 2}).content.decode()
    assert two.count("data-mentee=") == 1


def test_publishing_needs_an_explicit_yes(small_company, client, hr_user):
    from terbalik.pairs.models import Pair

    program, _mentors, _mentees = small_company
    run = services.run_start(program=program, by=hr_user)
    client.force_login(hr_user)
    page = client.get(reverse("matching:run", args=[run.pk])).content.decode()
    assert 'id="publish-confirm" required' in page
    assert "Publish 3 pairs and e-mail both people of each now" in page
    url = reverse("matching:publish", args=[run.pk])
    again = client.post(url, follow=True).content.decode()
    assert "Tick the box to confirm" in again and not Pair.objects.exists()
    client.post(url, {"confirm": "yes"})
    assert Pair.objects.filter(program=program).count() == 3


def test_matched_people_find_their_pair_workspace(small_company, client, hr_user):
    from terbalik.pairs.models import Pair

    program, mentors, mentees = small_company
    run = services.run_start(program=program, by=hr_user)
    services.run_publish(match_run=run, by=hr_user)
    pair = Pair.objects.get(mentee=mentees[0])
    workspace = reverse("pairs:workspace", args=[pair.pk])
    for enrollment in (pair.mentee, pair.mentor):
        client.force_login(enrollment.user)
        page = client.get(reverse("matching:mine", args=[enrollment.pk])).content.decode()
        assert f'href="{workspace}"' in page and "Open the pair workspace" in page
        assert client.get(workspace).status_code == 200
