"""Processes writing one staging folder at once: a file of the recycled earlier site where the new site has a
folder is replaced once, whichever process gets there first, and no process fails for the other's work."""

from __future__ import annotations

import functools
import os
from pathlib import Path

from afterview.guide.forked import Child
from afterview.guide.tree_io import Reuse, TreeWriter

FOLDERS = 300


def write_share(root: Path, start: int, name: str) -> list[str]:
    """Wait for a byte on ``start``, then write ``name`` into every folder, as one build process does."""
    os.read(start, 1)
    writer = TreeWriter(root, Reuse(recycled=True))
    for i in range(FOLDERS):
        writer.write(f"d{i:03d}/sub/{name}", name.encode())
    writer.close()
    return writer.paths


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
