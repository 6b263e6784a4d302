"""CONFIG.toml validation (no Django needed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from terbalik.matching.engine import ConfigError, MatchConfig, load_config


def _load(tmp_path: Path, text: str) -> MatchConfig:
    path = tmp_path / "c.toml"
    path.write_text(text, encoding="utf-8")
    return load_config(path)


def test_full_config(tmp_path: Path) -> None:
    cfg = _load(tmp_path, 'seniority = "grade_or_age"\nmin_score = 0.2\ntop = 5\n'
                          "[weights]\nskill = 1\ninterest = 0.5\ndiversity = 0\n")
    assert cfg == MatchConfig(skill_weight=1.0, interest_weight=0.5, diversity_weight=0.0,
                              seniority="grade_or_age", min_score=0.2, top=5)


def test_partial_config_keeps_defaults(tmp_path: Path) -> None:
    assert _load(tmp_path, "[weights]\nskill = 0.7\n") == MatchConfig(skill_weight=0.7)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("top = ", "toml"),
        ("colour = 1", "unknown_key"),
        ("[weights]\nhumour = 1", "unknown_key"),
        ('[weights]\nskill = "a lot"', "not_number"),
        ("[weights]\nskill = -1", "negative"),
        ("[weights]\nskill = 0\ninterest = 0\ndiversity = 0", "all_zero"),
        ('seniority = "height"', "bad_seniority"),
        ("top = 0", "too_small"),
        ("top = 2.5", "not_integer"),
        ("min_score = -0.1", "negative"),
        ("weights = 3", "not_table"),
        ("[weights]\nskill = 1001", "too_large"),
    ],
)
def test_refusals(tmp_path: Path, text: str, code: str) -> None:
    with pytest.raises(ConfigError) as info:
        _load(tmp_path, text)
    assert info.value.code == code
    assert str(tmp_path / "c.toml") in str(info.value)
