"""HR pages of the skills taxonomy: list with search, add, edit, merge with confirmation."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from terbalik.core.access import hr_required
from terbalik.core.service_errors import ServiceError, flash_error, form_error
from terbalik.programs.access import programs_managed_by

from . import selectors, services
from .access import get_skill
from .forms import MergeChooseForm, SkillAddForm, SkillForm, SkillSearchForm

PAGE_SIZE = 50
UNMAPPED_SHOWN = 30


@hr_required
def skill_list(request: HttpRequest) -> HttpResponse:
    search = SkillSearchForm(request.GET or None)
    filters = search.cleaned_data if search.is_valid() else {}
    qs = selectors.skill_list(query=filters.get("q") or "", category=filters.get("category") or "",
                              state=filters.get("state") or "")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    # typed terms: of the programs this HR manager runs (a platform admin: all of them)
    usage = selectors.intake_usage(programs=programs_managed_by(request.user))
    counts = usage.people
    language = get_language()
    rows = [
        {"skill": s, "label": s.label(language),
         "other": s.label_id if (language or "id")[:2] == "en" else s.label_en,
         "people": counts.get(s.slug, 0),
         "synonyms": len(s.synonyms_id) + len(s.synonyms_en)}
        for s in page.object_list
    ]
    query = urlencode({k: v for k, v in filters.items() if v})
    return render(request, "skills/list.html", {
        "search": search, "page": page, "rows": rows, "query": query,
        "unmapped": usage.unmapped.most_common(UNMAPPED_SHOWN)})


@hr_required
@require_http_methods(["GET", "POST"])
def skill_edit(request: HttpRequest, skill_slug: str) -> HttpResponse:
    skill = get_skill(request.user, skill_slug)
    form = SkillForm(request.POST or None, initial=SkillForm.initial_of(skill))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.skill_update(
                skill=skill, by=request.user, label_id=data["label_id"],
                label_en=data["label_en"], synonyms_id=data["synonyms_id"],
                synonyms_en=data["synonyms_en"], category=data["category"],
                active=data["active"])
        except ServiceError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Skill saved."))
            return redirect("skills:edit", skill_slug=skill.slug)
    return render(request, "skills/edit.html", {
        "skill": skill, "form": form, "merges": selectors.merges_of(skill),
        "people": selectors.people_per_skill().get(skill.slug, 0)})


@hr_required
@require_http_methods(["GET", "POST"])
def skill_add(request: HttpRequest) -> HttpResponse:
    """A skill the seeded taxonomy lacks (e.g. the company's own tool), with its synonyms."""
    form = SkillAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            skill = services.skill_create(by=request.user, **form.skill_fields())
        except ServiceError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Skill added."))
            return redirect("skills:edit", skill_slug=skill.slug)
    return render(request, "skills/add.html", {"form": form})


@hr_required
@require_http_methods(["GET", "POST"])
def skill_merge(request: HttpRequest, skill_slug: str) -> HttpResponse:
    """GET: choose the skill to keep, then confirm (?into=...); POST: merge and go there."""
    source = get_skill(request.user, skill_slug)
    if source.merged_into_id is not None:
        messages.info(request, _("This skill was already merged."))
        return redirect("skills:edit", skill_slug=source.slug)
    language = get_language()
    targets = [(s.slug, f"{s.label(language)} ({s.slug})")
               for s in selectors.merge_targets(source)]
    data = request.POST if request.method == "POST" else (request.GET or None)
    choose = MergeChooseForm(data, targets=targets)
    target = None
    if choose.is_valid():
        target = get_skill(request.user, choose.cleaned_data["into"])
    if request.method == "POST":
        if target is None:
            flash_error(request, ServiceError([_("Choose the skill to keep.")]))
            return redirect("skills:merge", skill_slug=source.slug)
        try:
            services.skill_merge(source=source, target=target, by=request.user)
        except ServiceError as exc:
            flash_error(request, exc)
            return redirect("skills:merge", skill_slug=source.slug)
        messages.success(request, _("“%(source)s” was merged into “%(target)s”.") % {
            "source": source.label(language), "target": target.label(language)})
        return redirect("skills:edit", skill_slug=target.slug)
    counts = selectors.people_per_skill()
    return render(request, "skills/merge.html", {
        "skill": source, "choose": choose, "target": target,
        "source_people": counts.get(source.slug, 0),
        "target_people": counts.get(target.slug, 0) if target else 0})
