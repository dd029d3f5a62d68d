"""A big guide builds in several processes: the same bytes as one process, the same located error, and no
process or half-written folder left behind, whatever fails."""

from __future__ import annotations

import json
import os
import signal
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import jinja2
import pytest
from tests.test_site_scale import files, write_corpus

from afterview import hookimpl
from afterview.guide import parallel

BUILT_IN_PAGE = (Path(parallel.__file__).parent.parent / "site" / "templates" / "page.html").read_text()


@pytest.fixture(autouse=True)
def _small_sites_fork(monkeypatch: pytest.MonkeyPatch) -> None:
    """Workers for a site of a dozen pages, so that these tests stay quick; two processes on any machine."""
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 5)
    monkeypatch.setenv("AFTERVIEW_SITE_JOBS", "2")
    monkeypatch.setenv("AFTERVIEW_NO_CACHE", "1")  # every page's Markdown renders, in whichever process


def pid_log(log: Path) -> ModuleType:
    """A plugin that notes which process renders each Markdown text."""

    def record(app: Any, md: Any) -> None:
        original = md.render

        def render(text: str, env: Any = None) -> str:
            with log.open("a") as out:
                out.write(f"{os.getpid()}\n")
            time.sleep(0.005)  # so that every process surely gets pages
            return str(original(text, env))

        md.render = render

    plugin = ModuleType("afterview_pid_log")
    plugin.prepare_markdown = hookimpl(record)  # type: ignore[attr-defined]
    return plugin


def theme_filter(name: str, act: Callable[[str], str]) -> ModuleType:
    """A plugin giving the site's templates the filter ``pageview``; the theme's page.html applies it to titles."""
    plugin = ModuleType(name)
    plugin.register_template_filters = hookimpl(lambda app: {"pageview": act})  # type: ignore[attr-defined]
    return plugin


def build_with_filter(afterview_cli: Any, act: Callable[[str], str], output: str = "public") -> Any:
    """Build 40 pages with a theme whose page.html shows each title through ``act``."""
    if not Path("content").exists():
        write_corpus(Path("content"), 40)
        Path("theme/templates").mkdir(parents=True)
        Path("theme/templates/page.html").write_text(
            BUILT_IN_PAGE.replace("{{ page.title }}", "{{ page.title | pageview }}"))
    return afterview_cli("site", "build", "--content", "content", "--theme", "theme", "-o", output,
                         plugins=[theme_filter(f"afterview_{act.__name__}", act)])


def gone(pid: int) -> bool:
    """True once the process has ended and been reaped (a zombie still answers kill 0)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def compile_log(monkeypatch: pytest.MonkeyPatch) -> Path:
    """A file in which every Jinja2 compile notes its process and template, in whichever process compiles."""
    log = Path("compiles.log").resolve()
    original = jinja2.Environment.compile

    def compile_(env: Any, source: Any, name: str | None = None, *args: Any, **kwargs: Any) -> Any:
        with log.open("a") as out:
            out.write(f"{os.getpid()} {name}\n")
        return original(env, source, name, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", compile_)
    return log


def leftovers() -> list[str]:
    return sorted(p.name for p in Path().iterdir() if p.name.startswith(".afterview-"))


def test_one_process_and_several_write_identical_bytes(afterview_cli: Any, afterview_project: Any,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    write_corpus(Path("content"), 12)
    log = Path("renders.log").resolve()
    monkeypatch.setenv("AFTERVIEW_SITE_JOBS", "1")
    assert afterview_cli("site", "build", "--content", "content", "-o", "serial", plugins=[pid_log(log)]).code == 0
    assert set(log.read_text().split()) == {str(os.getpid())}
    log.unlink()
    monkeypatch.setenv("AFTERVIEW_SITE_JOBS", "2")
    result = afterview_cli("site", "build", "--content", "content", "-o", "parallel", plugins=[pid_log(log)])
    assert result.code == 0, result.err
    others = {int(pid) for pid in log.read_text().split()} - {os.getpid()}
    assert others, "no page rendered in another process"
    assert all(gone(pid) for pid in others)
    serial = files(Path("serial"))
    assert len(serial) > 60
    assert files(Path("parallel")) == serial
    assert leftovers() == []


@pytest.mark.slow
def test_the_first_failing_page_is_reported_whichever_process_renders_it(afterview_cli: Any,
                                                                           afterview_project: Any,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    def fail_late(title: str) -> str:  # every page from Article 0015 on fails: both processes hit one
        if title >= "Article 0015":
            raise TemplateRuntimeError(f"no view of {title}")
        return title

    from jinja2 import TemplateRuntimeError

    errors = []
    for jobs in ("1", "2", "2", "2"):
        monkeypatch.setenv("AFTERVIEW_SITE_JOBS", jobs)
        result = build_with_filter(afterview_cli, fail_late, f"public-{jobs}")
        assert result.code == 1
        errors.append(result.err)
        assert not Path(f"public-{jobs}").exists()
        assert leftovers() == []
    assert "no view of Article 0015" in errors[0]
    assert errors[1:] == [errors[0]] * 3


@pytest.mark.slow
def test_a_bad_page_read_in_another_process_gives_its_location(afterview_cli: Any, afterview_project: Any,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    write_corpus(Path("content"), 12)
    for name in ("page-0007", "page-0009"):
        Path(f"content/section-00/{name}.md").write_text("---\ntitle: [unclosed\n---\nText.\n")
    results = []
    for jobs in ("1", "2"):
        monkeypatch.setenv("AFTERVIEW_SITE_JOBS", jobs)
        results.append(afterview_cli("site", "build", "--content", "content", "-o", "public"))
    assert results[0].code == results[1].code == 1
    assert results[1].err == results[0].err
    assert results[0].err.startswith("content/section-00/page-0007.md:3:1: front matter: invalid YAML")
    assert not Path("public").exists()
    assert leftovers() == []


@pytest.mark.slow
def test_ctrl_c_ends_the_workers_and_leaves_no_folder(afterview_cli: Any, afterview_project: Any) -> None:
    parent, seen = os.getpid(), Path("pids.log").resolve()

    def interrupt(title: str) -> str:
        if os.getpid() != parent:
            with seen.open("a") as out:
                out.write(f"{os.getpid()}\n")
            os.kill(parent, signal.SIGINT)  # Ctrl-C for the build's own process, while this worker still runs
            time.sleep(0.2)
        time.sleep(0.01)  # so that the worker surely gets pages
        return title

    result = build_with_filter(afterview_cli, interrupt)
    assert result.code == 130
    workers = {int(pid) for pid in seen.read_text().split()}
    assert workers
    assert all(gone(pid) for pid in workers)
    assert not Path("public").exists()
    assert leftovers() == []


@pytest.mark.slow
def test_a_worker_killed_by_a_signal_fails_the_build_cleanly(afterview_cli: Any, afterview_project: Any) -> None:
    parent = os.getpid()

    def die_in_worker(title: str) -> str:
        if os.getpid() != parent:
            os.kill(os.getpid(), signal.SIGKILL)  # as the kernel's out-of-memory killer would
        time.sleep(0.01)  # so that the worker surely gets pages
        return title

    result = build_with_filter(afterview_cli, die_in_worker)
    assert result.code == 1
    assert result.err.startswith("afterview: a worker process of the build ended without an answer (killed by SIGKILL)\n")
    assert "AFTERVIEW_SITE_JOBS=1" in result.err
    assert not Path("public").exists()
    assert leftovers() == []


@pytest.mark.slow
def test_front_matter_read_in_both_processes_is_kept_once(afterview_cli: Any, afterview_project: Any,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AFTERVIEW_NO_CACHE")
    write_corpus(Path("content"), 12)
    assert afterview_cli("site", "build", "--content", "content", "-o", "public").code == 0
    from afterview._cache import cache_dir

    folder = cache_dir()
    assert folder is not None
    [kept] = folder.glob("front-matter-*.json")
    # Each text keeps [check, value] (guide/front_matter.py); the built-in pages' are kept with them.
    assert sorted((meta for _, meta in json.loads(kept.read_text()).values()), key=lambda meta: meta["order"]) == [
        *({"title": f"Article {i:04d}", "order": i} for i in range(12)),
        {"title": "Adapt the advice for your field", "order": 40}, {"title": "About this guide", "order": 50}]


def test_templates_compile_once_before_the_workers_fork_and_a_broken_one_fails_where_it_is_used(
        afterview_cli: Any, afterview_project: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    write_corpus(Path("content"), 12)
    log = compile_log(monkeypatch)
    Path("theme/templates").mkdir(parents=True)
    Path("theme/templates/unused.html").write_text("{% if %}never rendered")
    result = afterview_cli("site", "build", "--content", "content", "--theme", "theme", "-o", "public")
    assert result.code == 0, result.err
    lines = [line for line in log.read_text().splitlines() if not line.endswith(" None")]  # not the drafts
    assert {line.split()[0] for line in lines} == {str(os.getpid())}  # none in a worker
    names = sorted(line.split()[1] for line in lines)
    assert {"base.html", "page.html", "section.html", "rule.html"} <= set(names) and len(names) == len(set(names))
    Path("theme/templates/page.html").write_text("{% extends 'base.html' %}{% block content %}{{ x | nope }}"
                                                  "{% endblock %}")
    errors = []
    for jobs in ("1", "2"):
        monkeypatch.setenv("AFTERVIEW_SITE_JOBS", jobs)
        failed = afterview_cli("site", "build", "--content", "content", "--theme", "theme", "-o", f"out-{jobs}")
        errors.append((failed.code, failed.err))
    assert errors[0] == errors[1]
    assert errors[0][0] == 1 and "No filter named 'nope'" in errors[0][1] and "page.html:1" in errors[0][1]
    assert leftovers() == []


@pytest.mark.slow
def test_the_planners_data_and_the_calendars_are_made_here_while_the_workers_render(
        afterview_cli: Any, afterview_project: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from afterview.guide import planner_data, sample_calendars

    write_corpus(Path("content"), 12)
    events: list[tuple[str, int]] = []

    def noting(name: str, original: Callable[..., Any]) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            events.append((name, os.getpid()))  # a worker's own list is not this one
            return original(*args, **kwargs)
        return call

    start = parallel.Share.start

    def forking(share: parallel.Share, *args: Any) -> None:
        start(share, *args)
        events.append((f"forked {len(share.workers)}", os.getpid()))

    monkeypatch.setattr(parallel.Share, "start", forking)
    monkeypatch.setattr(planner_data, "_script", noting("planner", planner_data._script))
    monkeypatch.setattr(sample_calendars, "_calendar", noting("calendar", sample_calendars._calendar))
    assert afterview_cli("site", "build", "--content", "content", "-o", "public").code == 0
    assert [name for name, _ in events] == ["forked 1", "planner", *["calendar"] * 8]  # one worker was rendering
    assert {pid for _, pid in events} == {os.getpid()}
    assert Path("public/planner/plan-data.js").read_bytes().startswith(b"window.afterviewPlanData = {")
    assert Path("public/calendars/industry-tech.ics").read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")


@pytest.mark.slow
def test_a_failure_making_the_planners_data_fails_the_build_cleanly(
        afterview_cli: Any, afterview_project: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from afterview.errors import AfterviewError, Location
    from afterview.guide import planner_data

    write_corpus(Path("content"), 12)
    log = Path("renders.log").resolve()

    def broken(*args: Any) -> str:
        raise AfterviewError("no plan program for this overlay", location=Location("rulesets/x.yaml", 3, 1),
                             hint="a hint")

    monkeypatch.setattr(planner_data, "_script", broken)
    result = afterview_cli("site", "build", "--content", "content", "-o", "public", plugins=[pid_log(log)])
    assert (result.code, result.out) == (1, "")
    assert result.err == "rulesets/x.yaml:3:1: no plan program for this overlay\n  hint: a hint\n"
    workers = {int(pid) for pid in log.read_text().split()} - {os.getpid()}
    assert workers and all(gone(pid) for pid in workers)  # a worker was rendering pages, and is reaped
    assert not Path("public").exists()
    assert leftovers() == []


@pytest.mark.slow
@pytest.mark.cold_cache  # an empty template cache, whatever the other tests compiled
def test_with_a_template_cache_each_template_compiles_once_in_whichever_process(
        afterview_cli: Any, afterview_project: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AFTERVIEW_NO_CACHE")
    write_corpus(Path("content"), 12)
    log = compile_log(monkeypatch)
    assert afterview_cli("site", "build", "--content", "content", "-o", "public").code == 0
    # The reading child compiles what it reaches before the build asks for the pages; the build, the rest.
    names = [line.split()[1] for line in log.read_text().splitlines() if line.endswith(".html")]
    assert {"base.html", "page.html", "rule.html"} <= set(names) and len(names) == len(set(names))
    monkeypatch.setenv("AFTERVIEW_SITE_JOBS", "1")
    assert afterview_cli("site", "build", "--content", "content", "-o", "serial").code == 0
    assert files(Path("public")) == files(Path("serial"))


@pytest.mark.cold_cache
def test_templates_a_child_warmed_are_not_compiled_again(afterview_project: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from afterview import Afterview, get_plugin_manager
    from afterview.guide.forked import Child
    from afterview.guide.render import Renderer

    monkeypatch.delenv("AFTERVIEW_NO_CACHE")
    app = Afterview(get_plugin_manager(load_entrypoints=False))
    log = compile_log(monkeypatch)
    children: list[Child[int]] = []
    Child(lambda: len(list(Renderer(app).warm())), children)
    warmed = children[0].result()
    child = {line.split()[0] for line in log.read_text().splitlines()}
    Renderer(app).preload()  # this process: every template from the cache the child filled
    lines = log.read_text().splitlines()
    assert warmed > 10 and len(lines) == warmed and child != {str(os.getpid())}
