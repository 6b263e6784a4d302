"""The skills taxonomy: canonical skills with Indonesian and English labels and synonyms.

The canonical id of a skill is its `slug`: it is what intake answers store and what the
matching engine compares, so an Indonesian mentee's "analisis data" and an English-speaking
mentor's "data analysis" meet as `data-analysis`. Written only through `skills.services`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    SOCIAL_MEDIA = "social_media", _("Social media and content")
    ECOMMERCE = "ecommerce", _("E-commerce and digital marketing")
    DATA_AI = "data_ai", _("Data and AI")
    CYBERSECURITY = "cybersecurity", _("Cyber security hygiene")
    COLLABORATION = "collaboration", _("Collaboration tools and ways of working")
    CUSTOMER_INSIGHT = "customer_insight", _("Insight into younger customers and colleagues")
    LEADERSHIP = "leadership", _("Leadership")
    STRATEGY = "strategy", _("Strategy and business acumen")
    STAKEHOLDER = "stakeholder", _("Stakeholders and communication")
    INTERESTS = "interests", _("Interests outside work")


#: categories a person can teach or want to develop (interests are asked separately)
SKILL_CATEGORIES = tuple(c for c in Category.values if c != Category.INTERESTS)


class Skill(models.Model):
    slug = models.SlugField(_("canonical id"), max_length=60, unique=True)
    label_id = models.CharField(_("Indonesian label"), max_length=120)
    label_en = models.CharField(_("English label"), max_length=120)
    synonyms_id = models.JSONField(_("Indonesian synonyms"), default=list, blank=True)
    synonyms_en = models.JSONField(_("English synonyms"), default=list, blank=True)
    category = models.CharField(_("category"), max_length=30, choices=Category.choices,
                                db_index=True)
    active = models.BooleanField(_("active"), default=True, db_index=True)
    merged_into = models.ForeignKey(
        "self", verbose_name=_("merged into"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="merged_from",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        ordering = ["category", "label_en", "slug"]
        verbose_name = _("skill")
        verbose_name_plural = _("skills")

    def __str__(self) -> str:
        return self.label()

    def label(self, language: str | None = None) -> str:
        lang = (language or get_language() or "id")[:2]
        return self.label_en if lang == "en" else self.label_id

    def terms(self) -> list[str]:
        return [self.label_id, self.label_en, *self.synonyms_id, *self.synonyms_en]


class SkillMerge(models.Model):
    """One merge: `source` now lives in `target`; what was moved is kept for the record."""

    source = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="merges_out",
                               verbose_name=_("merged skill"))
    target = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="merges_in",
                               verbose_name=_("kept skill"))
    source_labels = models.JSONField(_("labels of the merged skill"), default=dict)
    references_rewritten = models.PositiveIntegerField(_("answers rewritten"), default=0)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                           on_delete=models.SET_NULL, related_name="+", verbose_name=_("by"))
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("skill merge")
        verbose_name_plural = _("skill merges")

    def __str__(self) -> str:
        return f"{self.source_labels.get('slug', self.source_id)} -> {self.target_id}"


class TaxonomyVersion(models.Model):
    """One row: `n` moves (UPDATE n = n + 1, which locks the row until commit) in every write
    to the taxonomy, so its order is the commit order. Processes compare it to know whether
    their copy of the taxonomy is stale; a timestamp could not tell (it is the saving
    server's clock, taken before a long transaction commits)."""

    n = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return str(self.n)
