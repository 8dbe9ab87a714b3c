"""The import graph of the project, read from the code with `ast`: no cycles, and every arrow points down.

Layers, top to bottom: `pages/` → `dashboard/` → `core/`. Inside `core/`, the features (`copy`, `agenda`,
`feedback`, `primer`, and `store`, which keeps what the others make) sit on the shared ground (the top-level modules, `models/`, `readers/`); inside
`dashboard/`, the feature folders sit on the shell (its top-level modules, and the `workspace` package through
which every feature reaches the store). Imports inside functions are kept
only to defer a heavy library, and say so.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FEATURES = ("copy", "agenda", "feedback", "primer", "store")
SHELL_PACKAGES = ("workspace",)  # dashboard packages that are shell, not a feature: every feature uses them
# Libraries worth deferring to the function that needs them: each costs seconds or 100+ MB at import.
HEAVY = {"torch", "transformers", "sentence_transformers", "peft", "huggingface_hub", "gguf", "xllamacpp", "openai",
         "openpyxl", "ortools", "vl_convert"}


@dataclass(frozen=True)
class Import:
    source: str  # the importing module, e.g. "core.copy.best_of"
    target: str  # a project module, or the top-level name of a library
    line: int
    in_function: bool
    text: str  # the source line, comment included


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def project_modules() -> dict[str, Path]:
    files = [*ROOT.glob("core/**/*.py"), *ROOT.glob("dashboard/**/*.py"), *ROOT.glob("pages/*.py")]
    return {module_name(p): p for p in files}


def imports_of(name: str, path: Path, known: set[str]) -> list[Import]:
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    tree = ast.parse(source)
    in_function = {id(n) for f in ast.walk(tree) if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef))
                   for n in ast.walk(f)}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            # `from core.agenda import similarity` imports the module core.agenda.similarity
            targets = [f"{node.module}.{a.name}" if f"{node.module}.{a.name}" in known else node.module
                       for a in node.names]
        else:
            continue
        for target in dict.fromkeys(targets):
            while target not in known and "." in target:
                target = target.rpartition(".")[0]
            found.append(Import(name, target, node.lineno, id(node) in in_function, lines[node.lineno - 1]))
    return found


@pytest.fixture(scope="module")
def graph() -> list[Import]:
    modules = project_modules()
    return [i for name, path in modules.items() for i in imports_of(name, path, set(modules))]


def layer(module: str) -> tuple[int, str]:
    """(height, area): pages 4; dashboard features 3, the dashboard shell 2; core features 1, core's ground 0."""
    parts = module.split(".")
    if parts[0] == "pages":
        return 4, "pages"
    if parts[0] == "dashboard":
        if parts[1] in SHELL_PACKAGES:
            return 2, "shell"
        return (3, f"dashboard.{parts[1]}") if len(parts) > 2 or parts[1] in FEATURES + ("charts",) else (2, "shell")
    if parts[0] == "core":
        return (1, f"core.{parts[1]}") if len(parts) > 1 and parts[1] in FEATURES else (0, "ground")
    return -1, parts[0]


def test_no_module_imports_itself_round_a_cycle(graph):
    edges: dict[str, set[str]] = {}
    for i in graph:
        if i.target in project_modules() and i.target != i.source:
            edges.setdefault(i.source, set()).add(i.target)
    cycles, state = [], {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = "open"
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == "open":
                cycles.append(path[path.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt, path + [nxt])
        state[node] = "done"

    for node in sorted(edges):
        if node not in state:
            visit(node, [node])
    assert not cycles, "import cycles: " + "; ".join(" -> ".join(c) for c in cycles)


def test_core_never_imports_streamlit_the_dashboard_or_pages(graph):
    bad = [f"{i.source}:{i.line} imports {i.target}" for i in graph
           if i.source.startswith("core") and i.target.split(".")[0] in ("streamlit", "dashboard", "pages")]
    assert not bad, bad


def test_the_dashboard_never_imports_pages(graph):
    bad = [f"{i.source}:{i.line} imports {i.target}" for i in graph
           if i.source.startswith("dashboard") and i.target.split(".")[0] == "pages"]
    assert not bad, bad


def test_every_arrow_points_down(graph):
    """A page may use anything; a feature may use another feature and the ground below it; the ground (core's
    shared modules, the dashboard's shell) never reaches up into a feature."""
    modules = project_modules()
    bad = []
    for i in graph:
        if i.target not in modules or i.target == i.source:
            continue
        (high, area), (target_high, target_area) = layer(i.source), layer(i.target)
        if target_high > high:
            bad.append(f"{i.source}:{i.line} imports {i.target} ({area} reaches up into {target_area})")
    assert not bad, bad


def test_imports_inside_functions_only_defer_heavy_libraries_and_say_so(graph):
    bad = [f"{i.source}:{i.line}: {i.text.strip()}" for i in graph if i.in_function and
           (i.target.split(".")[0] not in HEAVY or "# heavy" not in i.text)]
    assert not bad, bad


def test_the_graph_sees_what_it_checks():
    """The checks above would pass on an empty graph; make sure this one reads the real code."""
    modules = project_modules()
    assert {"core.copy.best_of", "core.agenda.table", "dashboard.state", "pages.descriptions"} <= set(modules)
    found = imports_of("core.copy.best_of", modules["core.copy.best_of"], set(modules))
    assert {"core.copy.brief", "core.copy.ranking", "core.models.engine"} <= {i.target for i in found}
    assert layer("dashboard.copy.write") == (3, "dashboard.copy") and layer("dashboard.state") == (2, "shell")
    assert layer("core.feedback.themes") == (1, "core.feedback") and layer("core.embeddings") == (0, "ground")
