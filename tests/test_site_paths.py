"""Which paths a build writes inside its output folder: relative, without '..', and never the marker file."""

from __future__ import annotations

from pathlib import PurePosixPath

import pytest

from afterview.guide.output_dir import MANIFEST, MARKER, inside_site, site_path

INSIDE = ["index.html", "a/b/index.html", "static/style.css", "x..y/z", ".well-known/x", f"{MARKER}x", f"a/{MARKER}"]
OUTSIDE = ["", "/etc/passwd", "../up", "a/../../b", "a//b", "a/./b", "./a", "a/", "a\\b", MARKER, f"{MARKER}/x", "/",
           MANIFEST, f"{MANIFEST}/x"]


@pytest.mark.parametrize("path", INSIDE)
def test_a_path_inside_the_site_is_its_own_pathlib_form(path: str) -> None:
    assert inside_site(path)
    assert site_path(path) == PurePosixPath(path) and str(PurePosixPath(path)) == path


@pytest.mark.parametrize("path", OUTSIDE)
def test_a_path_that_escapes_or_names_the_marker_is_refused(path: str) -> None:
    assert not inside_site(path)
    assert site_path(path) is None
