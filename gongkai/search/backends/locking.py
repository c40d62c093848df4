"""A cross-process writer lock (one writer per index), built on flock.

Re-entrant within a thread: code already holding the lock (e.g. a rebuild's `before_swap`
re-applying changes to the new index) can call writer methods without deadlocking on itself.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import threading
from pathlib import Path

_held = threading.local()


@contextlib.contextmanager
def writer_lock(path: Path):
    """Hold an exclusive lock on `path` (created if missing); waits for the current holder."""
    key = str(Path(path).resolve())
    held: set = getattr(_held, "paths", None) or set()
    _held.paths = held
    if key in held:
        yield
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        held.add(key)
        try:
            yield
        finally:
            held.discard(key)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
