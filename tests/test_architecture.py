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
