"""The communication-skills module: our own bilingual text and a five-question check.

Stored as data (id + en). A participant passes when the share of right answers reaches the
program's pass mark (`Program.training_pass_percent`, 80 % unless HR changes it) and may retry;
the latest attempt decides, so a failed retake is not "complete". Completing it is required
before scheduling a meeting (see services.meetings).
"""

from __future__ import annotations

from typing import Any

DEFAULT_PASS_PERCENT = 80


def t(id_text: str, en_text: str) -> dict[str, str]:
    return {"id": id_text, "en": en_text}


SECTIONS: list[dict[str, Any]] = [
    {
        "key": "listening",
        "title": t("Mendengarkan secara aktif", "Active listening"),
        "points": [
            t("Beri perhatian penuh: simpan ponsel, tatap lawan bicara, jangan menyela.",
              "Give full attention: put the phone away, look at the speaker, do not interrupt."),
            t("Ulangi dengan kata-kata Anda sendiri apa yang Anda dengar, lalu tanyakan apakah "
              "sudah tepat.",
              "Repeat in your own words what you heard, then ask whether you got it right."),
            t("Ajukan pertanyaan terbuka (“bagaimana”, “apa yang”) sebelum memberi saran.",
              "Ask open questions (“how”, “what”) before giving advice."),
        ],
    },
    {
        "key": "feedback",
        "title": t("Umpan balik yang membangun", "Constructive feedback"),
        "points": [
            t("Bicarakan perilaku yang terlihat dan dampaknya, bukan kepribadian.",
              "Talk about observable behaviour and its effect, not about personality."),
            t("Minta izin dulu dan pilih waktu yang tepat; umpan balik empat mata lebih mudah "
              "diterima.",
              "Ask first and pick the moment; feedback in private is easier to take."),
            t("Akhiri dengan satu langkah konkret yang bisa dicoba sebelum pertemuan berikutnya.",
              "End with one concrete step to try before the next meeting."),
        ],
    },
    {
        "key": "generations",
        "title": t("Bekerja lintas generasi", "Working across generations"),
        "points": [
            t("Dalam program ini mentor lebih junior: jabatan tidak menentukan siapa yang benar.",
              "In this program the mentor is the junior one: rank does not decide who is right."),
            t("Hindari stereotip tentang usia; tanyakan kebiasaan dan preferensi masing-masing.",
              "Avoid age stereotypes; ask about each other's habits and preferences."),
            t("Keduanya belajar: mentee membawa pengalaman, mentor membawa sudut pandang baru.",
              "Both learn: the mentee brings experience, the mentor brings a fresh view."),
        ],
    },
]

QUESTIONS: list[dict[str, Any]] = [
    {
        "key": "q1",
        "text": t("Mentee Anda menjelaskan masalah. Apa langkah pertama yang paling baik?",
                  "Your partner explains a problem. What is the best first step?"),
        "options": [
            ("a", t("Langsung memberi solusi", "Give a solution straight away")),
            ("b", t("Mengulangi apa yang Anda dengar dan bertanya apakah tepat",
                    "Repeat what you heard and ask whether it is right")),
            ("c", t("Menceritakan pengalaman Anda sendiri", "Tell your own story")),
        ],
        "answer": "b",
    },
    {
        "key": "q2",
        "text": t("Umpan balik mana yang paling membangun?",
                  "Which feedback is most constructive?"),
        "options": [
            ("a", t("“Anda tidak paham teknologi.”", "“You don't get technology.”")),
            ("b", t("“Presentasinya bagus.”", "“Nice presentation.”")),
            ("c", t("“Di slide 3 grafiknya sulit dibaca; coba satu pesan per slide.”",
                    "“On slide 3 the chart was hard to read; try one message per slide.”")),
        ],
        "answer": "c",
    },
    {
        "key": "q3",
        "text": t("Kapan waktu terbaik memberi umpan balik kritis?",
                  "When is the best moment for critical feedback?"),
        "options": [
            ("a", t("Di depan tim, supaya semua belajar", "In front of the team, so all learn")),
            ("b", t("Empat mata, setelah meminta izin", "In private, after asking first")),
            ("c", t("Lewat pesan singkat tanpa konteks", "By a short message without context")),
        ],
        "answer": "b",
    },
    {
        "key": "q4",
        "text": t("Dalam mentoring terbalik, siapa yang belajar?",
                  "In reverse mentoring, who learns?"),
        "options": [
            ("a", t("Hanya mentee yang senior", "Only the senior mentee")),
            ("b", t("Hanya mentor yang junior", "Only the junior mentor")),
            ("c", t("Keduanya", "Both of them")),
        ],
        "answer": "c",
    },
    {
        "key": "q5",
        "text": t("Apa cara yang baik menghindari stereotip generasi?",
                  "What is a good way to avoid generational stereotypes?"),
        "options": [
            ("a", t("Menanyakan kebiasaan dan preferensi masing-masing",
                    "Ask about each other's habits and preferences")),
            ("b", t("Menganggap semua orang muda suka media sosial",
                    "Assume every young person loves social media")),
            ("c", t("Menghindari topik teknologi", "Avoid the topic of technology")),
        ],
        "answer": "a",
    },
]


def text(value: dict[str, str], language: str) -> str:
    return value.get(language[:2]) or value["en"]


def score(answers: dict[str, str]) -> int:
    return sum(1 for q in QUESTIONS if answers.get(q["key"]) == q["answer"])


def percent(points: int) -> int:
    """The share of right answers, rounded down to a whole percent."""
    return points * 100 // len(QUESTIONS)


def passed(points: int, pass_percent: int) -> bool:
    """Exact: `points / questions >= pass_percent / 100`, without floats."""
    return points * 100 >= pass_percent * len(QUESTIONS)


def needed(pass_percent: int) -> int:
    """The fewest right answers that pass at `pass_percent`."""
    return -(-pass_percent * len(QUESTIONS) // 100)


def wrong_keys(answers: dict[str, str]) -> list[str]:
    """The questions answered wrongly (or not at all), in module order: what to retake."""
    return [q["key"] for q in QUESTIONS if answers.get(q["key"]) != q["answer"]]
