"""One small hand-made file per parsing option (docs/sources.md)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from csi_tui.cycle.model import Metric
from csi_tui.cycle.sources import Rollup, Source, StatusTime
from csi_tui.data.engine import preview_source

from .helpers import compute, make_cycle, values, write, write_xlsx

VOLUME = Metric(id="volume", name="Volume", source="s", kpi="volume")
MTTR = Metric(id="mttr", name="MTTR", source="s", kpi="mttr_mean")
MAP = {"ticket_id": "id", "opened_at": "opened", "resolved_at": "resolved"}


def run(tmp_path: Path, source: Source, *metrics: Metric, **kw: object) -> dict[str, dict]:
    cycle = make_cycle(tmp_path, [source], metrics or (VOLUME, MTTR), **kw)  # type: ignore[arg-type]
    result = compute(cycle)
    return {m.metric_id: values(result, m.metric_id) for m in result.metrics}


def test_semicolon_delimiter(tmp_path: Path) -> None:
    write(
        tmp_path,
        "a.csv",
        "id;opened;resolved\n1;2026-01-05 10:00;2026-01-05 12:00\n"
        "2;2026-02-01 08:00;2026-02-01 09:00\n",
    )
    out = run(tmp_path, Source(id="s", path="a.csv", delimiter=";", columns=MAP))
    assert out["volume"] == {"2026-01": 1, "2026-02": 1, "2026-03": 0}
    assert out["mttr"]["2026-01"] == pytest.approx(2.0)


def test_tsv_by_extension(tmp_path: Path) -> None:
    write(tmp_path, "a.tsv", "id\topened\tresolved\n1\t2026-01-05 10:00\t2026-01-05 13:00\n")
    out = run(tmp_path, Source(id="s", path="a.tsv", columns=MAP))
    assert out["mttr"]["2026-01"] == pytest.approx(3.0)


def test_quote_character(tmp_path: Path) -> None:
    write(tmp_path, "a.csv", "id,opened,resolved,category\n1,2026-01-05 10:00,,'mail, outlook'\n")
    source = Source(id="s", path="a.csv", quote="'", columns=MAP)
    frame = preview_source(make_cycle(tmp_path, [source]), "s")
    assert frame["category"].to_list() == ["mail, outlook"]


def test_latin1_encoding(tmp_path: Path) -> None:
    write(tmp_path, "a.csv", "id,opened,resolved,category\n1,2026-01-05 10:00,,réseau\n", "latin1")
    source = Source(id="s", path="a.csv", encoding="latin1", columns=MAP)
    frame = preview_source(make_cycle(tmp_path, [source]), "s")
    assert frame["category"].to_list() == ["réseau"]


def test_utf8_bom(tmp_path: Path) -> None:
    write(tmp_path, "a.csv", "\ufeffid,opened,resolved\n1,2026-01-05 10:00,\n")
    out = run(tmp_path, Source(id="s", path="a.csv", columns=MAP), VOLUME)
    assert out["volume"]["2026-01"] == 1  # "id" matched despite the BOM


def test_no_header_and_skip_rows(tmp_path: Path) -> None:
    write(tmp_path, "a.csv", "Exported by X\nOn 2026-04-01\nA1,2026-01-05 10:00,2026-01-05 11:00\n")
    source = Source(
        id="s",
        path="a.csv",
        header=False,
        skip_rows=2,
        columns={"ticket_id": "column_1", "opened_at": "column_2", "resolved_at": "column_3"},
    )
    out = run(tmp_path, source)
    assert out["volume"]["2026-01"] == 1
    assert out["mttr"]["2026-01"] == pytest.approx(1.0)


def test_null_markers(tmp_path: Path) -> None:
    write(
        tmp_path,
        "a.csv",
        "id,opened,resolved\n1,2026-01-05 10:00,?\n2,2026-01-06 10:00,N/A\n"
        "3,2026-01-07 10:00,2026-01-07 14:00\n",
    )
    cycle = make_cycle(
        tmp_path,
        [Source(id="s", path="a.csv", null_values=("?", "N/A"), columns=MAP)],
        [VOLUME, MTTR],
    )
    result = compute(cycle)
    assert values(result, "mttr")["2026-01"] == pytest.approx(4.0)
    codes = {f.code for f in result.sources[0].findings}
    assert "unparseable_values" not in codes  # markers are empty, not bad dates


def test_day_first_without_padding_guessed(tmp_path: Path) -> None:
    write(
        tmp_path,
        "a.csv",
        "id,opened,resolved\n1,29/2/2016 01:16,29/2/2016 03:16\n2,1/3/2016 9:05,2/3/2016 9:05\n",
    )
    source = Source(id="s", path="a.csv", dayfirst=True, columns=MAP)
    out = run(tmp_path, source, start=date(2016, 2, 1), end=date(2016, 3, 31))
    assert out["volume"] == {"2016-02": 1, "2016-03": 1}
    assert out["mttr"] == {"2016-02": pytest.approx(2.0), "2016-03": pytest.approx(24.0)}


def test_explicit_datetime_format(tmp_path: Path) -> None:
    write(tmp_path, "a.csv", "id,opened,resolved\n1,05.01.2026 10h00,05.01.2026 10h30\n")
    source = Source(id="s", path="a.csv", datetime_format="%d.%m.%Y %Hh%M", columns=MAP)
    assert run(tmp_path, source)["mttr"]["2026-01"] == pytest.approx(0.5)


def test_iso_offsets_align_to_cycle_zone(tmp_path: Path) -> None:
    # 23:30 on 31 January in New York is 04:30 on 1 February in UTC.
    write(tmp_path, "a.csv", "id,opened,resolved\n1,2026-01-31T23:30:00-05:00,\n")
    source = Source(id="s", path="a.csv", columns=MAP)
    assert run(tmp_path, source, VOLUME)["volume"]["2026-02"] == 1
    ny = run(tmp_path, source, VOLUME, tz="America/New_York")
    assert ny["volume"]["2026-01"] == 1


def test_naive_times_in_source_zone(tmp_path: Path) -> None:
    # Half past midnight on 1 February in Paris is still January in UTC.
    write(tmp_path, "a.csv", "id,opened,resolved\n1,2026-02-01 00:30,\n")
    source = Source(id="s", path="a.csv", timezone="Europe/Paris", columns=MAP)
    assert run(tmp_path, source, VOLUME)["volume"] == {"2026-01": 1, "2026-02": 0, "2026-03": 0}


@pytest.mark.parametrize(("fmt", "scale"), [("epoch_s", 1), ("epoch_ms", 1000)])
def test_epoch(tmp_path: Path, fmt: str, scale: int) -> None:
    opened, resolved = 1767607200, 1767607200 + 5400  # 2026-01-05 10:00 UTC, +1.5 h
    write(tmp_path, "a.csv", f"id,opened,resolved\n1,{opened * scale},{resolved * scale}\n")
    source = Source(id="s", path="a.csv", datetime_format=fmt, columns=MAP)
    assert run(tmp_path, source)["mttr"]["2026-01"] == pytest.approx(1.5)


def test_boolean_spellings(tmp_path: Path) -> None:
    rows = ["TRUE", "yes", "1", "Met", "false", "Breached", "0", "No"]
    body = "".join(
        f"{i},2026-01-0{1 + i % 5} 10:00,2026-01-0{1 + i % 5} 11:00,{v}\n"
        for i, v in enumerate(rows)
    )
    write(tmp_path, "a.csv", "id,opened,resolved,sla\n" + body)
    source = Source(
        id="s",
        path="a.csv",
        true_values=("Met",),
        false_values=("Breached",),
        columns={**MAP, "made_sla": "sla"},
    )
    sla = Metric(id="sla", name="SLA", source="s", kpi="sla_compliance")
    assert run(tmp_path, source, sla)["sla"]["2026-01"] == pytest.approx(50.0)


def test_duplicate_header_names(tmp_path: Path) -> None:
    write(tmp_path, "a.csv", "id,opened,state,state\n1,2026-01-05 10:00,New,Closed\n")
    source = Source(
        id="s",
        path="a.csv",
        columns={**{k: MAP[k] for k in ("ticket_id", "opened_at")}, "state": "state_duplicated_0"},
    )
    frame = preview_source(make_cycle(tmp_path, [source]), "s")
    assert frame["state"].to_list() == ["Closed"]


def test_servicenow_preset(tmp_path: Path) -> None:
    write(
        tmp_path,
        "inc.csv",
        "number,opened_at,resolved_at,priority,reassignment_count\n"
        "INC1,2026-01-05 10:00:00,2026-01-05 12:00:00,1 - Critical,0\n"
        "INC2,2026-01-06 10:00:00,2026-01-06 16:00:00,3 - Moderate,2\n",
    )
    far = Metric(id="far", name="FAR", source="s", kpi="first_assignment_resolution")
    out = run(tmp_path, Source(id="s", path="inc.csv", preset="servicenow"), MTTR, far)
    assert out["mttr"]["2026-01"] == pytest.approx(4.0)
    assert out["far"]["2026-01"] == pytest.approx(50.0)


def test_parquet(tmp_path: Path) -> None:
    pl.DataFrame(
        {"id": ["1"], "opened": ["2026-01-05 10:00"], "resolved": ["2026-01-05 12:30"]}
    ).with_columns(pl.col("opened", "resolved").str.to_datetime()).write_parquet(tmp_path / "a.pq")
    assert run(tmp_path, Source(id="s", path="a.pq", columns=MAP))["mttr"]["2026-01"] == 2.5


def test_ndjson_list_column_explodes_in_breakdown(tmp_path: Path) -> None:
    lines = [
        {
            "id": "a",
            "opened": "2026-01-05T10:00:00Z",
            "resolved": None,
            "components": ["API", "Git"],
        },
        {"id": "b", "opened": "2026-01-06T10:00:00Z", "resolved": None, "components": ["API"]},
    ]
    write(tmp_path, "a.ndjson", "\n".join(json.dumps(x) for x in lines) + "\n")
    metric = Metric(id="volume", name="v", source="s", kpi="volume", breakdowns=("components",))
    cycle = make_cycle(tmp_path, [Source(id="s", path="a.ndjson", columns=MAP)], [metric])
    series = compute(cycle).metric("volume")
    assert series is not None
    assert series.periods[0].value == 2  # each incident once overall
    jan = {b.group: b.value for b in series.breakdowns["components"] if b.period == "2026-01"}
    assert jan == {"API": 2, "Git": 1}  # ... and once for each of its components


def test_excel(tmp_path: Path) -> None:
    write_xlsx(
        tmp_path / "a.xlsx",
        [["id", "opened", "resolved"], ["1", "2026-03-02 08:00", "2026-03-02 09:00"]],
        "Export",
    )
    source = Source(id="s", path="a.xlsx", sheet="Export", columns=MAP)
    assert run(tmp_path, source)["mttr"]["2026-03"] == pytest.approx(1.0)


def test_glob_over_monthly_exports(tmp_path: Path) -> None:
    (tmp_path / "exports").mkdir()
    write(tmp_path, "exports/2026-01.csv", "id,opened,resolved\n1,2026-01-05 10:00,\n")
    write(
        tmp_path,
        "exports/2026-02.csv",
        "id,opened,resolved\n2,2026-02-05 10:00,\n3,2026-02-06 10:00,\n",
    )
    out = run(tmp_path, Source(id="s", path="exports/*.csv", columns=MAP), VOLUME)
    assert out["volume"] == {"2026-01": 1, "2026-02": 2, "2026-03": 0}


def test_rollup_keep_first_or_last(tmp_path: Path) -> None:
    write(
        tmp_path,
        "log.csv",
        "key,at,status,group\nA,2026-01-05 10:00,New,L1\n"
        "A,2026-01-05 12:00,Resolved,L2\nA,2026-01-05 11:00,Work,L3\n",
    )

    def source(keep: str) -> Source:
        return Source(
            id="s",
            path="log.csv",
            columns={"ticket_id": "key"},
            rollup=Rollup(
                key="key",
                order_by="at",
                keep=keep,
                first_as="opened_at",  # type: ignore[arg-type]
                count_as="events",
                times=(StatusTime("resolved_at", "status", ("Resolved",)),),
            ),
        )

    last = preview_source(make_cycle(tmp_path, [source("last")]), "s")
    first = preview_source(make_cycle(tmp_path, [source("first")]), "s")
    assert last["group"].to_list() == ["L2"] and first["group"].to_list() == ["L1"]
    assert last["events"].to_list() == [3]
    out = run(tmp_path, source("last"), MTTR)
    assert out["mttr"]["2026-01"] == pytest.approx(2.0)


def test_derived_column_and_source_filter(tmp_path: Path) -> None:
    write(
        tmp_path,
        "a.csv",
        "id,opened,resolved,state\n1,2026-01-05 10:00,2026-01-05 11:00,Closed\n"
        "2,2026-01-05 10:00,2026-01-05 15:00,Cancelled\n3,2026-01-06 10:00,,New\n",
    )
    from csi_tui.cycle.sources import DerivedColumn

    source = Source(
        id="s",
        path="a.csv",
        columns=MAP,
        filter="state <> 'Cancelled'",
        derived=(DerivedColumn("fast", "resolution_hours < 2"),),
    )
    fast = Metric(
        id="fast",
        name="f",
        source="s",
        formula="AVG(CAST(fast AS DOUBLE)) * 100",
        options={"at": "resolved_at"},
    )
    cycle = make_cycle(tmp_path, [source], [VOLUME, fast])
    result = compute(cycle)
    assert values(result, "volume")["2026-01"] == 2
    assert values(result, "fast")["2026-01"] == pytest.approx(100.0)
    report = result.sources[0]
    assert [(d.reason, d.count) for d in report.dropped] == [("filter: state <> 'Cancelled'", 1)]
