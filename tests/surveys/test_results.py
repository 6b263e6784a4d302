"""Confidentiality: under 5 nothing; 5 or more aggregates only; per-person views omit it."""

from __future__ import annotations

import pytest

from terbalik.core.privacy import MIN_GROUP_SIZE
from terbalik.surveys import results, services
from terbalik.surveys.models import Kind, Phase, QuestionType, Response
from terbalik.surveys.services import QuestionData

from .conftest import T, likert, opt, test_question

pytestmark = pytest.mark.django_db


@pytest.fixture
def pulse(make_survey):
    return make_survey([
        likert(T("Berjalan baik", "Going well")),
        likert(T("Atasan mendukung", "My manager supports me"), confidential=True),
        QuestionData(type=QuestionType.SHORT_TEXT, text=T("Hambatan", "Blockers"),
                     confidential=True, required=False),
        QuestionData(type=QuestionType.SHORT_TEXT, text=T("Saran", "Ideas"), required=False),
    ])


def _answer_all(instance, users, values):
    qs = list(instance.version.questions.order_by("position"))
    for user, value in zip(users, values, strict=True):
        services.response_submit(instance=instance, user=user, answers={
            qs[0].pk: value, qs[1].pk: value, qs[2].pk: f"rahasia {user.pk}",
            qs[3].pk: f"ide {user.pk}",
        })
    return qs


def test_min_group_size_is_five():
    assert MIN_GROUP_SIZE == 5


def test_confidential_question_under_five_shows_nothing(pulse, make_instance, participants):
    users = participants(4)
    instance = make_instance(pulse, users)
    _answer_all(instance, users, [1, 2, 4, 5])
    for people in (True, False):
        going, manager, blockers, ideas = results.question_results(instance=instance, people=people)
        assert manager.suppressed and manager.counts == [] and manager.mean is None
        assert blockers.suppressed and blockers.texts == []
        assert going.suppressed is (not people)  # sponsors: every small group is hidden
        assert ideas.texts == ([f"ide {u.pk}" for u in users] if people else [])
    going, *_rest = results.question_results(instance=instance, people=True)
    assert going.counts == [1, 1, 0, 1, 1] and going.mean == pytest.approx(3.0)


def test_confidential_question_from_five_shows_aggregates_only(pulse, make_instance, participants):
    users = participants(5)
    instance = make_instance(pulse, users)
    _answer_all(instance, users, [1, 2, 4, 5, 5])
    services.survey_instance_close(instance=instance, by=None)
    _going, manager, blockers, _ideas = results.question_results(instance=instance, people=True)
    assert not manager.suppressed
    assert manager.counts == [1, 1, 0, 1, 2]
    assert manager.mean == pytest.approx(17 / 5)
    assert not blockers.suppressed and blockers.n == 5 and blockers.texts == []  # never listed


def test_per_person_export_omits_confidential_answers(pulse, make_instance, participants):
    from terbalik.surveys import exports

    users = participants(5)
    instance = make_instance(pulse, users)
    _answer_all(instance, users, [1, 2, 4, 5, 5])
    from django.utils import translation

    with translation.override("id"):
        id_headers, _rows = exports.response_table(instance=instance)
    assert "Berjalan baik" in " ".join(id_headers)
    with translation.override("en"):
        headers, rows = exports.response_table(instance=instance)
    assert "Going well" in " ".join(headers)
    assert "My manager supports me" not in " ".join(headers)
    flat = " ".join(str(c) for row in rows for c in row)
    assert "rahasia" not in flat
    assert "Atasan mendukung" not in " ".join(id_headers)
    assert "ide " in flat
    assert len(rows) == 5


def test_pre_post_comparison_pairs_people_who_answered_both(make_survey, make_instance,
                                                            participants, hr_user):
    survey = make_survey([
        test_question(T("Soal 1"), [opt("a", "A", correct=True), opt("b", "B")], points=1),
        test_question(T("Soal 2"), [opt("a", "A", correct=True), opt("b", "B")], points=1),
        likert(T("Yakin")),
    ], kind=Kind.TEST)
    users = participants(7)
    pre = make_instance(survey, users, phase=Phase.PRE, title="Pre")
    post = make_instance(survey, users, phase=Phase.POST, pre=pre, title="Post")
    q1, q2, q3 = survey.versions.get().questions.order_by("position")
    before = [(1, 1, 2), (1, 0, 3), (0, 0, 2), (1, 0, 3), (0, 1, 1), (1, 1, 4)]  # user 7: none
    after = [(1, 1, 3), (1, 1, 4), (1, 0, 2), (1, 1, 4), (1, 1, 3), (1, 1, 4), (1, 1, 5)]

    def ans(q, right):
        return "a" if right else "b"

    for user, (a, b, c) in zip(users, before, strict=False):
        services.response_submit(instance=pre, user=user,
                                 answers={q1.pk: ans(q1, a), q2.pk: ans(q2, b), q3.pk: c})
    for user, (a, b, c) in zip(users, after, strict=True):
        services.response_submit(instance=post, user=user,
                                 answers={q1.pk: ans(q1, a), q2.pk: ans(q2, b), q3.pk: c})
    score_row, likert_row = results.pre_post(instance=post, people=False)
    r = score_row.result
    assert r.n == 6  # the seventh person has no "pre"
    # percent scores before: 100, 50, 0, 50, 50, 100 -> mean 350 / 6
    assert r.mean_before == pytest.approx(350 / 6)
    # after: 100, 100, 50, 100, 100, 100 -> mean 550 / 6
    assert r.mean_after == pytest.approx(550 / 6)
    assert r.share_improved == pytest.approx(4 / 6)
    lr = likert_row.result
    assert lr.n == 6 and lr.mean_change == pytest.approx((1 + 1 + 0 + 1 + 2 + 0) / 6)


def test_sponsor_sees_no_comparison_for_small_groups(make_survey, make_instance, participants):
    survey = make_survey([likert(T("Yakin"))])
    users = participants(3)
    pre = make_instance(survey, users, phase=Phase.PRE, title="Pre")
    post = make_instance(survey, users, phase=Phase.POST, pre=pre, title="Post")
    (q,) = survey.versions.get().questions.all()
    for user in users:
        services.response_submit(instance=pre, user=user, answers={q.pk: 2})
        services.response_submit(instance=post, user=user, answers={q.pk: 4})
    (row,) = results.pre_post(instance=post, people=False)
    assert row.suppressed and row.result is None
    (row,) = results.pre_post(instance=post, people=True)
    assert not row.suppressed and row.result.n == 3


def test_multiple_choice_shares_are_of_people_not_of_ticks(make_survey, make_instance,
                                                          participants):
    survey = make_survey([QuestionData(type=QuestionType.MULTIPLE, text=T("Topik"),
                                       options=[opt("a", "A"), opt("b", "B"), opt("c", "C")])])
    users = participants(4)
    instance = make_instance(survey, users)
    (q,) = survey.versions.get().questions.all()
    for user, chosen in zip(users, [["a", "b"], ["a"], ["a", "c"], ["b"]], strict=True):
        services.response_submit(instance=instance, user=user, answers={q.pk: chosen})
    (result,) = results.question_results(instance=instance, people=True)
    assert result.rows == [("A", 3, 75.0), ("B", 2, 50.0), ("C", 1, 25.0)]


def test_confidential_totals_wait_until_the_sending_closes(pulse, make_instance, participants,
                                                         hr_user):
    """HR sees who completed; totals that moved with each completion would give answers away."""
    users = participants(6)
    instance = make_instance(pulse, users)
    _answer_all(instance, users[:5], [1, 2, 4, 5, 5])
    going, manager, blockers, _ideas = results.question_results(instance=instance, people=True)
    assert manager.suppressed and manager.until_closed and manager.counts == []
    assert manager.mean is None and blockers.suppressed
    assert not going.suppressed and going.counts == [1, 1, 0, 1, 2]  # not confidential: live
    _answer_all(instance, users[5:], [1])
    services.survey_instance_close(instance=instance, by=hr_user)
    _going, manager, _blockers, _ideas = results.question_results(instance=instance, people=True)
    assert not manager.suppressed and manager.counts == [2, 1, 0, 1, 2]


def test_confidential_comparison_waits_until_both_sendings_close(make_survey, make_instance,
                                                                participants, hr_user):
    survey = make_survey([likert(T("Yakin"), confidential=True)])
    users = participants(5)
    pre = make_instance(survey, users, phase=Phase.PRE, title="Pre")
    post = make_instance(survey, users, phase=Phase.POST, pre=pre, title="Post")
    (q,) = survey.versions.get().questions.all()
    for user, (b, a) in zip(users, [(2, 4), (3, 3), (1, 4), (2, 5), (3, 4)], strict=True):
        services.response_submit(instance=pre, user=user, answers={q.pk: b})
        services.response_submit(instance=post, user=user, answers={q.pk: a})
    services.survey_instance_close(instance=pre, by=hr_user)
    (row,) = results.pre_post(instance=post, people=True)
    assert row.suppressed and row.until_closed and row.result is None
    services.survey_instance_close(instance=post, by=hr_user)
    (row,) = results.pre_post(instance=post, people=True)
    assert not row.suppressed and row.result.n == 5


def test_export_lists_drafts_without_their_unsubmitted_answers(pulse, make_instance,
                                                               participants):
    from terbalik.surveys import exports

    users = participants(2)
    instance = make_instance(pulse, users)
    _answer_all(instance, users[:1], [4])
    qs = list(instance.version.questions.order_by("position"))
    services.response_save(instance=instance, user=users[1],
                           answers={qs[0].pk: 2, qs[3].pk: "belum selesai"})
    _headers, rows = exports.response_table(instance=instance)
    assert len(rows) == 2
    flat = " ".join(str(c) for row in rows for c in row)
    assert "ide " in flat and "belum selesai" not in flat
    (draft,) = [row for row in rows if row[2] == users[1].email]
    assert draft[3] == str(Response.Status.DRAFT.label) and draft[5:] == [None, None]


def test_a_rescaled_likert_item_is_not_compared(make_survey, make_instance, participants,
                                                hr_user):
    survey = make_survey([likert(T("Yakin")), likert(T("Puas"))])
    users = participants(5)
    pre = make_instance(survey, users, phase=Phase.PRE, title="Pre")
    q1, q2 = survey.versions.get().questions.order_by("position")
    for user in users:
        services.response_submit(instance=pre, user=user, answers={q1.pk: 2, q2.pk: 5})
    new_q2 = services.question_update(question=q2, by=hr_user, data=QuestionData(
        type=QuestionType.LIKERT, text=T("Puas"), min_value=0, max_value=10))
    post = make_instance(survey, users, phase=Phase.POST, pre=pre, title="Post")
    assert post.version_id == new_q2.version_id != pre.version_id
    p1, p2 = post.version.questions.order_by("position")
    for user in users:
        services.response_submit(instance=post, user=user, answers={p1.pk: 3, p2.pk: 8})
    rows = results.pre_post(instance=post, people=True)
    assert [row.label for row in rows] == ["Yakin"]  # 5 on 1–5 vs 8 on 0–10: no "change"
