"""The package's shape, read from its own imports: layers import one way (a
module only imports its own layer's packages or lower ones), no module takes
part in an import cycle, and the package root holds only packages and a few
entry modules. See docs/architecture.md for the picture."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import judge

PACKAGE = Path(judge.__file__).resolve().parent

# Lowest first. A module may import from its own entry and from any entry below it.
LAYERS: list[set[str]] = [
    {"judge", "judge.settings", "judge.logs", "judge.shipped"},
    {"judge.wire"},
    {"judge.sandbox"},
    {"judge.problems"},
    {"judge.languages"},
    {"judge.grading"},
    {"judge.importers", "judge.selection"},
    {"judge.service", "judge.client"},
    {"judge.rescore"},
    {"judge.report"},
    {"judge.api"},
    {"judge.cli"},
]
ROOT_MODULES = {"__init__.py", "settings.py", "logs.py", "shipped.py", "py.typed"}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in PACKAGE.rglob("*.py")}


def imported(name: str, path: Path) -> Iterator[str]:
    """Every judge module ``name`` imports, at any depth of the file (an import
    inside a function still ties the layers together). ``from judge.a import b``
    imports the module ``judge.a.b`` if there is one, else the names of ``judge.a``."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            yield from (a.name for a in node.names if a.name.split(".")[0] == "judge")
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            if base.split(".")[0] == "judge":
                yield from (f"{base}.{alias.name}" for alias in node.names)


def resolve(target: str, known: dict[str, Path]) -> str:
    """The module ``target`` names: itself, or the package holding the name."""
    while target not in known and "." in target:
        target = target.rpartition(".")[0]
    return target


def layer_of(module: str) -> int:
    for index, layer in enumerate(LAYERS):
        for entry in layer:
            if module == entry or (entry != "judge" and module.startswith(entry + ".")):
                return index
    return -1


def import_graph() -> dict[str, set[str]]:
    known = modules()
    return {
        name: {resolve(t, known) for t in imported(name, path)} - {name}
        for name, path in known.items()
    }


def test_every_module_has_a_layer() -> None:
    unplaced = sorted(m for m in modules() if layer_of(m) < 0)
    assert unplaced == [], f"modules outside every layer (add them to LAYERS): {unplaced}"


def test_layers_import_one_way() -> None:
    upward = sorted(
        f"{source} -> {target}"
        for source, targets in import_graph().items()
        for target in targets
        if layer_of(target) > layer_of(source)
    )
    assert upward == [], "imports from a higher layer:\n" + "\n".join(upward)


def test_no_import_cycles() -> None:
    graph = import_graph()
    cycles = [sorted(c) for c in strongly_connected(graph) if len(c) > 1]
    assert cycles == [], f"import cycles: {cycles}"


def test_package_root_holds_packages_and_entry_modules() -> None:
    loose = sorted(p.name for p in PACKAGE.iterdir() if p.is_file())
    assert set(loose) <= ROOT_MODULES, f"modules at the package root: {loose}"


def strongly_connected(graph: dict[str, set[str]]) -> list[set[str]]:
    """Tarjan's algorithm, iterative."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[set[str]] = []
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(sorted(graph.get(root, ()))))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                components.append(component)
    return components


def test_the_checks_catch_a_cycle_and_an_upward_import() -> None:
    """The checks themselves: a made-up cycle is found, a made-up upward import is."""
    assert {"a", "b"} in strongly_connected({"a": {"b"}, "b": {"a"}, "c": {"a"}})
    assert layer_of("judge.api.app") > layer_of("judge.sandbox.sandbox")
    assert layer_of("judge.grading.tasktypes.batch") == layer_of("judge.grading")
    known = modules()
    assert resolve("judge.sandbox.cgroups", known) == "judge.sandbox.cgroups"
    assert resolve("judge.sandbox.Box", known) == "judge.sandbox"
