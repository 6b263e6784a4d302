"""Issue 21: HR's skills pages (list, edit, merge) and the apply form's skills picker."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation

from terbalik.programs.models import Enrollment, ParticipantRole
from terbalik.skills.models import Skill, SkillMerge

from ..programs.conftest import MENTOR_INTAKE

pytestmark = pytest.mark.django_db


def test_list_searches_labels_and_synonyms_and_counts_people(
    client_for, hr_user, program, make_person, apply_as
) -> None:
    apply_as(program, make_person(9), intake={"skills_wanted": "medsos", "languages": "id"})
    apply_as(program, make_person(3), ParticipantRole.MENTOR,
             intake={**MENTOR_INTAKE, "skills_offered": "Social media, tiktok"})
    client = client_for(hr_user)
    page = client.get(reverse("skills:list"), {"q": "medsos"}).content.decode()
    assert "Social media" in page and "TikTok" not in page
    row = page[page.index("<code class=\"small\">social-media</code>"):]
    row = row[:row.index("</tr>")]
    assert re.search(r'data-label="[^"]+">2</td>', row)
    page = client.get(reverse("skills:list"), {"q": "tik"}).content.decode()
    assert "TikTok" in page
    assert 'id="unmapped-terms"' not in page  # nobody typed an unknown term yet
    for _ in range(5):
        apply_as(program, make_person(10), intake={"skills_wanted": "ngoding cobol, python",
                                                   "languages": "id"})
    page = client.get(reverse("skills:list")).content.decode()
    terms = page[page.index('id="unmapped-terms"'):]
    assert "ngoding cobol (5 " in terms[:terms.index("</ul>")]
    assert 'id="skills"' not in client.get(reverse("skills:list"), {"q": "zzqzz"}).content.decode()


def _unmapped_terms(page: str) -> str:
    if 'id="unmapped-terms"' not in page:
        return ""
    terms = page[page.index('id="unmapped-terms"'):]
    return terms[:terms.index("</ul>")]


def test_typed_terms_are_shown_only_of_ones_programs_and_only_from_five_people(
    client_for, hr_user, admin_user, program, make_program, make_person, apply_as
) -> None:
    from terbalik.accounts.models import Role

    from ..factories import UserFactory

    other_hr = UserFactory(role=Role.HR, email="hr.other@example.co.id", language="en")
    other = make_program(owner=other_hr)
    for n in range(5):
        apply_as(program, make_person(9), intake={
            "skills_wanted": "ngoding cobol" + (", kopi tubruk" if n < 4 else ""),
            "languages": "id"})
    apply_as(other, make_person(9), intake={"skills_wanted": "rahasia divisi x",
                                            "languages": "id"})
    for _ in range(4):
        apply_as(other, make_person(9), intake={"skills_wanted": "ngoding cobol",
                                                "languages": "id"})
    mine = _unmapped_terms(client_for(hr_user).get(reverse("skills:list")).content.decode())
    assert "ngoding cobol (5 " in mine  # the 4 of the other program are not counted here
    assert "kopi tubruk" not in mine  # typed by 4 people: too few to show
    assert "rahasia" not in mine  # another program's answer
    theirs = _unmapped_terms(client_for(other_hr).get(reverse("skills:list")).content.decode())
    assert "ngoding cobol" not in theirs and "rahasia" not in theirs  # 4 and 1 people
    everyone = _unmapped_terms(
        client_for(admin_user).get(reverse("skills:list")).content.decode())
    assert "ngoding cobol (9 " in everyone and "rahasia" not in everyone
    assert "kopi tubruk" not in everyone


def test_list_is_paginated_with_a_fixed_number_of_queries(
    client_for, hr_user, program, make_person, apply_as, django_assert_max_num_queries
) -> None:
    for n in range(6):
        apply_as(program, make_person(9 + n % 3),
                 intake={"skills_wanted": f"python, data analysis, skill {n}", "languages": "id"})
    client = client_for(hr_user)
    client.get(reverse("skills:list"))  # session, taxonomy cache
    with django_assert_max_num_queries(8):
        response = client.get(reverse("skills:list"))
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count('<tr>') - 1 == 50  # a full first page
    assert "page=2" in page
    with django_assert_max_num_queries(8):
        client.get(reverse("skills:list"), {"page": 3, "category": "data_ai"})


def test_list_shows_labels_in_the_readers_language(client_for, hr_user) -> None:
    client = client_for(hr_user)
    page = client.get(reverse("skills:list"), {"q": "analisis data"}).content.decode()
    assert 'Data analysis <code class="small">data-analysis</code>' in page
    assert '<td data-label="Other language">Analisis data</td>' in page
    hr_user.language = "id"
    hr_user.save(update_fields=["language"])
    page = client.get(reverse("skills:list"), {"q": "data analysis"}).content.decode()
    assert 'Analisis data <code class="small">data-analysis</code>' in page


def test_edit_follows_post_redirect_get_and_shows_errors(client_for, hr_user) -> None:
    client = client_for(hr_user)
    url = reverse("skills:edit", args=["data-analysis"])
    page = client.get(url).content.decode()
    assert 'name="form_once"' in page and "analitik data" in page
    skill = Skill.objects.get(slug="data-analysis")
    data = {"label_id": "Analisis data", "label_en": "Data analysis",
            "synonyms_id": "analitik data\nngolah data", "synonyms_en": "data analytics",
            "category": "data_ai", "active": "on"}
    response = client.post(url, data)
    assert response.status_code == 302 and response["Location"] == url
    skill.refresh_from_db()
    assert skill.synonyms_id == ["analitik data", "ngolah data"]
    # a synonym another skill owns: the form comes back naming it, nothing saved
    response = client.post(url, {**data, "synonyms_en": "medsos"})
    assert response.status_code == 200
    assert "already names the skill" in response.content.decode()
    skill.refresh_from_db()
    assert skill.synonyms_en == ["data analytics"]


def test_merge_asks_for_confirmation_then_merges_once(
    client_for, hr_user, program, make_person, apply_as
) -> None:
    mentee = apply_as(program, make_person(9),
                      intake={"skills_wanted": "tableau", "languages": "id"})
    client = client_for(hr_user)
    url = reverse("skills:merge", args=["tableau"])
    page = client.get(url).content.decode()
    assert 'name="into"' in page and "Merge now" not in page
    page = client.get(url, {"into": "power-bi"}).content.decode()
    assert "Merge now" in page and "1 person naming" in page and 'name="form_once"' in page
    assert not SkillMerge.objects.exists()  # confirming is a GET: nothing happened yet
    response = client.post(url, {"into": "power-bi"})
    assert response.status_code == 302
    assert response["Location"] == reverse("skills:edit", args=["power-bi"])
    mentee.refresh_from_db()
    assert mentee.intake["skills_wanted"] == ["power-bi"]
    assert SkillMerge.objects.count() == 1
    # a second POST (reload): already merged, a message, no second merge
    response = client.post(url, {"into": "power-bi"})
    assert response.status_code == 302 and SkillMerge.objects.count() == 1


def test_apply_form_offers_the_taxonomy_in_the_users_language(
    client, program, make_person
) -> None:
    user = make_person(9, language="id")
    client.force_login(user)
    url = reverse("programs:apply", args=[program.pk]) + "?role=mentee"
    with translation.override("id"):
        page = client.get(url, HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert 'data-skill-combobox' in page and "skills/combobox.js" in page
    assert '<option value="social-media" data-terms="Media sosial | Social media | medsos' in page
    assert ">Media sosial</option>" in page


def test_apply_stores_ids_typed_text_and_unmapped_terms(client, program, make_person) -> None:
    user = make_person(9)
    client.force_login(user)
    url = reverse("programs:apply", args=[program.pk]) + "?role=mentee"
    response = client.post(url, {
        "skills_wanted": ["data-analysis", "generative-ai"],
        "skills_other": "medsos, ngoding cobol",
        "interests": ["music"], "languages": "id", "commitment": "on",
        "privacy_notice": "on", "optional_data": "on",  # interests are optional data
    })
    assert response.status_code == 302
    enrollment = Enrollment.objects.get(employee=user.employee)
    assert enrollment.intake["skills_wanted"] == [
        "data-analysis", "generative-ai", "social-media", "ngoding cobol"]
    assert enrollment.intake["typed"] == {"skills_wanted": "medsos, ngoding cobol"}
    assert enrollment.intake["unmapped"] == {"skills_wanted": ["ngoding cobol"]}
    assert enrollment.intake["interests"] == ["music"]


def test_apply_without_any_skill_names_the_field(client, program, make_person) -> None:
    client.force_login(make_person(9, language="en"))
    url = reverse("programs:apply", args=[program.pk]) + "?role=mentee"
    response = client.post(url, {"languages": "id", "commitment": "on"})
    assert response.status_code == 200
    assert "Name at least one skill you want to develop." in response.content.decode()
    assert not Enrollment.objects.exists()


# --- adding a skill -------------------------------------------------------------------------


def _add(client, **fields):
    data = {"label_id": "Bahasa pemrograman Go", "label_en": "Go programming",
            "synonyms_id": "golang\nngoding go", "synonyms_en": "go lang", "category": "data_ai"}
    return client.post(reverse("skills:add"), {**data, **fields})


def test_hr_adds_a_skill_that_free_text_then_maps_to(
    client_for, hr_user, program, make_person, apply_as
) -> None:
    from terbalik.skills.selectors import taxonomy

    before = Skill.objects.count()
    enrollment = apply_as(program, make_person(9), intake={"skills_wanted": "Golang, python",
                                                           "languages": "id"})
    client = client_for(hr_user)
    assert reverse("skills:add") in client.get(reverse("skills:list")).content.decode()
    page = client.get(reverse("skills:add")).content.decode()
    assert 'name="label_id"' in page and 'name="active"' not in page
    response = _add(client)
    skill = Skill.objects.get(label_en="Go programming")
    assert response.status_code == 302 and response.url == reverse("skills:edit",
                                                                   args=[skill.slug])
    assert skill.slug == "go-programming" and skill.active
    assert skill.synonyms_id == ["golang", "ngoding go"] and skill.synonyms_en == ["go lang"]
    assert Skill.objects.count() == before + 1
    assert taxonomy().index.lookup("GOLANG") == skill.slug
    enrollment.refresh_from_db()
    assert skill.slug in enrollment.intake["skills_wanted"]  # the typed answer maps to it now


def test_adding_a_skill_refuses_words_another_skill_answers_to(client_for, hr_user) -> None:
    client = client_for(hr_user)
    before = Skill.objects.count()
    # "social media" names a seeded skill; the normaliser ignores case, spaces and accents
    response = _add(client, label_en="  SOCIAL   media ", synonyms_id="medsos")
    form = response.context["form"]
    assert response.status_code == 200
    assert "already names the skill" in " ".join(form.errors["label_en"])
    assert "already names the skill" in " ".join(form.errors["synonyms_id"])
    response = _add(client, label_id="", category="nonsense")
    assert set(response.context["form"].errors) == {"label_id", "category"}
    assert Skill.objects.count() == before


def test_adding_a_skill_twice_makes_one(client_for, hr_user) -> None:
    """The one-time form token: a double submit adds one skill; a second attempt with the
    same words in a new form is refused as a duplicate."""
    client = client_for(hr_user)
    before = Skill.objects.count()
    page = client.get(reverse("skills:add")).content.decode()
    token = re.search(r'name="form_once" value="([^"]+)"', page).group(1)
    data = {"label_id": "Figma", "label_en": "Figma", "synonyms_id": "", "synonyms_en": "",
            "category": "collaboration", "form_once": token}
    first = client.post(reverse("skills:add"), data)
    second = client.post(reverse("skills:add"), data)
    assert first.status_code == 302 and second.status_code in (302, 303, 200, 409)
    assert Skill.objects.count() == before + 1
    again = _add(client, label_id="figma", label_en="FIGMA ")
    assert "already names the skill" in " ".join(again.context["form"].errors["label_id"])
    assert Skill.objects.count() == before + 1


@pytest.mark.parametrize("who", ["anonymous", "participant"])
def test_only_hr_adds_skills(client, participant_user, who) -> None:
    before = Skill.objects.count()
    if who == "participant":
        client.force_login(participant_user)
    get = client.get(reverse("skills:add"))
    response = _add(client)
    if who == "anonymous":
        assert get.status_code == 302 and "login" in get.url
    else:
        assert get.status_code in (403, 404) and response.status_code in (403, 404)
    assert Skill.objects.count() == before
