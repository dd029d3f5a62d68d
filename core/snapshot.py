"""Compiled built-in rulesets, pickled into the user cache and loaded in one read (plus one per layer not yet read).

A cold ``afterview plan`` spent about 22 ms reading validated layers back from
the JSON cache, merging and compiling them, and importing the modules that do
it; unpickling the compiled ``Ruleset`` takes under 1 ms. The key is the
package version, the Python version, the references, and a hash of the
content of every built-in ruleset file, so editing a built-in file or
upgrading afterview builds a new snapshot on first use. Only plain built-in
references with the built-in condition operators are snapshotted: a plugin's
operator may not survive pickling. A snapshot is read and written only in a cache folder that is the
user's own (``_cache.trusted``); every failure falls back to the normal load.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from afterview import _cache
from afterview._version import __version__
from afterview.cache_stamps import install_stamp
from afterview.digest import blake2b

RULESETS = Path(__file__).parent / "rulesets"
# Bump when the compiled classes change shape: a snapshot pickled by older code would unpickle into objects the
# engine no longer understands, and a development install keeps its version number. 2: parsed anchors, Kind.
# 3: Lifecycle keeps the live phases per set of stages. 4: Layer.digest. 5: layers pickled apart, by digest.
# 6: calendars (a per-process memo) are not pickled, and a layer's parsed data is one marshal blob.
# 7: no persistent ids: operators by reference, layers through ``_layer``.
LAYOUT = 7


# Each built-in file's digest, by the file's identity and stat: the guide looks up some 55 snapshots a build, and
# reading and hashing the ~28 files every time was about 1 ms each. An edited file changes its size, mtime or
# ctime (which nothing can set back), so it is read again; a file changed within SETTLE_NS of the look-up is never
# remembered, since two writes that close together can leave the same size and timestamps (the clock is coarse).
SETTLE_NS = 2_000_000_000
_DIGESTS: dict[str, tuple[tuple[int, int, int, int, int], bytes]] = {}


def _builtin_files(folder: Path | None = None) -> dict[str, bytes]:
    """Each built-in ruleset file's name -> a digest of its bytes (``folder``: instead of RULESETS)."""
    found = {}
    now = time.time_ns()
    with os.scandir(folder or RULESETS) as entries:
        for entry in entries:
            if not entry.name.endswith(".yaml"):
                continue
            info = entry.stat()
            stamp = (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)
            known = _DIGESTS.get(entry.path)
            if known is not None and known[0] == stamp:
                found[entry.name] = known[1]
                continue
            digest = blake2b(Path(entry.path).read_bytes()).digest()
            if now - max(info.st_mtime_ns, info.st_ctime_ns) > SETTLE_NS:
                _DIGESTS[entry.path] = (stamp, digest)
            else:
                _DIGESTS.pop(entry.path, None)
            found[entry.name] = digest
    return found


def _key(refs: list[str], files: dict[str, bytes]) -> str:
    """``files``: ``_builtin_files()``'s digests."""
    digest = blake2b(f"{__version__}\0{LAYOUT}\0{sys.version}\0{install_stamp()}\0{'/'.join(refs)}\0".encode())
    for name in sorted(files):
        digest.update(name.encode() + b"\0" + files[name] + b"\0")
    return digest.hexdigest()[:32]


def load(refs: list[str], operators: dict[str, Any], builtin: dict[str, Any],
         compile_ruleset: Callable[[], Any], *, keep: bool = True) -> Any:
    """The ruleset for ``refs``: from the snapshot when they are all built-in names, else ``compile_ruleset()``,
    snapshotted unless ``keep`` is false."""
    folder = _cache.cache_dir()
    if folder is None or not _plain(refs, operators, builtin):
        return compile_ruleset()
    try:
        files = _builtin_files()
    except OSError:
        return compile_ruleset()
    if not all(f"{ref}.yaml" in files for ref in refs):
        return compile_ruleset()
    path = folder / f"snapshot-{_key(refs, files)}.pickle"
    # Unpickling runs code: only from a folder, and a file, no one else can write (``_cache.read_code``).
    found = _cache.read_code(path) if _cache.trusted(folder) else None
    if found is not None:
        try:
            loaded = _unpickle(found, builtin, folder)
        except Exception:  # truncated or from another build (or one of its layers is): rebuild it
            loaded = None
        from afterview.rules.model import Ruleset

        if isinstance(loaded, Ruleset):
            return loaded
    ruleset = compile_ruleset()
    if keep:
        _keep(ruleset, folder, path.name, rewrite=found is not None)
    return ruleset


def _keep(ruleset: Any, folder: Path, name: str, *, rewrite: bool) -> None:
    """Snapshot ``ruleset`` as ``name`` (``rewrite``: a snapshot was there and did not load)."""
    from contextlib import suppress

    with suppress(OSError):  # on a first run nothing may have made the folder yet: made the user's own
        _cache.make_folder(folder)
    if not _cache.trusted(folder):
        return
    with suppress(Exception):  # a ruleset that does not pickle is simply not snapshotted
        data, layers = _pickle(ruleset)
        for digest, layer in layers.items():
            # Layer files are named by content, and the guide's rulesets share most layers: one already written
            # is kept, unless the snapshot did not load (one of its layers may be the damaged part).
            layer_name = _layer_name(digest)
            if rewrite or not _cache.present(folder / layer_name):
                _cache.write_bytes(layer_name, _pickle(layer)[0], code=True)
        _cache.write_bytes(name, data, code=True)


# Layers by content digest (Layer.digest), each unpickled once per process: the guide's thirteen overlay rulesets
# all hold the default layer, which is most of a snapshot's bytes, so it is kept in a file of its own. At most
# LAYER_MEMO are kept (the built-ins have about 30), the oldest read going first, so a long-lived process that
# loads many rulesets does not grow without bound.
LAYER_MEMO = 64
_LAYERS: dict[str, Any] = {}


def _layer_name(digest: str) -> str:
    """Keyed like a snapshot on the layout, Python and afterview's code, since it is pickled the same way."""
    key = f"{LAYOUT}{sys.version}{install_stamp()}{digest}"
    return f"snapshot-layer-{blake2b(key.encode()).hexdigest()[:32]}.pickle"


def _layer(digest: str) -> Any:
    """Stands, in a pickled ruleset, for the layer with that digest; ``_unpickle`` reads the layer's own file."""
    raise ValueError(f"layer {digest} is read through the snapshot")


def _pickle(obj: Any) -> tuple[bytes, dict[str, Any]]:
    """``obj`` pickled, with a ruleset's layers stored by digest; and those layers.

    The built-in condition operators are named functions, pickled by reference. ``reducer_override`` is only
    called for objects other than plain containers and scalars: a ``persistent_id`` ran for every object (about
    10,000 a ruleset), which tripled the time.
    """
    import io
    import pickle

    from afterview.rules.model import Layer

    layers: dict[str, Any] = {}

    class Pickler(pickle.Pickler):
        def reducer_override(self, found: Any) -> Any:
            if found is not obj and type(found) is Layer and found.digest:
                layers[found.digest] = found
                return _layer, (found.digest,)
            return NotImplemented

    out = io.BytesIO()
    Pickler(out, protocol=pickle.HIGHEST_PROTOCOL).dump(obj)
    return out.getvalue(), layers


def _unpickle(data: bytes, builtin: dict[str, Any], folder: Path) -> Any:
    """Through the C unpickler: importing pickle.py builds its pure-Python classes (about 4 ms)."""
    import io

    try:
        from _pickle import Unpickler
    except ImportError:  # another Python implementation
        from pickle import Unpickler

    def persistent(pid: tuple[str, str]) -> Any:
        layer = _LAYERS.get(pid[1])
        if layer is None:
            data = _cache.read_code(folder / _layer_name(pid[1]))
            if data is None:
                raise ValueError("layer file missing or not the user's own")
            layer = _unpickle(data, builtin, folder)
            from afterview.rules.model import Layer

            if not isinstance(layer, Layer) or layer.digest != pid[1]:
                raise ValueError("not the layer the snapshot names")
            while len(_LAYERS) >= LAYER_MEMO:
                del _LAYERS[next(iter(_LAYERS))]
            _LAYERS[pid[1]] = layer
        return layer

    class Reader(Unpickler):
        def find_class(self, module: str, name: str) -> Any:
            if module == __name__ and name == "_layer":
                return lambda digest: persistent(("layer", digest))
            return super().find_class(module, name)

    return Reader(io.BytesIO(data)).load()


def _plain(refs: list[str], operators: dict[str, Any], builtin: dict[str, Any]) -> bool:
    from afterview.rules.locate import is_path

    if not refs or any(is_path(ref) for ref in refs):
        return False
    return operators.keys() == builtin.keys() and all(operators[k] is builtin[k] for k in builtin)
