"""Rebuilding a site reuses what did not change (the kept earlier site, hard links to the live one) and still
writes exactly the bytes of a cold build, without ever changing an earlier site's files in place."""

from __future__ import annotations

import os
from importlib.resources import files as package_files
from pathlib import Path
from typing import Any

import pytest

from afterview.guide import spare


def write_corpus(root: Path, pages: int) -> None:
    for i in range(pages):
        folder = root / f"section-{i // 10:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"page-{i:04d}.md").write_text(f"---\ntitle: Article {i:04d}\norder: {i}\n---\nPage {i}.\n")


# The default ruleset by path: no overlays, one planner program, so each build takes half the time.
RULESET = str(Path(str(package_files("afterview") / "rulesets" / "default.yaml")))
ARGS = ("site", "build", "--content", "content", "--ruleset", RULESET, "-o")


def files(site: Path) -> dict[str, bytes | None]:
    """Every path below ``site`` with its bytes (None for a folder)."""
    return {p.relative_to(site).as_posix(): None if p.is_dir() else p.read_bytes() for p in sorted(site.rglob("*"))}


def cold(afterview_cli: Any, monkeypatch: pytest.MonkeyPatch, name: str) -> dict[str, bytes | None]:
    """A build with every cache off, into a new folder."""
    with monkeypatch.context() as patch:
        patch.setenv("AFTERVIEW_NO_CACHE", "1")
        assert afterview_cli(*ARGS, name).code == 0
    return files(Path(name))


def build(afterview_cli: Any) -> None:
    result = afterview_cli(*ARGS, "public")
    assert result.code == 0, result.err


PAGE = "public/section-00/page-0003/index.html"


@pytest.mark.slow
def test_a_rebuild_writes_the_bytes_of_a_cold_build(afterview_cli: Any, afterview_project: Any,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    write_corpus(Path("content"), 30)
    build(afterview_cli)
    edits = [  # one page changed; a page removed and one added; the first page changed again, its order dropped
        lambda: Path("content/section-01/page-0012.md").write_text("---\ntitle: Changed\norder: 12\n---\nNew.\n"),
        lambda: (Path("content/section-02/page-0025.md").unlink(), Path("content/extra.md").write_text("# Extra\n")),
        lambda: Path("content/section-01/page-0012.md").write_text("---\ntitle: Article 0012\n---\nAgain.\n"),
    ]
    reused = []
    for i, edit in enumerate(edits):
        before = {p: (p.read_bytes(), os.stat(p).st_ino) for p in Path("public").rglob("*.html")}
        edit()
        build(afterview_cli)
        assert files(Path("public")) == cold(afterview_cli, monkeypatch, f"cold-{i}")
        after = {p: (p.read_bytes(), os.stat(p).st_ino) for p in Path("public").rglob("*.html")}
        same = [p for p in before if p in after and before[p][0] == after[p][0]]
        assert all(before[p][1] == after[p][1] for p in same)  # a page whose bytes did not change is reused
        reused.append(len(same))
    assert reused[0] > 20, reused
    assert not Path("public/section-02/page-0025").exists() and Path("public/extra/index.html").is_file()


@pytest.mark.slow
def test_an_earlier_site_never_changes_when_a_later_one_is_built(afterview_cli: Any, afterview_project: Any,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    write_corpus(Path("content"), 20)
    changed = Path("content/section-00/page-0003.md")
    build(afterview_cli)
    changed.write_text("Version two.\n")
    build(afterview_cli)  # the first site is kept now, sharing its unchanged files' inodes with this one
    os.rename("public", "published")  # a user keeps this site; the next builds recycle the one kept before it
    before = files(Path("published"))
    inodes = {p: os.stat(p).st_ino for p in Path("published").rglob("*.html")}
    for text in ("Version three.\n", "Version two.\n", "Version four.\n"):
        changed.write_text(text)
        build(afterview_cli)
        assert files(Path("published")) == before
        assert {p: os.stat(p).st_ino for p in Path("published").rglob("*.html")} == inodes
    assert b"Version four." in Path(PAGE).read_bytes()
    shared = [p for p in Path("published").rglob("*.html") if os.stat(p).st_nlink > 1]
    assert len(shared) > 20  # the published site's unchanged pages are shared, and were never written into
    assert files(Path("public")) == cold(afterview_cli, monkeypatch, "cold")


def test_a_page_edited_in_the_output_is_written_again(afterview_cli: Any, afterview_project: Any,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    write_corpus(Path("content"), 10)
    build(afterview_cli)
    build(afterview_cli)  # the live site's pages are now hard links into the kept one
    original = Path(PAGE).read_bytes()
    with open(PAGE, "r+b") as page:  # edited in place, same size: both sites see it through the shared inode
        page.write(original.replace(b"<html", b"<HTML"))
    build(afterview_cli)
    assert Path(PAGE).read_bytes() == original
    build(afterview_cli)
    assert files(Path("public")) == cold(afterview_cli, monkeypatch, "cold")


def kept_site(afterview_cli: Any, pages: int) -> Path:
    """Build a corpus of ``pages`` twice, so the first site is kept in the cache; return where it is kept."""
    write_corpus(Path("content"), pages)
    build(afterview_cli)
    build(afterview_cli)
    kept = spare.place(Path("public").resolve())
    assert kept is not None and (kept / ".afterview-site").is_file()
    return kept


def test_a_damaged_kept_site_only_makes_the_build_write_more(afterview_cli: Any, afterview_project: Any,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    kept = kept_site(afterview_cli, 10)
    (kept / "stray.html").write_text("not in the site")
    (kept / "section-00/page-0001/index.html").unlink()
    (kept / "section-00/page-0001/index.html").symlink_to("/etc/hostname")
    (kept / "section-00/page-0002/index.html").unlink()
    (kept / "section-00/page-0002/index.html").mkdir()
    (kept / "section-00/page-0002/index.html/deep.html").write_text("x")
    for child in (kept / "section-00/page-0004").iterdir():
        child.unlink()
    (kept / "section-00/page-0004").rmdir()
    (kept / "section-00/page-0004").write_text("a file where a folder was")
    Path("public/section-00/page-0005/index.html").write_text("edited in the live site")
    build(afterview_cli)
    assert files(Path("public")) == cold(afterview_cli, monkeypatch, "cold")
    assert Path("/etc/hostname").exists()  # the link was removed, not followed


def test_an_unmarked_kept_site_is_not_used(afterview_cli: Any, afterview_project: Any,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    kept = kept_site(afterview_cli, 5)
    (kept / ".afterview-site").unlink()
    (kept / "mine.txt").write_text("whoever made this folder, afterview did not mark it")
    build(afterview_cli)
    assert (kept / "mine.txt").read_text().startswith("whoever")
    assert files(Path("public")) == cold(afterview_cli, monkeypatch, "cold")


def test_only_afterviews_own_kept_sites_are_evicted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """AFTERVIEW_CACHE_DIR may point at a folder whose sites/ the user owns: only marked, hex-named sites go."""
    from afterview.guide.output_dir import mark

    monkeypatch.setenv("AFTERVIEW_CACHE_DIR", str(tmp_path))
    sites = tmp_path / "sites"
    mine, unmarked = sites / "my-photos", sites / ("a" * 24)
    for folder in (mine, unmarked):
        folder.mkdir(parents=True)
        (folder / "keep.txt").write_text("mine", encoding="utf-8")
    mark(mine)  # even a marked folder of the user's is not afterview's if its name is not one place() makes
    stopped = sites / ("b" * 24 + ".evicting-123")  # an eviction a killed build left half done
    stopped.mkdir()
    mark(stopped)
    for n in range(4):
        old = tmp_path / f"old-{n}"
        old.mkdir()
        mark(old)
        assert spare.keep(old, tmp_path / f"public-{n}")
        kept_site = spare.place(tmp_path / f"public-{n}")
        assert kept_site is not None
        os.utime(kept_site, (1000 + n, 1000 + n))  # distinct ages: the clock's grain can tie quick builds
    kept = sorted(p.name for p in sites.iterdir())
    assert kept == sorted([mine.name, unmarked.name, spare.place(tmp_path / "public-2").name,  # type: ignore[union-attr]
                           spare.place(tmp_path / "public-3").name])  # type: ignore[union-attr]
    assert (mine / "keep.txt").read_text(encoding="utf-8") == "mine"
    assert not stopped.exists()
    assert (unmarked / "keep.txt").read_text(encoding="utf-8") == "mine"
