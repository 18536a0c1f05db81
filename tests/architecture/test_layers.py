"""The package's shape, read from its source with `ast`: dependencies between the top-level folders flow one
way (docs/architecture.md), no import hides inside a function, and no module outgrows a reader."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = "zhongjie"

# highest first: a folder may import only the folders after it
LAYERS = ("server", "schema", "resolvers", "events", "domain", "auth", "models", "base")
# outside the package's layers: they may import any layer, and nothing imports them
TOOLS = ("migrations", "bench")
MAX_LINES = 500


def _modules(folders: tuple[str, ...]) -> Iterator[Path]:
    for folder in folders:
        yield from sorted((ROOT / folder).rglob("*.py"))


def _imported(path: Path, tree: ast.AST) -> Iterator[tuple[ast.AST, str]]:
    """Each import statement of `path` naming a module of the package, with the module's dotted name
    inside the package (`domain.projects.access`)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith(f"{PACKAGE}."):
                    yield node, alias.name.removeprefix(f"{PACKAGE}.")
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = path.relative_to(ROOT).parent.parts[
                    : len(path.relative_to(ROOT).parent.parts) - node.level + 1
                ]
                yield node, ".".join([*base, node.module] if node.module else base)
            elif node.module and node.module.startswith(f"{PACKAGE}."):
                yield node, node.module.removeprefix(f"{PACKAGE}.")


def _folder_edges() -> dict[tuple[str, str], str]:
    """(importing folder, imported folder) → one module where it happens."""
    edges: dict[tuple[str, str], str] = {}
    for path in _modules(LAYERS + TOOLS):
        source = path.relative_to(ROOT).parts[0]
        for _, module in _imported(path, ast.parse(path.read_text(encoding="utf-8"))):
            target = module.split(".")[0]
            if target != source:
                edges.setdefault((source, target), str(path.relative_to(ROOT)))
    return edges


def test_the_layers_are_the_package_folders() -> None:
    folders = {path.parent.name for path in ROOT.glob("*/__init__.py")} - {"tests"}
    assert folders == set(LAYERS + TOOLS)


def test_dependencies_flow_downwards() -> None:
    upward = {
        edge: where
        for edge, where in _folder_edges().items()
        if edge[1] in TOOLS or (edge[0] in LAYERS and LAYERS.index(edge[1]) < LAYERS.index(edge[0]))
    }
    assert upward == {}


def test_the_folder_graph_has_no_cycle() -> None:
    """Implied by the layers' order, and checked on its own so that the message names the loop."""
    graph: dict[str, set[str]] = {}
    for source, target in _folder_edges():
        graph.setdefault(source, set()).add(target)

    def loop_from(node: str, path: tuple[str, ...]) -> tuple[str, ...] | None:
        if node in path:
            return (*path[path.index(node) :], node)
        for following in sorted(graph.get(node, ())):
            found = loop_from(following, (*path, node))
            if found:
                return found
        return None

    assert [loop for start in sorted(graph) if (loop := loop_from(start, ()))] == []


def _function_imports(tree: ast.AST) -> Iterator[ast.AST]:
    for function in ast.walk(tree):
        if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            for node in ast.walk(function):
                if isinstance(node, ast.Import | ast.ImportFrom):
                    yield node


def test_no_import_of_the_package_hides_inside_a_function() -> None:
    hidden = []
    for path in _modules(LAYERS + TOOLS):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        inner = {id(node) for node in _function_imports(tree)}
        hidden += [
            f"{path.relative_to(ROOT)}:{node.lineno} {module}"
            for node, module in _imported(path, tree)
            if id(node) in inner and path.relative_to(ROOT).parts[0] not in TOOLS
        ]
    assert hidden == []


@pytest.mark.parametrize("folder", LAYERS)
def test_no_module_outgrows_a_reader(folder: str) -> None:
    long = {
        str(path.relative_to(ROOT)): lines
        for path in _modules((folder,))
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}
