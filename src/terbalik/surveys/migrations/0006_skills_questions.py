"""Issue 21: intake questions about skills and interests become "skills" questions (picked in
the searchable skills list, answered with canonical skill ids) instead of fixed checkboxes.

Every multiple-choice question feeding a skills or interests profile field is converted, in
every version (locked ones too: the answers are rewritten with the same meaning). Each old
option maps through the taxonomy's normaliser by its value, else its English or Indonesian
label; an option no skill answers to is kept as its folded English label (compared as text,
as free-text skills are). Not reversible: going back leaves the converted questions as they
are."""

from django.db import migrations, models

SKILL_PROFILE_FIELDS = ("skills_to_develop", "skills_offered", "interests")


def _index(apps):
    from terbalik.skills.normalise import SkillIndex
    from terbalik.skills.seed_data import SEED

    rows = list(apps.get_model("skills", "Skill").objects.filter(active=True))
    if rows:
        terms = {r.slug: [r.label_id, r.label_en, *r.synonyms_id, *r.synonyms_en] for r in rows}
    else:
        terms = {s.slug: [s.label_id, s.label_en, *s.synonyms_id, *s.synonyms_en] for s in SEED}
    return SkillIndex(terms)


def replacement_of(option, index):
    """The canonical id an old option means, else its label folded like free-text skills."""
    label = option.get("label") or {}
    if isinstance(label, str):
        label = {"en": label}
    for term in (option.get("value"), label.get("en"), label.get("id")):
        found = index.lookup(str(term or ""))
        if found:
            return found
    text = label.get("en") or label.get("id") or str(option.get("value") or "")
    return " ".join(text.split()).casefold()


def convert(apps, schema_editor):
    Question = apps.get_model("surveys", "Question")
    Answer = apps.get_model("surveys", "Answer")
    index = _index(apps)
    questions = Question.objects.filter(type="multiple",
                                        profile_field__in=SKILL_PROFILE_FIELDS)
    for question in questions.order_by("pk"):
        table = {str(o.get("value")): replacement_of(o, index) for o in question.options or []}
        changed = []
        for answer in Answer.objects.filter(question=question).order_by("pk"):
            items = answer.value if isinstance(answer.value, list) else [answer.value]
            new = []
            for item in items:
                if item is None:
                    continue
                value = table.get(str(item)) or index.lookup(str(item)) or str(item)
                if value not in new:
                    new.append(value)
            if new != answer.value:
                answer.value = new
                changed.append(answer)
        Answer.objects.bulk_update(changed, ["value"], batch_size=500)
        question.type = "skills"
        question.options = []
        question.save(update_fields=["type", "options"])


def install_templates(apps, schema_editor):
    from terbalik.surveys.templates_data import install_from_migration

    install_from_migration(apps)


class Migration(migrations.Migration):

    dependencies = [
        ("surveys", "0005_sending_response_target"),
        ("skills", "0002_seed_skills"),
    ]

    operations = [
        migrations.AlterField(
            model_name="question",
            name="type",
            field=models.CharField(choices=[("likert", "Rating scale (Likert)"), ("single", "Single choice"), ("multiple", "Multiple choice"), ("short_text", "Short text"), ("long_text", "Long text"), ("number", "Number"), ("test", "Scored test question"), ("skills", "Skills from the skills list (searchable, several)")], max_length=20, verbose_name="question type"),  # noqa: E501
        ),
        migrations.RunPython(convert, migrations.RunPython.noop),
        migrations.RunPython(install_templates, migrations.RunPython.noop),
    ]
