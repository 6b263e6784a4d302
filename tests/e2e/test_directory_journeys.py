from __future__ import annotations

import pytest
from playwright.sync_api import expect

from terbalik.accounts.models import Role
from terbalik.people.models import Employee

from ..factories import PASSWORD, UserFactory
from .conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

BAD = (
    "\ufeffNIK;Nama;Email;Golongan;Tanggal_Lahir;ID_Atasan\r\n"
    "B100;Bu Ratna Sari;ratna@contoh.co.id;11;12/03/1970;\r\n"
    "B101;Dimas Pratama;dimas@contoh.co.id;dua;1999-07-01;B100\r\n"
)
GOOD = BAD.replace(";dua;", ";2;")


def test_hr_imports_a_file_fixes_a_bad_row_and_finds_the_employee(page, tmp_path):
    UserFactory(email="hr@contoh.co.id", role=Role.HR, language="en")
    sign_in(page, "hr@contoh.co.id", PASSWORD)

    bad = tmp_path / "karyawan.csv"
    bad.write_text(BAD, encoding="utf-8", newline="")
    page.get_by_role("link", name="Import", exact=True).first.click()
    page.locator("input[type=file]").set_input_files(str(bad))
    page.get_by_role("button", name="Check the file").click()

    errors = page.locator("#import-errors")
    errors.wait_for()
    row = errors.locator("tbody tr").first
    assert row.locator("td").nth(0).inner_text().strip() == "3"
    assert "golongan" in row.locator("td").nth(1).inner_text().lower()
    assert Employee.objects.count() == 0

    good = tmp_path / "karyawan-perbaikan.csv"
    good.write_text(GOOD, encoding="utf-8", newline="")
    page.locator("input[type=file]").set_input_files(str(good))
    page.get_by_role("button", name="Check the corrected file").click()
    assert page.locator("[data-count=created]").inner_text().strip() == "2"
    page.get_by_role("button", name="Import 2 changes").click()
    page.wait_for_url("**/people/")
    assert Employee.objects.count() == 2

    page.get_by_label("Search").fill("dimas")
    page.get_by_role("button", name="Filter").click()
    page.get_by_role("link", name="Dimas Pratama").click()
    assert page.get_by_role("heading", name="Management chain").is_visible()
    assert page.get_by_role("link", name="Bu Ratna Sari").is_visible()


def test_user_switches_to_indonesian_and_the_page_is_translated(page):
    UserFactory(email="ani@contoh.co.id", role=Role.HR, language="en")
    sign_in(page, "ani@contoh.co.id", PASSWORD)
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("link", name="Directory").is_visible()

    page.get_by_label("Language").select_option("id")
    page.get_by_role("button", name="Change").click()
    expect(page.locator("html")).to_have_attribute("lang", "id")
    assert page.get_by_role("link", name="Direktori").is_visible()
    assert page.get_by_role("heading", name="Selamat datang", exact=False).is_visible()
