"""A guide build's own files and caches: a LaterFile to a plugin, no fcntl needed, template writes swept."""

from __future__ import annotations

import dataclasses
import pickle
import subprocess
import sys

from afterview.guide.model import LaterFile, SiteFile


def test_a_later_file_is_a_site_file_to_a_plugin() -> None:
    made: list[int] = []

    def compute() -> bytes:
        made.append(1)
        return b"window.x = 1;\n"

    later = LaterFile("planner/plan-data.js", compute=compute)
    assert repr(later) == "LaterFile(path='planner/plan-data.js', data=<not made yet>)" and made == []
    assert later == SiteFile("planner/plan-data.js", b"window.x = 1;\n") == later and made == [1]
    replaced = dataclasses.replace(later, data=b"mine")
    assert (replaced.path, replaced.data) == ("planner/plan-data.js", b"mine")
    copied = pickle.loads(pickle.dumps(later))
    assert type(copied) is SiteFile and copied.data == b"window.x = 1;\n" and made == [1]


def test_the_guide_builds_where_there_is_no_fcntl(tmp_path: object) -> None:
    code = ("import sys; sys.modules['fcntl'] = None\n"
            "from afterview.guide.build import build_site\n"
            "from afterview.guide.forked import Child\n"
            "kids = []; Child(lambda: 42, kids); print(kids[0].result())\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout == "42\n"


def test_a_template_write_that_never_finished_is_swept_once_stale(tmp_path: object, monkeypatch: object) -> None:
    import os
    import time
    from pathlib import Path

    from afterview.guide.render import _OPTIONS
    from afterview.guide.template_cache import STALE_SECONDS, bytecode_cache

    folder = Path(str(tmp_path)) / "cache"
    monkeypatch.setenv("AFTERVIEW_CACHE_DIR", str(folder))  # type: ignore[attr-defined]
    cache = bytecode_cache(_OPTIONS, {})
    templates = Path(cache.directory)
    stale, fresh, entry = templates / "tmpa1b2.tmp", templates / "tmpc3d4.tmp", templates / "__jinja2_x.cache"
    for path in (stale, fresh, entry):
        path.write_bytes(b"half")
    old = time.time() - STALE_SECONDS - 5
    os.utime(stale, (old, old))
    os.utime(entry, (old, old))
    bytecode_cache(_OPTIONS, {})
    assert sorted(p.name for p in templates.iterdir()) == ["__jinja2_x.cache", "tmpc3d4.tmp"]
