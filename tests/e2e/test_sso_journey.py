"""Browser journey: single sign-on through the real loopback OpenID Connect provider."""

from __future__ import annotations

import pytest
from allauth.socialaccount.models import SocialAccount

from terbalik.accounts.models import Role, User
from terbalik.people.models import Employee
from terbalik.programs.models import Program

from ..factories import PASSWORD, UserFactory
from ..oidc import CALLBACK_PATH, IDP_PASSWORD, configure_terbalik
from .conftest import new_context, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DIRECTORY = (
    "NIK;Nama;Email;Golongan;Tanggal_Keluar\r\n"
    "E200;Putri Ayu;putri.ayu@contoh.co.id;2;\r\n"
    "E201;Joko Santoso;joko@contoh.co.id;4;2021-03-31\r\n"
)


@pytest.fixture
def company_sso(settings, oidc_provider, live_server):
    configure_terbalik(settings, oidc_provider, allowed_domains=["contoh.co.id"])
    oidc_provider.set_mode("normal")
    oidc_provider.allow_redirects_to(live_server.url + CALLBACK_PATH)
    return oidc_provider


def _sign_in_with_company_account(page, username: str) -> None:
    page.goto(page.base_url + "/login/")
    page.get_by_role("button", name="Sign in with Contoso ID").click()
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(IDP_PASSWORD)
    page.get_by_role("button", name="Sign in to the test provider").click()


def test_imported_employee_signs_in_with_sso_and_a_leaver_is_refused(
    page, browser, company_sso, tmp_path
):
    # HR imports the directory file (one current employee, one who left).
    UserFactory(email="hr@contoh.co.id", role=Role.HR, language="en")
    sign_in(page, "hr@contoh.co.id", PASSWORD)
    page.wait_for_url(page.base_url + "/")
    upload = tmp_path / "karyawan.csv"
    upload.write_text(DIRECTORY, encoding="utf-8", newline="")
    page.get_by_role("link", name="Import", exact=True).first.click()
    page.locator("input[type=file]").set_input_files(str(upload))
    page.get_by_role("button", name="Check the file").click()
    page.get_by_role("button", name="Import 2 changes").click()
    page.wait_for_url("**/people/")
    assert Employee.objects.count() == 2
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/login/**")

    hr = User.objects.get(email="hr@contoh.co.id")
    program = Program.objects.create(
        name="Digital skills for leaders 2027",
        status="recruiting",
        enrollment_mode="open",
        mentor_grade_max=5,
        mentee_grade_min=8,
        mentee_places=5,
        mentor_places=5,
        channels=["video"],
        commitment="I will attend every session.",
        created_by=hr,
    )
    program.owners.add(hr)
    company_sso.add_user("putri", email="putri.ayu@contoh.co.id", name="Putri Ayu")
    company_sso.add_user("joko", email="joko@contoh.co.id")

    # The new employee's first visit: the company account is enough.
    _sign_in_with_company_account(page, "putri")
    page.wait_for_url(page.base_url + "/")
    assert page.get_by_role("heading", name="Welcome, Putri").is_visible()
    putri = User.objects.get(email="putri.ayu@contoh.co.id")
    assert putri.employee.employee_id == "E200"
    assert putri.role == Role.PARTICIPANT

    # ... sees the open program she may mentor in on her home page and applies.
    card = page.locator(f'[data-open-program="{program.pk}"]')
    assert card.get_by_text("Digital skills for leaders 2027").is_visible()
    card.locator("[data-apply-role=mentor]").click()
    page.wait_for_url("**/apply/?role=mentor")
    page.locator("input[name=skills_other]").fill("social media, spreadsheets")
    page.locator("input[name=commitment]").check()
    page.locator("input[name=privacy_notice]").check()
    page.locator("#apply-submit").click()
    page.wait_for_url("**/programs/mine/*/")
    assert page.locator("#enrollment-status").get_attribute("data-status") == "pending"
    assert program.enrollments.get().employee == putri.employee

    # The leaver, in another browser, is refused with a way back and gets no account.
    context = new_context(browser, locale="en-US")
    other = context.new_page()
    other.base_url = page.base_url
    try:
        _sign_in_with_company_account(other, "joko")
        other.wait_for_url("**" + CALLBACK_PATH + "**")
        assert other.get_by_role("heading", name="You could not be signed in").is_visible()
        assert "no longer with the company" in other.get_by_role("alert").inner_text()
        other.get_by_role("link", name="Back to sign-in").click()
        other.wait_for_url("**/login/")
    finally:
        context.close()
    assert not User.objects.filter(email="joko@contoh.co.id").exists()
    assert SocialAccount.objects.count() == 1
