"""A parallel build's rarer failures: processes racing for the same old file, Ctrl-C while the pages are read,
a plugin's bug in a worker, closed output streams and bad settings."""

from __future__ import annotations

import functools
import itertools
import os
import pickle
import re
import signal
import subprocess
import time
import traceback
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from tests.test_site_parallel import _small_sites_fork, build_with_filter, gone, leftovers, theme_filter  # noqa: F401  (an autouse fixture)
from tests.test_site_scale import write_corpus

from afterview import hookimpl
from afterview.errors import AfterviewError, Location
from afterview.guide import content_reader, forked, parallel
from afterview.guide.forked import Child
from afterview.guide.tree_io import Reuse, TreeWriter

FOLDERS = 300
REAL_PARALLEL_FROM = parallel.PARALLEL_FROM  # before the autouse fixture lowers it for this process


def write_share(root: Path, start: int, name: str) -> list[str]:
    """Wait for a byte on ``start``, then write ``name`` into every folder, as one build process does."""
    os.read(start, 1)
    writer = TreeWriter(root, Reuse(recycled=True))
    for i in range(FOLDERS):
        writer.write(f"d{i:03d}/sub/{name}", name.encode())
    writer.close()
    return writer.paths


@pytest.mark.slow  # the full suite runs it; the fast subset stays under 30 s
def test_processes_replacing_the_same_old_files_by_folders_both_succeed(tmp_path: Path) -> None:
    for i in range(FOLDERS):  # the earlier site had a file where this one has a folder, at two levels
        (tmp_path / f"d{i:03d}").write_text("old page")
    for round_ in range(3):
        start, go = os.pipe()
        children: list[Child[list[str]]] = []
        try:
            for name in ("a.html", "b.html"):
                Child(functools.partial(write_share, tmp_path, start, name), children)
            os.write(go, b"go")  # both start at once
            results = [child.result() for child in children]
        finally:
            for child in children:
                child.kill()
            os.close(start)
            os.close(go)
        assert [len(paths) for paths in results] == [FOLDERS, FOLDERS]
        for i in range(FOLDERS):
            assert sorted(p.name for p in (tmp_path / f"d{i:03d}" / "sub").iterdir()) == ["a.html", "b.html"]
        for i in range(FOLDERS):  # again, with the files one level down
            folder = tmp_path / f"d{i:03d}"
            for child_path in (folder / "sub").iterdir():
                child_path.unlink()
            (folder / "sub").rmdir()
            (folder / "sub").write_text(f"old {round_}")


@pytest.mark.slow
@pytest.mark.parametrize("where", ["reading", "waiting"])
def test_ctrl_c_while_the_build_reads_the_pages_ends_the_reading_child(
        afterview_cli: Any, afterview_project: Any, monkeypatch: pytest.MonkeyPatch, where: str) -> None:
    """Ctrl-C while this process reads the pages the child has not reached, or while it waits for the child."""
    write_corpus(Path("content"), 40)
    parent, seen, mine, original = os.getpid(), Path("pids.log").resolve(), Path("mine.log").resolve(), \
        content_reader.read_page

    def read_page(*args: Any) -> Any:
        if os.getpid() == parent:
            if where == "reading":
                os.kill(parent, signal.SIGINT)
            with mine.open("a") as out:
                out.write("read\n")
        else:  # the reading child: slow, so that the build surely reads pages too
            with seen.open("a") as out:
                out.write(f"{os.getpid()}\n")
            time.sleep(0.1)
            if where == "waiting":  # stuck on its first page until the build has read all the others
                for _ in range(400):
                    if mine.exists() and len(mine.read_text().split()) == 39:
                        break
                    time.sleep(0.05)
                time.sleep(0.3)
                os.kill(parent, signal.SIGINT)
                time.sleep(10)
        return original(*args)

    monkeypatch.setattr(content_reader, "read_page", read_page)
    result = afterview_cli("site", "build", "--content", "content", "-o", "public")
    assert (result.code, result.err) == (130, "")
    [child] = {int(pid) for pid in seen.read_text().split()}
    assert gone(child)
    assert not Path("public").exists()
    assert leftovers() == []


@pytest.mark.slow
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_build_with_stdout_closed_writes_the_site(tmp_path: Path, jobs: str) -> None:
    """``>&-``: Python has no sys.stdout at all, which a fork (forked.py) and the CLI's exit both flush."""
    write_corpus(tmp_path / "content", REAL_PARALLEL_FROM + 10)  # a new process: the real threshold
    done = subprocess.run(["bash", "-c", "exec afterview site build --content content -o public >&-"], cwd=tmp_path,
                          env={**os.environ, "AFTERVIEW_SITE_JOBS": jobs, "AFTERVIEW_NO_CACHE": "1"},
                          stderr=subprocess.PIPE, text=True, check=False)
    assert (done.returncode, done.stderr) == (0, "")
    assert len(list((tmp_path / "public").rglob("*.html"))) > REAL_PARALLEL_FROM


def test_a_bad_number_of_processes_is_a_located_error(afterview_cli: Any, afterview_project: Any,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    for wrong in ("two", "0", "-3", "²"):
        monkeypatch.setenv("AFTERVIEW_SITE_JOBS", wrong)
        result = afterview_cli("site", "build", "-o", "public")
        assert (result.code, result.err) == (1, (
            f"AFTERVIEW_SITE_JOBS: {wrong!r} is not a number of processes\n"
            "  hint: a whole number from 1 (AFTERVIEW_SITE_JOBS=1 builds in one process); unset, it is the cores "
            "this process may use, at most 4\n"))
        assert not Path("public").exists()
    monkeypatch.setenv("AFTERVIEW_SITE_JOBS", "1" * 5000)  # past int()'s digit limit
    assert afterview_cli("site", "build", "-o", "public").err.startswith("AFTERVIEW_SITE_JOBS: '11111")
    monkeypatch.setenv("AFTERVIEW_SITE_JOBS", "1000000")
    assert parallel.jobs() == parallel.MAX_EXPLICIT == 64
    monkeypatch.setenv("AFTERVIEW_SITE_JOBS", " 3 ")
    assert parallel.jobs() == 3


class PluginUserError(AfterviewError):
    """A plugin's error for a user, whose __init__ pickle cannot call again."""

    def __init__(self, path: str, line: int) -> None:
        super().__init__("the page asks for a missing figure", location=Location(path, line), hint="add it")


def test_a_users_error_that_does_not_pickle_comes_back_from_a_worker_located() -> None:
    back = forked.arrived(pickle.loads(pickle.dumps(forked.portable(PluginUserError("content/a.md", 7)))))
    assert isinstance(back, AfterviewError)
    assert (str(back.location), back.message, back.hint, back.exit_code) == (
        "content/a.md:7", "the page asks for a missing figure", "add it", 1)
    assert str(back) == str(PluginUserError("content/a.md", 7))


class Unpicklable(Exception):
    """A plugin's exception that pickle cannot rebuild: its __init__ takes other arguments than its args."""

    def __init__(self, text: str, code: int) -> None:
        super().__init__(text)
        self.code = code


@pytest.mark.slow
@pytest.mark.parametrize("unpicklable", [False, True])
def test_a_plugin_bug_in_a_worker_reads_as_in_one_process_with_the_worker_traceback(
        afterview_cli: Any, afterview_project: Any, monkeypatch: pytest.MonkeyPatch, unpicklable: bool) -> None:
    parent = os.getpid()

    def plugin_bug(title: str) -> str:
        if jobs == "1" or os.getpid() != parent:  # with two processes, only the worker fails
            raise Unpicklable("plugin bug", 7) if unpicklable else ValueError("plugin bug")
        time.sleep(0.01)  # so that the worker surely gets pages
        return title

    raised = []
    for jobs in ("1", "2"):
        monkeypatch.setenv("AFTERVIEW_SITE_JOBS", jobs)
        with pytest.raises(Exception) as info:
            build_with_filter(afterview_cli, plugin_bug, f"public-{jobs}")
        raised.append(info.value)
        assert not Path(f"public-{jobs}").exists()
        assert leftovers() == []
    here, there = raised
    name = f"{__name__}.Unpicklable" if unpicklable else "ValueError"
    assert traceback.format_exception_only(here) == traceback.format_exception_only(there) == [
        f"{name}: plugin bug\n"]
    assert isinstance(there, Exception if unpicklable else ValueError)
    assert type(there).__name__ == type(here).__name__
    shown = "".join(traceback.format_exception(there))
    worker = shown.split("The above exception was the direct cause")[0]
    assert "Traceback (most recent call last):" in worker
    assert "in plugin_bug" in worker
    assert f"{name}: plugin bug" in worker


@pytest.mark.slow  # the full suite runs it; the fast subset stays under 30 s
def test_a_guide_build_prepares_the_renderer_before_the_rulesets_and_plugin_pages(afterview_cli: Any,
                                                                                   afterview_project: Any) -> None:
    """The order hookspecs.py documents: the parser exists before any ruleset loads, for a reading child."""
    calls: list[str] = []
    plugin = ModuleType("afterview_hook_order")
    for hook in ("register_template_filters", "register_condition_operators"):
        setattr(plugin, hook, hookimpl(lambda app, hook=hook: calls.append(hook)))
    plugin.prepare_markdown = hookimpl(lambda app, md: calls.append("prepare_markdown"))  # type: ignore[attr-defined]
    plugin.register_site_pages = hookimpl(  # type: ignore[attr-defined]
        lambda app, site: calls.append("register_site_pages"))
    assert afterview_cli("site", "build", "-o", "public", plugins=[plugin]).code == 0
    assert [name for name, _ in itertools.groupby(calls)] == [
        "register_template_filters", "prepare_markdown", "register_condition_operators", "register_site_pages"]


@pytest.mark.slow
def test_a_user_error_in_a_worker_shows_the_worker_traceback_with_debug(afterview_cli: Any,
                                                                          afterview_project: Any) -> None:
    from jinja2 import TemplateRuntimeError

    from afterview.errors import AfterviewError

    parent = os.getpid()

    def fail_in_worker(title: str) -> str:
        if os.getpid() != parent:
            raise TemplateRuntimeError(f"no view of {title}")
        time.sleep(0.01)  # so that the worker surely gets pages
        return title

    result = build_with_filter(afterview_cli, fail_in_worker)
    assert result.code == 1
    assert result.err.startswith("theme/templates/page.html:") and "no view of Article" in result.err
    assert "Traceback" not in result.err
    with pytest.raises(AfterviewError) as info:
        afterview_cli("--debug", "site", "build", "--content", "content", "--theme", "theme", "-o", "public",
                      plugins=[theme_filter("afterview_fail_in_worker", fail_in_worker)])
    which = re.compile(r"\d{4}")  # the worker's first page: whichever it took
    assert which.sub("N", str(info.value) + "\n") == which.sub("N", result.err)
    worker = str(info.value.__cause__)
    assert "Traceback (most recent call last):" in worker and "in _work" in worker  # parallel.Share's worker
    assert worker.endswith(f": {info.value}\n\"\"\"")
    assert not Path("public").exists()
    assert leftovers() == []
