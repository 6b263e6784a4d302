"""Structure the house rules ask for: no import cycle in matching, no silent ImportError in the
periodic tick."""

from __future__ import annotations

import ast
import re
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


def _apps() -> list[Path]:
    """Every Django app of the package (a folder with `apps.py`)."""
    return sorted(path.parent for path in SRC.glob("*/apps.py"))


def test_layout_check_sees_every_app():
    assert {"core", "people", "accounts", "notify", "privacy", "skills", "surveys", "programs",
            "pairs", "matching", "reports", "webhooks", "api"} <= {a.name for a in _apps()}


@pytest.mark.parametrize("app", _apps(), ids=lambda a: a.name)
def test_every_app_has_access_selectors_and_services(app):
    """The four rooms: `access.py`, `selectors.py`, `services.py` or `services/` (and views)."""
    missing = [room for room in ("access.py", "selectors.py") if not (app / room).is_file()]
    if not (app / "services.py").is_file() and not (app / "services" / "__init__.py").is_file():
        missing.append("services")
    assert missing == []


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
        ("_user_for", []),
        ("flash_error", ["core/service_errors.py"]),
        ("is_platform_admin", ["accounts/models.py", "core/access.py"]),
    ],
)
def test_shared_helpers_are_defined_once(name, homes):
    assert _definitions(name) == homes


#: every module the one-ServiceError rule is checked on (write paths outside `services`
#: included: `surveys/answering.py`, `surveys/planning.py`)
_SERVICE_MODULES = [
    "programs/services", "matching/services", "pairs/services", "notify/services.py",
    "surveys/services.py", "surveys/answering.py", "surveys/planning.py", "people/services.py",
    "privacy/services", "privacy/erasure_services.py", "skills/services.py",
    "webhooks/services.py", "api/services.py", "reports/services.py", "accounts/services.py",
    "accounts/sso_services.py", "core/services.py",
]


def test_every_app_service_module_is_checked_for_the_one_service_error():
    """A new app's `services`, or a new `*_services.py`, joins the check below."""
    found = {
        str(path.relative_to(SRC)).removesuffix("/__init__.py")
        for pattern in ("*/services.py", "*/services/__init__.py", "*/*_services.py")
        for path in SRC.glob(pattern)
    }
    assert found - set(_SERVICE_MODULES) == set()


@pytest.mark.parametrize(
    "services",
    _SERVICE_MODULES,
)
def test_services_raise_the_one_service_error(services):
    """Refusals are core's ServiceError (a ValidationError with a code), not ad-hoc types."""
    root = SRC / services
    for path in [root] if root.is_file() else sorted(root.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
                name = getattr(node.exc.func, "id", getattr(node.exc.func, "attr", ""))
                assert name != "ValidationError", f"{path.relative_to(SRC)}:{node.lineno}"
            if isinstance(node, ast.ClassDef):
                bases = {getattr(b, "id", getattr(b, "attr", "")) for b in node.bases}
                assert not bases & {"Exception", "ValueError"}, (
                    f"{path.relative_to(SRC)} defines its own error type {node.name}"
                )


#: queryset methods a view or template tag must leave to selectors/access
_QUERYSET_CALLS = {
    "filter", "exclude", "annotate", "aggregate", "select_related", "prefetch_related",
    "values", "values_list", "order_by", "distinct", "only", "defer", "get_or_create",
    "update_or_create", "bulk_create", "in_bulk",
}
#: queryset methods without arguments (str.count, list.count and dict.get take arguments)
_QUERYSET_CALLS_NO_ARGS = {"count", "first", "last", "exists", "all", "latest", "earliest"}


def _thin_caller_modules() -> list[Path]:
    """Views (`views.py`, `views_*.py`, `*_views.py`, a `views/` package), template tags and
    the API's routers (`api/routers/*.py`, `api/v1.py`)."""
    found = []
    for path in sorted(SRC.rglob("*.py")):
        parts = path.relative_to(SRC).parts
        in_package = len(parts) > 2 and parts[1] in {"views", "templatetags"}
        is_view = path.stem.startswith("views") or path.stem.endswith("_views")
        is_api = parts[0] == "api" and (parts[1] == "routers" or parts[1:] == ("v1.py",))
        if is_view or in_package or is_api:
            found.append(path)
    return found


def _orm_calls(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Attribute) and node.attr == "objects":
            found.append(f"{node.lineno}: .objects")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if isinstance(node.func.value, ast.Name) and node.func.value.id == "register":
                continue  # a template library's @register.filter(...), not a queryset
            name = node.func.attr
            if name in _QUERYSET_CALLS or (
                name in _QUERYSET_CALLS_NO_ARGS and not node.args and not node.keywords
            ):
                found.append(f"{node.lineno}: .{name}()")
        elif isinstance(node, ast.ImportFrom) and node.module == "django.shortcuts":
            for alias in node.names:
                if alias.name in {"get_object_or_404", "get_list_or_404"}:
                    found.append(f"{node.lineno}: {alias.name}")
    return found


def test_layout_check_sees_views_and_template_tags():
    names = {str(p.relative_to(SRC)) for p in _thin_caller_modules()}
    assert {"programs/views/participant.py", "surveys/views_sending.py",
            "programs/templatetags/programs_tags.py", "core/views.py",
            "privacy/erasure_views.py", "api/v1.py", "api/routers/pairs.py",
            "api/routers/programs.py", "api/routers/employees.py",
            "api/routers/common.py"} <= names


@pytest.mark.parametrize(
    "path", _thin_caller_modules(), ids=lambda p: str(p.relative_to(SRC))
)
def test_views_and_template_tags_do_not_call_the_orm(path):
    """Reads go through the app's selectors, fetches through its access helpers."""
    assert _orm_calls(path) == []


def test_import_refusal_is_the_one_service_error_and_keeps_its_rows():
    from terbalik.core.service_errors import ServiceError
    from terbalik.people import services as people_services
    from terbalik.people.importing import ImportPlan, RowError
    from terbalik.people.spreadsheet import Message

    plan = ImportPlan(file_name="staff.csv")
    plan.errors.append(RowError(3, "email", Message("not an e-mail address")))
    from django.utils import translation

    refused = people_services.ImportRefused(plan)
    assert isinstance(refused, ServiceError)
    assert refused.code == "import_refused"
    with translation.override("en"):
        assert refused.messages == [
            "Nothing was imported: the file has problems. They are listed below."
        ]
    assert refused.plan.errors[0].row == 3
    assert refused.plan.errors[0].column == "email"


#: the imports from a higher floor that docs/architecture.md lists as deliberate: importing
#: module (a path, or an app for all its modules) -> the modules it may import (under terbalik.)
_UPWARD_IMPORTS: dict[str, set[str]] = {
    "core": {"accounts.models", "people.models"},
    "core/views_audit.py": {"people.spreadsheet"},
    "core/views.py": {"programs.selectors", "pairs.selectors", "matching.selectors",
                      "surveys.selectors", "reports.sponsor_home"},
    "core/management/commands/demo.py": {"*"},
    "accounts/views.py": {"privacy.selectors", "privacy.services"},
    "people/importing.py": {"skills.selectors"},
    "notify/access.py": {"programs.access"},
    "notify/views.py": {"pairs.calendar"},
    "skills/selectors.py": {"programs.models"},
    "skills/services.py": {"programs.models"},
    "skills/views.py": {"programs.access"},
    "surveys/access.py": {"programs.access"},
    "surveys/forms.py": {"programs.models"},
    "surveys/planning.py": {"programs.measurement", "programs.models"},
    "surveys/selectors.py": {"programs.access", "programs.models"},
    "programs/views/hr.py": {"pairs.selectors"},
    "programs/views/participant.py": {"privacy.services"},
}


def _floors() -> dict[str, int]:
    """App -> floor, read from the table of docs/architecture.md."""
    text = (SRC.parent.parent / "docs" / "architecture.md").read_text()
    return {m[2]: int(m[1]) for m in re.finditer(r"^\| (\d+) \| `(\w+)` \|", text, re.M)}


def _upward_imports() -> set[tuple[str, str]]:
    """(module, imported module) for every import of a higher floor's app."""
    floors = _floors()
    found = set()
    for app, floor in floors.items():
        for path in sorted((SRC / app).rglob("*.py")):
            for name in _imports(path):
                parts = name.split(".")
                if parts[0] == "terbalik" and len(parts) > 2 and floors.get(parts[1], -1) > floor:
                    found.add((str(path.relative_to(SRC)), ".".join(parts[1:3])))
    return found


def _allowed(module: str, imported: str) -> set[str]:
    """The entries of _UPWARD_IMPORTS that allow `module` to import `imported`."""
    return {key for key, targets in _UPWARD_IMPORTS.items()
            if (module == key or module.startswith(key + "/"))
            and ("*" in targets or imported in targets)}


def test_the_architecture_table_gives_every_app_a_floor():
    assert set(_floors()) == {a.name for a in _apps()}
    assert _floors()["core"] == 0


def test_no_app_imports_from_a_higher_floor():
    """A new import of a higher floor fails here: pass the fact in from the caller above, or
    list the import (and why) in docs/architecture.md and _UPWARD_IMPORTS."""
    upward = _upward_imports()
    assert sorted(pair for pair in upward if not _allowed(*pair)) == []
    used = set().union(*(_allowed(*pair) for pair in upward))
    assert set(_UPWARD_IMPORTS) - used == set(), "an exception nobody needs any more"
