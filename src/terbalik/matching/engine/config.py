"""Reading and validating CONFIG.toml into a :class:`MatchConfig`."""

from __future__ import annotations

import math
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, cast

from .errors import ConfigError
from .model import SENIORITY_RULES, MatchConfig, Seniority

_WEIGHTS = {"skill": "skill_weight", "interest": "interest_weight",
            "diversity": "diversity_weight"}
_TOP_KEYS = {"weights", "seniority", "min_score", "top"}


#: keeps every score below 1e9 micro units, so the assignment's float64 costs stay exact
MAX_WEIGHT = 1000


def _number(value: object, key: str, path: str, maximum: float | None = None) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ConfigError("not_number", {"key": key}, path)
    if value < 0:
        raise ConfigError("negative", {"key": key}, path)
    if maximum is not None and value > maximum:
        raise ConfigError("too_large", {"key": key, "maximum": maximum}, path)
    return float(value)


def config_from_mapping(data: Mapping[str, Any], path: str = "") -> MatchConfig:
    """Validate a parsed TOML document (``[weights]`` skill/interest/diversity,
    ``seniority``, ``min_score``, ``top``)."""
    for key in data:
        if key not in _TOP_KEYS:
            raise ConfigError("unknown_key", {"key": key}, path)
    values: dict[str, Any] = {}
    weights = data.get("weights", {})
    if not isinstance(weights, Mapping):
        raise ConfigError("not_table", {"key": "weights"}, path)
    for key, value in weights.items():
        if key not in _WEIGHTS:
            raise ConfigError("unknown_key", {"key": f"weights.{key}"}, path)
        values[_WEIGHTS[key]] = _number(value, f"weights.{key}", path, MAX_WEIGHT)
    if "seniority" in data:
        rule = data["seniority"]
        if rule not in SENIORITY_RULES:
            raise ConfigError("bad_seniority", {"value": str(rule)}, path)
        values["seniority"] = cast(Seniority, rule)
    if "min_score" in data:
        values["min_score"] = _number(data["min_score"], "min_score", path)
    if "top" in data:
        values["top"] = check_top(data["top"], path, "top")
    config = MatchConfig(**values)
    if config.skill_weight + config.interest_weight + config.diversity_weight <= 0:
        raise ConfigError("all_zero", {}, path)
    return config


def check_top(value: object, path: str = "", key: str = "top") -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ConfigError("not_integer", {"key": key}, path)
    if value < 1:
        raise ConfigError("too_small", {"key": key, "minimum": 1}, path)
    return value


def load_config(path: str | Path) -> MatchConfig:
    """Read CONFIG.toml; raise :class:`ConfigError` on any problem."""
    name = str(path)
    try:
        data = tomllib.loads(Path(path).read_bytes().decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError("toml", {"detail": str(exc)}, name) from None
    return config_from_mapping(data, name)
