"""The UI's objects from heavy imports are kept out of the cycle collector's full collections
(which paused keys for 70-116 ms during a 10M-row load), and only after new imports."""

from __future__ import annotations

import gc
import sys
import types

import pytest

from csi_tui.tui import heap


def test_freezes_after_new_imports_and_only_then() -> None:
    heap.freeze_long_lived()  # whatever the test run imported so far
    before = gc.get_freeze_count()
    assert heap.freeze_long_lived() is False  # nothing new: a reload freezes nothing
    # Frozen objects still die by reference count (a worker left by an earlier test may drop
    # some meanwhile), so the count may fall; it must not grow.
    assert gc.get_freeze_count() <= before
    name = "csi_tui_test_heap_fake_module"
    sys.modules[name] = types.ModuleType(name)  # as an import would
    try:
        kept = [object() for _ in range(3)] + [[1], [2]]  # tracked containers alive now
        assert heap.freeze_long_lived() is True
        assert gc.get_freeze_count() >= before + 2
        assert kept
    finally:
        del sys.modules[name]


def test_the_engine_service_freezes_after_importing_the_engine(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from csi_tui.tui import services

    calls: list[bool] = []
    monkeypatch.setattr(services, "freeze_long_lived", lambda: calls.append(True) or True)

    class Boom(Exception):
        pass

    def compute_cycle(*_a: object, **_k: object) -> None:
        assert calls, "the freeze must come after the import, before the work"
        raise Boom

    from csi_tui.data import engine

    monkeypatch.setattr(engine, "compute_cycle", compute_cycle)
    with pytest.raises(Boom):
        services.compute(None, None)  # type: ignore[arg-type]
    assert calls == [True]
