"""Building small cycles and files for the data-engine tests."""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path

from csi_tui.cycle.model import Analysis, Cycle, CycleInfo, Metric
from csi_tui.cycle.sources import Source
from csi_tui.data.engine import compute_cycle
from csi_tui.data.results import ComputeResult

# Fixed "now" so no test depends on the wall clock.
NOW = datetime(2030, 1, 1, tzinfo=UTC)


def make_cycle(
    folder: Path,
    sources: Sequence[Source],
    metrics: Sequence[Metric] = (),
    *,
    start: date = date(2026, 1, 1),
    end: date = date(2026, 3, 31),
    grain: str = "month",
    tz: str = "UTC",
    change_date: date | None = None,
) -> Cycle:
    info = CycleInfo(
        id="test",
        title="Test",
        service="Email",
        owner="me",
        start=start,
        end=end,
        grain=grain,
        timezone=tz,  # type: ignore[arg-type]
    )
    return Cycle(
        cycle=info,
        sources=tuple(sources),
        metrics=tuple(metrics),
        analysis=Analysis(change_date=change_date),
        path=folder / "cycle.toml",
    )


def compute(
    cycle: Cycle, now: datetime = NOW, cache: bool = False, keep_going: bool = True
) -> ComputeResult:
    return compute_cycle(cycle, use_cache=cache, now=now, keep_going=keep_going)


def values(result: ComputeResult, metric_id: str) -> dict[str, float | None]:
    series = result.metric(metric_id)
    assert series is not None
    return {p.period: p.value for p in series.periods}


def write(folder: Path, name: str, text: str, encoding: str = "utf8") -> Path:
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return path


def write_xlsx(path: Path, rows: list[list[str | float]], sheet: str = "Sheet1") -> None:
    """A minimal .xlsx (inline strings and numbers), so tests need no Excel writer library."""

    def cell(ref: str, v: str | float) -> str:
        if isinstance(v, str):
            return f'<c r="{ref}" t="inlineStr"><is><t>{v}</t></is></c>'
        return f'<c r="{ref}"><v>{v}</v></c>'

    body = "".join(
        f'<row r="{i + 1}">'
        + "".join(cell(f"{chr(65 + j)}{i + 1}", v) for j, v in enumerate(row))
        + "</row>"
        for i, row in enumerate(rows)
    )
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    files = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
            'package/2006/content-types"><Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
            'ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType='
            '"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
        ),
        "_rels/.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            f'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{rel}/'
            f'officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook {ns} xmlns:r="{rel}"><sheets>'
            f'<sheet name="{sheet}" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            f'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{rel}/'
            f'worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
        ),
        "xl/worksheets/sheet1.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><worksheet {ns}><sheetData>{body}'
            "</sheetData></worksheet>"
        ),
    }
    with zipfile.ZipFile(path, "w") as z:
        for name, text in files.items():
            z.writestr(name, text)


# A cycle file with one source and two metrics, and its data, for ``csi-tui compute`` runs
# (tests/cli, tests/report); ``{path}``, ``{source_extra}`` and ``{resolved_map}`` are filled in.
CYCLE = """schema_version = 1

[cycle]
id = "c1"
title = "Faster fixes"
service = "Email"
owner = "me"
start = 2026-01-01
end = 2026-02-28

[[sources]]
id = "inc"
path = "{path}"
{source_extra}
[sources.columns]
ticket_id = "id"
opened_at = "opened"
{resolved_map}

[[metrics]]
id = "mttr"
name = "MTTR"
source = "inc"
kpi = "mttr_mean"
unit = "h"
breakdowns = ["group"]

[[metrics]]
id = "volume"
name = "Volume"
source = "inc"
kpi = "volume"
"""
DATA = "id,opened,resolved,group\n1,2026-01-05 10:00,2026-01-05 12:00,A\n2,2026-02-05 10:00,,B\n"
