from __future__ import annotations

from django import template

from terbalik.accounts.sso import SSOProvider, sso_providers

register = template.Library()


@register.simple_tag
def sso_provider_list() -> list[SSOProvider]:
    """The configured single sign-on providers (from settings; no database query)."""
    return sso_providers()
