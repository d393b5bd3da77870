"""The bytes of file versions this process read or wrote, by content hash.

A loaded cycle remembers only the hash of its file (``loaded_hash``). When that file changed on
disk, showing what changed needs the version as it was loaded; this keeps the recent ones. Keyed
by the content hash, so an entry can never be the wrong version; bounded, oldest dropped first.
The hash itself is defined here too: reading (``load``) and writing (``save``) both use it, and
neither needs the other for it.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict

MAX_VERSIONS = 256
MAX_VERSION_BYTES = 1 << 20  # larger files are not kept (cycle files are a few KB)
MAX_TOTAL_BYTES = 16 << 20

_versions: OrderedDict[str, bytes] = OrderedDict()
_lock = threading.Lock()  # the workspace loads in a worker thread


def content_hash(data: bytes) -> str:
    """The hash a loaded file is remembered by (sha256, hex)."""
    return hashlib.sha256(data).hexdigest()


def remember(data: bytes, digest: str | None = None) -> str:
    """Keep ``data``; returns its hash (computed unless given)."""
    digest = digest or content_hash(data)
    if len(data) > MAX_VERSION_BYTES:
        return digest
    with _lock:
        _versions[digest] = data
        _versions.move_to_end(digest)
        while len(_versions) > MAX_VERSIONS or (
            len(_versions) > 1 and sum(map(len, _versions.values())) > MAX_TOTAL_BYTES
        ):
            _versions.popitem(last=False)
    return digest


def recall(digest: str | None) -> bytes | None:
    """The bytes with this hash if this process read or wrote them recently."""
    if digest is None:
        return None
    with _lock:
        return _versions.get(digest)
