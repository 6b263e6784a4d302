from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def get_item(mapping: dict[str, Any], key: str) -> Any:
    return mapping.get(key) if mapping else None


@register.inclusion_tag("programs/_open_for_me.html", takes_context=True)
def open_programs_for_me(context: template.Context) -> dict[str, Any]:
    """The home page's "open for you" block: programs the signed-in employee may join now."""
    from .. import selectors

    cards = []
    for program, roles, held in selectors.open_program_cards(context["user"]):
        choices = []
        for role in roles:
            places = program.places_for(role)
            full = places is not None and held[role] >= places
            choices.append({"role": role, "full": full})
        cards.append({"program": program, "roles": choices})
    return {"cards": cards}
