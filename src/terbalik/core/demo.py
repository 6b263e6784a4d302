"""The demo company: a deterministic, realistic Indonesian company of about 300 people.

`build_directory_csv()` returns the directory as the CSV an HRIS would export, so the demo goes
through the same import path as real data (and is idempotent for free).
"""

from __future__ import annotations

import csv
import io
import random
from dataclasses import dataclass, field
from datetime import date, timedelta

COMPANY = "PT Nusantara Maju Sejahtera"
DOMAIN = "nusantara-maju.co.id"
SEED = 20261127

DEPARTMENTS = [
    ("Teknologi Informasi", "IT"),
    ("Pemasaran", "MKT"),
    ("Penjualan", "SAL"),
    ("Keuangan", "FIN"),
    ("Sumber Daya Manusia", "HR"),
    ("Operasional", "OPS"),
    ("Layanan Pelanggan", "CS"),
    ("Hukum dan Kepatuhan", "LEG"),
    ("Pengembangan Produk", "PRD"),
    ("Logistik", "LOG"),
]

LOCATIONS = [
    ("Jakarta", "Asia/Jakarta", 10),
    ("Surabaya", "Asia/Jakarta", 3),
    ("Bandung", "Asia/Jakarta", 3),
    ("Medan", "Asia/Jakarta", 2),
    ("Makassar", "Asia/Makassar", 2),
    ("Denpasar", "Asia/Makassar", 1),
    ("Jayapura", "Asia/Jayapura", 1),
]

FIRST_NAMES = [
    "Adi", "Agus", "Ahmad", "Aisyah", "Andi", "Anisa", "Arief", "Ayu", "Bagus", "Bambang",
    "Budi", "Cahya", "Citra", "Dewi", "Dian", "Dimas", "Eka", "Endang", "Fajar", "Fitri",
    "Galih", "Gita", "Hadi", "Hendra", "Indah", "Intan", "Joko", "Kartika", "Kurnia", "Lestari",
    "Made", "Maya", "Nadia", "Nur", "Putri", "Putu", "Rahmat", "Rani", "Rizky", "Sari",
    "Siti", "Slamet", "Sri", "Taufik", "Tika", "Wahyu", "Wayan", "Yoga", "Yuni", "Zahra",
]
LAST_NAMES = [
    "Pratama", "Saputra", "Wijaya", "Santoso", "Kusuma", "Hidayat", "Nugroho", "Siregar",
    "Nasution", "Lubis", "Sihombing", "Simanjuntak", "Hutapea", "Gunawan", "Setiawan",
    "Halim", "Tanjung", "Rahman", "Permana", "Utami", "Wulandari", "Lestari", "Susanto",
    "Purnomo", "Harahap", "Panjaitan", "Sembiring", "Rangkuti", "Mahendra", "Firmansyah",
    "Anggraini", "Kurniawan", "Hakim", "Sulistyo", "Ramadhan", "Syahputra", "Putra", "Dewanti",
]

TITLES = {
    12: "Direktur Utama",
    11: "Direktur {dept}",
    10: "Kepala Divisi {dept}",
    9: "Manajer Senior {dept}",
    8: "Manajer {dept}",
    7: "Asisten Manajer {dept}",
    6: "Supervisor {dept}",
    5: "Spesialis Senior {dept}",
    4: "Spesialis {dept}",
    3: "Staf Senior {dept}",
    2: "Staf {dept}",
    1: "Staf Junior {dept}",
}

REFERENCE_DATE = date(2026, 11, 1)  # fixed so the demo is the same every day


@dataclass
class DemoPerson:
    employee_id: str
    name: str
    email: str
    grade: int
    department: str
    manager_id: str
    birth_date: date
    hire_date: date
    exit_date: date | None
    location: str
    time_zone: str
    languages: list[str] = field(default_factory=list)
    job_title: str = ""


def _name(rng: random.Random, used: set[str]) -> tuple[str, str]:
    while True:
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        full = f"{first} {last}"
        base = f"{first}.{last}".lower()
        email = f"{base}@{DOMAIN}"
        n = 2
        while email in used:
            email = f"{base}{n}@{DOMAIN}"
            n += 1
        used.add(email)
        return full, email


def _age_for_grade(rng: random.Random, grade: int) -> int:
    low = 21 + grade * 2
    return min(60, rng.randint(low, low + 8))


def build_people() -> list[DemoPerson]:
    rng = random.Random(SEED)
    used: set[str] = set()
    people: list[DemoPerson] = []
    counter = iter(range(1001, 9999))
    locations = [loc for loc in LOCATIONS for _ in range(loc[2])]

    def person(grade: int, dept: str, manager_id: str) -> DemoPerson:
        name, email = _name(rng, used)
        age = _age_for_grade(rng, grade)
        birth = REFERENCE_DATE - timedelta(days=age * 365 + rng.randint(0, 364))
        tenure_years = rng.randint(0, max(1, min(age - 21, 4 + grade * 2)))
        hire = REFERENCE_DATE - timedelta(days=tenure_years * 365 + rng.randint(20, 360))
        city, tz, _w = (
            LOCATIONS[0] if grade >= 10 else rng.choice(locations)
        )
        langs = ["id"]
        if grade >= 6 or rng.random() < 0.6:
            langs.append("en")
        if rng.random() < 0.08:
            langs.append(rng.choice(["jv", "su", "zh"]))
        p = DemoPerson(
            employee_id=f"NMS{next(counter)}",
            name=name,
            email=email,
            grade=grade,
            department=dept,
            manager_id=manager_id,
            birth_date=birth,
            hire_date=hire,
            exit_date=None,
            location=city,
            time_zone=tz,
            languages=langs,
            job_title=TITLES[grade].format(dept=dept),
        )
        people.append(p)
        return p

    ceo = person(12, "Direksi", "")
    for dept, _code in DEPARTMENTS:
        director = person(11, dept, ceo.employee_id)
        heads = [person(10, dept, director.employee_id)]
        managers = [person(rng.choice([8, 9]), dept, heads[0].employee_id) for _ in range(2)]
        for manager in managers:
            supervisors = [person(rng.choice([6, 7]), dept, manager.employee_id) for _ in range(2)]
            for supervisor in supervisors:
                for _ in range(rng.randint(5, 7)):
                    person(rng.choice([1, 2, 2, 3, 3, 4, 4, 5]), dept, supervisor.employee_id)
    # A few leavers among junior and middle staff, for retention analytics.
    juniors = [p for p in people if p.grade <= 5]
    for leaver in rng.sample(juniors, 14):
        leaver.exit_date = REFERENCE_DATE - timedelta(days=rng.randint(15, 500))
        if leaver.exit_date <= leaver.hire_date:
            leaver.exit_date = leaver.hire_date + timedelta(days=120)
    return people


HEADER = [
    "employee_id", "name", "email", "birth_date", "grade", "job_title", "department",
    "manager_id", "location", "timezone", "languages", "hire_date", "exit_date",
]


def build_directory_csv(people: list[DemoPerson] | None = None) -> bytes:
    people = people if people is not None else build_people()
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    for p in people:
        writer.writerow(
            [
                p.employee_id, p.name, p.email, p.birth_date.isoformat(), p.grade, p.job_title,
                p.department, p.manager_id, p.location, p.time_zone, "|".join(p.languages),
                p.hire_date.isoformat(), p.exit_date.isoformat() if p.exit_date else "",
            ]
        )
    return out.getvalue().encode("utf-8")


DEMO_PASSWORD = "demo-terbalik-2026"  # noqa: S105 - printed for the demo on purpose


def demo_logins(people: list[DemoPerson]) -> list[tuple[str, str, str, str]]:
    """(login e-mail, role, full name, employee_id or '') for one login per role.

    Logins use short role addresses so they are easy to type in a demo; each is linked to
    a directory entry (except the platform admin)."""
    active = [p for p in people if p.exit_date is None]
    hr_staff = [p for p in active if p.department == "Sumber Daya Manusia" and p.grade in (8, 9)]
    mentee = next(p for p in active if p.grade == 10 and p.department == "Keuangan")
    mentor = next(p for p in active if p.grade == 2 and p.department == "Teknologi Informasi")
    sponsor = next(p for p in active if p.grade == 11 and p.department == "Operasional")
    return [
        (f"admin@{DOMAIN}", "admin", "Admin Platform", ""),
        (f"hr@{DOMAIN}", "hr", hr_staff[0].name, hr_staff[0].employee_id),
        (f"sponsor@{DOMAIN}", "sponsor", sponsor.name, sponsor.employee_id),
        (f"mentor@{DOMAIN}", "participant", mentor.name, mentor.employee_id),
        (f"mentee@{DOMAIN}", "participant", mentee.name, mentee.employee_id),
    ]
