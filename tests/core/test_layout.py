"""Structure the house rules ask for: no import cycle in matching, no silent ImportError in the
periodic tick."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import terbalik
from terbalik.notify import tick

SRC = Path(terbalik.__file__).parent


def _imports(path: Path) -> set[str]:
    """Every module `path` imports, at module level or inside a function (absolute names)."""
    package = ".".join(path.relative_to(SRC.parent).with_suffix("").parts[:-1])
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                name = f"{base}.{node.module}" if node.module else base
            else:
                name = node.module or ""
            found.add(name)
            found.update(f"{name}.{alias.name}" for alias in node.names)
    return found


def test_matching_tasks_and_services_do_not_import_each_other_both_ways():
    tasks = _imports(SRC / "matching" / "tasks.py")
    assert not any(name.startswith("terbalik.matching.services") for name in tasks)
    execution = _imports(SRC / "matching" / "execution.py")
    assert not any(
        name.startswith(("terbalik.matching.services", "terbalik.matching.tasks"))
        for name in execution
    )


def test_every_tick_job_exists():
    for path in tick.JOBS:
        assert callable(tick._load(path)), path


def _definitions(name: str) -> list[str]:
    found = []
    for path in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef) and node.name == name:
                found.append(str(path.relative_to(SRC)))
    return found


@pytest.mark.parametrize(
    ("name", "homes"),
    [
        ("get_own_pair", ["pairs/access.py"]),
        ("ensure_account", ["programs/services/invitations.py"]),
        ("flash_error", ["core/service_errors.py"]),
        # surveys/access.py still holds its own copy until that module's rewrite lands
        ("is_platform_admin", ["accounts/models.py", "core/access.py", "surveys/access.py"]),
    ],
)
def test_shared_helpers_are_defined_once(name, homes):
    assert _definitions(name) == homes
