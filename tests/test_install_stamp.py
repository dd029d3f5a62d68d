"""Compiled built-in rulesets are keyed on afterview's code: a reinstall or an edit in a checkout makes a new key."""

from __future__ import annotations

import os
from pathlib import Path

from afterview.cache_stamps import package_code_stamp


def _package(root: Path) -> Path:
    package = root / "afterview"
    (package / "rules").mkdir(parents=True)
    for name in ("__init__.py", "_version.py", "rules/compile.py"):
        (package / name).write_text("x = 1\n")
    return package


def _touch(path: Path, seconds: int) -> None:
    os.utime(path, ns=(seconds * 10**9, seconds * 10**9))


def test_a_regular_install_is_known_by_when_it_was_written(tmp_path: Path) -> None:
    package = _package(tmp_path / "site-packages")
    before = package_code_stamp(package)
    _touch(package / "_version.py", 1_700_000_000)  # pip writes every file anew, whatever the version says
    assert package_code_stamp(package) != before


def test_an_edit_in_a_checkout_makes_a_new_stamp(tmp_path: Path) -> None:
    package = _package(tmp_path)
    (tmp_path / "pyproject.toml").write_text("[project]\n")
    before = package_code_stamp(package)
    (package / "rules" / "compile.py").write_text("x = 2\n")
    assert package_code_stamp(package) != before


def test_an_edit_behind_a_strict_editable_installs_links_makes_a_new_stamp(tmp_path: Path) -> None:
    source = _package(tmp_path / "checkout")
    linked = tmp_path / "build" / "afterview"
    (linked / "rules").mkdir(parents=True)
    for name in ("__init__.py", "_version.py", "rules/compile.py"):
        (linked / name).symlink_to(source / name)
    before = package_code_stamp(linked)
    (source / "rules" / "compile.py").write_text("x = 22\n")
    assert package_code_stamp(linked) != before


def test_two_installs_whose_files_share_one_time_differ_by_folder(tmp_path: Path) -> None:
    one, two = _package(tmp_path / "a"), _package(tmp_path / "b")
    for package in (one, two):  # Nix and Guix give every installed file the same time
        _touch(package / "_version.py", 1)
    assert package_code_stamp(one) != package_code_stamp(two)
