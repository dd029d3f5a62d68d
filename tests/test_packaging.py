"""Guards on the package layout: only ``afterview`` is importable, and a built wheel works on its own."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import venv
import zipfile
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("name", ["core", "plugins", "rulesets"])
def test_source_folders_are_not_importable(name: str) -> None:
    assert importlib.util.find_spec(name) is None


def test_afterview_plugins_is_the_plugins_folder() -> None:
    import afterview.plugins.checklist

    assert Path(afterview.plugins.checklist.__file__).name == "checklist.py"
    assert importlib.util.find_spec("afterview.plugins.checklist") is not None


def test_every_module_is_at_most_250_lines() -> None:
    """The house rule (DEVELOPERS.md): small modules, one job each."""
    sizes = {str(path.relative_to(ROOT)): len(path.read_text(encoding="utf-8").splitlines())
             for folder in ("core", "plugins") for path in sorted((ROOT / folder).rglob("*.py"))}
    assert len(sizes) > 100
    assert {name: lines for name, lines in sizes.items() if lines > 250} == {}


@pytest.fixture
def wheel(afterview_wheel: Path) -> Path:
    return afterview_wheel


@pytest.mark.slow
def test_wheel_contains_the_data(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {"afterview/rulesets/default.yaml", "afterview/schemas/ruleset.schema.json",
            "afterview/rules/builtin-rulesets.json", "afterview/schemas/facts.schema.json", "afterview/schemas/plan.schema.json",
            "afterview/plugins/checklist.py", "afterview/cli/__init__.py", "afterview/guide/build.py",
            "afterview/site/templates/base.html", "afterview/site/static/style.css", "afterview/site/static/site.js",
            "afterview/site/content/about.md", "afterview/rulesets/default.test.yaml"} <= names
    assert not any(n.startswith("afterview/site/") and n.endswith("__init__.py") for n in names)
    assert not any(n.startswith(("core/", "plugins/", "rulesets/")) for n in names)


@pytest.mark.slow
def test_wheel_runs_in_a_fresh_environment(wheel: Path, tmp_path: Path, default_at: Any) -> None:
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    bin_dir = env_dir / ("Scripts" if sys.platform == "win32" else "bin")
    subprocess.run([str(bin_dir / "python"), "-m", "pip", "install", "--quiet", str(wheel)], check=True, capture_output=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()

    def afterview(*args: str) -> str:
        done = subprocess.run([str(bin_dir / "afterview"), *args], cwd=elsewhere, capture_output=True, text=True, check=False,
                              env={"PATH": str(bin_dir), "HOME": str(tmp_path), "AFTERVIEW_NO_CACHE": "1"})
        assert done.returncode == 0, done.stderr
        return done.stdout

    from afterview import __version__

    assert afterview("--version") == f"afterview {__version__}\n"
    data = json.loads(afterview("plan", "--interview", "2026-11-24T10:00", "--timezone", "America/New_York",
                                "--now", "2026-11-24T12:00", "--format", "json"))
    follow_up = next(a for a in data["plans"][0]["actions"] if a["rule"] == "follow-up")
    # The timezone implies the US, so the US overlay applies: Thanksgiving and the Friday after are skipped.
    assert (follow_up["opens"], follow_up["due"]) == ("2026-12-03T11:00:00-05:00", "2026-12-04T09:00:00-05:00")
    assert follow_up["source"] == default_at("follow-up")
    assert afterview("rulesets").startswith("default")
    built = afterview("site", "build", "-o", "guide")
    assert built.startswith(f"built {len(list((elsewhere / 'guide').rglob('*.html')))} pages")  # one file a page
    assert "Follow up by email" in (elsewhere / "guide" / "rules" / "follow-up" / "index.html").read_text()
    test_files = sum(1 for p in files("afterview.rulesets").iterdir() if p.name.endswith(".test.yaml"))
    assert afterview("test").splitlines()[-1].endswith(f"0 failed in {test_files} files")


def test_public_api_names_resolve_and_are_not_shadowed_by_submodules() -> None:
    import pkgutil

    import afterview

    for module in pkgutil.iter_modules(afterview.__path__):
        if module.name != "__main__":  # importing it runs the CLI
            __import__(f"afterview.{module.name}")
    for name in afterview.__all__:
        assert getattr(afterview, name) is not None, name
    assert callable(afterview.plan) and not isinstance(afterview.plan, type(afterview))
