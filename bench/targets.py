"""The end of every benchmark: list the missed targets and exit 1, or say all were met."""

from __future__ import annotations

import sys


def finish(missed: list[str]) -> None:
    """Print the verdict and leave the process with 0 (all targets met) or 1."""
    print()
    if missed:
        print(f"{len(missed)} TARGET(S) MISSED:")
        for line in missed:
            print(f"  {line}")
        sys.exit(1)
    print("ALL TARGETS MET")
    sys.exit(0)
