"""Rulesets: find, parse and validate the YAML, merge the layers, compile them into rules.

Plugins import the names in ``__all__`` from this package, never its modules;
each is imported on first use, so importing the package costs nothing.
"""

from __future__ import annotations

from afterview import _lazy_dir, _lazy_getattr

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing

__all__ = [
    "SCHEMA_FILES", "Document", "builtin_test_files", "find_overlays", "is_path", "run_file", "schema_document",
    "schema_url", "search_path", "validate_paths",
]

if TYPE_CHECKING:
    from afterview.rules.documents import Document as Document
    from afterview.rules.locate import is_path as is_path
    from afterview.rules.overlays import find_overlays as find_overlays
    from afterview.rules.overlays import search_path as search_path
    from afterview.rules.schema_ids import SCHEMA_FILES as SCHEMA_FILES
    from afterview.rules.schema_ids import schema_document as schema_document
    from afterview.rules.schema_ids import schema_url as schema_url
    from afterview.rules.testfiles import builtin_test_files as builtin_test_files
    from afterview.rules.testfiles import run_file as run_file
    from afterview.rules.validate import validate_paths as validate_paths

# Each module's exported names; a test holds them equal to __all__ and the imports above.
_EXPORTS = {
    "documents": ("Document",),
    "locate": ("is_path",),
    "overlays": ("find_overlays", "search_path"),
    "schema_ids": ("SCHEMA_FILES", "schema_document", "schema_url"),
    "testfiles": ("builtin_test_files", "run_file"),
    "validate": ("validate_paths",),
}
__getattr__ = _lazy_getattr(__name__, _EXPORTS, globals())
__dir__ = _lazy_dir(globals())
