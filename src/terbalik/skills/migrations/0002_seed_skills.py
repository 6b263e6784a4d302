"""Install the shipped taxonomy (about 150 skills); editing it later is HR's, on /skills/."""

from django.db import migrations


def seed(apps, schema_editor):
    from terbalik.skills.seed_data import SEED

    Skill = apps.get_model("skills", "Skill")
    present = set(Skill.objects.values_list("slug", flat=True))
    Skill.objects.bulk_create(
        Skill(slug=s.slug, category=s.category, label_id=s.label_id, label_en=s.label_en,
              synonyms_id=list(s.synonyms_id), synonyms_en=list(s.synonyms_en))
        for s in SEED if s.slug not in present
    )


class Migration(migrations.Migration):
    dependencies = [("skills", "0001_skill_and_merge_history")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
