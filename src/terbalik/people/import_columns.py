"""The columns an employee spreadsheet may have: the Employee field each fills, the header
written on export, and the headers (English and Indonesian) accepted on import."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .models import Department, Location


@dataclass(frozen=True)
class Column:
    field: str  # Employee field ("manager" for manager_id)
    header: str  # the English header used on export
    aliases: tuple[str, ...]


COLUMNS: tuple[Column, ...] = (
    Column("employee_id", "employee_id", ("employee_id", "employee_number", "employee_no", "nik",
                                          "id_karyawan", "no_karyawan", "nomor_induk_karyawan")),
    Column("full_name", "name", ("name", "full_name", "nama", "nama_lengkap")),
    Column("email", "email", ("email", "e-mail", "work_email", "email_kantor", "surel")),
    Column("birth_date", "birth_date", ("birth_date", "date_of_birth", "dob", "tanggal_lahir",
                                        "tgl_lahir")),
    Column("grade", "grade", ("grade", "golongan", "job_level")),
    Column("job_title", "job_title", ("job_title", "title", "position", "jabatan")),
    Column("department", "department", ("department", "dept", "departemen")),
    Column("manager", "manager_id", ("manager_id", "manager_employee_id", "id_atasan",
                                     "nik_atasan")),
    Column("location", "location", ("location", "lokasi")),
    Column("time_zone", "timezone", ("timezone", "time_zone", "tz", "zona_waktu")),
    Column("languages", "languages", ("languages", "language", "bahasa")),
    Column("hire_date", "hire_date", ("hire_date", "start_date", "join_date", "tanggal_masuk",
                                      "tgl_masuk", "tanggal_bergabung")),
    Column("exit_date", "exit_date", ("exit_date", "end_date", "termination_date",
                                      "tanggal_keluar", "tgl_keluar")),
    Column("skills_offered", "skills_offered", ("skills_offered", "skills_to_teach", "expertise",
                                                "keahlian", "keterampilan_diajarkan")),
    Column("skills_wanted", "skills_wanted", ("skills_wanted", "skills_to_develop",
                                              "keterampilan_dikembangkan")),
)
EXPORT_HEADERS: tuple[str, ...] = tuple(c.header for c in COLUMNS)
DATA_FIELDS: tuple[str, ...] = tuple(c.field for c in COLUMNS if c.field != "employee_id")
REQUIRED_TO_CREATE = ("full_name", "email", "grade")
#: columns holding the name of a managed record, and the Employee field that points at it
RECORD_FIELDS = {"department": "department_record", "location": "location_record"}
RECORD_MODELS = {"department": Department, "location": Location}
#: columns of skill terms, mapped to canonical skill ids through the taxonomy
SKILL_FIELDS = ("skills_offered", "skills_wanted")


def header_key(header: str) -> str:
    return re.sub(r"[^0-9a-z]", "", header.casefold())


ALIASES: dict[str, Column] = {header_key(a): c for c in COLUMNS for a in c.aliases}
BY_FIELD: dict[str, Column] = {c.field: c for c in COLUMNS}
