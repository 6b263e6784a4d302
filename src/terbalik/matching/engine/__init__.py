"""Terbalik matching engine: pure Python + numpy/scipy, plain data in and out.

Typical use::

    people = read_participants_csv("participants.csv")
    result = run(people, MatchConfig())
    result.assignments        # one Assignment per mentee, input order
    result.suggestions(3)     # top 3 feasible mentors per mentee
    result.summary            # counts, mean score, exactness/gap, seconds
"""

from .config import config_from_mapping, load_config
from .errors import ConfigError, ParticipantFileError
from .explain import Translator, explain_assignment, explain_pair
from .model import (
    MICRO,
    Assignment,
    MatchConfig,
    PairScore,
    Participant,
    Suggestion,
    Summary,
)
from .parse import ReadLimits, read_participants_csv
from .run import MatchResult, run
from .writer import assignments_csv, format_micro, suggestions_csv

__all__ = [
    "MICRO",
    "Assignment",
    "ConfigError",
    "MatchConfig",
    "MatchResult",
    "PairScore",
    "Participant",
    "ParticipantFileError",
    "ReadLimits",
    "Suggestion",
    "Summary",
    "Translator",
    "assignments_csv",
    "config_from_mapping",
    "explain_assignment",
    "explain_pair",
    "format_micro",
    "load_config",
    "read_participants_csv",
    "run",
    "suggestions_csv",
]
