"""The key-position scanner on the TOML forms people write by hand."""

from __future__ import annotations

from csi_tui.cycle.positions import key_positions, locate

TEXT = '''\
# comment with key = "value" inside
schema_version = 1
"quoted key" = 'literal'
dotted.inner = 2

[cycle]
id = "x"  # trailing comment [not a header]
notes = """
[[metrics]]
fake = "inside a multi-line string"
"""
list = [
    "a", # comment in an array
    [1, 2],
    { k = "v" },
]

[ sources . columns ]
opened_at = "Opened"

[[metrics]]
id = "a"

[[metrics]]
id = "b"
options = { hours = "business", nested = { x = 1 } }

[[metrics.thresholds]]
v = 1

[[metrics]]
id = "c"
'''


def test_positions_of_hand_written_forms() -> None:
    positions = key_positions(TEXT)
    assert positions["schema_version"] == (2, 1)
    assert positions["quoted key"] == (3, 1)
    assert positions["dotted"] == (4, 1) and positions["dotted.inner"] == (4, 1)
    assert positions["cycle.id"] == (7, 1)
    assert positions["cycle.notes"] == (8, 1)
    assert positions["cycle.list"] == (12, 1)
    assert "fake" not in str(positions)  # text inside strings is never a key
    assert positions["sources.columns"] == (18, 1)
    assert positions["sources.columns.opened_at"] == (19, 1)
    assert positions["metrics[0].id"] == (22, 1)
    assert positions["metrics[1].id"] == (25, 1)
    assert positions["metrics[1].options"] == (26, 1)
    assert positions["metrics[1].thresholds[0].v"] == (29, 1)
    assert positions["metrics[2].id"] == (32, 1)


def test_locate_falls_back_to_the_enclosing_table() -> None:
    positions = key_positions(TEXT)
    assert locate(positions, "metrics[1].options.hours") == (26, 1)
    assert locate(positions, "metrics[2].target") == (31, 1)
    assert locate(positions, "analysis.alpha") is None


def test_indented_keys_report_their_column() -> None:
    positions = key_positions("[cycle]\n    id = 1\n")
    assert positions["cycle.id"] == (2, 5)


def test_scanner_stops_quietly_on_text_it_does_not_understand() -> None:
    positions = key_positions("a = 1\n= broken\nb = 2\n")
    assert positions == {"a": (1, 1)}
