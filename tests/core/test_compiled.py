"""core/compiled.py: a query compiled once per connection gives what the queryset gives."""

from __future__ import annotations

from typing import Any

import pytest
from django.db.models import Count, Q

from terbalik.accounts.models import User
from terbalik.core.compiled import Compiled
from terbalik.people.models import Employee

from ..factories import EmployeeFactory, UserFactory
from ..model_compare import count_compiles, same_instance

pytestmark = pytest.mark.django_db


def _people(user_pk: int, employee_pk: int | None = None, *, narrow: bool = False):
    mine = Q(pk=user_pk)
    if employee_pk is not None:
        mine |= Q(employee_id=employee_pk)
    users = User.objects.filter(mine).select_related("employee").order_by("email")
    return users.only("email", "employee__full_name", "employee__languages") if narrow else users


def _data():
    first = UserFactory(employee=EmployeeFactory(languages=["id"]))
    second = UserFactory(employee=EmployeeFactory())
    alone = UserFactory()
    return first, second, alone


@pytest.mark.parametrize("narrow", [False, True])
def test_model_rows_are_the_querysets_instances(narrow):
    first, second, alone = _data()
    people = Compiled(User, _people)
    for args in [(first.pk,), (alone.pk,), (first.pk, second.employee_id), (alone.pk + 99,)]:
        expected = list(_people(*args, narrow=narrow))
        loaded = people(*args, narrow=narrow)
        assert len(loaded) == len(expected)
        for got, want in zip(loaded, expected, strict=True):
            same_instance(got, want)
    assert len(people(first.pk, second.employee_id, narrow=narrow)) == 2


def test_values_and_values_list_rows_are_the_querysets_rows():
    first, second, _alone = _data()

    def counted(*pks: int):
        return (Employee.objects.filter(pk__in=pks).values("grade")
                .annotate(n=Count("pk")).order_by("grade"))

    def pairs(pk: int):
        return User.objects.filter(pk__gte=pk).order_by("pk").values_list("pk", "email")

    def flat(pk: int):
        return User.objects.filter(pk__gte=pk).order_by("pk").values_list("email", flat=True)

    ids = (first.employee_id, second.employee_id)
    assert Compiled(Employee, counted)(*ids) == list(counted(*ids))
    assert Compiled(User, pairs)(second.pk) == list(pairs(second.pk))
    assert Compiled(User, flat)(first.pk) == list(flat(first.pk))


def test_compiled_once_per_connection_and_form(monkeypatch):
    first, second, alone = _data()
    people = Compiled(User, _people)
    people(first.pk)
    compiled = count_compiles(monkeypatch)
    assert [u.pk for u in people(second.pk)] == [second.pk]
    assert compiled == []  # the first call's SQL, run with the second id
    assert {u.pk for u in people(alone.pk, first.employee_id)} == {alone.pk, first.pk}
    assert compiled  # two ids: another statement, compiled once too
    compiled.clear()
    people(second.pk, first.employee_id)
    people(first.pk, narrow=True)  # another form
    assert len(compiled) == 1


def test_any_number_of_ids(monkeypatch):
    users = [UserFactory() for _ in range(40)]

    def some(*pks: int):
        return User.objects.filter(pk__in=pks).order_by("pk").values_list("pk", flat=True)

    compiled = Compiled(User, some)
    for count in (1, 8, 9, 32, 33, 40):
        pks = [u.pk for u in users[:count]]
        assert compiled(*pks) == pks
    calls = count_compiles(monkeypatch)
    assert compiled(*(u.pk for u in users[1:33])) == [u.pk for u in users[1:33]]
    assert calls == []  # 32 ids: compiled before
    assert compiled(*(u.pk for u in users[1:34])) == [u.pk for u in users[1:34]]
    assert calls  # more ids than placeholders: the ORM's own way


def test_what_it_cannot_reproduce_is_refused():
    user = UserFactory()
    with pytest.raises(TypeError):
        Compiled(User, lambda pk: User.objects.filter(pk=pk).prefetch_related("groups"))(user.pk)
    with pytest.raises(ValueError, match="placeholder"):
        Compiled(User, lambda pk: User.objects.filter(pk=user.pk))(user.pk)


def test_ids_beyond_64_bits_find_nothing_without_a_query(django_assert_num_queries):
    user = UserFactory()
    people = Compiled(User, _people)
    people(user.pk)
    for huge in (2**63, -(2**63) - 1, 10**20):
        with django_assert_num_queries(0):
            assert people(huge) == []
            assert people(user.pk, huge) == []
    assert [u.pk for u in people(2**63 - 1)] == []  # in range: asked as usual
    assert [u.pk for u in people(user.pk)] == [user.pk]


@pytest.mark.django_db(transaction=True)
def test_a_finished_threads_connection_and_statements_are_freed():
    """The statements live on the connection wrapper: when a thread's wrapper goes (its
    thread ended, its connection closed), so do they, and no open connection is kept."""
    import gc
    import threading
    import weakref

    from django.db import connections

    people = Compiled(User, _people)
    wrappers: list[weakref.ref[Any]] = []

    def read() -> None:  # a short-lived thread: its own connection wrapper
        people(1)
        people(1, 2)
        wrappers.append(weakref.ref(connections["default"]))
        connections["default"].close()

    for _ in range(5):
        thread = threading.Thread(target=read)
        thread.start()
        thread.join()
    gc.collect()
    assert len(wrappers) == 5
    assert [ref for ref in wrappers if ref() is not None] == []


def test_annotated_model_rows_and_distinct_with_extra_order_columns_are_refused():
    """Both came out silently wrong: model instances without the annotation, and an extra
    column (the ORDER BY one DISTINCT must select) in values_list() rows."""
    user = UserFactory()
    with pytest.raises(TypeError, match="annotat"):
        Compiled(User, lambda pk: User.objects.filter(pk=pk).annotate(n=Count("groups")))(
            user.pk)
    with pytest.raises(TypeError, match="ORDER BY"):
        Compiled(User, lambda pk: User.objects.filter(pk__gte=pk).values_list("email")
                 .order_by("date_joined").distinct())(user.pk)
    # what is reproduced still is: annotations of values(), a distinct over selected columns
    assert Compiled(User, lambda pk: User.objects.filter(pk__gte=pk).values_list("email")
                    .order_by("email").distinct())(user.pk) == [(user.email,)]


def test_a_build_reading_the_clock_is_refused():
    """Its time would be frozen into the statement for the connection's life."""
    import datetime

    from django.db.models import Case, Value, When
    from django.db.models.functions import TruncDay
    from django.utils import timezone

    user = UserFactory()
    builds = [
        lambda pk: User.objects.filter(pk=pk, date_joined__lte=timezone.now()),
        lambda pk: User.objects.filter(pk=pk, date_joined__date=timezone.localdate()),
        lambda pk: User.objects.filter(pk=pk).filter(
            Q(date_joined__gte=timezone.now() - datetime.timedelta(days=1)) | Q(is_staff=True)),
        lambda pk: User.objects.filter(pk=pk, pk__in=User.objects.filter(
            last_login__lt=timezone.now()).values("pk")),
        lambda pk: User.objects.filter(pk=pk).values("pk").annotate(
            at=Value(timezone.now())),
        # the active time zone, frozen on both databases (__year's bounds are datetimes on
        # PostgreSQL but strings on SQLite, so only the lookup itself tells them apart)
        lambda pk: User.objects.filter(pk=pk, date_joined__year=2026),
        lambda pk: User.objects.filter(pk=pk, date_joined__hour=9),
        lambda pk: User.objects.filter(pk=pk).values("pk").annotate(
            day=TruncDay("date_joined")),
        # where the filters do not reach: ordering, a union
        lambda pk: User.objects.filter(pk=pk).order_by(
            Case(When(date_joined__lt=timezone.now(), then=Value(0)), default=Value(1))),
        lambda pk: User.objects.filter(pk=pk).values("pk").order_by().union(
            User.objects.filter(date_joined__lt=timezone.now()).values("pk").order_by()),
    ]
    for build in builds:
        with pytest.raises(TypeError, match="date or time"):
            Compiled(User, build)(user.pk)
    # constants such as a status are the same on every request: allowed
    assert Compiled(User, lambda pk: User.objects.filter(pk=pk, is_active=True).values_list(
        "pk", flat=True))(user.pk) == [user.pk]


def _joined_by(pk: int, *, at: Any):
    return User.objects.filter(pk__gte=pk, date_joined__lte=at).order_by("pk").values_list(
        "pk", flat=True)


def test_a_moment_is_a_parameter_of_the_statement(monkeypatch):
    """`at=`: the request's moment goes where the placeholder moment was, as the ORM sends
    it, on every call of the same connection (not frozen at the first)."""
    import datetime

    from django.utils import timezone

    now = timezone.now()
    users = [UserFactory(), UserFactory(), UserFactory()]
    for days, user in zip((30, 10, 1), users, strict=True):
        User.objects.filter(pk=user.pk).update(date_joined=now - datetime.timedelta(days=days))
    joined = Compiled(User, _joined_by)
    first = users[0].pk
    joined(first, at=now)
    compiled = count_compiles(monkeypatch)

    def check(at: datetime.datetime) -> list[int]:
        expected = list(_joined_by(first, at=at))
        compiled.clear()
        assert joined(first, at=at) == expected
        assert compiled == []  # one statement for every moment
        return expected

    assert [len(check(now - datetime.timedelta(days=d))) for d in (40, 20, 5, 0.5, 0)] == [
        0, 1, 2, 3, 3]
    # an exact bound (<=), without microseconds, and another zone's clock for that instant
    at = (now - datetime.timedelta(days=10)).replace(microsecond=0)
    User.objects.filter(pk=users[1].pk).update(date_joined=at)
    jakarta = at.astimezone(datetime.timezone(datetime.timedelta(hours=7)))
    assert check(jakarta) == [users[0].pk, users[1].pk]
    assert check(at - datetime.timedelta(microseconds=1)) == [users[0].pk]


def test_a_moment_used_otherwise_than_as_is_or_naive_is_refused():
    """A shifted moment, a date cut from it, a moment compared with a date column, another
    clock reading beside it, or a moment the build never uses: each would be frozen or
    wrong; and `at` must be aware (the ORM would guess the zone of a naive one)."""
    import datetime

    from django.utils import timezone

    user = UserFactory()
    day = datetime.timedelta(days=1)
    builds = [
        lambda pk, *, at: User.objects.filter(pk=pk, date_joined__lte=at - day),
        lambda pk, *, at: User.objects.filter(pk=pk, date_joined__date=at.date()),
        lambda pk, *, at: User.objects.filter(pk=pk, date_joined__date=at),
        lambda pk, *, at: User.objects.filter(pk=pk, employee__birth_date__lte=at),
        lambda pk, *, at: User.objects.filter(pk=pk, date_joined__lte=at,
                                              last_login__lte=timezone.now()),
        lambda pk, *, at: User.objects.filter(pk=pk),
    ]
    for build in builds:
        with pytest.raises((TypeError, ValueError), match="date or time|moment"):
            Compiled(User, build)(user.pk, at=timezone.now())
    with pytest.raises(TypeError, match="aware"):
        Compiled(User, _joined_by)(user.pk, at=datetime.datetime(2026, 1, 1))  # noqa: DTZ001


def test_the_converters_are_worked_out_once_per_statement(monkeypatch):
    """Each call converts its rows (dates, JSON lists) as the queryset does, with the column
    converters found when the statement was compiled, not again per call."""
    from django.db.models.sql.compiler import SQLCompiler

    first, second, _alone = _data()
    people = Compiled(User, _people)
    people(first.pk)  # both forms compiled
    people(first.pk, second.employee_id)
    looked_up: list[int] = []
    original = SQLCompiler.get_converters

    def counting(self: Any, expressions: Any) -> Any:
        looked_up.append(len(expressions))
        return original(self, expressions)

    monkeypatch.setattr(SQLCompiler, "get_converters", counting)
    for args in [(first.pk,), (first.pk, second.employee_id)] * 2:
        loaded = people(*args)
        for got, want in zip(loaded, list(_people(*args)), strict=True):
            same_instance(got, want)
    calls_by_the_orm = 4  # one per queryset iterated above
    assert len(looked_up) == calls_by_the_orm
    assert loaded[0].employee.languages == ["id"] or loaded[1].employee.languages == ["id"]
