"""The stages import one way: no module of argmap imports, at load time, a module that
imports it back (directly or through others). Imports inside functions (lazy imports,
which keep `argmap check` light) and under TYPE_CHECKING do not count: they run later or
never."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "argmap"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def load_time_imports(path: Path) -> set[str]:
    """The argmap modules a module imports when it is loaded."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in tree.body:  # module level only: not inside functions or classes
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.dump(node.test):
            continue
        for inner in ast.walk(node) if isinstance(node, (ast.If, ast.Try)) else [node]:
            if isinstance(inner, ast.Import):
                found |= {a.name for a in inner.names if a.name.startswith("argmap")}
            elif isinstance(inner, ast.ImportFrom) and (inner.module or "").startswith("argmap"):
                base = inner.module or ""
                found.add(base)
                # `from argmap import dot` imports the module argmap.dot
                found |= {f"{base}.{a.name}" for a in inner.names}
    return found


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every cycle met by a depth-first walk of ``graph`` (module -> what it imports)."""
    state: dict[str, str] = {}
    cycles: list[list[str]] = []

    def visit(name: str, trail: list[str]) -> None:
        state[name] = "open"
        for dep in sorted(graph.get(name, ())):
            if state.get(dep) == "open":
                cycles.append([*trail[trail.index(dep) :], dep])
            elif dep not in state:
                visit(dep, [*trail, dep])
        state[name] = "done"

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    return cycles


@pytest.mark.slow
def test_there_is_no_import_cycle_in_argmap():
    modules = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph = {
        name: {m for m in load_time_imports(path) if m in modules and m != name}
        for name, path in modules.items()
    }
    assert not find_cycles(graph)


def test_the_cycle_finder_finds_a_cycle(tmp_path):
    """Not vacuous: modules that import each other, directly or through a third, are found."""
    (tmp_path / "a.py").write_text("from argmap import b\nif TYPE_CHECKING:\n    import argmap.c\n")
    (tmp_path / "b.py").write_text("import argmap.a\n")
    assert load_time_imports(tmp_path / "a.py") == {"argmap", "argmap.b"}
    assert load_time_imports(tmp_path / "b.py") == {"argmap.a"}
    assert find_cycles({"a": {"b"}, "b": {"a"}}) == [["a", "b", "a"]]
    assert find_cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == [["a", "b", "c", "a"]]
    assert find_cycles({"a": {"b"}, "b": {"c"}, "c": set()}) == []
