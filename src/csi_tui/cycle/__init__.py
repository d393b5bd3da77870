"""The cycle model and its TOML files: load, validate, save. Plain Python, no Textual.

``model.py`` says what a cycle is (its data sources in ``sources.py``), ``load.py`` reads and
checks files, ``workspace.py`` opens folders, ``save.py`` writes atomically, ``edit.py`` records
meeting outcomes in hand-written files without losing their comments, ``closing.py`` adopts,
continues or rejects a cycle (step 7), ``schema.py`` publishes the JSON Schema editors use.
"""

from csi_tui.cycle.load import load_cycle, load_register, parse_cycle
from csi_tui.cycle.workspace import ensure_default_workspace, open_target, open_workspace

__all__ = [
    "ensure_default_workspace",
    "load_cycle",
    "load_register",
    "open_target",
    "open_workspace",
    "parse_cycle",
]
