"""`terbalik demo`: create the demo company (idempotent: a second run changes nothing)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from terbalik.accounts import services as account_services
from terbalik.accounts.models import User
from terbalik.api.demo import build_demo_tokens
from terbalik.core import demo
from terbalik.core.demo_audit import build_demo_audit
from terbalik.matching.demo import build_demo_matching
from terbalik.notify.demo import build_demo_chat
from terbalik.pairs.demo import build_demo_pairs
from terbalik.pairs.demo_people import build_demo_profiles, build_second_pair
from terbalik.people import services as people_services
from terbalik.people.models import Employee
from terbalik.privacy.demo import build_demo_privacy
from terbalik.privacy.demo_erasure import build_demo_erasure
from terbalik.programs.demo import build_demo_programs
from terbalik.reports.demo import build_demo_reports
from terbalik.skills.services import skill_seed_install
from terbalik.surveys.demo import build_demo_surveys
from terbalik.webhooks.demo import build_demo_webhooks


class Command(BaseCommand):
    help = "Create (or complete) the demo company and one login per role."

    def handle(self, *args: Any, **options: Any) -> None:
        people = demo.build_people()
        with transaction.atomic():
            plan = people_services.employee_import_apply(
                content=demo.build_directory_csv(people), file_name="demo.csv", by=None
            )
            created_logins = 0
            employees = {e.employee_id: e for e in Employee.objects.all()}
            for email, role, name, employee_id in demo.demo_logins(people):
                if User.objects.filter(email=email).exists():
                    continue
                account_services.user_create(
                    email=email,
                    password=demo.DEMO_PASSWORD,
                    role=role,
                    full_name=name,
                    employee=employees.get(employee_id) if employee_id else None,
                )
                created_logins += 1
            hr_user = User.objects.get(email=f"hr@{demo.DOMAIN}")
            skill_seed_install()  # the taxonomy the intake answers below map to (idempotent)
            build_demo_programs(hr_user=hr_user)
            build_demo_matching(hr_user=hr_user)
            running = build_demo_pairs(hr_user=hr_user)
            second = build_second_pair(hr_user=hr_user)
            build_demo_profiles(programs=[running] + ([second.program] if second else []))
            build_demo_chat()
            build_demo_surveys(hr_user=hr_user)
            finished = build_demo_reports(hr_user=hr_user)
            build_demo_webhooks(admin_user=User.objects.get(email=f"admin@{demo.DOMAIN}"))
            build_demo_privacy(mentee_email=f"mentee@{demo.DOMAIN}")
            build_demo_erasure(hr_user=hr_user)
            build_demo_audit(hr_user=hr_user, running=running, finished=finished)
            api_secret = build_demo_tokens(
                admin=User.objects.get(email=f"admin@{demo.DOMAIN}"), hr_user=hr_user)
        self.stdout.write(
            f"Demo company {demo.COMPANY}: {plan.created} employees created, "
            f"{plan.updated} updated, {plan.unchanged} unchanged; {created_logins} logins created."
        )
        self.stdout.write("Demo logins (password: %s):" % demo.DEMO_PASSWORD)
        for email, role, name, _employee_id in demo.demo_logins(people):
            self.stdout.write(f"  {role:<12} {email}  ({name})")
        current = [p for p in people if p.exit_date is None]
        left = [p for p in people if p.exit_date is not None]
        self.stdout.write(
            f"Passwordless sign-in: each of the {len(current)} current demo employees can ask "
            "for a code on /login/ with their work e-mail; in development (console e-mail) the "
            "code is printed in the terminal running the server. For example:"
        )
        for person in current[:5]:
            self.stdout.write(f"  {person.email}  ({person.name})")
        if left:
            self.stdout.write(f"  (leavers such as {left[0].email} are refused)")
        if api_secret:
            self.stdout.write(f"REST API (/api/v1/docs): demo token acting as HR: {api_secret}")
