"""kill -9 in the middle of saves, many times: the file is always the old or the new version,
a valid cycle, and at most the killed save's temp file is left, which the next save removes.

A real process (``sys.executable``) saves the cycle over and over with ``csi_tui.cycle.edit``,
alternating two valid versions; it is killed with SIGKILL at a random moment after it starts
saving. The kill times are random but seeded, so a failure can be replayed.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from csi_tui.cycle import edit
from csi_tui.cycle.load import load_cycle, parse_cycle
from csi_tui.cycle.save import atomic_write, content_hash, temp_files

from .helpers import MINIMAL, write

KILLS = 60
TIME_LIMIT_S = 90.0  # a bound for a very busy machine; the kills normally take 10-20 s

SAVER = """\
import sys
from pathlib import Path
from csi_tui.cycle import edit
from csi_tui.cycle.load import load_cycle

cycle = load_cycle(Path(sys.argv[1]))
print("ready", flush=True)
while True:
    target = 2.0 if cycle.metrics[0].target == 1.0 else 1.0
    cycle = edit.set_metric_values(cycle, "mttr", target=target)
    print("saved", flush=True)
"""


def test_kill_minus_nine_never_leaves_a_half_written_file(tmp_path: Path) -> None:
    path = write(tmp_path, "c.toml", MINIMAL + "target = 1.0\n")
    version_a = path.read_bytes()
    version_b = edit.set_metric_values(load_cycle(path), "mttr", target=2.0)
    version_b_bytes = path.read_bytes()
    assert version_b.metrics[0].target == 2.0
    path.write_bytes(version_a)
    script = write(tmp_path, "saver.py", SAVER)

    rng = random.Random(20261203)
    started = time.monotonic()
    kills = saves = temps_seen = 0
    while kills < KILLS and time.monotonic() - started < TIME_LIMIT_S:
        child = subprocess.Popen(
            [sys.executable, str(script), str(path)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert child.stdout is not None
        assert child.stdout.readline() == "ready\n", child.stderr.read() if child.stderr else ""
        # Killed during its first, second or third save: after 0-2 completed saves (so the
        # kills fall among saves however slow the machine), at a random moment of the next.
        for _ in range(rng.randint(0, 2)):
            assert child.stdout.readline() == "saved\n"
            saves += 1
        time.sleep(rng.uniform(0.0, 0.02))
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        kills += 1
        saves += child.stdout.read().count("saved")
        child.stdout.close()
        if child.stderr is not None:
            child.stderr.close()

        data = path.read_bytes()
        assert data in (version_a, version_b_bytes), f"kill {kills}: a torn file"
        parse_cycle(data.decode(), path)  # valid
        left = temp_files(path)
        assert len(left) <= 1, f"kill {kills}: {left}"  # the killed save's own, at most
        temps_seen += len(left)

    assert kills >= 20, f"only {kills} kills in {TIME_LIMIT_S} s"
    # The next save removes what a killed one left.
    current = path.read_bytes()
    atomic_write(path, current, content_hash(current))
    assert temp_files(path) == []
    print(f"{kills} kills, {saves} saves completed, {temps_seen} temp files left by a kill")
