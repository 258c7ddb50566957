"""The package's folders are its stages, and imports only go down them (read → rules →
documents → write → commands → cli), so the layout a newcomer reads off the tree stays true."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "pipeline"
# Lower tiers never import higher ones; modules of one tier may import each other.
TIERS = {
    "model": 0, "problems": 0, "text": 0,  # the vocabulary every stage uses
    "read": 1,
    "rules": 2,
    "documents": 3,
    "write": 4,
    "commands": 5,
    "cli": 6, "__main__": 6, "__init__": 6,
}


def _stage(parts: tuple[str, ...]) -> str:
    """The stage of a module given its path inside the package: `('read', 'khoi')` -> `read`."""
    return parts[0]


def _imports(path: Path) -> list[tuple[int, tuple[str, ...]]]:
    """(line, target module path inside the package) for each import of a pipeline module."""
    own = path.relative_to(PACKAGE).with_suffix("").parts
    package = own[:-1]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)] if node.level > 1 else package
                module = tuple(node.module.split(".")) if node.module else ()
                target = base + module
                if not module:  # `from . import grounds`
                    found += [(node.lineno, target + (alias.name,)) for alias in node.names]
                    continue
            elif node.module and node.module.split(".")[0] == "pipeline":
                target = tuple(node.module.split(".")[1:])
            else:
                continue
            found.append((node.lineno, target))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "pipeline":
                    found.append((node.lineno, tuple(alias.name.split(".")[1:])))
    return [(line, target) for line, target in found if target]


def test_every_module_belongs_to_a_stage():
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        assert _stage(parts) in TIERS, f"{path.relative_to(PACKAGE)} is in no stage folder; add it to one"


def test_imports_only_go_down_the_stages():
    upward = []
    for path in sorted(PACKAGE.rglob("*.py")):
        own = path.relative_to(PACKAGE).with_suffix("").parts
        for line, target in _imports(path):
            if TIERS[_stage(target)] > TIERS[_stage(own)]:
                upward.append(f"pipeline/{'/'.join(own)}.py:{line} imports {'.'.join(target)}")
    assert not upward, "imports that go up the stages:\n" + "\n".join(upward)


def test_the_check_sees_an_upward_import(tmp_path):
    """The walker above must find relative imports in a sub-package, or the check proves nothing."""
    sample = PACKAGE / "read" / "members.py"
    targets = [target for _, target in _imports(sample)]
    assert ("model",) in targets and ("read", "sheets") in targets


def test_every_package_is_installed():
    """pyproject.toml lists the packages (one of them, pipeline.templates_docx, is the repository's
    templates_docx/ folder mapped in): a new sub-package must be added there or pip leaves it out."""
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+
    config = tomllib.loads((PACKAGE.parent / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    folders = {".".join(("pipeline",) + p.parent.relative_to(PACKAGE).parts).rstrip(".")
               for p in PACKAGE.rglob("__init__.py")}
    assert set(config["packages"]) == folders | {"pipeline.templates_docx"}
    assert config["package-dir"] == {"pipeline.templates_docx": "templates_docx"}
