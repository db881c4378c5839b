"""The shape of the code: cx_sme never imports streamlit; the public API is __all__."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import cx_sme

PACKAGE = Path(cx_sme.__file__).parent
PROJECT = PACKAGE.parent


def _python_files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*.py") if ".venv" not in p.parts]


def test_cx_sme_never_imports_streamlit() -> None:
    offenders = []
    for path in _python_files(PACKAGE):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path.name}: {n}" for n in names if n.split(".")[0] == "streamlit"]
    assert offenders == []


def test_public_api_is_exported() -> None:
    for name in cx_sme.__all__:
        assert hasattr(cx_sme, name), name
    public = {n for n in vars(cx_sme) if not n.startswith("_") and not _is_submodule(n)}
    assert public <= set(cx_sme.__all__) | {"annotations"}


def _is_submodule(name: str) -> bool:
    return type(getattr(cx_sme, name)).__name__ == "module"


def test_catalogs_have_the_same_keys_and_area_prefixes() -> None:
    for area in (PACKAGE / "locales" / "it").glob("*.json"):
        italian = json.loads(area.read_text(encoding="utf-8"))
        english = json.loads((PACKAGE / "locales" / "en" / area.name).read_text(encoding="utf-8"))
        assert set(italian) == set(english), area.name
        assert all(k.startswith(area.stem + ".") for k in italian), area.name
        for key, text in italian.items():
            assert re.findall(r"{(\w+)}", text) == re.findall(r"{(\w+)}", english[key]), key


def test_every_translation_key_used_in_code_exists() -> None:
    from cx_sme.core.i18n import catalog

    known = set(catalog("it"))
    pattern = re.compile(r"""\bt\(\s*["']([a-z_]+\.[a-z0-9_.]+)["']""")
    missing = []
    for folder in (PACKAGE, PROJECT / "app_pages", PROJECT / "ui"):
        for path in _python_files(folder):
            for key in pattern.findall(path.read_text(encoding="utf-8")):
                if key not in known:
                    missing.append(f"{path.name}: {key}")
    assert missing == []
    assert (PROJECT / "app.py").exists()


# --- the house: no cycles, thin pages, no SQL outside cx_sme, every module tested --------


def _module_name(path: Path) -> str:
    parts = path.relative_to(PROJECT).with_suffix("").parts
    name = ".".join(parts)
    return name[: -len(".__init__")] if name.endswith(".__init__") else name


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in _python_files(PACKAGE)}


def _module_level_imports(path: Path, known: set[str]) -> set[str]:
    """The cx_sme modules ``path`` imports when it is imported (not inside functions, not
    under TYPE_CHECKING): ``from a.b import c`` counts a.b.c when that is a module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()

    def visit(nodes: list[ast.stmt]) -> None:
        for node in nodes:
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                continue
            if isinstance(node, ast.Import):
                found.update(a.name for a in node.names if a.name in known)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                if node.module in known:
                    found.add(node.module)
                for alias in node.names:
                    full = f"{node.module}.{alias.name}"
                    if full in known:
                        found.add(full)
            elif isinstance(node, ast.If | ast.Try | ast.With):
                for block in ("body", "orelse", "finalbody", "handlers"):
                    inner = getattr(node, block, [])
                    visit([n for n in inner if isinstance(n, ast.stmt)])
                    for handler in inner if block == "handlers" else []:
                        visit(handler.body)

    visit(tree.body)
    return found


def _import_graph() -> dict[str, set[str]]:
    modules = _modules()
    known = set(modules)
    graph = {name: _module_level_imports(path, known) for name, path in modules.items()}
    # importing a.b.c first runs the __init__ of a and a.b
    for name in list(graph):
        parts = name.split(".")
        for i in range(1, len(parts)):
            parent = ".".join(parts[:i])
            if parent in graph and parent != name:
                graph[name].add(parent)
    return graph


def test_no_import_cycles_in_cx_sme() -> None:
    graph = _import_graph()
    cycles: list[list[str]] = []
    state: dict[str, int] = {}

    def walk(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append([*trail[trail.index(nxt) :], nxt])
            elif nxt not in state:
                walk(nxt, [*trail, nxt])
        state[node] = 2

    for start in sorted(graph):
        if start not in state:
            walk(start, [start])
    assert cycles == []


def test_the_base_imports_nothing_above_it() -> None:
    """cx_sme.core is the bottom of the house; files, ingest, kpi and company do not reach up
    to the dashboards, the team, the programme, the reports, voice, the sample or the command
    line. (admin sits low: an import that replaces months makes an automatic backup first.)"""
    graph = _import_graph()
    above = ("cx_sme.dashboards", "cx_sme.team", "cx_sme.programme", "cx_sme.reports",
             "cx_sme.cli", "cx_sme.voice", "cx_sme.sample")  # fmt: skip
    offenders = []
    for name, imports in graph.items():
        if name.startswith("cx_sme.core"):
            offenders += [(name, i) for i in imports if i not in ("cx_sme", "cx_sme.core")
                          and not i.startswith("cx_sme.core.")]  # fmt: skip
        if name.startswith(("cx_sme.files", "cx_sme.ingest", "cx_sme.kpi", "cx_sme.company",
                            "cx_sme.admin")):  # fmt: skip
            offenders += [(name, i) for i in imports if i.startswith(above)]
    assert offenders == []


HEAVY_LIBRARIES = ("fastexcel", "python_calamine", "pyarrow", "sklearn", "psycopg")
# The PostgreSQL side of the store, loaded only for a postgresql:// address.
LOADED_FOR_POSTGRESQL = ("cx_sme.core.postgres", "cx_sme.tenancy.postgres_copy")


def test_in_function_imports_only_keep_heavy_work_off_start_up() -> None:
    """Imports inside functions only for a heavy library (the readers, scikit-learn) or, in
    the command line's handlers, for the engine (so that --help starts without pandas)."""
    offenders = []
    for path in _python_files(PACKAGE):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        in_cli = path.parent.name == "cli"
        for func in ast.walk(tree):
            if not isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(func):
                if isinstance(node, ast.Import):
                    names = [a.name for a in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module:
                    names = [node.module]
                else:
                    continue
                for name in names:
                    if (
                        name.split(".")[0] in HEAVY_LIBRARIES
                        or name in LOADED_FOR_POSTGRESQL
                        or (in_cli and name.startswith("cx_sme"))
                    ):
                        continue
                    offenders.append(f"{path.relative_to(PROJECT)}:{node.lineno} {name}")
    assert offenders == []


SQL = re.compile(r"\b(SELECT|INSERT|UPDATE|DELETE)\b\s+[\w*(]|\.execute(many)?\(")


def test_pages_are_thin_and_hold_no_sql() -> None:
    for path in sorted((PROJECT / "app_pages").glob("*.py")):
        text = path.read_text(encoding="utf-8")
        assert len(text.splitlines()) < 200, f"{path.name}: {len(text.splitlines())} lines"
        assert not SQL.search(text), path.name


def test_no_sql_outside_cx_sme() -> None:
    """ui/ and app.py may name a connection's type, never query it."""
    offenders = []
    for path in [PROJECT / "app.py", *_python_files(PROJECT / "ui")]:
        text = path.read_text(encoding="utf-8")
        if SQL.search(text):
            offenders.append(str(path.relative_to(PROJECT)))
    assert offenders == []


# Modules tested through another door: the command families through the command line's
# contract tests (tests/cli), which call cx_sme.cli.main.
TESTED_THROUGH_THE_COMMAND_LINE = {
    "cx_sme.cli.admin", "cx_sme.cli.data", "cx_sme.cli.kpi", "cx_sme.cli.output",
    "cx_sme.cli.programme", "cx_sme.cli.reports", "cx_sme.cli.team", "cx_sme.cli.voice",
    "cx_sme.cli.companies", "cx_sme.cli.people",
}  # fmt: skip


def test_every_module_has_tests() -> None:
    """A module is tested when tests/ imports it, or it carries doctests (run by pytest)."""
    tests_text = "\n".join(p.read_text(encoding="utf-8") for p in _python_files(PROJECT / "tests"))
    untested = []
    for name, path in sorted(_modules().items()):
        if name.endswith("__main__") or path.name == "__init__.py":
            continue
        if name in TESTED_THROUGH_THE_COMMAND_LINE or ">>> " in path.read_text(encoding="utf-8"):
            continue
        parent, _, leaf = name.rpartition(".")
        imported = re.search(
            rf"from {re.escape(parent)} import [^\n]*\b{leaf}\b|\b{re.escape(name)}\b", tests_text
        )
        if not imported:
            untested.append(name)
    assert untested == []


def test_charts_are_built_only_in_cx_sme() -> None:
    """Pages and ui helpers show charts; they never build them (no altair import)."""
    offenders = []
    for path in [*(PROJECT / "app_pages").glob("*.py"), *_python_files(PROJECT / "ui")]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else ([node.module] if isinstance(node, ast.ImportFrom) and node.module else [])
            )
            if any(n.split(".")[0] == "altair" for n in names):
                offenders.append(str(path.relative_to(PROJECT)))
    assert offenders == []
