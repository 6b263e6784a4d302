from __future__ import annotations

import datetime as dt

import factory

from terbalik.accounts.models import Role, User
from terbalik.people.models import Employee

PASSWORD = "correct-horse-battery"


class EmployeeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employee

    employee_id = factory.Sequence(lambda n: f"E{n:05d}")
    full_name = factory.Sequence(lambda n: f"Karyawan {n}")
    email = factory.LazyAttribute(lambda o: f"{o.employee_id.lower()}@example.co.id")
    grade = 3
    department = "Pemasaran"
    job_title = "Staf"
    birth_date = dt.date(1995, 5, 17)
    hire_date = dt.date(2020, 1, 6)
    languages = factory.LazyFunction(lambda: ["id", "en"])


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.co.id")
    full_name = factory.Sequence(lambda n: f"Pengguna {n}")
    role = Role.PARTICIPANT
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()
