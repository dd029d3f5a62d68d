"""What afterview must never do to a user's files: replace folders it did not write, write outside the
site folder, or turn a symlink, device or input file into a plain output file."""

from __future__ import annotations

import io
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from afterview import hookimpl

HINT = "  hint: pick another folder for -o: a new or empty one, e.g. -o public\n"
NOT_OURS = "this folder has files afterview did not write, and a site build replaces the whole folder"
SAME_INPUT_HINT = "  hint: write to another file, or to stdout with '-o -'\n"
TAKEN_HINT = ("  hint: rename or move the file: the home page, rules/, overlays/, templates/, sources/ and calendars/ "
              "are generated, and names are lower-cased with punctuation made '-'\n")


@pytest.fixture(autouse=True)
def _writes_stay_in_tmp(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests reproduce writes to /, /var/www and /dev/null: a regression must fail them, not damage the
    machine. Outside pytest's temporary folder only opening a device or FIFO for writing is allowed."""
    import builtins

    base = str(tmp_path_factory.getbasetemp().resolve())

    def inside(path: Any) -> bool:
        return os.path.abspath(os.fspath(path)).startswith(base + os.sep)

    def guard(name: str, real: Any, *positions: int) -> None:
        def guarded(*args: Any, **kwargs: Any) -> Any:
            for i in positions:
                if isinstance(args[i], (str, bytes, os.PathLike)) and not inside(args[i]):
                    raise AssertionError(f"test guard: {name}({args[i]!r}) outside the test's folder")
            return real(*args, **kwargs)
        monkeypatch.setattr(os, name, guarded)

    guard("mkdir", os.mkdir, 0)
    guard("rename", os.rename, 1)
    guard("replace", os.replace, 1)
    real_open = builtins.open

    def opened(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        writing = any(c in mode for c in "wax+")
        special = os.path.exists(file) and not stat.S_ISREG(os.stat(file).st_mode) if writing else False
        if writing and isinstance(file, (str, os.PathLike)) and not inside(file) and not special:
            raise AssertionError(f"test guard: open({file!r}, {mode!r}) outside the test's folder")
        return real_open(file, mode, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", opened)
    monkeypatch.setattr(io, "open", opened)


def snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every path under ``folder`` with its bytes (None for folders), to compare byte for byte."""
    return {p.relative_to(folder).as_posix(): None if p.is_dir() else p.read_bytes() for p in sorted(folder.rglob("*"))}


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


# ---- site build: the output folder ----

def test_site_build_refuses_a_folder_it_did_not_write(afterview_cli: Any, afterview_project: Any) -> None:
    subprocess.run(["git", "init", "-q", "proj"], check=True)
    Path("proj/notes.txt").write_text("x\n")
    before = snapshot(Path("proj"))
    result = afterview_cli("site", "build", "-o", "proj")
    assert (result.code, result.err) == (2, f"proj: {NOT_OURS}\n{HINT}")
    assert snapshot(Path("proj")) == before and ".git" in before and before["notes.txt"] == b"x\n"
    assert sorted(p.name for p in afterview_project.root.iterdir()) == ["proj"]


@pytest.mark.slow
def test_site_build_uses_a_missing_or_empty_folder_and_replaces_its_own(afterview_cli: Any, afterview_project: Any) -> None:
    Path("empty").mkdir()
    for folder in ("missing/public", "empty", "empty"):  # the second build into 'empty' replaces a marked site
        result = afterview_cli("site", "build", "-o", folder)
        assert result.code == 0, result.err
        assert Path(folder, ".afterview-site").read_text() == '{"generator": "afterview", "kind": "site"}\n'
        assert Path(folder, "index.html").is_file()
    assert sorted(p.name for p in afterview_project.root.iterdir()) == ["empty", "missing"]


def test_site_build_refuses_its_content_and_theme_folders_and_their_parents(afterview_cli: Any,
                                                                             afterview_project: Any) -> None:
    afterview_project.write("docs/about.md", "# About\n")
    afterview_project.write("look/static/x.css", "p {}\n")
    before = snapshot(afterview_project.root)
    for args, why in ((["-o", "docs", "--content", "docs"], "is the --content folder"),
                      (["-o", "docs/", "--content", "./docs"], "is the --content folder"),
                      (["-o", "look", "--theme", "look"], "is the --theme folder"),
                      (["-o", ".", "--content", "docs"], "holds the --content folder")):
        result = afterview_cli("site", "build", *args)
        assert (result.code, result.err) == (
            2, f"-o: '{Path(args[1])}' {why}; a site build replaces its whole output folder\n{HINT}")
    assert snapshot(afterview_project.root) == before


def test_site_build_refuses_home_and_root_even_when_empty(afterview_cli: Any, afterview_project: Any,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    Path("home").mkdir()
    monkeypatch.setenv("HOME", str(Path("home").resolve()))
    result = afterview_cli("site", "build", "-o", os.path.expanduser("~"))
    assert (result.code, result.err) == (
        2, f"-o: '{Path('home').resolve()}' is your home folder; a site build replaces its whole output folder\n{HINT}")
    result = afterview_cli("site", "build", "-o", "/")
    assert (result.code, result.err) == (2, f"-o: '/' is the root folder; a site build replaces its whole output folder\n{HINT}")
    assert list(Path("home").iterdir()) == []


def test_site_build_refuses_an_existing_file(afterview_cli: Any, afterview_project: Any) -> None:
    afterview_project.write("notes.txt", "keep me\n")
    result = afterview_cli("site", "build", "-o", "notes.txt")
    assert (result.code, result.err) == (2, f"notes.txt: is a file, not a folder; a site build writes a whole folder\n{HINT}")
    assert snapshot(afterview_project.root) == {"notes.txt": b"keep me\n"}  # and no hidden .notes.txt-old-PID


@pytest.mark.slow
def test_site_build_follows_a_symlink_only_to_its_own_build(afterview_cli: Any, afterview_project: Any) -> None:
    afterview_project.write("mine/notes.txt", "x\n")
    Path("link").symlink_to("mine")
    result = afterview_cli("site", "build", "-o", "link")
    assert (result.code, result.err) == (2, f"link (-> {Path('mine').resolve()}): {NOT_OURS}\n{HINT}")
    assert snapshot(Path("mine")) == {"notes.txt": b"x\n"}
    assert afterview_cli("site", "build", "-o", "site").code == 0
    Path("site/stale.html").write_text("from an older build")
    with Path("site/.afterview-files").open("a") as manifest:  # a page an earlier build wrote, since gone
        manifest.write("stale.html\n")
    Path("link").unlink()
    Path("link").symlink_to("site")
    result = afterview_cli("site", "build", "-o", "link")
    assert result.code == 0, result.err
    assert Path("link").is_symlink() and os.readlink("link") == "site"
    assert Path("site/index.html").is_file() and not Path("site/stale.html").exists()


@pytest.mark.slow
def test_a_killed_builds_marked_leftovers_are_cleaned(afterview_cli: Any, afterview_project: Any) -> None:
    assert afterview_cli("site", "build", "-o", "public").code == 0
    marker = Path("public/.afterview-site").read_bytes()
    gone, alive = dead_pid(), os.getpid()
    for name in (f".afterview-staging-{gone}-k1ll3d_9-public", f".afterview-old-{gone}-public",
                 f".afterview-staging-{alive}-running-public", f".afterview-staging-{gone}-k1ll3d_9-public2"):
        Path(name).mkdir()
        Path(name, ".afterview-site").write_bytes(marker)
    Path(f".afterview-staging-{gone}-unmarked-public").mkdir()  # looks like ours, but no marker: not ours
    Path(".public-abc123").mkdir()  # the old naming carried no marker: left alone
    assert afterview_cli("site", "build", "-o", "public").code == 0
    assert sorted(p.name for p in afterview_project.root.iterdir()) == sorted([
        f".afterview-staging-{gone}-k1ll3d_9-public2", f".afterview-staging-{gone}-unmarked-public",
        f".afterview-staging-{alive}-running-public", ".public-abc123", "public"])


# ---- site build: where content pages go ----

@pytest.mark.slow
def test_a_punctuation_only_folder_cannot_write_outside_the_site(afterview_cli: Any, afterview_project: Any) -> None:
    afterview_project.write("content/!!!/var/www/pwn.md", "# Pwned\n")
    result = afterview_cli("site", "build", "-o", "public", "--content", "content")
    assert result.code == 0, result.err
    assert Path("public/page-e84c538e/var/www/pwn/index.html").is_file()  # 'page-' + sha256('!!!')[:8]
    assert sorted(p.name for p in afterview_project.root.iterdir()) == ["content", "public"]


@pytest.mark.slow
def test_content_index_md_cannot_replace_the_home_page(afterview_cli: Any, afterview_project: Any) -> None:
    afterview_project.write("content/index.md", "# Home\n")
    result = afterview_cli("site", "build", "-o", "public", "--content", "content")
    assert (result.code, result.err) == (
        1, f"content/index.md: index.html is already taken by the generated page 'What to do after a job interview'\n"
           f"{TAKEN_HINT}")
    assert not Path("public").exists()


@pytest.mark.slow
def test_content_cannot_replace_a_generated_page(afterview_cli: Any, afterview_project: Any) -> None:
    afterview_project.write("content/Templates.md", "# Mine\n")
    result = afterview_cli("site", "build", "-o", "public", "--content", "content")
    assert (result.code, result.err) == (
        1, f"content/Templates.md: templates/index.html is already taken by the generated page 'Message templates'\n"
           f"{TAKEN_HINT}")


@pytest.mark.slow
def test_colliding_content_slugs_name_both_files(afterview_cli: Any, afterview_project: Any) -> None:
    afterview_project.write("content/Salary Talk.md", "# One\n")
    afterview_project.write("content/salary-talk.md", "# Two\n")
    result = afterview_cli("site", "build", "-o", "public", "--content", "content")
    assert (result.code, result.err) == (
        1, f"content/salary-talk.md: salary-talk/index.html is already taken by content/Salary Talk.md\n{TAKEN_HINT}")


@pytest.mark.slow
def test_a_plugin_file_outside_the_site_is_refused(afterview_cli: Any, afterview_project: Any) -> None:
    from afterview.guide.model import SiteFile

    sneaky = ModuleType("afterview_sneaky")
    sneaky.register_site_pages = hookimpl(lambda app, site: [SiteFile("../escape.txt", b"x")])
    result = afterview_cli("site", "build", "-o", "public", plugins=[sneaky])
    assert (result.code, result.err) == (1, "../escape.txt: plugin afterview_sneaky writes '../escape.txt', "
                                            "which is not a path inside the site\n"
                                            "  hint: site paths are relative, without '..'\n")
    assert sorted(p.name for p in afterview_project.root.iterdir()) == []


@pytest.mark.parametrize("path", ["/tmp/escape.txt", "../escape.txt", "a/../../escape.txt", ".afterview-site"])
def test_the_site_writer_refuses_paths_outside_the_site(afterview_project: Any, path: str) -> None:
    from afterview.errors import AfterviewError
    from afterview.guide.build import write_atomically

    target = afterview_project.root / "out" / "public"
    with pytest.raises(AfterviewError) as caught:
        write_atomically({path: b"x"}, target)
    assert str(caught.value) == (f"{target}: refusing to write '{path}': it is not a path inside the site folder\n"
                                 "  hint: a plugin or content file made this path; site paths are relative, without '..'")
    assert sorted(p.name for p in (afterview_project.root / "out").iterdir()) == []


# ---- plan -o ----

def plan_text(afterview_cli: Any, *args: str) -> str:
    result = afterview_cli("plan", "acme.yaml", "--now", "2026-11-19T08:00", *args)
    assert result.code == 0, result.err
    return result.out


def test_plan_dash_o_writes_stdout(afterview_cli: Any, acme: Path) -> None:
    expected = plan_text(afterview_cli)
    assert plan_text(afterview_cli, "-o", "-") == expected
    assert not Path("-").exists()


def test_plan_reads_facts_from_stdin(afterview_cli: Any, acme: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = plan_text(afterview_cli)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(acme.read_bytes())))
    result = afterview_cli("plan", "-", "--now", "2026-11-19T08:00")
    assert (result.code, result.out) == (0, expected)


def test_plan_writes_through_a_symlink(afterview_cli: Any, acme: Path) -> None:
    Path("real").mkdir()
    Path("real/plan.txt").write_text(plan_text(afterview_cli, "--now", "2026-11-18T08:00"))  # an earlier plan
    Path("plan.txt").symlink_to("real/plan.txt")
    expected = plan_text(afterview_cli)
    plan_text(afterview_cli, "-o", "plan.txt")
    assert Path("plan.txt").is_symlink() and os.readlink("plan.txt") == "real/plan.txt"
    assert Path("real/plan.txt").read_text() == expected
    assert sorted(p.name for p in Path("real").iterdir()) == ["plan.txt"]


def test_plan_writes_to_dev_null_without_replacing_it(afterview_cli: Any, acme: Path) -> None:
    plan_text(afterview_cli, "-o", "/dev/null")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_plan_writes_into_a_fifo(afterview_cli: Any, acme: Path) -> None:
    os.mkfifo("pipe")
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(Path("pipe").read_bytes()), daemon=True)
    reader.start()
    expected = plan_text(afterview_cli)
    plan_text(afterview_cli, "-o", "pipe")
    reader.join(timeout=10)
    assert received == [expected.encode()]
    assert stat.S_ISFIFO(os.stat("pipe").st_mode)


def test_plan_new_file_honours_the_umask_and_keeps_an_existing_mode(afterview_cli: Any, acme: Path) -> None:
    old = os.umask(0o022)
    try:
        plan_text(afterview_cli, "-o", "new.txt")
        assert stat.S_IMODE(os.stat("new.txt").st_mode) == 0o644
        os.chmod("new.txt", 0o640)
        plan_text(afterview_cli, "-o", "new.txt")
        assert stat.S_IMODE(os.stat("new.txt").st_mode) == 0o640
    finally:
        os.umask(old)


def test_plan_output_equal_to_the_facts_file_is_a_usage_error(afterview_cli: Any, acme: Path) -> None:
    before = acme.read_bytes()
    for output in ("acme.yaml", "./acme.yaml", str(acme.resolve())):
        result = afterview_cli("plan", "acme.yaml", "-o", output)
        assert (result.code, result.err) == (
            2, f"-o: '{output}' is also an input (acme.yaml); writing there would replace it\n{SAME_INPUT_HINT}")
    assert acme.read_bytes() == before


def test_plan_output_equal_to_a_ruleset_file_is_a_usage_error(afterview_cli: Any, acme: Path,
                                                              afterview_project: Any) -> None:
    rules = afterview_project.write("mine.yaml", "id: mine\ntitle: Mine\nextends: default\n")
    before = rules.read_bytes()
    result = afterview_cli("plan", "acme.yaml", "--ruleset", "mine.yaml", "-o", "mine.yaml")
    assert (result.code, result.err) == (
        2, f"-o: 'mine.yaml' is also an input (mine.yaml); writing there would replace it\n{SAME_INPUT_HINT}")
    assert rules.read_bytes() == before
