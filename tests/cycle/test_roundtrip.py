"""Property: any valid cycle, written as TOML and read back, is the same cycle."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from zoneinfo import available_timezones

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from csi_tui.cycle import model
from csi_tui.cycle.load import parse_cycle
from csi_tui.cycle.positions import key_positions
from csi_tui.cycle.save import cycle_to_toml
from csi_tui.cycle.sources import (
    CANONICAL_COLUMNS,
    SOURCE_FORMATS,
    SOURCE_KINDS,
    DerivedColumn,
    Rollup,
    Source,
    StatusTime,
)

# Any text a person could type, including quotes, backslashes, newlines and non-Latin scripts.
TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=12)
IDS = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=8)
DATES = st.dates(min_value=date(1970, 1, 1), max_value=date(2100, 12, 31))
FLOATS = st.floats(allow_nan=False)  # NaN never equals itself; TOML writes inf fine
INT64 = st.integers(-(2**63), 2**63 - 1)
# checks.py refuses a zone ZoneInfo cannot load (the engine would stop on it)
ZONES = st.sampled_from(sorted(available_timezones()))
# Expressions must parse as polars SQL (load.py checks them); quotes of both kinds included.
SQL = st.sampled_from(
    ["priority IN ('1', '2')", "\"Sub Status\" = 'Resolved'", "hours > 4.5", "NOT escalated"]
)


def opt(strategy: st.SearchStrategy) -> st.SearchStrategy:  # type: ignore[type-arg]
    return st.none() | strategy


def texts(max_size: int = 3) -> st.SearchStrategy[tuple[str, ...]]:
    return st.lists(TEXT, max_size=max_size).map(tuple)


ROLLUPS = st.builds(
    Rollup,
    key=TEXT,
    order_by=TEXT,
    keep=st.sampled_from(["first", "last"]),
    first_as=opt(TEXT),
    last_as=opt(TEXT),
    times=st.lists(
        st.builds(
            StatusTime,
            name=TEXT,
            column=TEXT,
            values=texts(),
            which=st.sampled_from(["first", "last"]),
        ),
        max_size=2,
    ).map(tuple),
    count_as=opt(TEXT),
)


# Strategies are built once: building them inside each draw costs hypothesis more than the test.
SOURCES = st.builds(
    Source,
    id=st.just("placeholder"),
    path=TEXT,
    format=opt(st.sampled_from(SOURCE_FORMATS)),
    kind=st.sampled_from(SOURCE_KINDS),
    preset=opt(TEXT),
    description=TEXT,
    delimiter=opt(st.characters(exclude_categories=("Cs",))),
    quote=TEXT,
    encoding=TEXT,
    header=st.booleans(),
    skip_rows=st.integers(0, 1000),
    sheet=opt(TEXT),
    null_values=texts(),
    datetime_format=opt(TEXT),
    datetime_columns=texts(),
    dayfirst=st.booleans(),
    timezone=opt(ZONES),
    true_values=texts(),
    false_values=texts(),
    columns=st.dictionaries(st.sampled_from(list(CANONICAL_COLUMNS)), TEXT, max_size=3),
    rollup=opt(ROLLUPS),
    derived=st.lists(st.builds(DerivedColumn, name=TEXT, sql=SQL), max_size=2).map(tuple),
    filter=opt(SQL),
)


# Fields that refer to other parts of the cycle are filled in by metric().
METRICS = st.builds(
    model.Metric,
    id=st.just("placeholder"),
    name=TEXT,
    source=st.just("placeholder"),
    type=st.sampled_from(model.METRIC_TYPES),
    kpi=opt(st.sampled_from(list(model.BUILTIN_KPIS))),
    formula=st.sampled_from(["AVG(hours)", "COUNT(*) FILTER (WHERE made_sla)", "SUM(x) / 2"]),
    filter=opt(SQL),
    unit=TEXT,
    direction=st.sampled_from(model.DIRECTIONS),
    baseline=opt(FLOATS),
    target=opt(FLOATS),
    amber=opt(FLOATS),
    target_date=opt(DATES),
    breakdowns=texts(),
    top_n=opt(st.integers(1, 10_000)),
    description=TEXT,
    options=st.dictionaries(TEXT, TEXT | INT64 | FLOATS | st.booleans(), max_size=3),
)


def metric(
    draw: st.DrawFn, metric_id: str, all_ids: list[str], source_ids: list[str], csf_ids: list[str]
) -> model.Metric:
    base = draw(METRICS)
    others = [m for m in all_ids if m != metric_id]
    guardrails = draw(st.lists(st.integers(0, len(others) - 1), max_size=2)) if others else []
    return replace(
        base,
        id=metric_id,
        source=source_ids[draw(st.integers(0, len(source_ids) - 1))],
        csf=csf_ids[draw(st.integers(0, len(csf_ids) - 1))] if csf_ids else None,
        formula=None if base.kpi is not None else base.formula,  # exactly one of the two
        guardrails=tuple(others[g] for g in guardrails),
    )


@st.composite
def cycles(draw: st.DrawFn) -> model.Cycle:
    start = draw(DATES)
    cycle_id = draw(IDS)
    info = model.CycleInfo(
        id=cycle_id,
        title=draw(TEXT),
        service=draw(TEXT),
        owner=draw(TEXT),
        start=start,
        end=start + timedelta(days=draw(st.integers(1, 5000))),
        status=draw(st.sampled_from(model.CYCLE_STATUSES)),
        grain=draw(st.sampled_from(model.GRAINS)),
        timezone=draw(ZONES),
        previous=draw(opt(IDS.filter(lambda p: p != cycle_id))),
        register_id=draw(opt(IDS)),
        description=draw(TEXT),
    )
    csfs = draw(
        st.lists(
            st.builds(model.Csf, id=IDS, name=TEXT, description=TEXT),
            max_size=3,
            unique_by=lambda c: c.id,
        )
    )
    strategy = model.Strategy(draw(TEXT), draw(TEXT), draw(texts()), tuple(csfs))
    source_ids = draw(st.lists(IDS, min_size=1, max_size=3, unique=True))
    source_list = [replace(draw(SOURCES), id=s) for s in source_ids]
    metric_ids = draw(st.lists(IDS, max_size=3, unique=True))
    csf_ids = [c.id for c in csfs]
    metric_list = [metric(draw, m, metric_ids, source_ids, csf_ids) for m in metric_ids]
    b_start = draw(opt(DATES))
    b_end = b_start + timedelta(days=draw(st.integers(1, 400))) if b_start else draw(opt(DATES))
    analysis = model.Analysis(
        change_date=draw(opt(DATES)),
        baseline_start=b_start,
        baseline_end=b_end,
        recalculate_at_change=draw(st.booleans()),
        alpha=draw(st.floats(0, 1, exclude_min=True, exclude_max=True)),
        min_points=draw(st.integers(2, 1000)),
        bootstrap=draw(st.integers(0, 10**6)),
        seed=draw(INT64),
    )
    notes = draw(
        st.lists(
            st.builds(model.Note, date=DATES, text=TEXT, author=TEXT, step=opt(st.integers(1, 7))),
            max_size=2,
        )
    )
    decisions = draw(
        st.lists(
            st.builds(
                model.Decision,
                date=DATES,
                decision=st.sampled_from(model.DECISION_KINDS),
                rationale=TEXT,
                decided_by=TEXT,
            ),
            max_size=2,
        )
    )
    actions = draw(
        st.lists(
            st.builds(
                model.Action,
                id=IDS,
                title=TEXT,
                owner=TEXT,
                due=opt(DATES),
                status=st.sampled_from(model.ACTION_STATUSES),
                done_on=opt(DATES),
            ),
            max_size=2,
            unique_by=lambda a: a.id,
        )
    )
    baselines = st.dictionaries(st.sampled_from(metric_ids), FLOATS) if metric_ids else st.just({})
    adoption = draw(
        opt(
            st.builds(model.Adoption, date=DATES, by=TEXT, baselines=baselines, next_cycle=opt(IDS))
        )
    )
    return model.Cycle(
        cycle=info,
        strategy=strategy,
        sources=tuple(source_list),
        metrics=tuple(metric_list),
        analysis=analysis,
        notes=tuple(notes),
        decisions=tuple(decisions),
        actions=tuple(actions),
        adoption=adoption,
    )


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cycles())
def test_write_then_read_gives_the_same_cycle(cycle: model.Cycle) -> None:
    text = cycle_to_toml(cycle)
    assert parse_cycle(text, Path("generated.toml")) == cycle


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cycles())
def test_every_written_key_is_located(cycle: model.Cycle) -> None:
    """The position scanner finds the keys of any file tomli-w writes (strings full of quotes,
    brackets, '#' and newlines included)."""
    positions = key_positions(cycle_to_toml(cycle))
    assert positions["schema_version"] == (1, 1)
    assert "cycle.end" in positions
    for n in range(len(cycle.metrics)):
        assert f"metrics[{n}].source" in positions
    for n, source in enumerate(cycle.sources):
        assert f"sources[{n}].path" in positions
        if source.rollup is not None:
            for t in range(len(source.rollup.times)):
                assert f"sources[{n}].rollup.times[{t}].column" in positions
