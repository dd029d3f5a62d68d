"""Writing plugins: the generated hook reference, the developer pages, and a real plugin installed by pip."""

from __future__ import annotations

import ast
import csv
import importlib
import io
import os
import re
import subprocess
import venv
from pathlib import Path
from types import ModuleType
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


def _site_pages_example() -> str:
    """The plugin writing-plugins.md shows for ``register_site_pages``, as written there."""
    text = (ROOT / "site" / "developer" / "writing-plugins.md").read_text(encoding="utf-8")
    [block] = [b for b in re.findall(r"^```python\n(.*?)^```", text, re.M | re.S) if "def register_site_pages" in b]
    return str(block)


def test_the_site_pages_example_imports_only_public_names() -> None:
    imports = [(node.module, alias.name) for node in ast.walk(ast.parse(_site_pages_example()))
               if isinstance(node, ast.ImportFrom) for alias in node.names]
    assert imports == [("afterview", "hookimpl"), ("afterview.guide", "Page"), ("afterview.guide", "SiteFile")]
    assert [name for module, name in imports if name not in importlib.import_module(str(module)).__all__] == []


@pytest.mark.slow
def test_the_site_pages_example_adds_a_page_and_a_file_to_the_guide(afterview_cli: Any, afterview_project: Any) -> None:
    plugin = ModuleType("afterview_debrief")
    exec(compile(_site_pages_example(), "writing-plugins.md", "exec"), vars(plugin))  # the docs, run as written
    result = afterview_cli("site", "build", plugins=[plugin])
    assert result.code == 0, result.err
    html = Path("public/debrief/index.html").read_text(encoding="utf-8")
    assert "<title>Debrief notes · After the interview</title>" in html
    assert ('<h1>Debrief notes</h1><div class="advice"><p>Write down who you met and what you promised, the same day.</p>\n'
            '<p><a href="debrief.md">Download the template</a>.</p>\n</div>') in html
    assert '<a href="../debrief/index.html" aria-current="page">Debrief notes</a>' in html  # in the navigation
    assert Path("public/debrief/debrief.md").read_bytes() == (
        b"# Debrief\n\n## Who I met\n\n## What they asked\n\n## What I said I would send\n")


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
