"""The core never imports Textual; nothing read from files is executed as Python."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "csi_tui"
TUI = SRC / "tui"


def _core_files() -> list[Path]:
    return [p for p in SRC.rglob("*.py") if TUI not in p.parents]


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_core_files_exist() -> None:
    assert len(_core_files()) > 5


def test_no_core_module_imports_textual() -> None:
    offenders = {
        str(p.relative_to(SRC)): sorted(
            m for m in _imported_modules(p) if m.split(".")[0] in {"textual", "textual_plotext"}
        )
        for p in _core_files()
    }
    offenders = {k: v for k, v in offenders.items() if v}
    assert offenders == {}


def test_importing_the_core_loads_no_textual() -> None:
    """Import every core module in a fresh interpreter and check textual never got loaded."""
    modules = sorted(
        ".".join(p.relative_to(SRC.parent).with_suffix("").parts).removesuffix(".__init__")
        for p in _core_files()
        if p.name != "__main__.py"
    )
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        "bad = sorted(m for m in sys.modules\n"
        "             if m.split('.')[0] in ('textual', 'textual_plotext'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_no_eval_or_exec_anywhere() -> None:
    calls = []
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in {"eval", "exec", "compile"}
            ):
                calls.append(f"{path.relative_to(SRC)}:{node.lineno}")
    assert calls == []


# ------------------------------------------------------------ the import graph


def _module_name(path: Path, root: Path = SRC.parent) -> str:
    return ".".join(path.relative_to(root).with_suffix("").parts).removesuffix(".__init__")


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _package_imports(path: Path, modules: set[str], root: Path = SRC.parent) -> set[str]:
    """The csi_tui modules ``path`` imports, at module level or inside functions; imports under
    ``if TYPE_CHECKING:`` are for types only and never run, so they do not count.

    ``from a.b import c`` imports the module ``a.b.c`` when there is one, else ``a.b``.
    """
    name = _module_name(path, root)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name in modules)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*parts, node.module] if node.module else parts)
            else:
                base = node.module or ""
            for alias in node.names:
                if f"{base}.{alias.name}" in modules:
                    found.add(f"{base}.{alias.name}")
                elif base in modules:
                    found.add(base)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    found.discard(name)
    return found


def _import_graph() -> dict[str, set[str]]:
    files = {_module_name(p): p for p in SRC.rglob("*.py")}
    return {name: _package_imports(path, set(files)) for name, path in files.items()}


def _circles(graph: dict[str, set[str]]) -> list[frozenset[str]]:
    """The strongly connected components of more than one module (Tarjan): each holds a circle."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[frozenset[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph[node]):
            if other not in index:
                connect(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(frozenset(component))

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return found


def _one_circle(graph: dict[str, set[str]], component: frozenset[str]) -> list[str]:
    """A shortest import path from the component's first module back to itself."""
    start = min(component)
    paths = {start: [start]}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for other in sorted(graph[node] & component):
            if other == start:
                return [*paths[node], start]
            if other not in paths:
                paths[other] = [*paths[node], other]
                queue.append(other)
    raise AssertionError(f"no circle through {start}")  # a component always holds one


def test_the_import_graph_sees_imports_of_every_kind(tmp_path: Path) -> None:
    """Module level, inside a function, relative; not under TYPE_CHECKING."""
    pkg = tmp_path / "csi_tui" / "pkg"
    pkg.mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text(
        "from typing import TYPE_CHECKING\n"
        "import csi_tui.pkg.b\n"
        "from . import c\n"
        "def f():\n    from csi_tui.pkg.d import thing\n"
        "if TYPE_CHECKING:\n    from csi_tui.pkg import e\n"
    )
    modules = {f"csi_tui.pkg.{m}" for m in "abcde"}
    found = _package_imports(pkg / "a.py", modules, root=tmp_path)
    assert found == {"csi_tui.pkg.b", "csi_tui.pkg.c", "csi_tui.pkg.d"}


def test_circles_are_found_and_named() -> None:
    graph = {"x": {"y"}, "y": {"z"}, "z": {"x"}, "w": {"x"}}
    assert _circles(graph) == [frozenset({"x", "y", "z"})]
    assert _one_circle(graph, frozenset({"x", "y", "z"})) == ["x", "y", "z", "x"]


def test_no_import_circles() -> None:
    graph = _import_graph()
    assert len(graph) > 100  # every module of the package was read
    new = list(_circles(graph))
    assert new == [], "import circles:\n" + "\n".join(
        " -> ".join(_one_circle(graph, c)) for c in new
    )


def test_only_the_open_command_imports_the_app() -> None:
    """app.py wires the TUI's parts; they reach the App through tui/host.py, not by importing it
    (not even for types), so it stays the top of the graph."""
    importers = sorted(
        str(p.relative_to(SRC))
        for p in SRC.rglob("*.py")
        if "csi_tui.tui.app" in _imported_modules(p)
    )
    assert importers == ["cli/open_cmd.py"]
