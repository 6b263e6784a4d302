from __future__ import annotations


class ProgramError(Exception):
    """A refused change; `messages` are translated sentences for the user."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages


class TransitionRefused(ProgramError):
    """The lifecycle move lacks prerequisites (listed in `messages`)."""


class EnrollmentRefused(ProgramError):
    """Applying, accepting or a decision was refused (e.g. not eligible: each rule's reason)."""
