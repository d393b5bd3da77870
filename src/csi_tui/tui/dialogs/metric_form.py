"""Step 2: add or change a metric, every key of ``[[metrics]]``, checked as you type."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from textual import work
from textual.widgets import Select

from csi_tui.cycle import model
from csi_tui.cycle.field_checks import (
    FieldProblems,
    check_metric,
    metric_as_text,
    metric_draft,
    source_columns,
    source_schema,
)
from csi_tui.tui.dialogs.form_base import EditForm, FieldSpec


def metric_fields(cycle: model.Cycle) -> tuple[FieldSpec, ...]:
    sources = tuple(s.id for s in cycle.sources)
    return (
        FieldSpec("id", "id", placeholder="e.g. mttr_p1p2"),
        FieldSpec("name", "name"),
        FieldSpec("source", "source", "select", sources),
        FieldSpec("type", "type", "select", model.METRIC_TYPES),
        FieldSpec("csf", "CSF", placeholder="the id of the CSF it serves"),
        FieldSpec("kpi", "kpi", "select", tuple(model.BUILTIN_KPIS), blank=True),
        FieldSpec("formula", "formula", placeholder="or a SQL aggregate: AVG(resolution_hours)"),
        FieldSpec("filter", "filter", placeholder="SQL condition, e.g. priority IN ('1', '2')"),
        FieldSpec("unit", "unit"),
        FieldSpec("direction", "better", "select", model.DIRECTIONS),
        FieldSpec("baseline", "baseline"),
        FieldSpec("target", "target"),
        FieldSpec("amber", "amber", placeholder="between at risk and missed"),
        FieldSpec("target_date", "target date", placeholder="2026-12-31"),
        FieldSpec("guardrails", "guardrails", placeholder="metric ids, comma separated"),
        FieldSpec("breakdowns", "breakdowns", placeholder="columns, comma separated"),
        FieldSpec("top_n", "top n"),
        FieldSpec("options", "options", placeholder="key=value, key=value"),
        FieldSpec("description", "description"),
    )


class MetricForm(EditForm[model.Metric]):
    def __init__(
        self,
        cycle: model.Cycle,
        metric: model.Metric | None,
        compute: Any | None,
        save: Callable[[model.Metric | None, model.Metric], bool],
    ) -> None:
        self.cycle = cycle
        self.original = metric
        self.compute = compute
        self._save = save
        self._fields = metric_fields(cycle)
        # source id -> its columns, read in a worker (the file's header) the first time asked
        self.columns: dict[str, tuple[str, ...] | None] = {}
        if metric is not None:
            values = metric_as_text(metric)
            title = f"Edit metric: {metric.name} ({metric.id})"
        else:
            first = cycle.sources[0].id if cycle.sources else ""
            values = {"source": first, "type": "service", "direction": "lower"}
            title = f"Add a metric to {cycle.id}"
        super().__init__(title, values)

    def fields(self) -> tuple[FieldSpec, ...]:
        return self._fields

    def check(self, values: Mapping[str, str]) -> tuple[model.Metric | None, FieldProblems]:
        raw = metric_draft(values)
        source = raw.get("source")
        columns = None
        known = self.columns.get(source) if isinstance(source, str) else None
        if isinstance(source, str) and known is not None:
            # Unknown columns are named with the closest ones once the source's are known.
            computed = source_columns(self.compute, source) or ()
            columns = tuple(dict.fromkeys((*known, *computed)))
        editing = self.original.id if self.original is not None else None
        return check_metric(self.cycle, raw, editing, columns)

    # Textual calls these after the base class's own (every class's handler runs).
    def on_mount(self) -> None:
        if self.is_attached and self.app.is_running:
            self._want_columns(self.values().get("source", ""))

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "field-source" and isinstance(event.value, str):
            self._want_columns(event.value)

    def _want_columns(self, source: str) -> None:
        """Read a source's columns once, in a worker (the file's header)."""
        if source and source not in self.columns:
            self.columns[source] = None
            self._read_columns(source)

    @work(thread=True, exclusive=True, group="form-columns", exit_on_error=False)
    def _read_columns(self, source: str) -> None:
        columns = source_schema(self.cycle, source)
        self.app.call_from_thread(self._columns_read, source, columns)

    def _columns_read(self, source: str, columns: tuple[str, ...] | None) -> None:
        if not self.is_attached:
            return
        self.columns[source] = columns
        if columns is not None:
            self._check_now()

    def save(self, record: model.Metric) -> bool:
        return self._save(self.original, record)

    def edited(self) -> model.Cycle:
        return self.cycle
