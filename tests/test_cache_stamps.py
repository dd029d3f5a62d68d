"""The code stamp sees every file of afterview, wherever an install puts its built-in plugins and rulesets."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
STAMP = "from afterview import cache_stamps, plugins, rulesets; print(plugins.__path__[0], cache_stamps.code_stamp())"


@pytest.mark.slow
def test_a_default_editable_install_stamps_the_plugins_and_rulesets_folders(tmp_path: Path) -> None:
    """pip's default editable install maps ``afterview.plugins`` to ``plugins/``, beside ``core/``, not in it."""
    source = tmp_path / "src"
    for name in ("core", "plugins", "rulesets", "site"):
        shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    env = tmp_path / "env"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(env)], check=True)
    python = env / "bin" / "python"
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps",
                    "--editable", str(source)], check=True, capture_output=True)
    # The dependencies come from this environment's folder, read as a plain path (its .pth files are not run).
    dependencies = next(p for p in map(Path, sys.path) if p.name == "site-packages" and (p / "pluggy").is_dir())

    def stamp() -> tuple[str, str]:
        done = subprocess.run([str(python), "-c", STAMP], env={"PYTHONPATH": str(dependencies)}, cwd=tmp_path,
                              capture_output=True, text=True, check=True)
        folder, found = done.stdout.split()
        return folder, found

    folder, first = stamp()
    assert folder == str(source / "plugins")
    assert stamp()[1] == first
    with open(source / "plugins" / "checklist.py", "a") as plugin:
        plugin.write("# edited\n")
    second = stamp()[1]
    assert second != first
    with open(source / "rulesets" / "default.yaml", "a") as ruleset:
        ruleset.write("# edited\n")
    assert stamp()[1] not in (first, second)
