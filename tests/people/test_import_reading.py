"""The importer reads HR spreadsheets as they really are."""

from __future__ import annotations

import datetime as dt

import pytest

from terbalik.people import services
from terbalik.people.models import Employee

from .conftest import make_xlsx

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

HEADER = "employee_id,name,email,grade,manager_id"


def apply(content: bytes, name: str = "karyawan.csv") -> services.ImportPlan:
    plan = services.employee_import_apply(content=content, file_name=name, by=None)
    assert plan.errors == []
    return plan


def test_plain_csv_creates_employees() -> None:
    plan = apply(f"{HEADER}\nE1,Sari Wulandari,sari@contoh.co.id,9,\n".encode())
    assert (plan.created, plan.updated, plan.unchanged) == (1, 0, 0)
    sari = Employee.objects.get(employee_id="E1")
    assert (sari.full_name, sari.email, sari.grade) == ("Sari Wulandari", "sari@contoh.co.id", 9)
    assert sari.time_zone == "Asia/Jakarta"
    assert sari.active is True


def test_utf8_bom_is_not_part_of_the_first_header() -> None:
    content = "\ufeffemployee_id,name,email,grade\nE1,Ñoman Adi,noman@contoh.co.id,3\n"
    apply(content.encode("utf-8"))
    assert Employee.objects.get(employee_id="E1").full_name == "Ñoman Adi"


def test_cp1252_file_is_read_with_a_notice() -> None:
    content = "employee_id;name;email;grade\r\nE1;José Pérez;jose@contoh.co.id;4\r\n"
    plan = apply(content.encode("cp1252"))
    assert Employee.objects.get(employee_id="E1").full_name == "José Pérez"
    assert any("Windows-1252" in str(n) for n in plan.notices)


def test_semicolon_separator_is_detected_from_the_header() -> None:
    apply(b"employee_id;name;email;grade\nE1;Budi, S.Kom;budi@contoh.co.id;5\n")
    assert Employee.objects.get(employee_id="E1").full_name == "Budi, S.Kom"


def test_tab_separated_utf16_from_excel_unicode_text() -> None:
    content = "employee_id\tname\temail\tgrade\r\nE1\tDewi\tdewi@contoh.co.id\t2\r\n"
    apply(content.encode("utf-16"), "karyawan.txt")
    assert Employee.objects.get(employee_id="E1").grade == 2


def test_crlf_line_endings() -> None:
    apply(
        b"employee_id,name,email,grade\r\n"
        b"E1,Ayu,ayu@contoh.co.id,2\r\nE2,Eko,eko@contoh.co.id,3\r\n"
    )
    assert list(Employee.objects.order_by("employee_id").values_list("full_name", "grade")) == [
        ("Ayu", 2),
        ("Eko", 3),
    ]


def test_spaces_around_values_and_headers_are_ignored() -> None:
    apply(b" employee_id , name ,  email ,grade \n  E1 ,  Rudi Hartono  , Rudi@Contoh.co.id , 7 \n")
    rudi = Employee.objects.get(employee_id="E1")
    assert (rudi.full_name, rudi.email, rudi.grade) == ("Rudi Hartono", "rudi@contoh.co.id", 7)


def test_headers_in_any_order_and_case() -> None:
    apply(b"GRADE,E-Mail,Name,Employee ID\n6,wati@contoh.co.id,Wati,E9\n")
    wati = Employee.objects.get(employee_id="E9")
    assert (wati.full_name, wati.email, wati.grade) == ("Wati", "wati@contoh.co.id", 6)


def test_indonesian_headers() -> None:
    content = (
        "NIK;Nama;Email;Tanggal_Lahir;Golongan;Jabatan;Departemen;ID_Atasan;Lokasi;Zona_Waktu;"
        "Bahasa;Tanggal_Masuk;Tanggal_Keluar\n"
        "K1;Bambang;bambang@contoh.co.id;1970-03-02;12;Direktur;Direksi;;Jakarta;Asia/Jakarta;"
        "id|en;1995-01-02;\n"
        "K2;Putri;putri@contoh.co.id;2000-07-08;2;Analis Data;TI;K1;Makassar;WITA;id|bug;"
        "2023-02-01;\n"
    )
    apply(content.encode())
    putri = Employee.objects.get(employee_id="K2")
    assert putri.manager == Employee.objects.get(employee_id="K1")
    assert (putri.job_title, putri.department, putri.location) == ("Analis Data", "TI", "Makassar")
    assert putri.time_zone == "Asia/Makassar"
    assert putri.languages == ["id", "bug"]
    assert putri.birth_date == dt.date(2000, 7, 8)
    assert putri.hire_date == dt.date(2023, 2, 1)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("1990-12-31", dt.date(1990, 12, 31)),
        ("31/12/1990", dt.date(1990, 12, 31)),
        ("5/1/1990", dt.date(1990, 1, 5)),
        ("33238", dt.date(1990, 12, 31)),  # Excel serial number
        ("1990-12-31 00:00:00", dt.date(1990, 12, 31)),
    ],
)
def test_three_date_formats(cell: str, expected: dt.date) -> None:
    apply(f"employee_id,name,email,grade,birth_date\nE1,Ani,ani@contoh.co.id,3,{cell}\n".encode())
    assert Employee.objects.get(employee_id="E1").birth_date == expected


def test_xlsx_with_real_date_cells_and_numeric_grades() -> None:
    born = dt.datetime(1968, 4, 21)  # noqa: DTZ001 - spreadsheet cells are naive
    content = make_xlsx(
        [
            ["NIK", "Nama", "Email", "Golongan", "Tanggal Lahir", "Tanggal Masuk", "ID Atasan"],
            [1001, "Hendra", "hendra@contoh.co.id", 11.0, born, 35000, None],
            [None, None, None, None, None, None, None],
            ["1002", "Lestari", "lestari@contoh.co.id", 3, dt.date(1999, 9, 9), "01/08/2021", 1001],
        ],
        extra_sheet=True,
    )
    plan = apply(content, "karyawan.xlsx")
    assert plan.kind == "xlsx"
    assert any("Karyawan" in str(n) for n in plan.notices)  # only the first sheet is read
    hendra = Employee.objects.get(employee_id="1001")
    assert hendra.grade == 11
    assert hendra.birth_date == dt.date(1968, 4, 21)
    assert hendra.hire_date == dt.date(1995, 10, 28)  # serial 35000
    lestari = Employee.objects.get(employee_id="1002")
    assert (lestari.grade, lestari.manager) == (3, hendra)
    assert lestari.hire_date == dt.date(2021, 8, 1)


def test_grade_written_as_decimal_by_excel_is_accepted() -> None:
    apply(b"employee_id;name;email;grade\nE1;Ani;ani@contoh.co.id;5.0\nE2;Ida;ida@contoh.co.id;6,0\n")
    assert sorted(Employee.objects.values_list("grade", flat=True)) == [5, 6]


def test_manager_further_down_the_file() -> None:
    apply(
        b"employee_id,name,email,grade,manager_id\n"
        b"E3,Staf,staf@contoh.co.id,2,E2\n"
        b"E2,Manajer,manajer@contoh.co.id,6,E1\n"
        b"E1,Direktur,direktur@contoh.co.id,12,\n"
    )
    staf = Employee.objects.get(employee_id="E3")
    assert [m.employee_id for m in staf.management_chain()] == ["E2", "E1"]


def test_manager_already_in_the_database() -> None:
    apply(b"employee_id,name,email,grade\nE1,Direktur,direktur@contoh.co.id,12\n")
    apply(b"employee_id,name,email,grade,manager_id\nE2,Staf,staf@contoh.co.id,2,E1\n")
    assert Employee.objects.get(employee_id="E2").manager.employee_id == "E1"


def test_unknown_columns_are_ignored_and_listed() -> None:
    plan = apply(b"employee_id,name,email,grade,Hobi,No HP\nE1,Ani,ani@contoh.co.id,3,catur,0812\n")
    assert Employee.objects.count() == 1
    assert [str(n) for n in plan.notices] == [
        "These columns are not used and were ignored: “Hobi”, “No HP”."
    ]


def test_blank_lines_and_blank_rows_are_skipped_and_row_numbers_stay_true() -> None:
    content = (
        b"\nemployee_id;name;email;grade\n\n;;;\n"
        b"E1;Ani;ani@contoh.co.id;3\nE2;Ida;ida@contoh.co.id;x\n"
    )
    plan = services.employee_import_preview(content=content, file_name="a.csv")
    assert plan.rows == 2
    assert [(e.row, e.column) for e in plan.errors] == [(6, "grade")]


def test_formula_escape_apostrophe_is_removed() -> None:
    apply(b"employee_id,name,email,grade,job_title\nE1,Ani,ani@contoh.co.id,3,'=Kepala\n")
    assert Employee.objects.get(employee_id="E1").job_title == "=Kepala"


def test_languages_are_normalised() -> None:
    apply(
        b"employee_id,name,email,grade,languages\n"
        b"E1,Ani,ani@contoh.co.id,3,ID | en_us | English | id\n"
    )
    assert Employee.objects.get(employee_id="E1").languages == ["id", "en-US", "en"]


def test_preview_writes_nothing_and_lists_changes() -> None:
    plan = services.employee_import_preview(
        content=b"employee_id,name,email,grade\nE1,Ani,ani@contoh.co.id,3\n", file_name="a.csv"
    )
    assert Employee.objects.count() == 0
    assert plan.ok and plan.created == 1
    [change] = plan.changes
    assert (change.row, change.employee_id, change.action) == (2, "E1", "create")
    assert {(c.column, c.new) for c in change.changes} == {
        ("name", "Ani"), ("email", "ani@contoh.co.id"), ("grade", "3")
    }


def test_row_numbers_count_records_like_a_spreadsheet_does() -> None:
    content = (
        b'employee_id,name,email,grade,location\n'
        b'E1,Ani,ani@contoh.co.id,3,"Gedung A\nLantai 3"\n'  # one spreadsheet row, two lines
        b"E2,Ida,ida@contoh.co.id,x,Jakarta\n"
    )
    plan = services.employee_import_preview(content=content, file_name="a.csv")
    assert [(e.row, e.column) for e in plan.errors] == [(3, "grade")]
