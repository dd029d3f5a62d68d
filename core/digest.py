"""SHA-256 and BLAKE2b for cache keys, without loading OpenSSL.

``import hashlib`` loads OpenSSL's libcrypto through ``_hashlib``: about 2 ms of every cold start, for
keys made of a few hundred bytes. The interpreter's own implementations (which ``hashlib`` falls back
to when OpenSSL is missing) give the same digests; a Python built without them gets ``hashlib``'s.
BLAKE2b is the faster of the two on long inputs (the built-in rulesets' bytes).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hashlib import _Hash

    def sha256(data: bytes = b"", /) -> _Hash: ...
    def blake2b(data: bytes = b"", /, *, digest_size: int = 64) -> _Hash: ...
else:
    try:
        from _sha256 import sha256  # CPython 3.11
    except ImportError:
        try:
            from _sha2 import sha256  # CPython 3.12 and later
        except ImportError:
            from hashlib import sha256
    try:
        from _blake2 import blake2b
    except ImportError:
        from hashlib import blake2b

__all__ = ["blake2b", "sha256"]
