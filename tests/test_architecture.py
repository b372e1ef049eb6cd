"""The layout docs/ARCHITECTURE.md describes, checked on the source.

The import direction is also checked by import-linter (`make lint`); this test reads every
import statement itself, so it also sees imports inside functions and runs in `make test`.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SKIPPED_DIRS = {".venv", "node_modules", "migrations", "__pycache__", ".git", "staticfiles"}
MAX_MODULE_LINES = 500
MAX_FUNCTION_LINES = 60
# Each package and the packages it must never import.
FORBIDDEN = {
    "registry": ("cadres", "postings", "demo", "rotation_registry"),
    "cadres": ("postings", "demo"),
    "postings": ("demo",),
}


def python_files():
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT)
        if not SKIPPED_DIRS.intersection(relative.parts):
            yield relative


def imported_modules(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module


def test_source_tree_is_found():
    files = {str(path) for path in python_files()}
    assert {"registry/scopes.py", "cadres/models/people.py", "postings/models.py"} <= files
    assert not any("/migrations/" in name for name in files)


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_package_imports_only_downwards(package):
    wrong = []
    for path in python_files():
        if path.parts[0] != package:
            continue
        tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
        for module in imported_modules(tree):
            if module.split(".")[0] in FORBIDDEN[package]:
                wrong.append(f"{path}: import {module}")
    assert not wrong, "\n".join(wrong)


def test_modules_fit_in_one_reading():
    long = []
    for path in python_files():
        lines = len((ROOT / path).read_text(encoding="utf-8").splitlines())
        if lines > MAX_MODULE_LINES:
            long.append(f"{path}: {lines} lines")
    assert not long, "\n".join(long)


def test_functions_fit_in_one_reading():
    long = []
    for path in python_files():
        tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = node.end_lineno - node.lineno + 1
                if lines > MAX_FUNCTION_LINES:
                    long.append(f"{path}:{node.lineno} {node.name}: {lines} lines")
    assert not long, "\n".join(long)
