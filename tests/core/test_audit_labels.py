"""Every audit action code the code records has a label in the reader's language
(core/audit_labels.py): the trail shows words, not codes, and the filter offers them."""

from __future__ import annotations

import ast
from pathlib import Path

import terbalik
from terbalik.core import audit_labels

SRC = Path(terbalik.__file__).parent


def _recorded_codes() -> dict[str, str]:
    """action code -> file, for every `record(action="...")` / `audit.record(...)` literal."""
    found: dict[str, str] = {}
    for path in SRC.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(
                node.func, "id", "")
            if name not in {"record", "access"}:
                continue
            given = [k.value for k in node.keywords if k.arg == "action"]
            if name == "access" and len(node.args) > 1:  # audit.access(request, "code", ...)
                given.append(node.args[1])
            for value in given:
                if (isinstance(value, ast.Constant) and isinstance(value.value, str)
                        and "." in value.value):
                    found[value.value] = str(path.relative_to(SRC))
    return found


def test_every_recorded_action_code_has_a_label() -> None:
    codes = _recorded_codes()
    assert "skill.merge" in codes and "program.create" in codes  # the walk finds them
    missing = {code: where for code, where in codes.items() if code not in audit_labels.LABELS}
    assert missing == {}


def test_every_app_of_a_code_has_a_name() -> None:
    assert {c.split(".", 1)[0] for c in audit_labels.LABELS} <= set(audit_labels.APPS)
