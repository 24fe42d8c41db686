"""The layout's rules, read from the source (every import, those inside functions included):

* Streamlit is allowed in an nn_ui module only when its file name ends in ``_ui.py``; every other
  nn_ui module (the rooms figures/ and live/ entirely, the chunk format, the models of a run
  and of a race...), nn_core and nn_io never import it, directly or through another module of
  the project.
* No import cycle among the project's modules.
* No nn_ui file (Python, the view's JS and CSS) over 250 lines.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("app_pages", "nn_core", "nn_io", "nn_ui", "classroom", "loadtest", "benchmarks",
            "scripts")
MAX_LINES = 250


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    found = {_module_name(ROOT / name): ROOT / name for name in ("app.py", "asgi.py")}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            found[_module_name(path)] = path
    return found


MODULES = _modules()


def _imports(name: str, path: Path) -> set[str]:
    """Every module ``name`` imports, anywhere in its file: project modules by their name (a
    name imported from a package is that package's module when there is one), others by their
    top-level name."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[:len(package.split(".")) - node.level + 1]
                base = ".".join(up + ([base] if base else []))
            subs = [f"{base}.{alias.name}" for alias in node.names]
            targets = [s for s in subs if s in MODULES] or [base]
            if len(targets) < len(subs):
                targets.append(base)
        else:
            continue
        for target in targets:
            out.add(target if target in MODULES else target.split(".")[0])
    out.discard(name)
    return out


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def _may_use_streamlit(name: str) -> bool:
    return name.startswith("nn_ui.") and name.rsplit(".", 1)[-1].endswith("_ui")


def _loads(name: str) -> set[str]:
    """What importing ``name`` runs besides its own file: what it imports, and its packages'
    ``__init__`` files."""
    parts = name.split(".")
    parents = {".".join(parts[:k]) for k in range(1, len(parts))} & MODULES.keys()
    return GRAPH.get(name, set()) | parents


def _path_to_streamlit(name: str) -> list[str] | None:
    """The chain of imports from ``name`` to streamlit, or None."""
    seen, todo = {name}, [[name]]
    while todo:
        chain = todo.pop()
        for target in sorted(_loads(chain[-1])):
            if target == "streamlit":
                return chain + [target]
            if target in GRAPH and target not in seen:
                seen.add(target)
                todo.append(chain + [target])
    return None


PURE = sorted(n for n in MODULES if n.split(".")[0] in ("nn_core", "nn_io", "nn_ui")
              and not _may_use_streamlit(n))


def test_the_rule_sees_imports_inside_functions_and_through_other_modules():
    assert "streamlit" in GRAPH["nn_ui.view.component_ui"]
    assert "nn_ui.live.run" in GRAPH["nn_ui.view.session_ui"]
    assert len(PURE) > 30 and "nn_ui.view.chunks" in PURE and "nn_ui.figures.style" in PURE


@pytest.mark.parametrize("name", PURE)
def test_a_pure_module_never_reaches_streamlit(name):
    chain = _path_to_streamlit(name)
    assert chain is None, (f"{name} reaches Streamlit: {' -> '.join(chain)}; only nn_ui modules "
                           "named *_ui.py may (see ARCHITECTURE.md)")


def _cycle() -> list[str] | None:
    """One import cycle among the project's modules, or None (depth-first search)."""
    state: dict[str, int] = {}                  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(name: str) -> list[str] | None:
        state[name] = 1
        path.append(name)
        for target in sorted(GRAPH[name]):
            if target not in GRAPH:
                continue
            if state.get(target) == 1:
                return path[path.index(target):] + [target]
            if target not in state:
                found = visit(target)
                if found:
                    return found
        path.pop()
        state[name] = 2
        return None

    for name in sorted(GRAPH):
        if name not in state:
            found = visit(name)
            if found:
                return found
    return None


def test_no_import_cycle_among_the_projects_modules():
    cycle = _cycle()
    assert cycle is None, "import cycle: " + " -> ".join(cycle)


NN_UI_FILES = sorted(p for p in (ROOT / "nn_ui").rglob("*")
                     if p.suffix in (".py", ".js", ".css") and "__pycache__" not in p.parts)


@pytest.mark.parametrize("path", NN_UI_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_nn_ui_file_is_over_250_lines(path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{path.relative_to(ROOT)} has {lines} lines: split it by concept"
