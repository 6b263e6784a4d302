"""The `terbalik` console script: every manage.py command plus the project's own.

Command names may be written with hyphens (`terbalik import-employees`); they map to the
underscored Django command names.
"""

from __future__ import annotations

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
    elif os.environ.get("TERBALIK_STARTUP", "").strip():
        # left exported in a shell, it would start the server or a worker with two apps
        sys.exit("TERBALIK_STARTUP is for `terbalik match` only; unset it to run other commands.")
    from django.core.management import execute_from_command_line

    execute_from_command_line(args)


if __name__ == "__main__":
    main()
