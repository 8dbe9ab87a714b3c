"""The import graph of the project, read from the code with `ast`: no cycles, every arrow points down, each
package is used through its facade, and the store has one door.

Layers, top to bottom: `pages/` → `dashboard/` → `core/`. Inside `core/`, the features (`descriptions`, `agenda`,
`feedback`, `concepts`, and `store`, which keeps what the others make) sit on the shared ground (the top-level
modules, `models/`, `readers/`); inside `dashboard/`, the feature folders sit on the shell (its top-level modules,
and the `workspace` package through which every feature reaches the store). Imports inside functions are kept
only to defer a heavy library, and say so.

A package (a folder of `core/` or `dashboard/`) names what the rest of the code may use in its `__init__`'s
`__all__`; code outside it imports only those names (`from core.agenda import Agenda`), or the package itself and
uses only those names on it (`workspace.agenda()`). Tests may reach inside, to test a module's own parts.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FEATURES = ("descriptions", "agenda", "feedback", "concepts", "store", "speakers")
DASHBOARD_FEATURES = FEATURES + ("charts", "collecting")  # the dashboard's own: charts, and the event's forms
SHELL_PACKAGES = ("workspace",)  # dashboard packages that are shell, not a feature: every feature uses them
# Libraries worth deferring to the function that needs them: each costs seconds or 100+ MB at import.
HEAVY = {"torch", "transformers", "sentence_transformers", "peft", "huggingface_hub", "gguf", "xllamacpp", "openai",
         "openpyxl", "ortools", "vl_convert"}


@dataclass(frozen=True)
class Import:
    source: str  # the importing module, e.g. "core.descriptions.best_of"
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
        return (3, f"dashboard.{parts[1]}") if len(parts) > 2 or parts[1] in DASHBOARD_FEATURES else (2, "shell")
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
    assert {"core.descriptions.best_of", "core.agenda.sessions", "dashboard.state", "pages.descriptions"} \
        <= set(modules)
    found = imports_of("core.descriptions.best_of", modules["core.descriptions.best_of"], set(modules))
    assert {"core.descriptions.brief", "core.descriptions.ranking", "core.models"} <= {i.target for i in found}
    assert layer("dashboard.descriptions.write") == (3, "dashboard.descriptions")
    assert layer("dashboard.state") == (2, "shell")
    assert layer("core.feedback.themes") == (1, "core.feedback") and layer("core.models.embeddings") == (0, "ground")


# --- Facades: each package names what the rest of the code may use --------------------------------------------
APP_FOLDERS = ("core", "dashboard", "pages", "routes")  # the code the rules below hold for (tests may reach inside)
# A migration is a frozen record of one schema change, written once and never edited: it reads as one block
LONG_FUNCTIONS_ALLOWED = {"core/store/migrations/versions/0001_workspaces_and_programmes.py:upgrade",
                          "core/store/migrations/versions/0002_copy_and_feedback.py:upgrade"}
MAX_FUNCTION_LINES = 60
# The only modules that may import the store: its own, the dashboard's door, and the routes' door
STORE_DOORS = ("core.store", "dashboard.workspace", "routes.store")


def app_files() -> dict[str, Path]:
    files = [p for folder in APP_FOLDERS for p in ROOT.glob(f"{folder}/**/*.py")]
    return {module_name(p): p for p in files}


def package_of(module: str) -> str | None:
    """The first-level package a module belongs to: core.agenda.formats.ical -> core.agenda; core.config -> None"""
    parts = module.split(".")
    if len(parts) >= 2 and parts[0] in ("core", "dashboard") and (ROOT / parts[0] / parts[1] / "__init__.py").exists():
        return ".".join(parts[:2])
    return None


def offered(package: str) -> dict[str, str] | None:
    """What a package offers, name -> submodule, read from its `__init__`: a literal `__all__` (submodule
    unknown, "") or the table given to `core.lazy.offer`; None when it names nothing."""
    tree = ast.parse((ROOT / package.replace(".", "/") / "__init__.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if not isinstance(node, ast.Assign):
            continue
        targets = [e for t in node.targets for e in (t.elts if isinstance(t, ast.Tuple) else [t])]
        if not any(getattr(t, "id", None) == "__all__" for t in targets):
            continue
        if isinstance(node.value, ast.Call) and getattr(node.value.func, "id", None) == "offer":
            table = ast.literal_eval(node.value.args[1])
            return {(entry.partition(":")[2] or entry.partition(":")[0]): module
                    for module, names in table.items() for entry in names.split()}
        return dict.fromkeys(ast.literal_eval(node.value), "")
    return None


def exports(package: str) -> set[str] | None:
    """The names in a package's `__all__`, or None when it has none."""
    found = offered(package)
    return None if found is None else set(found)


def packages() -> list[str]:
    return sorted({p for m in app_files() if (p := package_of(m))})


def test_every_package_names_what_it_offers():
    """An `__all__` in every package's `__init__`, and every name in it really there."""
    import importlib
    missing = [p for p in packages() if exports(p) is None]
    assert not missing, f"packages without __all__: {missing}"
    unbound = [f"{p}.{name}" for p in packages() if not p.startswith("dashboard")  # dashboard needs a page run
               for name in exports(p) if not hasattr(importlib.import_module(p), name)]
    assert not unbound, unbound


def test_no_offered_name_is_also_a_submodule():
    """Importing `core.feedback.themes` sets the attribute `themes` of `core.feedback` to the module: a function
    offered under that name would be the module or the function depending on what was imported first."""
    clashes = [f"{p}.{name}" for p in packages() for name in exports(p)
               if (ROOT / p.replace(".", "/") / f"{name}.py").exists()
               or (ROOT / p.replace(".", "/") / name / "__init__.py").exists()]
    assert not clashes, clashes


def test_facades_import_a_submodule_only_when_its_names_are_used():
    """A facade that imported all its submodules would make every page pay for torch and scikit-learn at start."""
    import subprocess
    import sys
    probe = ("import sys, core.agenda, core.store, core.feedback, core.models, core.concepts, core.descriptions; "
             "print(sorted({'torch', 'sklearn', 'transformers'} & set(sys.modules)))")
    out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stdout + out.stderr


def facade_breaches(module: str, path: Path) -> list[str]:
    """Imports from `module` into another package that pass its facade by."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    bad, namespaces = [], {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and not node.level:
            target = package_of(node.module)
            if node.module in ("core", "dashboard"):  # `from dashboard import workspace`: a package as a namespace
                for alias in node.names:
                    if package_of(f"{node.module}.{alias.name}") == f"{node.module}.{alias.name}":
                        namespaces[alias.asname or alias.name] = f"{node.module}.{alias.name}"
                continue
            if target is None or module == target or module.startswith(target + "."):
                continue
            if node.module != target:
                bad.append(f"{module}:{node.lineno} imports {node.module}, inside {target}: use {target}")
                continue
            offered = exports(target) or set()
            bad += [f"{module}:{node.lineno} imports {a.name} from {target}, which does not offer it"
                    for a in node.names if a.name not in offered]
        elif isinstance(node, ast.Import):
            for alias in node.names:
                target = package_of(alias.name)
                if target and alias.name != target and not (module == target or module.startswith(target + ".")):
                    bad.append(f"{module}:{node.lineno} imports {alias.name}, inside {target}: use {target}")
    for node in ast.walk(tree):  # `workspace.agenda()`: only what the package offers
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in namespaces:
            package = namespaces[node.value.id]
            if module != package and not module.startswith(package + ".") and node.attr not in (exports(package) or ()):
                bad.append(f"{module}:{node.lineno} uses {node.value.id}.{node.attr}, which {package} does not offer")
    return bad


def test_code_outside_a_package_uses_only_its_facade():
    bad = [b for module, path in app_files().items() for b in facade_breaches(module, path)]
    assert not bad, "\n".join(bad)


def test_the_facade_check_catches_a_breach(tmp_path):
    """The check above would pass on code it cannot read; make sure it flags each kind of breach."""
    sample = tmp_path / "sample.py"
    sample.write_text("from core.agenda.schedule import repair\nfrom core.agenda import _overlaps\n"
                      "from dashboard import workspace\nworkspace.read(None)\n", encoding="utf-8")
    found = facade_breaches("dashboard.descriptions.write", sample)
    assert len(found) == 3 and "inside core.agenda" in found[0] and "does not offer" in found[1], found
    assert "workspace.read" in found[2]


def store_importers() -> list[str]:
    found = []
    for module, path in app_files().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            if any(n == "core.store" or n.startswith("core.store.") for n in names):
                found.append(module)
    return sorted(set(found))


def test_only_the_doors_reach_the_store():
    """Pages and views reach the store only through `dashboard.workspace`; the HTTP routes through their own
    door module; nothing else imports `core.store`."""
    outside = [m for m in store_importers()
               if not any(m == door or m.startswith(door + ".") for door in STORE_DOORS)]
    assert not outside, f"these import core.store directly: {outside}"
    assert "dashboard.workspace.reads" in store_importers()  # the check reads the real imports


def test_no_folder_or_module_is_named_after_the_standard_library():
    """Streamlit puts the entrypoint's folder (`dashboard/`) first on sys.path, so a folder there named like a
    standard module (`copy`, `json`, …) replaces it for every library; anywhere else, the name still misleads."""
    import sys
    named = [str(p.relative_to(ROOT)) for folder in APP_FOLDERS for p in (ROOT / folder).rglob("*")
             if (p.is_dir() or p.suffix == ".py") and p.stem in sys.stdlib_module_names]
    assert not named, named


def test_module_names_in_core_are_unique():
    """One name, one meaning: no two modules of `core/` share a file name."""
    from collections import Counter
    names = Counter(p.stem for p in ROOT.glob("core/**/*.py") if p.stem not in ("__init__", "__main__", "env"))
    assert not [n for n, c in names.items() if c > 1]


def test_functions_fit_on_a_screen():
    long = []
    for folder in ("core", "dashboard"):
        for path in ROOT.glob(f"{folder}/**/*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    where = f"{path.relative_to(ROOT)}:{node.name}"
                    if node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES and where not in LONG_FUNCTIONS_ALLOWED:
                        long.append(f"{where} ({node.end_lineno - node.lineno + 1} lines)")
    assert not long, long


def test_the_routes_call_core_and_never_the_dashboard_or_streamlit():
    """The attendee routes run beside the app, not inside a page: they import core (through their own door for
    the store), Starlette and Jinja2, never Streamlit or the dashboard's page code."""
    bad = []
    for path in ROOT.glob("routes/**/*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module] if isinstance(node, ast.ImportFrom) and node.module else []
            bad += [f"{path.relative_to(ROOT)}: {n}" for n in names
                    if n.split(".")[0] in ("streamlit", "dashboard", "pages")]
    assert not bad, bad
    assert list(ROOT.glob("routes/*.py")), "the check reads the real routes"
