"""The Indonesian catalogue is complete, up to date with the code, and compiled."""

from __future__ import annotations

import gettext
import shutil
from pathlib import Path

import polib
import pytest
from django.core.management import call_command

import terbalik

PACKAGE = Path(terbalik.__file__).parent
PO = PACKAGE / "locale" / "id" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


def _problems(catalogue: polib.POFile) -> list[str]:
    problems = []
    for entry in catalogue:
        if entry.obsolete:
            continue
        if "fuzzy" in entry.flags:
            problems.append(f"fuzzy: {entry.msgid!r}")
        elif not entry.translated():
            problems.append(f"untranslated: {entry.msgid!r}")
    return problems


def test_committed_catalogue_has_no_untranslated_or_fuzzy_entry():
    catalogue = polib.pofile(str(PO))
    assert len(catalogue) > 100
    assert _problems(catalogue) == []


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="gettext tools are not installed")
def test_every_string_in_the_code_is_in_the_catalogue(tmp_path, settings, monkeypatch):
    """Extract messages from a copy of the package and check each has a translation."""
    copy = tmp_path / "terbalik"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo", "static"))
    settings.LOCALE_PATHS = []
    monkeypatch.chdir(copy)
    call_command("makemessages", locale=["id"], verbosity=0, no_obsolete=True)
    extracted = polib.pofile(str(copy / "locale" / "id" / "LC_MESSAGES" / "django.po"))
    committed = {(e.msgctxt, e.msgid): e for e in polib.pofile(str(PO)) if not e.obsolete}
    missing = [
        e.msgid
        for e in extracted
        if not e.obsolete and (e.msgctxt, e.msgid) not in committed
    ]
    assert missing == [], "run `make messages` and translate these"
    assert _problems(extracted) == []


def test_compiled_catalogue_matches_the_po_file():
    catalogue = polib.pofile(str(PO))
    with MO.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for entry in catalogue:
        if entry.obsolete or not entry.translated() or entry.msgid_plural:
            continue
        key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
        assert compiled._catalog.get(key) == entry.msgstr, f"recompile: {entry.msgid!r}"
