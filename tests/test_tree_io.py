"""The site writer's threads: files sent in batches, each making any folder it finds missing."""

from __future__ import annotations

from pathlib import Path

import pytest

from afterview.guide import tree_io
from afterview.guide.tree_io import Reuse, TreeWriter


def _tree(root: Path) -> dict[str, bytes | None]:
    return {p.relative_to(root).as_posix(): (p.read_bytes() if p.is_file() else None) for p in root.rglob("*")}


def test_a_file_whose_folder_another_batch_makes_makes_it_itself(tmp_path: Path) -> None:
    writer = TreeWriter(tmp_path)
    try:
        writer._put_all([([], "a/b/page.html", b"<p>one</p>")])  # as if a/ and a/b/ were another batch's
        writer._put_all([(["a", "a/b"], "a/b/next.html", b"<p>two</p>")])  # that batch, later: made is fine
    finally:
        writer.close()
    assert _tree(tmp_path) == {"a": None, "a/b": None, "a/b/page.html": b"<p>one</p>",
                               "a/b/next.html": b"<p>two</p>"}


def test_an_earlier_site_s_file_where_a_folder_goes_is_replaced_by_whichever_batch_comes_first(
        tmp_path: Path) -> None:
    (tmp_path / "a").write_text("an old page")
    writer = TreeWriter(tmp_path, Reuse(recycled=True))
    try:
        writer._put_all([([], "a/b/page.html", b"new")])
    finally:
        writer.close()
    assert _tree(tmp_path) == {"a": None, "a/b": None, "a/b/page.html": b"new"}


@pytest.mark.parametrize("batch", [1, 3, 16])
def test_many_files_in_shared_and_own_folders_all_arrive(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         batch: int) -> None:
    monkeypatch.setattr(tree_io, "BATCH", batch)
    files = {"index.html": b"home", **{f"s{i % 7}/p{i}/index.html": f"page {i}".encode() for i in range(200)}}
    writer = tree_io.write_tree(tmp_path, files.items())
    assert writer.paths == list(files) and sorted(writer.written) == sorted(files)
    assert {k: v for k, v in _tree(tmp_path).items() if v is not None} == files
    assert len(writer.pending) == len(files) // batch + len(files) % batch  # a task a batch; the rest, one each
