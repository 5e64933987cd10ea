"""The package's architecture, held by tests: each sub-package is one concern, runtime imports
run one way between them, only the store package imports the SPARQL engine, and no Python file
holds SPARQL text (every query is a .rq file run through the catalogue)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from conftest import REPOSITORY

PACKAGE = REPOSITORY / "src" / "timeline"

# Lower layers first: a module may import its own package and any package of a lower layer.
LAYERS = [
    {"version"},
    {"errors", "resources", "words", "__init__"},
    {"rdf"},
    {"model"},
    {"temporal"},
    {"kb", "pages"},
    {"catalog"},
    {"store"},
    {"validation"},
    {"curation"},
    {"views", "linking"},
    {"extraction"},
    {"api"},
    {"serve"},
    {"cli"},
    {"__main__"},
]
LAYER_OF = {name: index for index, names in enumerate(LAYERS) for name in names}
SPARQL_TEXT = re.compile(r"(?is)\b(SELECT|CONSTRUCT|DESCRIBE)\b[^{]*\bWHERE\s*\{|\bASK\s*\{")
# The one update timeline sends frames N-Triples data, not a query (see store/updates.py); the
# SHACL compiler writes the queries that ontology/shapes.ttl stands for (validation/shacl_sparql.py).
SPARQL_ALLOWED = {Path("store/updates.py"), Path("validation/shacl_sparql.py")}


def _modules() -> list[Path]:
    return sorted(path.relative_to(PACKAGE) for path in PACKAGE.rglob("*.py"))


def _concern(relative: Path) -> str:
    return relative.parts[0].removesuffix(".py")


def _runtime_imports(tree: ast.Module) -> list[str]:
    """The timeline modules imported at run time: everywhere but under `if TYPE_CHECKING:`."""
    found = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            return
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("timeline"):
            found.append(node.module)
        if isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names if alias.name.startswith("timeline"))
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


@pytest.mark.parametrize("relative", _modules(), ids=str)
def test_imports_run_one_way(relative):
    importer = _concern(relative)
    assert importer in LAYER_OF, f"{relative}: a new concern must be given its place in LAYERS"
    tree = ast.parse((PACKAGE / relative).read_text(encoding="utf-8"))
    for module in _runtime_imports(tree):
        parts = module.split(".")
        imported = parts[1] if len(parts) > 1 else "__init__"
        if imported == importer:
            continue
        assert LAYER_OF[imported] < LAYER_OF[importer], f"{relative} imports {module}: {importer} must not depend on {imported}"


def _module_name(relative: Path) -> str:
    parts = ["timeline", *relative.with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _module_imports() -> dict[str, set[str]]:
    """Each module's runtime imports of other timeline modules (not under `if TYPE_CHECKING:`).
    `from package import module` imports the module; `from package import name` the package's
    __init__."""
    modules = {_module_name(relative): relative for relative in _modules()}
    return {
        name: _imported_modules(ast.parse((PACKAGE / relative).read_text(encoding="utf-8")), set(modules)) - {name}
        for name, relative in modules.items()
    }


def _imported_modules(node: ast.AST, modules: set[str]) -> set[str]:
    if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
        return set()
    imported: set[str] = set()
    if isinstance(node, ast.ImportFrom) and node.module in modules:
        submodules = {f"{node.module}.{alias.name}" for alias in node.names} & modules
        imported |= submodules | ({node.module} if len(submodules) < len(node.names) else set())
    if isinstance(node, ast.Import):
        imported |= {alias.name for alias in node.names if alias.name in modules}
    for child in ast.iter_child_nodes(node):
        imported |= _imported_modules(child, modules)
    return imported


def test_no_module_imports_itself_back_through_others():
    """Zero circles between modules, at run time: a change to a module never needs the modules
    that import it."""
    graph = _module_imports()
    circles = []
    state: dict[str, int] = {}  # 1: being visited, 2: done

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for imported in sorted(graph[module]):
            if state.get(imported) == 1:
                circles.append(" -> ".join(path[path.index(imported):] + [imported]))
            elif imported not in state:
                visit(imported, [*path, imported])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert circles == []


def test_only_the_store_package_imports_the_sparql_engine():
    """The one exception is the term model, which takes Oxigraph's term classes and nothing
    else: every term a store gives is the engine's own object."""
    for relative in _modules():
        text = (PACKAGE / relative).read_text(encoding="utf-8")
        imports = [line.strip() for line in re.findall(r"^[ \t]*(?:import|from)[ \t]+pyoxigraph\b.*$", text, re.MULTILINE)]
        if relative == Path("rdf/model.py"):
            assert imports == ["from pyoxigraph import BlankNode, DefaultGraph, Literal, NamedNode, Quad, Triple"]
        elif imports:
            assert relative.parts[0] == "store", f"{relative} imports pyoxigraph; only timeline/store may"


# Where rdflib may be imported at run time, and why: every term a store gives is Oxigraph's, so
# rdflib stays with the code that builds or validates rdflib graphs.
RDFLIB_ROOMS = {
    "curation": "the compiler of the curated TOML builds its graphs with rdflib",
    "validation/shapes.py": "the pySHACL reference check validates an rdflib graph",
    "store/rdflib_engine.py": "the second engine the tests compare every stored query on",
    "store/terms.py": "the door: Oxigraph's terms as rdflib's and back, for the rooms above",
    "rdf/namespaces.py": "rdflib namespaces of the project's vocabularies, for the rooms above",
    "rdf/terms.py": "rdflib's terms written in N-Triples and SPARQL, for the rooms above",
}


def _runtime_packages(tree: ast.Module) -> set[str]:
    """The top-level packages a module imports at run time (not under `if TYPE_CHECKING:`)."""
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            return
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def test_rdflib_is_imported_only_where_rdflib_graphs_are_built_or_validated():
    importers = {
        relative for relative in _modules() if "rdflib" in _runtime_packages(ast.parse((PACKAGE / relative).read_text(encoding="utf-8")))
    }
    outside = sorted(str(relative) for relative in importers if relative.parts[0] not in RDFLIB_ROOMS and str(relative) not in RDFLIB_ROOMS)
    assert outside == [], "rdflib is imported outside the rooms of RDFLIB_ROOMS; give the code Oxigraph's terms (timeline.rdf.model)"
    assert {str(relative) for relative in importers if relative.parts[0] != "curation"} == set(RDFLIB_ROOMS) - {"curation"}


def _strings_that_are_not_docstrings(tree: ast.Module) -> list[str]:
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(id(first.value))
    strings = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            strings.append(node.value)
        if isinstance(node, ast.JoinedStr):
            strings.append("".join(part.value for part in node.values if isinstance(part, ast.Constant) and isinstance(part.value, str)))
    return strings


@pytest.mark.parametrize("relative", _modules(), ids=str)
def test_no_python_file_holds_sparql(relative):
    if relative in SPARQL_ALLOWED:
        return
    tree = ast.parse((PACKAGE / relative).read_text(encoding="utf-8"))
    for text in _strings_that_are_not_docstrings(tree):
        assert not SPARQL_TEXT.search(text), f"{relative} holds SPARQL text; put it in a .rq file: {text[:80]!r}"


def test_the_no_sparql_rule_catches_a_query_in_a_string():
    tree = ast.parse('QUERY = "PREFIX sem: <http://x/>\\nSELECT ?e WHERE { ?e a sem:Event }"\n')
    assert any(SPARQL_TEXT.search(text) for text in _strings_that_are_not_docstrings(tree))


def test_no_module_is_longer_than_a_reader_holds_at_once():
    """A module over 400 lines holds more than one concern: split it where its concerns part."""
    long = {str(relative): lines for relative in _modules() if (lines := len((PACKAGE / relative).read_text(encoding="utf-8").splitlines())) > 400}
    assert long == {}
