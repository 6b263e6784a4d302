"""A minimal progress bar for terminals (stderr), shown only for slow steps."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TextIO

#: ``progress(step, done, total)``
Progress = Callable[[str, int, int], None]


class TerminalProgress:
    """Draws ``step [#####.....] 50%`` on ``stream`` once a step has lasted ``delay`` s."""

    def __init__(self, stream: TextIO, delay: float = 1.0, width: int = 30) -> None:
        self.stream = stream
        self.delay = delay
        self.width = width
        self.step = ""
        self.started = 0.0
        self.drawn = False

    def __call__(self, step: str, done: int, total: int) -> None:
        now = time.monotonic()
        if step != self.step:
            self.finish()
            self.step, self.started = step, now
        if now - self.started < self.delay or total <= 0:
            return
        filled = self.width * done // total
        bar = "#" * filled + "." * (self.width - filled)
        self.stream.write(f"\r{step} [{bar}] {100 * done // total:3d}%")
        self.stream.flush()
        self.drawn = True

    def finish(self) -> None:
        if self.drawn:
            self.stream.write("\n")
            self.stream.flush()
        self.drawn = False
