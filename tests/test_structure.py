"""The house rules that keep the code one shape as it grows (STYLE.md points 15-20), read from the
source itself: a new area that copies a bad habit fails here, not in review.

- services refuse with meetings.domain exceptions, never ``flask.abort``; one module owns
  the commit (meetings/transaction.py);
- no module under meetings/ passes about 400 lines: split by the rule it holds;
- imports run one way: nothing imports the package root's names, calendar_export knows
  neither Flask nor the application, the low shared modules and the models import no area,
  and no function-local import dodges a cycle (create_app's blueprints aside).
"""

import ast
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "meetings"
MAX_LINES = 400
# Modules that turn requests into responses: they may answer with flask.abort.
VIEW_LAYER = {"views.py", "security.py", "errors.py"}
# The areas: packages of pages and services. Everything else under meetings/ is lower (the
# models and the shared helpers), except the tools that drive the areas from outside.
AREAS = sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists() and p.name not in ("models",))
DRIVERS = {"__init__.py", "cli.py", "demo.py", "bench_data.py", "reference.py", "i18n_check.py", "__main__.py"}


@dataclass(frozen=True)
class Import:
    module: str  # the module imported from ("meetings.scheduling.services", "flask")
    names: tuple[str, ...]  # the names taken from it (empty for "import x")
    line: int
    local: bool  # inside a function


def _resolve(path: Path, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    package = path.relative_to(ROOT).with_suffix("").parts[: -node.level]
    return ".".join([*package, node.module] if node.module else package)


def imports(path: Path) -> list[Import]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    local_nodes = {id(n) for fn in ast.walk(tree) if isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef)
                   for n in ast.walk(fn)}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [Import(alias.name, (), node.lineno, id(node) in local_nodes) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = tuple(alias.name for alias in node.names)
            found.append(Import(_resolve(path, node), names, node.lineno, id(node) in local_nodes))
    return found


def modules(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.py") if "data" not in p.relative_to(folder).parts)


def rel(path: Path) -> str:
    return str(path.relative_to(ROOT))


def area_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "meetings" and parts[1] in AREAS else None


def is_submodule(name: str) -> bool:
    return (PACKAGE / f"{name}.py").exists() or (PACKAGE / name / "__init__.py").exists()


# --- one error style ----------------------------------------------------------------------------


def test_only_the_view_layer_calls_flask_abort():
    offenders = []
    for path in modules(PACKAGE):
        if path.name in VIEW_LAYER:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            takes_abort = isinstance(node, ast.ImportFrom) and node.module == "flask" and any(
                a.name == "abort" for a in node.names)
            calls_abort = isinstance(node, ast.Attribute) and node.attr == "abort" and isinstance(
                node.value, ast.Name) and node.value.id == "flask"
            if takes_abort or calls_abort:
                offenders.append(f"{rel(path)}:{node.lineno}")
    assert not offenders, f"raise meetings.domain exceptions instead of flask.abort: {offenders}"


def test_the_commit_has_one_owner():
    offenders = []
    for path in modules(PACKAGE):
        if path.name == "transaction.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in ("commit", "rollback") and not node.args):
                offenders.append(f"{rel(path)}:{node.lineno}")
    assert not offenders, f"commit and roll back only through meetings/transaction.py: {offenders}"


# --- services split by rule ---------------------------------------------------------------------


def test_no_module_passes_about_400_lines():
    long = {rel(p): n for p in modules(PACKAGE) if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long, f"split these by the rule they hold (at most {MAX_LINES} lines): {long}"


# --- imports one way ----------------------------------------------------------------------------


def test_nothing_imports_names_from_the_package_root():
    offenders = []
    for path in modules(PACKAGE):
        if path == PACKAGE / "__init__.py":
            continue
        for imp in imports(path):
            if imp.module == "meetings" and (not imp.names or not all(is_submodule(n) for n in imp.names)):
                offenders.append(f"{rel(path)}:{imp.line} {imp.names}")
    assert not offenders, f"constants live low (models/base.py), not in the package root: {offenders}"


def test_calendar_export_knows_neither_flask_nor_the_application():
    offenders = [f"{rel(path)}:{imp.line} {imp.module}" for path in modules(ROOT / "calendar_export")
                 for imp in imports(path) if imp.module.split(".")[0] in ("flask", "meetings", "sqlalchemy")
                 or imp.module.startswith("flask_")]
    assert not offenders


@pytest.mark.parametrize("folder", ["models", "."])
def test_lower_modules_import_no_area(folder):
    """The models and the shared helpers (audit, history, visibility, text, timeutil, ...) sit
    below every area: an area may use them, never the other way round."""
    base = PACKAGE / folder
    paths = modules(base) if folder == "models" else [p for p in base.glob("*.py") if p.name not in DRIVERS]
    offenders = [f"{rel(path)}:{imp.line} {imp.module}" for path in paths for imp in imports(path)
                 if area_of(imp.module) or (imp.module == "meetings" and set(imp.names) & set(AREAS))]
    assert not offenders, f"a lower module imports an area: {offenders}"


def test_no_function_local_import_dodges_a_cycle():
    """Imports of the application's own modules sit at the top; only create_app imports the
    blueprints late (they need the app's extensions set up first)."""
    offenders = []
    for path in modules(PACKAGE):
        for imp in imports(path):
            if imp.local and imp.module.split(".")[0] == "meetings" and path != PACKAGE / "__init__.py":
                offenders.append(f"{rel(path)}:{imp.line} {imp.module}")
    assert not offenders, f"move these imports to the top (or the code to the right module): {offenders}"


def test_the_rules_see_what_they_check():
    """The checks above read the real tree: guard against a walk that finds nothing."""
    assert {"scheduling", "participants", "calendar", "feeds"} <= set(AREAS)
    views = [p for p in modules(PACKAGE) if p.name == "views.py"]
    assert len(views) >= 5
    assert any(imp.local for imp in imports(PACKAGE / "__init__.py"))
    assert area_of("meetings.scheduling.services") == "scheduling" and area_of("meetings.models.base") is None


# --- one way to write a CSRF token --------------------------------------------------------------


def test_every_post_form_carries_its_token_one_way():
    """``{{ form_token(form) }}`` or ``{{ form_token() }}`` (meetings/security.py), never the
    token written by hand or through the form's own helpers."""
    forms, offenders = 0, []
    for path in sorted((ROOT / "templates").rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        for other in ("csrf_token", "hidden_tag"):
            if other in text:
                offenders.append(f"{rel(path)}: {other}")
        for form in re.finditer(r"<form\b[^>]*>(.*?)</form>", text, flags=re.S | re.I):
            if re.search(r"method=[\"']?post", form.group(0), flags=re.I):
                forms += 1
                if "form_token(" not in form.group(1):
                    offenders.append(f"{rel(path)}: a POST form without form_token()")
    assert forms >= 20 and not offenders, offenders


def test_no_file_keeps_the_markers_of_an_unfinished_merge():
    """A README once shipped with <<<<<<< and >>>>>>> lines in it: no tracked text file may."""
    files = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    marker = re.compile(r"^(<{7}|>{7}) ", re.MULTILINE)
    kept = [name for name in files if (ROOT / name).suffix in {".py", ".md", ".html", ".css", ".js", ".po", ".pot",
                                                                  ".txt", ".cfg", ".toml", ".csv", ".ini", ""}
            and (ROOT / name).is_file() and marker.search((ROOT / name).read_text(errors="replace"))]
    assert kept == []
