"""The public surface: what each package exports, and built-in plugins importing nothing else."""

from __future__ import annotations

import ast
import importlib
import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import afterview.plugins

PACKAGES = ("afterview", "afterview.cli", "afterview.facts", "afterview.guide", "afterview.journal",
            "afterview.rules", "afterview.text")


def _tree(package: str) -> ast.Module:
    path = Path(importlib.import_module(package).__file__ or "")
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _literal_all(tree: ast.Module) -> list[str]:
    """``__all__`` written as a list of strings (a computed one hides the names from type checkers)."""
    found = [node.value for node in tree.body if isinstance(node, ast.Assign)
             and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets)]
    assert len(found) == 1
    return list(ast.literal_eval(found[0]))


def _type_checking_imports(tree: ast.Module, package: str) -> dict[str, set[str]]:
    """``from afterview.x.y import a as b`` under ``if TYPE_CHECKING``, as ``_EXPORTS`` spells them: y -> "a as b"."""
    exports: dict[str, set[str]] = {}
    for node in tree.body:
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            for imp in node.body:
                if isinstance(imp, ast.ImportFrom) and (imp.module or "").startswith(f"{package}."):
                    names = exports.setdefault((imp.module or "").removeprefix(f"{package}."), set())
                    names |= {a.name if a.asname == a.name else f"{a.name} as {a.asname}" for a in imp.names}
    return exports


def _defined_here(tree: ast.Module) -> set[str]:
    names = {n.name for n in tree.body if isinstance(n, ast.FunctionDef | ast.ClassDef)}
    names |= {a.asname or a.name for n in tree.body if isinstance(n, ast.ImportFrom) for a in n.names}
    return names


@pytest.mark.parametrize("package", PACKAGES)
def test_a_package_exports_what_its_type_checking_imports_and_its_map_name(package: str) -> None:
    module = importlib.import_module(package)
    tree = _tree(package)
    exported = _literal_all(tree)
    assert exported == sorted(exported, key=lambda n: (not n.isupper(), not n[0].isupper(), n))  # ruff's order
    exports: dict[str, tuple[str, ...]] = vars(module)["_EXPORTS"]
    assert _type_checking_imports(tree, package) == {module: set(names) for module, names in exports.items()}
    public = {entry.split(" as ")[-1] for names in exports.values() for entry in names}
    assert set(exported) == public | (set(exported) & _defined_here(tree))
    for name in exported:
        assert getattr(module, name) is not None, name


@pytest.mark.parametrize("package", PACKAGES)
def test_no_exported_name_is_also_a_module_of_its_package(package: str) -> None:
    """Importing such a module would replace the package's attribute with the module."""
    module = importlib.import_module(package)
    submodules = {m.name for m in pkgutil.iter_modules(module.__path__)}
    assert submodules.isdisjoint(module.__all__)


def test_importing_the_public_packages_imports_none_of_their_modules() -> None:
    code = (f"import sys; import {', '.join(PACKAGES)}; "
            "print(' '.join(sorted(m for m in sys.modules if m.startswith('afterview'))))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == sorted([*PACKAGES, "afterview._version"])


def _plugin_imports(path: Path) -> list[tuple[int, str, str | None]]:
    """(line, module, name) for every import of afterview in a plugin module, at any depth."""
    found: list[tuple[int, str, str | None]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name, None) for a in node.names if a.name.split(".")[0] == "afterview"]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").split(".")[0] == "afterview":
            found += [(node.lineno, node.module or "", a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            found += [(node.lineno, "afterview.plugins", a.name) for a in node.names]  # relative: a sibling
    return found


def _import_problem(module: str, name: str | None) -> str | None:
    if module == "afterview.plugins" or module.startswith("afterview.plugins."):
        return f"the private name {name}" if name and name.startswith("_") else None
    if name is None:
        return f"import {module}: import names from afterview or a public package instead"
    if module not in PACKAGES:
        return f"{module} is a module: import from afterview or one of {', '.join(PACKAGES[1:])}"
    if name not in importlib.import_module(module).__all__:
        return f"{name} is not in {module}.__all__"
    return None


PLUGIN_FILES = sorted(Path(afterview.plugins.__file__ or "").parent.glob("*.py"))


@pytest.mark.parametrize("path", PLUGIN_FILES, ids=[p.name for p in PLUGIN_FILES])
def test_a_built_in_plugin_imports_only_public_names(path: Path) -> None:
    problems = [f"{path.name}:{line}: {problem}" for line, module, name in _plugin_imports(path)
                if (problem := _import_problem(module, name))]
    assert problems == []


def test_the_import_check_catches_a_deep_module_and_a_private_name() -> None:
    assert _import_problem("afterview.text.dates", "moment") == (
        "afterview.text.dates is a module: import from afterview or one of afterview.cli, afterview.facts, "
        "afterview.guide, afterview.journal, afterview.rules, afterview.text")
    assert _import_problem("afterview.errors", "AfterviewError") is not None
    assert _import_problem("afterview", "_cache") == "_cache is not in afterview.__all__"
    assert _import_problem("afterview.text", "dates") == "dates is not in afterview.text.__all__"
    assert _import_problem("afterview.plugins.ics_lines", "_fold") == "the private name _fold"
    assert _import_problem("afterview.rules.compile", None) is not None
    assert _import_problem("afterview.text", "moment") is None


def _lazy_packages() -> list[str]:
    """Every package whose names are imported on first use (a module ``__getattr__``), found in its source."""
    root = Path(importlib.import_module("afterview").__file__ or "").parent
    return sorted(".".join(["afterview", *init.parent.relative_to(root).parts]) for init in root.rglob("__init__.py")
                  if "__getattr__ = " in init.read_text(encoding="utf-8"))


def test_the_lazy_packages_are_the_public_ones() -> None:
    assert _lazy_packages() == sorted(PACKAGES)


def test_dir_of_a_lazy_package_lists_its_public_names_before_their_first_use() -> None:
    """dir() and tab completion see every name of ``__all__``, and dir() imports none of them."""
    code = (f"import sys, json; import {', '.join(PACKAGES)}; before = set(sys.modules); "
            f"found = {{p: dir(sys.modules[p]) for p in {list(PACKAGES)!r}}}; "
            "print(json.dumps([found, sorted(set(sys.modules) - before)]))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    found, imported = json.loads(done.stdout)
    assert imported == []
    for package in PACKAGES:
        module = importlib.import_module(package)
        assert found[package] == sorted(found[package])
        assert sorted(set(module.__all__) - set(found[package])) == [], package
        assert {"__all__", "__doc__", "__name__", "__path__"} <= set(found[package])
