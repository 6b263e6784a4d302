"""Django Ninja's `export_openapi_schema`, kept now that "ninja" is not an installed app
(see settings.INSTALLED_APPS): `terbalik export-openapi-schema --api terbalik.api.v1.api`."""

from ninja.management.commands.export_openapi_schema import Command

__all__ = ["Command"]
