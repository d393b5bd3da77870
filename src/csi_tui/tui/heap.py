"""Keep Python's cycle collector from pausing the UI while a cycle loads.

Importing polars, scipy and the step screens creates a few hundred thousand long-lived objects.
Every full (generation 2) collection walks all of them while holding the GIL, so a key pressed
meanwhile waits: at 10M rows, 70-116 ms pauses at 0.4 s and 2.3 s into the load were the slowest
keys. ``gc.freeze()`` moves the objects alive now out of the collector's sight. They are still
freed by reference counting; only cyclic garbage among them is never collected. So it runs only
after new modules were imported (at start, after the engine's, the analysis' and the screens'
first imports), when what is alive is mostly modules, classes and the app itself; a reload
imports nothing new and freezes nothing, so a long session does not keep what it threw away.
"""

from __future__ import annotations

import gc
import sys

_modules_at_last_freeze = 0


def freeze_long_lived() -> bool:
    """Freeze the objects alive now if modules were imported since the last call; True if so."""
    global _modules_at_last_freeze
    count = len(sys.modules)
    if count <= _modules_at_last_freeze:
        return False
    _modules_at_last_freeze = count
    gc.freeze()
    return True
