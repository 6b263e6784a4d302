"""Issue 16 item 10: the Indonesian interface speaks one vocabulary (docs/glossary.md).

Found by trying the product in Indonesian: "touchpoint", "Kickoff", "Feed kalender",
"Pulse check-in" left in English, "HR" and "SDM" mixed, Django's stock password texts in
another voice ("Sandi anda …" next to our "kata sandi Anda")."""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils import translation

import terbalik

PACKAGE = Path(terbalik.__file__).parent
PO = PACKAGE / "locale" / "id" / "LC_MESSAGES" / "django.po"
GLOSSARY = Path(__file__).resolve().parents[2] / "docs" / "glossary.md"

#: English product words that must not appear in an Indonesian translation, each with the
#: glossary's Indonesian word. Matched as whole words, case-insensitive.
ENGLISH_WORDS = {
    "HR": "SDM",
    "touchpoint": "titik temu",
    "touchpoints": "titik temu",
    "kickoff": "pembukaan",
    "kick-off": "pembukaan",
    "feed": "langganan",
    "pulse": "cek singkat",
    "check-in": "konfirmasi sesi",
    "checkin": "konfirmasi sesi",
    "meeting": "sesi",
    "meetings": "sesi",
    "session": "sesi",
    "feedback": "umpan balik",
    "goal": "tujuan",
    "goals": "tujuan",
    "pair": "pasangan",
    "pairs": "pasangan",
    "matching": "pencocokan",
    "match": "pencocokan",
    "rematch": "pencocokan ulang",
    "survey": "survei",
    "surveys": "survei",
    "dashboard": "dasbor",
    "workspace": "ruang kerja",
    "reminder": "pengingat",
    "reminders": "pengingat",
    "nudge": "pengingat",
    "waitlist": "daftar tunggu",
    "deadline": "tenggat",
    "milestone": "tonggak",
    "milestones": "tonggak",
    "agreement": "kesepakatan",
    "cadence": "frekuensi",
    "skill": "keterampilan",
    "skills": "keterampilan",
    "score": "skor",
    "training": "pelatihan",
    "upload": "unggah",
    "download": "unduh",
    "email": "e-mail",
    "password": "kata sandi",
    "login": "masuk",
    "sign-in": "masuk",
    "user": "pengguna",
    "report": "laporan",
    "invitation": "undangan",
    "employee": "karyawan",
    "settings": "pengaturan",
}

#: Words the glossary keeps as they are in Indonesian (proper nouns, formats, loanwords).
ALLOWED = {"mentor", "mentee", "mentoring", "e-mail", "sponsor", "Zoom", "WhatsApp", "Teams",
           "Google", "Excel", "CSV", "XLSX", "PDF", "QR", "TOTP", "SMART", "NPS", "Likert",
           "OpenID", "Terbalik", "admin"}

PLACEHOLDER = re.compile(r"%\([^)]*\)[-#0 +]*\d*(?:\.\d+)?[sdifrx]|\{[^}]*\}|<[^>]*>|%[sd]")
CODE_WORD = re.compile(r"\b\w+_\w+\b")  # column or setting values such as grade_and_age


def _visible(text: str) -> str:
    """What a reader sees: without placeholders, HTML tags and code-like values."""
    return CODE_WORD.sub(" ", PLACEHOLDER.sub(" ", text))


def english_words_in(text: str) -> list[str]:
    visible = _visible(text)
    found = []
    for word in ENGLISH_WORDS:
        if re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", visible, re.IGNORECASE):
            found.append(word)
    return found


def test_the_check_finds_english_words_and_ignores_placeholders():
    assert english_words_in("Pesan touchpoint di antara pertemuan") == ["touchpoint"]
    assert english_words_in("Tanggal Kickoff") == ["kickoff"]
    assert english_words_in("Manajer program HR") == ["HR"]
    assert english_words_in("Pulse check-in") == ["pulse", "check-in"]
    assert english_words_in("%(pairs)s pasangan, <a href='/pairs/'>lihat</a>") == []
    assert english_words_in("Kirim e-mail lewat WhatsApp atau Zoom") == []
    assert english_words_in("Anak HRD") == []  # whole words only
    assert english_words_in("grade_and_age") == []


def test_glossary_documents_every_checked_word():
    text = GLOSSARY.read_text(encoding="utf-8")
    for english, indonesian in ENGLISH_WORDS.items():
        assert indonesian in text, f"docs/glossary.md should name “{indonesian}” ({english})"
    for word in ("mentor", "mentee", "sesi", "titik temu", "SDM", "umpan balik", "tujuan",
                 "pasangan"):
        assert f"| **{word}** |" in text, word  # the table's Indonesian column


def test_no_indonesian_translation_contains_an_english_product_word():
    catalogue = polib.pofile(str(PO))
    offenders = []
    for entry in catalogue:
        if entry.obsolete:
            continue
        for text in [entry.msgstr, *entry.msgstr_plural.values()]:
            words = english_words_in(text)
            if words:
                offenders.append(f"{words}: {entry.msgid[:60]!r} -> {text[:80]!r}")
    assert offenders == [], "use docs/glossary.md's words:\n" + "\n".join(offenders)


def _password_texts() -> list[str]:
    texts = list(password_validation.password_validators_help_texts())
    for weak in ("123", "password"):
        try:
            password_validation.validate_password(weak)
        except ValidationError as error:
            texts += error.messages
    return texts


@pytest.mark.django_db
def test_django_password_texts_speak_the_product_s_indonesian():
    with translation.override("id"):
        texts = _password_texts()
    assert len(texts) >= 6
    for text in texts:
        assert not re.search(r"\b[Ss]andi anda\b|\banda\b", text), text
        assert "kata sandi" in text.lower(), text
        assert english_words_in(text) == [], text
