"""Writing plugins: the generated hook reference, the developer pages, and a real plugin installed by pip."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import venv
from pathlib import Path
from typing import Any

import pytest

from afterview.hook_docs import hook_reference, specs

ROOT = Path(__file__).resolve().parents[1]


def test_the_hook_reference_in_the_repo_is_current() -> None:
    assert (ROOT / "docs" / "hooks.md").read_text(encoding="utf-8") == hook_reference(), \
        "docs/hooks.md is stale: run `afterview hooks > docs/hooks.md`"


def test_the_hook_reference_documents_every_hook() -> None:
    text = hook_reference()
    for name, _function in specs():
        section = text.split(f"### `{name}(")[1].split("### ")[0]
        assert "Called" in section and "**Returns:**" in section and "| `app` | the host. |" in section, name


@pytest.mark.slow
def test_developer_docs_in_the_guide(afterview_cli: Any, afterview_project: Any) -> None:
    assert afterview_cli("site", "build", "--developer-docs").code == 0
    hooks = Path("public/developer/hooks/index.html").read_text()
    for name, _ in specs():
        assert f"<h3><code>{name}(" in hooks
    guide = Path("public/developer/writing-plugins/index.html").read_text()
    assert '<a href="../hooks/index.html">hook reference</a>' in guide
    assert afterview_cli("hooks").out == hook_reference()


@pytest.mark.slow
def test_a_real_plugin_installed_by_pip(afterview_wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    bin_dir = env_dir / "bin"

    def run(*args: str, disabled: bool = False, check: bool = True) -> subprocess.CompletedProcess[str]:
        env = {"PATH": f"{bin_dir}:{os.environ['PATH']}", "HOME": str(tmp_path), "AFTERVIEW_NO_CACHE": "1"}
        if disabled:
            env["AFTERVIEW_DISABLE_PLUGINS"] = "1"
        done = subprocess.run(args, cwd=tmp_path, capture_output=True, text=True, check=False, env=env)
        assert not check or done.returncode == 0, done.stderr
        return done

    run(str(bin_dir / "python"), "-m", "pip", "install", "--quiet", str(afterview_wheel),
        str(ROOT / "examples" / "afterview-csv"), "pytest")
    assert run("afterview", "plugins").stdout == "afterview-csv 0.1.0: register_output_formats\n"
    plan = ["afterview", "plan", "--interview", "2026-11-17T14:00", "--timezone", "America/New_York",
            "--company", "Acme", "--now", "2026-11-18T08:00", "--format", "csv"]
    rows = list(csv.DictReader(io.StringIO(run(*plan).stdout)))
    assert [(r["rule"], r["due"]) for r in rows[:3]] == [
        ("ask-about-next-steps", "2026-11-17T15:00-05:00"), ("debrief-notes", "2026-11-17T18:00-05:00"),
        ("thank-you-note", "2026-11-18T15:00-05:00")]
    disabled = run(*plan, disabled=True, check=False)
    assert (disabled.returncode, disabled.stderr.splitlines()[0]) == (2, "--format: unknown format 'csv' (did you mean 'ics'?)")
    own_tests = run(str(bin_dir / "python"), "-m", "pytest", "-q", "-p", "no:cacheprovider",
                    str(ROOT / "examples" / "afterview-csv" / "tests"))
    assert own_tests.stdout.splitlines()[-1].startswith("2 passed")
