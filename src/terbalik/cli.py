"""The `terbalik` console script: every manage.py command plus the project's own.

Command names may be written with hyphens (`terbalik import-employees`); they map to the
underscored Django command names.
"""

from __future__ import annotations

import contextlib
import gc
import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "terbalik.settings")
    args = list(sys.argv if argv is None else argv)
    if len(args) > 1 and not args[1].startswith("-"):
        args[1] = args[1].replace("-", "_")
        if args[1] == "help" and len(args) > 2 and not args[2].startswith("-"):
            args[2] = args[2].replace("-", "_")
    args[0] = "terbalik"
    if len(args) > 1 and args[1] == "match":
        # only the apps the command needs (settings.py, _STARTUP_APPS): a 12-person file is
        # answered in a fraction of the time the whole site's set-up took (issue 21)
        os.environ.setdefault("TERBALIK_STARTUP", "match")
        if os.environ["TERBALIK_STARTUP"].strip() == "match" and run_match(args):
            return
    elif os.environ.get("TERBALIK_STARTUP", "").strip():
        # left exported in a shell, it would start the server or a worker with one app
        sys.exit("TERBALIK_STARTUP is for `terbalik match` only; unset it to run other commands.")
    from django.core.management import execute_from_command_line

    execute_from_command_line(args)


def run_match(args: list[str]) -> bool:
    """`terbalik match` on the light start-up, without Django's dispatcher (issue 21).

    It does what execute_from_command_line does for this command, less what the command never
    needs: django.setup() imports django.urls, and with it the HTTP request and response
    classes, only to set the URL prefix, which nothing the command writes depends on; the
    dispatcher lists every command of every app to find this one (the light start-up does not
    install the matching app it lives in). False, with nothing done, when settings do not load:
    Django's dispatcher then reports it as it always did.
    """
    # Start-up creates hundreds of thousands of objects that live as long as the process: the
    # collector would go through them again and again (and once more at exit), freeing next to
    # nothing. It is off while modules load; what they made is then frozen out of its sight
    # (the whole process's heap: this is the one-shot console script's path, never a library
    # call; the collector is left as it was found).
    collecting = gc.isenabled()
    gc.disable()
    try:
        from django.core.management.base import (
            CommandError,
            CommandParser,
            handle_default_options,
        )

        # --settings and --pythonpath are read before the settings, as Django's dispatcher
        # does (the command's own parser reports what is wrong with them)
        early = CommandParser(add_help=False, allow_abbrev=False)
        early.add_argument("--settings")
        early.add_argument("--pythonpath")
        early.add_argument("args", nargs="*")
        with contextlib.suppress(CommandError):
            handle_default_options(early.parse_known_args(args[2:])[0])
        from django.apps import apps
        from django.conf import settings
        from django.core.exceptions import ImproperlyConfigured

        try:
            settings.INSTALLED_APPS  # noqa: B018 - loads the settings
        except (ImproperlyConfigured, ImportError):
            return False
        from django.utils.log import configure_logging

        # django.setup(set_prefix=False), less its import of django.urls
        configure_logging(settings.LOGGING_CONFIG, settings.LOGGING)
        apps.populate(settings.INSTALLED_APPS)
        from terbalik.matching.management.commands.match import Command

        gc.freeze()
    finally:
        if collecting:
            gc.enable()
    Command().run_from_argv(args)
    return True


if __name__ == "__main__":
    main()
