"""Write the whole sample workspace: data, two Email cycles, the register and a README.

``write_sample_workspace(Path("sample_data"))`` regenerates exactly the committed ``sample_data/``
(a test checks the bytes). Only the files listed in ``SAMPLE_FILES`` are written; anything else in
the folder is left alone.
"""

from __future__ import annotations

import os
import tempfile
from datetime import date
from pathlib import Path

import polars as pl

from csi_tui.sample import catalogue as cat
from csi_tui.sample.baselines import email_figures
from csi_tui.sample.cycles import (
    CLOSED_CYCLE_ID,
    OPEN_CYCLE_ID,
    closed_cycle_toml,
    open_cycle_toml,
)
from csi_tui.sample.incidents import DATETIME_FORMAT, generate_incidents
from csi_tui.sample.outages import generate_outages
from csi_tui.sample.readme import readme_text
from csi_tui.sample.register import register_toml
from csi_tui.sample.satisfaction import generate_satisfaction

SAMPLE_ROWS = 14_000  # about 2.5 MB of CSV: two years of a mid-sized organisation's incidents

SAMPLE_FILES: tuple[str, ...] = (
    "README.md",
    "register.toml",
    f"cycles/{CLOSED_CYCLE_ID}.toml",
    f"cycles/{OPEN_CYCLE_ID}.toml",
    "data/incidents.csv",
    "data/outages.csv",
    "data/satisfaction.csv",
)

# Windows the cycles quote (end exclusive): the closed cycle's before and after the routing change.
_BEFORE_ROUTING = (date(2025, 3, 1), cat.EMAIL_ROUTING_CHANGE)
_AFTER_ROUTING = (cat.EMAIL_ROUTING_CHANGE, date(2026, 1, 1))


def _csv(frame: pl.DataFrame) -> bytes:
    text = frame.write_csv(datetime_format=DATETIME_FORMAT, date_format="%Y-%m-%d")
    return text.encode("utf-8")


def _write_atomic(path: Path, content: bytes) -> None:
    """Temp file in the same folder, fsync, rename: a crash never leaves half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp, 0o644)  # mkstemp makes it private; these are ordinary shared files
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def sample_workspace_files(seed: int = cat.SEED, rows: int = SAMPLE_ROWS) -> dict[str, bytes]:
    """Relative path -> content of every file of the sample workspace."""
    incidents = generate_incidents(rows, seed=seed)
    outages = generate_outages(seed=seed)
    satisfaction = generate_satisfaction(seed=seed)
    before = email_figures(incidents, outages, satisfaction, *_BEFORE_ROUTING)
    adopted = email_figures(incidents, outages, satisfaction, *_AFTER_ROUTING)
    files = {
        "README.md": readme_text(seed, incidents, outages, satisfaction),
        "register.toml": register_toml(before, adopted),
        f"cycles/{CLOSED_CYCLE_ID}.toml": closed_cycle_toml(before, adopted),
        f"cycles/{OPEN_CYCLE_ID}.toml": open_cycle_toml(adopted, adopted),
    }
    content = {name: text.encode("utf-8") for name, text in files.items()}
    content["data/incidents.csv"] = _csv(incidents)
    content["data/outages.csv"] = _csv(outages)
    content["data/satisfaction.csv"] = _csv(satisfaction)
    assert set(content) == set(SAMPLE_FILES)
    return content


def write_sample_workspace(dest: Path, seed: int = cat.SEED) -> list[Path]:
    """(Re)write the sample workspace under ``dest``; returns the files written."""
    written = []
    for name, content in sample_workspace_files(seed).items():
        path = dest / name
        _write_atomic(path, content)
        written.append(path)
    return written
