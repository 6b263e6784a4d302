# ruff: noqa: E501  (long bilingual strings read better unbroken)
"""The shipped survey templates, in Indonesian and English, and their idempotent installer.

Templates are read-only surveys (`is_template=True`, a stable `template_key`); HR copies one
per program. The content below is ours; edit it here and run `terbalik surveys_install_templates`
(or migrate: a data migration installs them too).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from .models import Kind, ProfileField, QuestionType, Survey, SurveyVersion

QT = QuestionType
PF = ProfileField


def t(id_text: str, en_text: str) -> dict[str, str]:
    return {"id": id_text, "en": en_text}


def opt(value: str, id_text: str, en_text: str, correct: bool = False) -> dict[str, Any]:
    return {"value": value, "label": t(id_text, en_text), "correct": correct}


AGREE = {
    "1": t("Sangat tidak setuju", "Strongly disagree"),
    "2": t("Tidak setuju", "Disagree"),
    "3": t("Netral", "Neutral"),
    "4": t("Setuju", "Agree"),
    "5": t("Sangat setuju", "Strongly agree"),
}
RATING = {
    "1": t("Sangat buruk", "Very poor"),
    "2": t("Kurang", "Poor"),
    "3": t("Cukup", "Fair"),
    "4": t("Baik", "Good"),
    "5": t("Sangat baik", "Excellent"),
}
NPS = {
    "0": t("Sama sekali tidak mungkin", "Not at all likely"),
    "10": t("Sangat mungkin", "Extremely likely"),
}

#: skills and interests are picked from the skills list (terbalik.skills), searchable in both
#: languages; answers are canonical skill ids. These were fixed options before issue 21
#: (migration 0006 maps answers given then through the taxonomy).
SKILLS_HELP = t("Ketik untuk mencari, misalnya “medsos” atau “analisis data”, lalu pilih satu "
                "atau lebih.",
                "Type to search, for example “social media” or “data analysis”, and pick one "
                "or more.")
LANGUAGES = [
    opt("id", "Bahasa Indonesia", "Indonesian"),
    opt("en", "Bahasa Inggris", "English"),
    opt("jv", "Bahasa Jawa", "Javanese"),
    opt("su", "Bahasa Sunda", "Sundanese"),
    opt("zh", "Bahasa Mandarin", "Mandarin Chinese"),
]
CHANNELS = [
    opt("in_person", "Tatap muka di kantor", "Face to face at the office"),
    opt("video", "Panggilan video (Teams, Zoom, Meet)", "Video call (Teams, Zoom, Meet)"),
    opt("phone", "Telepon", "Phone call"),
    opt("chat", "Pesan singkat (WhatsApp, Teams chat)", "Chat (WhatsApp, Teams chat)"),
]
AVAILABILITY = [
    opt("weekday_morning", "Hari kerja, pagi", "Weekday mornings"),
    opt("weekday_lunch", "Hari kerja, jam makan siang", "Weekday lunch time"),
    opt("weekday_afternoon", "Hari kerja, sore", "Weekday afternoons"),
    opt("after_hours", "Setelah jam kantor", "After office hours"),
]


def q(key: str, type_: str, text: dict[str, str], **extra: Any) -> dict[str, Any]:
    return {"key": key, "type": type_, "text": text, **extra}


def test_q(key: str, section: dict[str, str], text: dict[str, str], options: list[dict[str, Any]],
           points: int = 1) -> dict[str, Any]:
    return q(key, QT.TEST, text, section=section, options=options, points=points)


S_SOCIAL = t("Media sosial", "Social media")
S_SAFETY = t("Keamanan online", "Online safety")
S_TOOLS = t("Aplikasi kerja", "Productivity tools")
S_DATA = t("Bekerja dengan data", "Working with data")
S_AI = t("Alat AI", "AI tools")

MENTEE_INTAKE = {
    "key": "mentee-intake",
    "kind": Kind.MENTEE_INTAKE,
    "title": t("Kuesioner awal mentee", "Mentee intake questionnaire"),
    "description": t(
        "Jawaban Anda membantu kami mencarikan mentor muda yang paling cocok untuk Anda.",
        "Your answers help us find the junior mentor who suits you best.",
    ),
    "questions": [
        q("goals", QT.LONG_TEXT, t("Apa yang ingin Anda capai lewat program ini?",
                                   "What would you like to achieve through this program?"),
          help_text=t("Misalnya: lebih percaya diri memakai media sosial untuk unit kerja Anda.",
                      "For example: feel confident using social media for your unit."),
          profile_field=PF.GOALS),
        q("skills-to-develop", QT.SKILLS, t("Keterampilan apa yang ingin Anda kembangkan?",
                                            "Which skills do you want to develop?"),
          help_text=SKILLS_HELP, profile_field=PF.SKILLS_TO_DEVELOP),
        q("interests", QT.SKILLS, t("Apa saja minat Anda di luar pekerjaan?",
                                    "What are your interests outside work?"),
          required=False, profile_field=PF.INTERESTS),
        q("languages", QT.MULTIPLE, t("Dalam bahasa apa Anda nyaman berdiskusi?",
                                      "Which languages are you comfortable talking in?"),
          options=LANGUAGES, profile_field=PF.LANGUAGES),
        q("channels", QT.MULTIPLE, t("Bagaimana Anda lebih suka bertemu dengan mentor?",
                                     "How do you prefer to meet your mentor?"),
          options=CHANNELS, profile_field=PF.PREFERRED_CHANNELS),
        q("availability", QT.MULTIPLE, t("Kapan Anda biasanya punya waktu luang?",
                                         "When are you usually free?"),
          options=AVAILABILITY, profile_field=PF.AVAILABILITY),
        q("digital-comfort", QT.LIKERT, t("Saya nyaman memakai teknologi digital dalam pekerjaan.",
                                          "I am comfortable using digital technology at work."),
          scale_labels=AGREE, min_value=1, max_value=5),
    ],
}

MENTOR_INTAKE = {
    "key": "mentor-intake",
    "kind": Kind.MENTOR_INTAKE,
    "title": t("Kuesioner awal mentor", "Mentor intake questionnaire"),
    "description": t(
        "Ceritakan keahlian Anda agar kami bisa memasangkan Anda dengan pemimpin yang tepat.",
        "Tell us what you are good at so we can pair you with the right leader.",
    ),
    "questions": [
        q("expertise", QT.SKILLS, t("Bidang apa yang bisa Anda ajarkan?",
                                    "Which topics can you teach?"),
          help_text=SKILLS_HELP, profile_field=PF.SKILLS_OFFERED),
        q("expertise-detail", QT.LONG_TEXT, t("Ceritakan singkat pengalaman Anda di bidang itu.",
                                              "Briefly describe your experience in those areas."),
          required=False),
        q("interests", QT.SKILLS, t("Apa saja minat Anda di luar pekerjaan?",
                                    "What are your interests outside work?"),
          required=False, profile_field=PF.INTERESTS),
        q("aspirations", QT.LONG_TEXT, t("Ke mana Anda ingin mengembangkan karier Anda?",
                                         "Where would you like your career to go?"),
          help_text=t("Mentee Anda juga bisa berbagi pengalaman tentang hal ini.",
                      "Your mentee can share their experience on this too.")),
        q("capacity", QT.NUMBER, t("Berapa mentee yang sanggup Anda dampingi sekaligus?",
                                   "How many mentees can you support at the same time?"),
          min_value=1, max_value=3, profile_field=PF.MENTOR_CAPACITY),
        q("languages", QT.MULTIPLE, t("Dalam bahasa apa Anda nyaman berdiskusi?",
                                      "Which languages are you comfortable talking in?"),
          options=LANGUAGES, profile_field=PF.LANGUAGES),
        q("channels", QT.MULTIPLE, t("Bagaimana Anda lebih suka bertemu dengan mentee?",
                                     "How do you prefer to meet your mentee?"),
          options=CHANNELS, profile_field=PF.PREFERRED_CHANNELS),
        q("availability", QT.MULTIPLE, t("Kapan Anda biasanya punya waktu luang?",
                                         "When are you usually free?"),
          options=AVAILABILITY, profile_field=PF.AVAILABILITY),
    ],
}

DIGITAL_LITERACY = {
    "key": "digital-literacy-test",
    "kind": Kind.TEST,
    "title": t("Tes literasi digital", "Digital literacy test"),
    "description": t(
        "Enam belas soal singkat. Tidak ada nilai lulus: kami hanya membandingkan hasil sebelum "
        "dan sesudah program.",
        "Sixteen short questions. There is no pass mark: we only compare the results before and "
        "after the program.",
    ),
    "questions": [
        test_q("social-reach", S_SOCIAL, t(
            "Apa arti “jangkauan” (reach) pada statistik sebuah unggahan?",
            "What does “reach” mean in a post's statistics?"), [
            opt("a", "Jumlah akun berbeda yang melihat unggahan", "How many different accounts saw the post", True),
            opt("b", "Jumlah komentar pada unggahan", "How many comments the post received"),
            opt("c", "Jumlah pengikut baru hari itu", "How many new followers arrived that day"),
            opt("d", "Panjang video dalam detik", "The video's length in seconds"),
        ]),
        test_q("social-algorithm", S_SOCIAL, t(
            "Mengapa dua orang bisa melihat beranda media sosial yang berbeda?",
            "Why can two people see different social media feeds?"), [
            opt("a", "Karena aplikasinya versi lama", "Because their app is out of date"),
            opt("c", "Karena operator seluler memilih isinya", "Because the mobile operator picks it"),
            opt("d", "Karena urutannya selalu acak", "Because the order is always random"),
            opt("b", "Karena algoritma menyesuaikan isi dengan perilaku masing-masing",
                "Because an algorithm tailors the feed to each person's behaviour", True),
        ]),
        test_q("social-brand", S_SOCIAL, t(
            "Mana yang sebaiknya dilakukan sebelum membagikan informasi perusahaan di akun pribadi? "
            "(pilih semua yang benar)",
            "What should you do before sharing company information on a personal account? "
            "(choose all that apply)"), [
            opt("c", "Menambahkan data pelanggan agar lebih meyakinkan",
                "Add customer details to make it convincing"),
            opt("a", "Memastikan informasinya sudah diumumkan resmi", "Check it has been announced officially", True),
            opt("d", "Mengunggah secepatnya sebelum pesaing", "Post it quickly before competitors do"),
            opt("b", "Membaca pedoman media sosial perusahaan", "Read the company's social media guidelines", True),
        ], points=2),
        test_q("safety-phishing", S_SAFETY, t(
            "Anda menerima e-mail “dari bank” yang meminta Anda memasukkan PIN lewat tautan. "
            "Apa tindakan yang tepat?",
            "An e-mail “from your bank” asks you to enter your PIN through a link. What do you do?"), [
            opt("a", "Klik tautan dan isi PIN agar rekening aman", "Click and enter the PIN to keep the account safe"),
            opt("b", "Balas e-mail untuk menanyakan keasliannya", "Reply to ask whether it is genuine"),
            opt("c", "Jangan klik; laporkan sebagai phishing dan hubungi bank lewat nomor resmi",
                "Do not click; report it as phishing and call the bank on its official number", True),
            opt("d", "Teruskan ke rekan kerja untuk berjaga-jaga", "Forward it to colleagues just in case"),
        ]),
        test_q("safety-password", S_SAFETY, t(
            "Kebiasaan mana yang paling melindungi akun kerja Anda?",
            "Which habit protects your work accounts best?"), [
            opt("a", "Satu kata sandi kuat untuk semua akun", "One strong password for every account"),
            opt("c", "Menulis kata sandi di catatan ponsel", "Writing passwords in a phone note"),
            opt("b", "Kata sandi unik per akun di pengelola kata sandi, ditambah verifikasi dua langkah",
                "A unique password per account in a password manager, plus two-step verification", True),
            opt("d", "Mengganti kata sandi setiap hari", "Changing passwords every day"),
        ]),
        test_q("safety-wifi", S_SAFETY, t(
            "Saat memakai Wi-Fi gratis di bandara, mana yang aman dilakukan? (pilih semua yang benar)",
            "On free airport Wi-Fi, what is safe to do? (choose all that apply)"), [
            opt("a", "Memakai VPN kantor sebelum membuka sistem internal",
                "Connect to the company VPN before opening internal systems", True),
            opt("c", "Mengirim dokumen rahasia lewat situs tanpa HTTPS",
                "Send confidential files through a site without HTTPS"),
            opt("b", "Memastikan situs memakai HTTPS", "Check that sites use HTTPS", True),
            opt("d", "Mematikan pembaruan keamanan agar internet lebih cepat",
                "Turn off security updates to speed things up"),
        ], points=2),
        test_q("tools-shared-doc", S_TOOLS, t(
            "Tim Anda perlu mengedit satu laporan bersama-sama. Cara paling efisien adalah…",
            "Your team needs to edit one report together. The most efficient way is…"), [
            opt("a", "Mengirim lampiran bolak-balik lewat e-mail", "Mailing attachments back and forth"),
            opt("c", "Mencetak dan mengoreksi dengan pena", "Printing it and correcting by hand"),
            opt("d", "Setiap orang menulis file sendiri lalu disalin manual",
                "Everyone writes their own file and someone copies them together"),
            opt("b", "Satu dokumen daring bersama dengan riwayat versi",
                "One shared online document with version history", True),
        ]),
        test_q("tools-meeting", S_TOOLS, t(
            "Fitur mana yang membantu rapat daring berjalan baik? (pilih semua yang benar)",
            "Which features help an online meeting go well? (choose all that apply)"), [
            opt("c", "Mikrofon semua peserta selalu menyala", "Everybody's microphone always on"),
            opt("d", "Tidak mencatat keputusan", "Not writing down decisions"),
            opt("a", "Agenda yang dikirim sebelum rapat", "An agenda sent before the meeting", True),
            opt("b", "Berbagi layar untuk menunjukkan dokumen", "Screen sharing to show documents", True),
        ], points=2),
        test_q("tools-shortcut", S_TOOLS, t(
            "Pada kebanyakan aplikasi di Windows, Ctrl+Z berfungsi untuk…",
            "In most Windows applications, Ctrl+Z…"), [
            opt("a", "Membatalkan langkah terakhir", "Undoes the last action", True),
            opt("b", "Menyimpan file", "Saves the file"),
            opt("c", "Menutup aplikasi", "Closes the application"),
            opt("d", "Memperbesar tampilan", "Zooms in"),
        ]),
        test_q("data-average", S_DATA, t(
            "Penjualan lima toko: 10, 12, 11, 13 dan 54. Ukuran mana yang paling mewakili toko biasa?",
            "Five shops sold 10, 12, 11, 13 and 54. Which figure best describes a typical shop?"), [
            opt("a", "Rata-rata (20)", "The mean (20)"),
            opt("b", "Median (12)", "The median (12)", True),
            opt("c", "Nilai terbesar (54)", "The largest value (54)"),
            opt("d", "Jumlah total (100)", "The total (100)"),
        ]),
        test_q("data-chart", S_DATA, t(
            "Grafik apa yang paling tepat untuk menunjukkan perubahan penjualan dari bulan ke bulan?",
            "Which chart best shows how sales change month by month?"), [
            opt("a", "Diagram lingkaran", "Pie chart"),
            opt("c", "Tabel tanpa judul", "A table without headings"),
            opt("b", "Grafik garis", "Line chart", True),
            opt("d", "Peta", "Map"),
        ]),
        test_q("data-filter", S_DATA, t(
            "Di spreadsheet, Anda ingin melihat hanya baris dari wilayah “Jawa Timur”. Fitur yang dipakai…",
            "In a spreadsheet you want to see only the rows for “East Java”. You use…"), [
            opt("a", "Filter", "A filter", True),
            opt("b", "Menghapus baris lain", "Deleting the other rows"),
            opt("c", "Mengganti warna huruf", "Changing the font colour"),
            opt("d", "Menggabungkan sel", "Merging cells"),
        ]),
        test_q("data-privacy", S_DATA, t(
            "Data mana yang termasuk data pribadi yang harus dilindungi? (pilih semua yang benar)",
            "Which of these are personal data that must be protected? (choose all that apply)"), [
            opt("c", "Jumlah total penjualan nasional tahun lalu", "Last year's total national sales"),
            opt("a", "Nomor KTP (NIK) pelanggan", "A customer's national ID number", True),
            opt("b", "Alamat rumah karyawan", "An employee's home address", True),
            opt("d", "Jam buka kantor cabang", "The branch office's opening hours"),
        ], points=2),
        test_q("ai-hallucination", S_AI, t(
            "Jawaban chatbot AI terdengar sangat yakin dan menyebut sebuah peraturan. Apa langkah Anda?",
            "An AI chatbot answers confidently and cites a regulation. What do you do?"), [
            opt("a", "Langsung memakainya karena AI selalu benar", "Use it straight away: AI is always right"),
            opt("c", "Menanyakan ulang sampai jawabannya sama", "Ask again until the answer repeats"),
            opt("d", "Mengabaikan semua hasil AI", "Ignore everything AI produces"),
            opt("b", "Memeriksa peraturan itu di sumber resmi sebelum memakainya",
                "Check the regulation in an official source before using it", True),
        ]),
        test_q("ai-confidential", S_AI, t(
            "Bolehkah Anda menempelkan kontrak rahasia pelanggan ke layanan AI publik untuk diringkas?",
            "May you paste a confidential customer contract into a public AI service to summarise it?"), [
            opt("a", "Boleh, asalkan hasilnya tidak dibagikan", "Yes, as long as you do not share the summary"),
            opt("b", "Tidak, kecuali memakai layanan AI yang disetujui perusahaan",
                "No, unless you use an AI service the company has approved", True),
            opt("c", "Boleh jika dikerjakan di rumah", "Yes, if you do it from home"),
            opt("d", "Boleh, AI tidak menyimpan apa pun", "Yes, AI keeps nothing"),
        ]),
        test_q("ai-prompt", S_AI, t(
            "Perintah (prompt) mana yang kemungkinan memberi hasil paling berguna?",
            "Which prompt is most likely to give a useful result?"), [
            opt("a", "“Tulis e-mail.”", "“Write an e-mail.”"),
            opt("b", "“Tulis e-mail singkat dan sopan kepada pelanggan untuk menjadwal ulang rapat "
                     "ke Kamis pukul 10, dalam bahasa Indonesia.”",
                "“Write a short, polite e-mail to a customer moving our meeting to Thursday at "
                "10 am, in Indonesian.”", True),
            opt("c", "“E-mail pelanggan cepat.”", "“Customer e-mail fast.”"),
            opt("d", "“Tolong bantu.”", "“Please help.”"),
        ]),
    ],
}

ENGAGEMENT_ITEMS = [
    ("confident-tools", "Saya percaya diri memakai aplikasi digital untuk pekerjaan sehari-hari.",
     "I feel confident using digital apps in my daily work."),
    ("confident-social", "Saya bisa menjelaskan cara kerja media sosial kepada tim saya.",
     "I can explain to my team how social media works."),
    ("confident-ai", "Saya tahu kapan alat AI bisa membantu pekerjaan saya dan kapan tidak.",
     "I know when AI tools can help my work and when they cannot."),
    ("understand-young", "Saya memahami cara berpikir dan bekerja rekan kerja yang lebih muda.",
     "I understand how younger colleagues think and work."),
    ("learn-from-junior", "Saya nyaman belajar dari rekan yang jabatannya lebih rendah.",
     "I am comfortable learning from a colleague in a more junior role."),
    ("connected", "Saya merasa terhubung dengan rekan kerja dari generasi lain.",
     "I feel connected to colleagues from other generations."),
    ("motivated", "Saya termotivasi mencoba cara kerja dan alat baru.",
     "I am motivated to try new ways of working and new tools."),
    ("engaged", "Saya bangga dan bersemangat bekerja di perusahaan ini.",
     "I am proud and enthusiastic about working here."),
]

ENGAGEMENT = {
    "key": "engagement-confidence",
    "kind": Kind.ENGAGEMENT,
    "title": t("Survei keterlibatan dan kepercayaan diri", "Engagement and confidence survey"),
    "description": t(
        "Nyatakan seberapa setuju Anda dengan setiap pernyataan. Tidak ada jawaban benar atau salah.",
        "Say how much you agree with each statement. There are no right or wrong answers.",
    ),
    "questions": [
        q(key, QT.LIKERT, t(id_text, en_text), scale_labels=AGREE, min_value=1, max_value=5)
        for key, id_text, en_text in ENGAGEMENT_ITEMS
    ] + [
        q("comment", QT.LONG_TEXT, t("Ada hal lain yang ingin Anda sampaikan?",
                                     "Anything else you would like to tell us?"),
          required=False, confidential=True),
    ],
}

SESSION_FEEDBACK = {
    "key": "session-feedback",
    "kind": Kind.SESSION_FEEDBACK,
    "title": t("Umpan balik sesi", "Session feedback"),
    "description": t("Dua menit setelah setiap pertemuan.", "Two minutes after each meeting."),
    "questions": [
        q("rating", QT.LIKERT, t("Bagaimana penilaian Anda untuk sesi ini?",
                                 "How would you rate this session?"),
          scale_labels=RATING, min_value=1, max_value=5),
        q("comment", QT.LONG_TEXT, t("Apa yang paling berguna, dan apa yang bisa lebih baik?",
                                     "What was most useful, and what could be better?"),
          required=False),
    ],
}

CHECKIN = {
    "key": "relationship-checkin",
    "kind": Kind.CHECKIN,
    "title": t("Cek hubungan mentoring", "Relationship check-in"),
    "description": t("Tiga pertanyaan singkat tentang pasangan mentoring Anda.",
                     "Three short questions about your mentoring pair."),
    "questions": [
        q("going-well", QT.LIKERT, t("Hubungan mentoring kami berjalan dengan baik.",
                                     "Our mentoring relationship is going well."),
          scale_labels=AGREE, min_value=1, max_value=5),
        q("meeting-rhythm", QT.SINGLE, t("Apakah Anda bertemu sesering yang disepakati?",
                                         "Have you met as often as you agreed?"),
          options=[
              opt("yes", "Ya", "Yes"),
              opt("mostly", "Sebagian besar", "Mostly"),
              opt("no", "Tidak", "No"),
          ]),
        q("blockers", QT.SHORT_TEXT, t("Ada yang menghambat? Tim SDM akan membantu.",
                                       "Is anything getting in the way? HR will help."),
          required=False, confidential=True),
    ],
}

EVALUATION = {
    "key": "program-evaluation",
    "kind": Kind.EVALUATION,
    "title": t("Evaluasi akhir program", "End-of-program evaluation"),
    "description": t("Bantu kami membuat program berikutnya lebih baik.",
                     "Help us make the next program better."),
    "questions": [
        q("overall", QT.LIKERT, t("Secara keseluruhan, program ini bermanfaat bagi saya.",
                                  "Overall, the program was worthwhile for me."),
          scale_labels=AGREE, min_value=1, max_value=5),
        q("worked", QT.LONG_TEXT, t("Apa yang berjalan baik?", "What worked well?")),
        q("did-not-work", QT.LONG_TEXT, t("Apa yang tidak berjalan baik?", "What did not work?")),
        q("nps", QT.LIKERT, t(
            "Seberapa besar kemungkinan Anda merekomendasikan program ini kepada rekan kerja?",
            "How likely are you to recommend this program to a colleague?"),
          scale_labels=NPS, min_value=0, max_value=10),
        q("continue", QT.SINGLE, t("Apakah Anda akan tetap berhubungan dengan pasangan Anda?",
                                   "Will you stay in touch with your partner?"),
          options=[opt("yes", "Ya", "Yes"), opt("maybe", "Mungkin", "Maybe"),
                   opt("no", "Tidak", "No")], required=False),
    ],
}

TEMPLATES: list[dict[str, Any]] = [
    MENTEE_INTAKE, MENTOR_INTAKE, DIGITAL_LITERACY, ENGAGEMENT, SESSION_FEEDBACK, CHECKIN,
    EVALUATION,
]

#: The keys a program's measurement plan stores (`terbalik.programs.measurement`) and the
#: shipped template each one means.
PLAN_KEYS: dict[str, str] = {
    "mentee_intake": "mentee-intake",
    "mentor_intake": "mentor-intake",
    "digital_literacy": "digital-literacy-test",
    "confidence": "engagement-confidence",
    "session_feedback": "session-feedback",
    "checkin_pulse": "relationship-checkin",
    "end_evaluation": "program-evaluation",
}


def template_for_plan_key(key: str) -> Survey | None:
    """The shipped template a measurement-plan item names, or None for an unknown key."""
    template_key = PLAN_KEYS.get(key)
    if template_key is None:
        return None
    return Survey.objects.filter(is_template=True, template_key=template_key).first()


def _question_fields(position: int, spec: dict[str, Any]) -> dict[str, Any]:
    return {
        "position": position,
        "key": spec["key"],
        "type": spec["type"],
        "text": spec["text"],
        "help_text": spec.get("help_text", {}),
        "section": spec.get("section", {}),
        "required": spec.get("required", True),
        "confidential": spec.get("confidential", False),
        "options": spec.get("options", []),
        "scale_labels": spec.get("scale_labels", {}),
        "min_value": spec.get("min_value"),
        "max_value": spec.get("max_value"),
        "points": spec.get("points", 0),
        "profile_field": spec.get("profile_field", ""),
    }


def _current_fields(question_model: Any, version: Any) -> list[dict[str, Any]]:
    names = list(_question_fields(0, {"key": "", "type": "", "text": {}}))
    return [
        {name: getattr(question, name) for name in names}
        for question in question_model.objects.filter(version=version).order_by("position", "id")
    ]


def install_from_migration(apps: Any, _schema_editor: Any = None) -> list[Any]:
    """The installer over a migration's historical models (a RunPython function)."""
    return install_with(
        apps.get_model("surveys", "Survey"),
        apps.get_model("surveys", "SurveyVersion"),
        apps.get_model("surveys", "Question"),
        apps.get_model("surveys", "Response"),
    )


def install_with(survey_model: Any, version_model: Any, question_model: Any,
                 response_model: Any) -> list[Any]:
    """The installer over given model classes (the data migration passes historical ones)."""
    installed = []
    for spec in TEMPLATES:
        wanted = [_question_fields(i, s) for i, s in enumerate(spec["questions"], start=1)]
        survey = survey_model.objects.filter(template_key=spec["key"]).first()
        if survey is None:
            survey = survey_model.objects.create(
                template_key=spec["key"], is_template=True, kind=str(spec["kind"]),
                title=spec["title"], description=spec["description"],
            )
        else:
            changed = False
            for name in ("kind", "title", "description"):
                if getattr(survey, name) != spec[name]:
                    setattr(survey, name, spec[name])
                    changed = True
            if changed:
                survey.save()
        version = version_model.objects.filter(survey=survey).order_by("-number").first()
        if version is not None and _current_fields(question_model, version) == wanted:
            installed.append(survey)
            continue
        locked = version is not None and response_model.objects.filter(
            instance__version=version
        ).exists()
        if version is None or locked:
            number = version.number + 1 if version else 1
            version = version_model.objects.create(survey=survey, number=number)
        else:
            question_model.objects.filter(version=version).delete()
        question_model.objects.bulk_create(
            [question_model(version=version, **fields) for fields in wanted]
        )
        installed.append(survey)
    return installed


@transaction.atomic
def surveys_templates_install() -> list[Survey]:
    """Create or update the shipped templates; running it twice changes nothing."""
    from .models import Question, Response

    return install_with(Survey, SurveyVersion, Question, Response)
