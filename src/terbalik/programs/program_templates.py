"""Ready program templates, one per objective: a good starting goal, method, success criteria
and measurement plan. Each goal names the measure its verdict is judged on
(`terbalik.reports.outcomes.MEASURES`): the digital-literacy test score, the inclusion or insight
items of the confidence survey, the confidence items, the check-in pulse, or retention after 12
months (a level: at least the target share still employed). Bilingual data (HR edits the copy
in the program), not gettext strings: every text exists in Indonesian ("id") and English ("en").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from .models import Channel, MeasurementPhase, Objective, Respondents

Text = dict[str, str]


@dataclass(frozen=True)
class ProgramTemplate:
    key: str
    objective: str
    name: Text
    description: Text
    method: Text
    goal_specific: Text
    goal_metric: Text
    goal_target_value: Decimal
    goal_unit: Text
    goal_achievable: Text
    goal_relevance: Text
    success_criteria: Text
    expectations: Text
    commitment: Text
    duration_months: int = 3
    measurements: list[tuple[str, str, int, str]] = field(default_factory=list)
    mentor_grade_max: int | None = 5
    mentee_grade_min: int | None = 8
    channels: tuple[str, ...] = (Channel.IN_PERSON, Channel.VIDEO, Channel.CHAT)

    def text(self, name: str, language: str) -> str:
        value: Text = getattr(self, name)
        return value.get(language) or value["en"]

    def title(self, language: str) -> str:
        return self.text("name", language)


_COMMON_EXPECTATIONS: Text = {
    "id": (
        "Bertemu sesuai jadwal yang disepakati, datang dengan pertanyaan atau topik, "
        "mengisi check-in singkat setelah setiap pertemuan, dan menjaga kerahasiaan "
        "percakapan pasangan."
    ),
    "en": (
        "Meet on the agreed schedule, come with a question or topic, fill in a short "
        "check-in after every meeting, and keep what the pair discusses confidential."
    ),
}
_COMMON_COMMITMENT: Text = {
    "id": (
        "Saya bersedia meluangkan waktu untuk setiap sesi selama program, menghormati "
        "pasangan saya apa pun jabatan atau usianya, dan mengisi survei sebelum dan "
        "sesudah program."
    ),
    "en": (
        "I will set aside time for every session during the program, treat my partner "
        "with respect whatever their position or age, and answer the surveys before and "
        "after the program."
    ),
}
_BEFORE_AFTER_CONFIDENCE = [
    ("confidence", MeasurementPhase.BEFORE, -7, Respondents.BOTH),
    ("confidence", MeasurementPhase.AFTER, 7, Respondents.BOTH),
    ("session_feedback", MeasurementPhase.EACH_SESSION, 0, Respondents.BOTH),
    ("end_evaluation", MeasurementPhase.AFTER, 7, Respondents.BOTH),
]


def _t(id_text: str, en_text: str) -> Text:
    return {"id": id_text, "en": en_text}


TEMPLATES: dict[str, ProgramTemplate] = {
    t.key: t
    for t in [
        ProgramTemplate(
            key=Objective.DIGITAL_SKILLS,
            objective=Objective.DIGITAL_SKILLS,
            name=_t(
                "Mentoring terbalik: keterampilan digital", "Reverse mentoring: digital skills"
            ),
            description=_t(
                "Staf muda yang fasih teknologi mendampingi pimpinan yang ingin lebih percaya "
                "diri dengan alat dan tren digital.",
                "Tech-savvy junior staff coach leaders who want to feel at home with digital "
                "tools and trends.",
            ),
            method=_t(
                "Karyawan junior dengan keterampilan digital yang kuat dipasangkan dengan "
                "karyawan senior yang ingin menguasainya. Mentor membantu mentee berlatih "
                "langsung pada alat yang mereka pilih sendiri.",
                "Junior employees with strong digital skills are paired with senior employees "
                "who want those skills. Mentors help mentees practise hands-on with the tools "
                "the mentees pick.",
            ),
            goal_specific=_t(
                "Setiap mentee menggunakan sendiri setidaknya dua alat digital baru dalam "
                "pekerjaannya sehari-hari.",
                "Every mentee uses at least two new digital tools in their own daily work.",
            ),
            goal_metric=_t(
                "Rata-rata skor tes literasi digital", "Average digital-literacy test score"
            ),
            goal_target_value=Decimal("20"),
            goal_unit=_t("% kenaikan", "% increase"),
            goal_achievable=_t(
                "Satu sesi per minggu selama tiga bulan memberi waktu latihan yang cukup, dan "
                "mentor sudah memakai alat tersebut setiap hari.",
                "One session a week for three months gives enough practice time, and the "
                "mentors already use these tools every day.",
            ),
            goal_relevance=_t(
                "Pimpinan yang paham teknologi mengambil keputusan digital lebih cepat dan "
                "lebih tepat.",
                "Leaders who understand technology make faster and better digital decisions.",
            ),
            success_criteria=_t(
                "Di akhir program mentee memahami keterampilan digital yang dipilihnya dengan "
                "lebih baik dan lebih percaya diri membicarakan teknologi; skor tes naik.",
                "By the end, mentees understand their chosen digital skills better and feel "
                "more confident talking about technology; test scores rise.",
            ),
            expectations=_COMMON_EXPECTATIONS,
            commitment=_COMMON_COMMITMENT,
            measurements=[
                ("digital_literacy", MeasurementPhase.BEFORE, -7, Respondents.MENTEES),
                ("digital_literacy", MeasurementPhase.AFTER, 7, Respondents.MENTEES),
                *_BEFORE_AFTER_CONFIDENCE,
            ],
        ),
        ProgramTemplate(
            key=Objective.INCLUSION,
            objective=Objective.INCLUSION,
            name=_t(
                "Mentoring terbalik: inklusi dan keragaman",
                "Reverse mentoring: inclusion and diversity",
            ),
            description=_t(
                "Rekan dari latar belakang yang beragam berbagi pengalaman kerja mereka dengan "
                "pimpinan.",
                "Colleagues from diverse backgrounds share their experience of work with leaders.",
            ),
            method=_t(
                "Mentor dari kelompok yang kurang terwakili bercerita tentang keseharian "
                "mereka; mentee mendengarkan dan mencari satu perubahan nyata di timnya.",
                "Mentors from under-represented groups describe their working day; mentees "
                "listen and look for one concrete change in their own team.",
            ),
            goal_specific=_t(
                "Setiap mentee menerapkan satu perubahan yang membuat timnya lebih inklusif.",
                "Every mentee makes one change that makes their team more inclusive.",
            ),
            goal_metric=_t(
                "Skor inklusi mentee (butir survei: belajar dari rekan junior, terhubung "
                "lintas generasi)",
                "Mentees' inclusion score (survey items: learning from junior colleagues, "
                "connection across generations)",
            ),
            goal_target_value=Decimal("10"),
            goal_unit=_t("% kenaikan", "% increase"),
            goal_achievable=_t(
                "Perubahannya kecil dan dipilih sendiri oleh mentee bersama mentornya.",
                "The change is small and chosen by the mentee together with the mentor.",
            ),
            goal_relevance=_t(
                "Tim yang beragam dan inklusif lebih memahami semua pelanggan.",
                "Diverse, inclusive teams understand all of their customers better.",
            ),
            success_criteria=_t(
                "Mentee melaporkan pemahaman yang lebih luas; mentor merasa didengar.",
                "Mentees report a wider understanding; mentors feel heard.",
            ),
            expectations=_COMMON_EXPECTATIONS,
            commitment=_COMMON_COMMITMENT,
            measurements=list(_BEFORE_AFTER_CONFIDENCE),
            mentor_grade_max=7,
            mentee_grade_min=8,
        ),
        ProgramTemplate(
            key=Objective.LEADERSHIP,
            objective=Objective.LEADERSHIP,
            name=_t(
                "Mentoring terbalik: pengembangan kepemimpinan",
                "Reverse mentoring: leadership development",
            ),
            description=_t(
                "Staf junior melatih kepemimpinan dengan membimbing seorang pimpinan senior.",
                "Junior staff practise leadership by guiding a senior leader.",
            ),
            method=_t(
                "Mentor junior memimpin setiap sesi: menyusun agenda, memberi umpan balik, dan "
                "menindaklanjuti. Mentee senior memberi umpan balik tentang gaya memimpin mentor.",
                "The junior mentor leads every session: sets the agenda, gives feedback and "
                "follows up. The senior mentee gives feedback on the mentor's leadership.",
            ),
            goal_specific=_t(
                "Mentor menunjukkan kepercayaan diri yang lebih tinggi saat memimpin diskusi.",
                "Mentors show more confidence when leading discussions.",
            ),
            goal_metric=_t("Skor survei kepercayaan diri mentor", "Mentor confidence survey score"),
            goal_target_value=Decimal("15"),
            goal_unit=_t("% kenaikan", "% increase"),
            goal_achievable=_t(
                "Mentor memimpin belasan sesi dengan pendampingan HR.",
                "Mentors lead a dozen sessions with HR support.",
            ),
            goal_relevance=_t(
                "Perusahaan membutuhkan calon pemimpin dari generasi muda.",
                "The company needs future leaders from the younger generation.",
            ),
            success_criteria=_t(
                "Skor kepercayaan diri mentor naik dan mentee menilai sesi bermanfaat.",
                "Mentor confidence scores rise and mentees rate the sessions useful.",
            ),
            expectations=_COMMON_EXPECTATIONS,
            commitment=_COMMON_COMMITMENT,
            measurements=list(_BEFORE_AFTER_CONFIDENCE),
        ),
        ProgramTemplate(
            key=Objective.RETENTION,
            objective=Objective.RETENTION,
            name=_t(
                "Mentoring terbalik: retensi karyawan muda", "Reverse mentoring: junior retention"
            ),
            description=_t(
                "Karyawan muda mendapat akses langsung ke pimpinan dan merasa suaranya berarti.",
                "Junior employees get direct access to leaders and feel their voice counts.",
            ),
            method=_t(
                "Mentor junior berbagi pandangan generasinya; mentee senior membuka wawasan "
                "tentang jalur karier di perusahaan.",
                "Junior mentors share their generation's view; senior mentees open up about "
                "career paths in the company.",
            ),
            goal_specific=_t(
                "Mentor junior bertahan di perusahaan lebih lama daripada rekan yang tidak ikut.",
                "Junior mentors stay with the company longer than colleagues who did not "
                "take part.",
            ),
            goal_metric=_t("Retensi mentor setelah 12 bulan", "Mentor retention after 12 months"),
            goal_target_value=Decimal("90"),
            goal_unit=_t("%", "%"),
            goal_achievable=_t(
                "Program memberi perhatian dan jejaring yang sering menjadi alasan orang bertahan.",
                "The program offers the attention and network that often make people stay.",
            ),
            goal_relevance=_t(
                "Banyak karyawan muda siap pindah kerja dalam dua tahun bila ada kesempatan.",
                "Many young employees are ready to change jobs within two years if they can.",
            ),
            success_criteria=_t(
                "Retensi mentor lebih tinggi dibanding kelompok pembanding.",
                "Mentor retention is higher than in a comparison group.",
            ),
            expectations=_COMMON_EXPECTATIONS,
            commitment=_COMMON_COMMITMENT,
            duration_months=6,
            measurements=list(_BEFORE_AFTER_CONFIDENCE),
        ),
        ProgramTemplate(
            key=Objective.INSIGHT,
            objective=Objective.INSIGHT,
            name=_t(
                "Mentoring terbalik: wawasan pelanggan dan antargenerasi",
                "Reverse mentoring: customer and generational insight",
            ),
            description=_t(
                "Pimpinan belajar bagaimana pelanggan dan rekan kerja yang lebih muda berpikir.",
                "Leaders learn how younger customers and colleagues think.",
            ),
            method=_t(
                "Mentor muda membawa contoh nyata dari kebiasaan generasinya; pasangan membahas "
                "dampaknya bagi produk dan layanan.",
                "Young mentors bring real examples of their generation's habits; the pair "
                "discusses what they mean for products and services.",
            ),
            goal_specific=_t(
                "Setiap mentee mengajukan satu ide perbaikan produk atau layanan dari sesi.",
                "Every mentee proposes one product or service improvement from the sessions.",
            ),
            goal_metric=_t(
                "Skor wawasan mentee (butir survei: memahami cara berpikir rekan yang lebih muda)",
                "Mentees' insight score (survey item: understanding how younger colleagues "
                "think)",
            ),
            goal_target_value=Decimal("10"),
            goal_unit=_t("% kenaikan", "% increase"),
            goal_achievable=_t(
                "Satu ide dalam tiga bulan realistis bila setiap sesi punya topik.",
                "One idea in three months is realistic when each session has a topic.",
            ),
            goal_relevance=_t(
                "Pasar berubah cepat; pimpinan perlu memahami pelanggan muda.",
                "Markets change fast; leaders need to understand young customers.",
            ),
            success_criteria=_t(
                "Mentee melaporkan pemahaman baru dan ide yang diajukan tercatat.",
                "Mentees report new understanding and the ideas proposed are recorded.",
            ),
            expectations=_COMMON_EXPECTATIONS,
            commitment=_COMMON_COMMITMENT,
            measurements=list(_BEFORE_AFTER_CONFIDENCE),
        ),
        ProgramTemplate(
            key=Objective.ENGAGEMENT,
            objective=Objective.ENGAGEMENT,
            name=_t(
                "Mentoring terbalik: keterlibatan karyawan",
                "Reverse mentoring: employee engagement",
            ),
            description=_t(
                "Hubungan lintas generasi yang membangun kepercayaan dan kerja sama.",
                "Cross-generation relationships that build trust and cooperation.",
            ),
            method=_t(
                "Pasangan lintas generasi bertemu rutin dan membahas cara bekerja sama yang "
                "lebih baik.",
                "Cross-generation pairs meet regularly and discuss how to work together better.",
            ),
            goal_specific=_t(
                "Skor keterlibatan peserta naik selama program.",
                "Participants' engagement score rises during the program.",
            ),
            goal_metric=_t("Skor survei pulse", "Pulse survey score"),
            goal_target_value=Decimal("10"),
            goal_unit=_t("% kenaikan", "% increase"),
            goal_achievable=_t(
                "Pertemuan rutin dan perhatian pimpinan biasanya meningkatkan keterlibatan.",
                "Regular meetings and leaders' attention usually raise engagement.",
            ),
            goal_relevance=_t(
                "Keterlibatan yang tinggi berarti produktivitas lebih baik dan turnover "
                "lebih rendah.",
                "Higher engagement means better productivity and lower turnover.",
            ),
            success_criteria=_t(
                "Skor pulse naik dan peserta merekomendasikan program.",
                "Pulse scores rise and participants recommend the program.",
            ),
            expectations=_COMMON_EXPECTATIONS,
            commitment=_COMMON_COMMITMENT,
            measurements=[
                ("checkin_pulse", MeasurementPhase.BEFORE, -7, Respondents.BOTH),
                ("checkin_pulse", MeasurementPhase.MIDPOINT, 0, Respondents.BOTH),
                ("checkin_pulse", MeasurementPhase.AFTER, 7, Respondents.BOTH),
                ("end_evaluation", MeasurementPhase.AFTER, 7, Respondents.BOTH),
            ],
        ),
    ]
}


def get(key: str) -> ProgramTemplate | None:
    return TEMPLATES.get(key)


def program_fields(template: ProgramTemplate, language: str) -> dict[str, Any]:
    """The program fields a template fills, in one language."""
    lang = language if language in ("id", "en") else "en"
    return {
        "name": template.text("name", lang),
        "description": template.text("description", lang),
        "objective": template.objective,
        "method": template.text("method", lang),
        "goal_specific": template.text("goal_specific", lang),
        "goal_metric": template.text("goal_metric", lang),
        "goal_target_value": template.goal_target_value,
        "goal_unit": template.text("goal_unit", lang),
        "goal_achievable": template.text("goal_achievable", lang),
        "goal_relevance": template.text("goal_relevance", lang),
        "success_criteria": template.text("success_criteria", lang),
        "expectations": template.text("expectations", lang),
        "commitment": template.text("commitment", lang),
        "mentor_grade_max": template.mentor_grade_max,
        "mentee_grade_min": template.mentee_grade_min,
        "channels": list(template.channels),
        "template_key": template.key,
    }
