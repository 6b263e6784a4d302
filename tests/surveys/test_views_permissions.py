"""Every surveys view: anonymous → login, wrong role → 403, someone else's object → 404,
right user → 200."""

from __future__ import annotations

import pytest
from django.urls import reverse

from terbalik.accounts.models import Role
from terbalik.surveys import services
from terbalik.surveys.models import QuestionType, Survey
from terbalik.surveys.services import QuestionData

from ..factories import UserFactory
from .conftest import T, likert

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(make_survey, make_instance, hr_user, participant_user):
    survey = make_survey([
        likert(T("Saya yakin", "I am confident")),
        QuestionData(type=QuestionType.SHORT_TEXT, text=T("Catatan"), required=False),
    ])
    instance = make_instance(survey, [participant_user])
    q1, q2 = services.survey_current_version(survey).questions.order_by("position")
    return {"survey": survey, "instance": instance, "q1": q1, "q2": q2}


def hr_get_urls(w):
    s, i, q = w["survey"].pk, w["instance"].pk, w["q1"].pk
    return [
        reverse("surveys:detail", args=[s]),
        reverse("surveys:edit", args=[s]),
        reverse("surveys:preview", args=[s]),
        reverse("surveys:question_add", args=[s]),
        reverse("surveys:question_edit", args=[s, q]),
        reverse("surveys:question_remove", args=[s, q]),
        reverse("surveys:instance_create", args=[s]),
        reverse("surveys:instance", args=[i]),
        reverse("surveys:recipients", args=[i]),
        reverse("surveys:results", args=[i]),
        reverse("surveys:export_csv", args=[i]),
        reverse("surveys:export_xlsx", args=[i]),
    ]


def hr_post_urls(w):
    s, i, q = w["survey"].pk, w["instance"].pk, w["q1"].pk
    return [
        reverse("surveys:copy", args=[s]),
        reverse("surveys:question_up", args=[s, q]),
        reverse("surveys:question_down", args=[s, q]),
        reverse("surveys:question_remove", args=[s, q]),
        reverse("surveys:invite", args=[i]),
        reverse("surveys:remind", args=[i]),
        reverse("surveys:close", args=[i]),
    ]


LIST_URLS = ["surveys:list", "surveys:create", "surveys:results_list"]


def test_anonymous_goes_to_login_everywhere(client, world):
    urls = hr_get_urls(world) + [reverse(n) for n in LIST_URLS] + [
        reverse("surveys:my"), reverse("surveys:answer", args=[world["instance"].pk])
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:login")), url
    for url in hr_post_urls(world):
        assert client.post(url).status_code == 302, url


@pytest.mark.parametrize("role", [Role.PARTICIPANT, Role.SPONSOR])
def test_other_roles_are_refused_hr_pages(client, world, role):
    client.force_login(UserFactory(role=role))
    for url in hr_get_urls(world) + [reverse("surveys:list"), reverse("surveys:create")]:
        if role == Role.SPONSOR and "/results/" in url and "export" not in url:
            continue  # sponsors may read results (checked below)
        assert client.get(url).status_code == 403, url
    for url in hr_post_urls(world):
        assert client.post(url).status_code == 403, url


def test_participant_cannot_see_results(client, world, participant_user):
    client.force_login(participant_user)
    assert client.get(reverse("surveys:results_list")).status_code == 403
    assert client.get(reverse("surveys:results", args=[world["instance"].pk])).status_code == 403


def test_another_hr_users_objects_are_404(client, world):
    client.force_login(UserFactory(role=Role.HR))
    for url in hr_get_urls(world):
        assert client.get(url).status_code == 404, url
    for url in hr_post_urls(world):
        assert client.post(url).status_code == 404, url
    for name in LIST_URLS:
        assert client.get(reverse(name)).status_code == 200


@pytest.mark.parametrize("who", ["owner", "admin"])
def test_owner_and_admin_open_every_page(client, world, hr_user, admin_user, who):
    client.force_login(hr_user if who == "owner" else admin_user)
    for url in hr_get_urls(world) + [reverse(n) for n in LIST_URLS]:
        assert client.get(url).status_code == 200, url


def test_templates_can_be_viewed_and_copied_but_not_edited(client, hr_user):
    services.surveys_templates_install()
    template = Survey.objects.get(template_key="session-feedback")
    question = template.versions.get().questions.first()
    client.force_login(hr_user)
    assert client.get(reverse("surveys:detail", args=[template.pk])).status_code == 200
    assert client.get(reverse("surveys:preview", args=[template.pk])).status_code == 200
    assert client.get(reverse("surveys:edit", args=[template.pk])).status_code == 404
    assert client.get(
        reverse("surveys:question_edit", args=[template.pk, question.pk])).status_code == 404
    assert client.post(
        reverse("surveys:question_up", args=[template.pk, question.pk])).status_code == 404
    assert client.get(reverse("surveys:instance_create", args=[template.pk])).status_code == 404
    response = client.post(reverse("surveys:copy", args=[template.pk]))
    copy = Survey.objects.get(copied_from=template)
    assert response["Location"] == reverse("surveys:detail", args=[copy.pk])


def test_answer_page_only_for_recipients(client, world, participant_user, hr_user, participants):
    url = reverse("surveys:answer", args=[world["instance"].pk])
    autosave = reverse("surveys:autosave", args=[world["instance"].pk])
    assert client.post(autosave)["Location"].startswith(reverse("accounts:login"))
    (stranger,) = participants(1)
    client.force_login(stranger)
    assert client.get(url).status_code == 404
    assert client.post(url, {"action": "save"}).status_code == 404
    assert client.post(autosave, {f"q{world['q1'].pk}": "3"}).status_code == 404
    client.force_login(hr_user)  # HR who is not a recipient cannot answer either
    assert client.get(url).status_code == 404
    client.force_login(participant_user)
    assert client.get(url).status_code == 200
    assert client.get(reverse("surveys:my")).status_code == 200
    # a GET of the autosave address (a reload, issue 16) shows the answer page, saves nothing
    back = client.get(autosave)
    assert back.status_code == 302 and back["Location"] == url
    response = client.post(autosave, {f"q{world['q1'].pk}": "3"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and b"text-danger" not in response.content
    from terbalik.surveys.models import Answer

    assert Answer.objects.get(response__user=participant_user).value == 3
    response = client.post(autosave, {f"q{world['q1'].pk}": "99"}, HTTP_HX_REQUEST="true")
    assert b"text-danger" in response.content
    assert Answer.objects.get(response__user=participant_user).value == 3


def test_sponsor_sees_results_of_closed_sendings_only(client, world, sponsor_user, hr_user,
                                                      sponsored):
    url = reverse("surveys:results", args=[world["instance"].pk])
    client.force_login(sponsor_user)
    assert client.get(url).status_code == 404
    assert client.get(reverse("surveys:export_csv", args=[world["instance"].pk])).status_code == 403
    services.survey_instance_close(instance=world["instance"], by=hr_user)
    assert client.get(url).status_code == 404  # closed, but not a program they sponsor
    sponsored(world["instance"], sponsor_user)
    assert client.get(url).status_code == 200
    assert world["instance"].title in client.get(reverse("surveys:results_list")).content.decode()
