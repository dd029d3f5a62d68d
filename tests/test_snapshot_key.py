"""The snapshot key follows the built-in ruleset files' bytes, though their digests are remembered by stat."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from afterview import snapshot

HOUR_NS = 3600 * 10**9


def _copy_rulesets(folder: Path) -> Path:
    """The built-in ruleset files, copied, with an hour-old mtime (their ctime is now: nothing sets it back)."""
    folder.mkdir()
    old = time.time_ns() - HOUR_NS
    for source in sorted(snapshot.RULESETS.glob("*.yaml")):
        shutil.copyfile(source, folder / source.name)
        os.utime(folder / source.name, ns=(old, old))
    return folder


def _same_size_edit(path: Path) -> None:
    """One character changed: the size stays, so only a timestamp can tell."""
    data = path.read_bytes()
    at = data.index(b"a")
    path.write_bytes(data[:at] + b"b" + data[at + 1:])


def test_an_edited_builtin_file_makes_a_new_key_even_with_its_size_and_mtime_kept(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _copy_rulesets(tmp_path / "rulesets")
    time.sleep(0.05)  # past the file clock's granularity, so the edit below gets another ctime
    monkeypatch.setattr(snapshot, "SETTLE_NS", 0)  # the copies count as settled at once
    files = snapshot._builtin_files(folder)
    assert sorted(files) == sorted(p.name for p in snapshot.RULESETS.glob("*.yaml"))
    assert "default.yaml" in files and len(files) > 20
    key = snapshot._key(["default"], files)
    assert all(str(folder / name) in snapshot._DIGESTS for name in files)  # settled files: remembered
    assert snapshot._key(["default"], snapshot._builtin_files(folder)) == key

    edited = folder / "default.yaml"
    kept = edited.stat()
    _same_size_edit(edited)
    os.utime(edited, ns=(kept.st_atime_ns, kept.st_mtime_ns))  # as a copy that keeps timestamps would
    assert edited.stat().st_size == kept.st_size and edited.stat().st_mtime_ns == kept.st_mtime_ns
    changed = snapshot._key(["default"], snapshot._builtin_files(folder))
    assert changed != key  # the ctime moved: read again
    snapshot._DIGESTS.clear()
    assert snapshot._key(["default"], snapshot._builtin_files(folder)) == changed  # what a new process finds


def test_a_file_changed_just_now_is_read_again_on_every_look_up(tmp_path: Path) -> None:
    folder = _copy_rulesets(tmp_path / "rulesets")
    key = snapshot._key(["default"], snapshot._builtin_files(folder))
    edited = folder / "industry-tech.yaml"
    _same_size_edit(edited)
    first = snapshot._key(["default"], snapshot._builtin_files(folder))
    assert first != key
    assert str(edited) not in snapshot._DIGESTS  # too recent to trust its stat: a second edit may keep it
    _same_size_edit(edited)  # within the clock's granularity, size, mtime and ctime may all be unchanged
    assert snapshot._key(["default"], snapshot._builtin_files(folder)) not in (key, first)


def test_the_key_names_the_refs_and_the_real_builtin_folder_is_remembered() -> None:
    files = snapshot._builtin_files()
    assert snapshot._key(["default"], files) != snapshot._key(["default", "country-de"], files)
    assert snapshot._builtin_files() == files
    assert all(str(snapshot.RULESETS / name) in snapshot._DIGESTS for name in files)
