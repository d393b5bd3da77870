"""The cycle format, version 1, as typed immutable dataclasses.

One cycle file holds, in the order of the seven CSI steps: identity (``[cycle]``),
strategy (step 1), data sources (step 3), metrics (step 2), analysis settings (step 5) and what
review meetings record (notes, decisions, actions, adoption: steps 6 and 7). A workspace folder
holds ``register.toml`` (the CSI register) and one file per cycle under ``cycles/``. The data
sources (step 3) are in ``sources.py``; loading, validation and saving live beside this module;
this one only says what a cycle *is*.

Names follow what users already know: ITIL CSI register fields, ServiceNow improvement-initiative
states and closure codes, Performance Analytics direction / target / threshold, OpenSLO target.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal, get_args

from csi_tui.cycle.sources import Source
from csi_tui.data.kpi_registry import KPIS, Kpi

SCHEMA_VERSION = 1

Grain = Literal["day", "week", "month", "quarter"]
Direction = Literal["lower", "higher"]
MetricType = Literal["service", "process", "technology"]
CycleStatus = Literal["draft", "active", "review", "closed"]
DecisionKind = Literal["adopt", "continue", "reject"]
ActionStatus = Literal["open", "in_progress", "done", "dropped"]
# ServiceNow improvement initiative states, lower-cased.
RegisterState = Literal["new", "accepted", "approved", "in_progress", "monitor", "closed"]
ClosureCode = Literal["successful", "withdrawn", "unsuccessful"]
# Which value of a metric becomes the next cycle's baseline when results are adopted (step 7):
# the mean of the periods from the change date on (of the whole cycle without one), the last
# complete period, or the centre line of the XmR chart's last phase.
AdoptBaseline = Literal["window_mean", "last_period", "centre_line"]
Priority = Literal["critical", "high", "medium", "low"]
Size = Literal["XS", "S", "M", "L", "XL"]
OptionValue = str | int | float | bool

GRAINS: tuple[str, ...] = get_args(Grain)
DIRECTIONS: tuple[str, ...] = get_args(Direction)
METRIC_TYPES: tuple[str, ...] = get_args(MetricType)
CYCLE_STATUSES: tuple[str, ...] = get_args(CycleStatus)
DECISION_KINDS: tuple[str, ...] = get_args(DecisionKind)
ACTION_STATUSES: tuple[str, ...] = get_args(ActionStatus)
REGISTER_STATES: tuple[str, ...] = get_args(RegisterState)
CLOSURE_CODES: tuple[str, ...] = get_args(ClosureCode)
ADOPT_BASELINES: tuple[str, ...] = get_args(AdoptBaseline)
PRIORITIES: tuple[str, ...] = get_args(Priority)
SIZES: tuple[str, ...] = get_args(Size)


# The built-in KPIs (``metrics.kpi``) by name: the KPI registry itself, one object per KPI with
# its columns, formula and doc line (``data/kpi_registry.py``; ``docs/kpis.md`` gives formulas).
BUILTIN_KPIS: Mapping[str, Kpi] = KPIS


# ---------------------------------------------------------------- [cycle]
@dataclass(frozen=True)
class CycleInfo:
    id: str
    title: str
    service: str
    owner: str
    start: date
    end: date
    status: CycleStatus = "draft"
    grain: Grain = "month"
    timezone: str = "UTC"  # periods are aligned to the calendar in this zone
    previous: str | None = None  # id of the cycle this one follows
    register_id: str | None = None  # the CSI register opportunity this cycle works on
    description: str = ""


# ---------------------------------------------------------------- [strategy]  (step 1)
@dataclass(frozen=True)
class Csf:
    """A critical success factor; metrics say which CSF they serve."""

    id: str
    name: str
    description: str = ""


@dataclass(frozen=True)
class Strategy:
    vision: str = ""
    business_need: str = ""
    objectives: tuple[str, ...] = ()
    csfs: tuple[Csf, ...] = ()


# ---------------------------------------------------------------- [[metrics]]  (step 2)
@dataclass(frozen=True)
class Metric:
    id: str
    name: str
    source: str  # a source id
    type: MetricType = "service"
    csf: str | None = None  # a CSF id
    kpi: str | None = None  # a built-in KPI, e.g. "mttr_mean"; or
    formula: str | None = None  # a polars SQL aggregate, e.g. "AVG(hours) FILTER (WHERE ...)"
    filter: str | None = None  # SQL condition applied before the KPI
    unit: str = ""
    direction: Direction = "lower"
    baseline: float | None = None
    target: float | None = None
    amber: float | None = None  # threshold between "at risk" and "missed"
    target_date: date | None = None  # when the target should be met (review date)
    guardrails: tuple[str, ...] = ()  # ids of counter-metrics that must not worsen
    breakdowns: tuple[str, ...] = ()  # columns to break the metric down by
    top_n: int | None = None  # breakdowns: keep the top N values, the rest as "other"
    description: str = ""
    options: Mapping[str, OptionValue] = field(default_factory=dict)  # KPI parameters


# ---------------------------------------------------------------- [analysis]  (step 5)
@dataclass(frozen=True)
class Analysis:
    change_date: date | None = None  # when the improvement went live
    baseline_start: date | None = None  # window the control limits are computed from
    baseline_end: date | None = None
    recalculate_at_change: bool = True  # a new phase of limits from the change date
    alpha: float = 0.05
    min_points: int = 6  # fewer periods (or observations) per side: "too few to say"
    bootstrap: int = 2000
    seed: int = 20260101
    adopt_baseline: AdoptBaseline = "window_mean"  # the value adopted as the next baseline


# ---------------------------------------------------------------- meeting records (steps 6, 7)
@dataclass(frozen=True)
class Note:
    date: date
    text: str
    author: str = ""
    step: int | None = None  # the step (1-7) the note was taken on
    metric: str | None = None  # the metric id the note is about


@dataclass(frozen=True)
class Decision:
    date: date
    decision: DecisionKind
    rationale: str = ""
    decided_by: str = ""


@dataclass(frozen=True)
class Action:
    id: str
    title: str
    owner: str
    due: date | None = None
    status: ActionStatus = "open"
    done_on: date | None = None


@dataclass(frozen=True)
class Adoption:
    """The results adopted as the new baseline (step 7)."""

    date: date
    by: str = ""
    baselines: Mapping[str, float] = field(default_factory=dict)  # metric id -> new baseline
    next_cycle: str | None = None
    method: AdoptBaseline | None = None  # how the baselines were chosen (analysis.adopt_baseline)
    override: str = ""  # why results were adopted although they did not meet the target


@dataclass(frozen=True)
class Extension:
    """Continue testing: the cycle's end moved later (``[[extensions]]``)."""

    new_end: date
    previous_end: date
    date: date  # when it was decided
    reason: str = ""
    by: str = ""


@dataclass(frozen=True)
class Outcome:
    """How the cycle ended (``[outcome]``): its result for the register entry, when, why."""

    date: date
    result: ClosureCode  # successful (adopted), unsuccessful (rejected), withdrawn
    reason: str = ""
    by: str = ""


@dataclass(frozen=True)
class AgendaItem:
    """One item of the review meeting's agenda (``[[agenda]]``); none: the seven steps."""

    step: int  # 1-7
    minutes: int | None = None  # time box
    topic: str = ""  # what to cover; empty: the step's own question


@dataclass(frozen=True)
class Meeting:
    """One review meeting held on the cycle (``[[meetings]]``)."""

    date: date
    chair: str = ""
    attendees: tuple[str, ...] = ()
    minutes: str | None = None  # the minutes file written, relative to the cycle file


# ---------------------------------------------------------------- the cycle file
@dataclass(frozen=True)
class Cycle:
    cycle: CycleInfo
    strategy: Strategy = field(default_factory=Strategy)
    sources: tuple[Source, ...] = ()
    metrics: tuple[Metric, ...] = ()
    analysis: Analysis = field(default_factory=Analysis)
    notes: tuple[Note, ...] = ()
    decisions: tuple[Decision, ...] = ()
    actions: tuple[Action, ...] = ()
    adoption: Adoption | None = None
    extensions: tuple[Extension, ...] = ()
    outcome: Outcome | None = None
    agenda: tuple[AgendaItem, ...] = ()
    meetings: tuple[Meeting, ...] = ()
    schema_version: int = SCHEMA_VERSION
    # Where it was loaded from and the content hash at load time (for the save conflict check).
    path: Path | None = field(default=None, compare=False)
    loaded_hash: str | None = field(default=None, compare=False)

    @property
    def id(self) -> str:
        return self.cycle.id

    def source(self, source_id: str) -> Source | None:
        return next((s for s in self.sources if s.id == source_id), None)

    def metric(self, metric_id: str) -> Metric | None:
        return next((m for m in self.metrics if m.id == metric_id), None)

    @property
    def decision(self) -> Decision | None:
        """The latest decision, if any."""
        return max(self.decisions, key=lambda d: d.date, default=None)


# ---------------------------------------------------------------- register.toml
@dataclass(frozen=True)
class Opportunity:
    """One entry of the CSI register (ITIL), with ServiceNow improvement-initiative states."""

    id: str
    raised: date
    description: str
    service: str = ""
    size: Size = "M"
    timescale: str = ""  # e.g. "3 months"
    priority: Priority = "medium"
    kpi: str = ""  # the KPI the opportunity is meant to move
    justification: str = ""
    raised_by: str = ""
    actioned_by: str = ""
    due: date | None = None
    state: RegisterState = "new"
    closure_code: ClosureCode | None = None
    outcome: str = ""
    cycles: tuple[str, ...] = ()  # ids of cycles working on it


@dataclass(frozen=True)
class Register:
    opportunities: tuple[Opportunity, ...] = ()
    schema_version: int = SCHEMA_VERSION
    path: Path | None = field(default=None, compare=False)
    loaded_hash: str | None = field(default=None, compare=False)

    def get(self, opportunity_id: str) -> Opportunity | None:
        return next((o for o in self.opportunities if o.id == opportunity_id), None)


# ---------------------------------------------------------------- a workspace folder
@dataclass(frozen=True)
class Workspace:
    """A folder: ``register.toml``, ``cycles/*.toml``, data. Broken files do not stop the others
    from opening: their problems are kept per file."""

    root: Path
    cycles: tuple[Cycle, ...] = ()
    register: Register | None = None
    # file -> problems of a cycle or register file that could not be loaded
    broken: Mapping[Path, tuple[object, ...]] = field(default_factory=dict)
    # the cycle asked for by name (a cycle file given on the command line): shown first
    selected: str | None = None

    def cycle(self, cycle_id: str) -> Cycle | None:
        return next((c for c in self.cycles if c.id == cycle_id), None)

    def open_cycle(self) -> Cycle | None:
        """The cycle to show first: the selected one, else the newest not closed, else newest."""
        chosen = self.cycle(self.selected) if self.selected is not None else None
        if chosen is not None:
            return chosen
        ordered = sorted(self.cycles, key=lambda c: c.cycle.start)
        live = [c for c in ordered if c.cycle.status != "closed"]
        pool = live or ordered
        return pool[-1] if pool else None

    def history(self, service: str) -> tuple[Cycle, ...]:
        """Cycles of one service, oldest first."""
        return tuple(
            sorted(
                (c for c in self.cycles if c.cycle.service == service),
                key=lambda c: c.cycle.start,
            )
        )
