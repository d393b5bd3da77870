"""The modules of ``csi_tui.cycle`` import each other in one direction only: no circle, not even
through an import hidden inside a function (which only moves the circle to run time)."""

from __future__ import annotations

import ast
from pathlib import Path

import csi_tui.cycle

PACKAGE = Path(csi_tui.cycle.__file__).resolve().parent
PREFIX = "csi_tui.cycle."


def _imports(path: Path) -> set[str]:
    """The sibling modules ``path`` imports anywhere in it (top level or inside a function)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "csi_tui.cycle":
                found.update(alias.name for alias in node.names)
            elif node.module.startswith(PREFIX):
                found.add(node.module[len(PREFIX) :].split(".")[0])
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith(PREFIX):
                    found.add(alias.name[len(PREFIX) :].split(".")[0])
    return found


def _graph() -> dict[str, set[str]]:
    modules = {p.stem for p in PACKAGE.glob("*.py") if p.stem != "__init__"}
    return {m: (_imports(PACKAGE / f"{m}.py") & modules) - {m} for m in modules}


def _circle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import circle of ``graph`` (its modules in order), or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(module: str) -> list[str] | None:
        state[module] = 1
        path.append(module)
        for other in sorted(graph[module]):
            if state.get(other) == 1:
                return [*path[path.index(other) :], other]
            if other not in state:
                found = visit(other)
                if found:
                    return found
        path.pop()
        state[module] = 2
        return None

    for module in sorted(graph):
        if module not in state:
            found = visit(module)
            if found:
                return found
    return None


def test_no_module_of_the_cycle_package_imports_itself_back() -> None:
    circle = _circle(_graph())
    assert circle is None, " -> ".join(circle or [])


def test_load_and_save_in_one_direction() -> None:
    graph = _graph()
    assert "load" in graph["save"]  # save checks what it writes with the loader
    assert "save" not in graph["load"]


def test_the_check_finds_a_circle() -> None:
    assert _circle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _circle({"a": {"b"}, "b": set()}) is None
