"""The layering holds: the domain imports no framework, the API no worker internals."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def imported_modules(package: str) -> dict[str, set[str]]:
    """Every module imported anywhere (also inside functions) by each file of ``package``."""
    found: dict[str, set[str]] = {}
    for path in (ROOT / package).rglob("*.py"):
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module)
        found[str(path.relative_to(ROOT))] = names
    return found


def offenders(package: str, forbidden: tuple[str, ...]) -> list[str]:
    return [
        f"{file}: {name}"
        for file, names in imported_modules(package).items()
        for name in names
        if name.split(".")[0] in forbidden or name.startswith(tuple(f"{f}." for f in forbidden))
    ]


def test_domain_imports_no_framework_and_no_outer_layer() -> None:
    assert imported_modules("podgist"), "the domain package should not be empty"
    assert offenders("podgist", ("litestar", "arq", "api", "workers", "podgist_cli", "uvicorn")) == []


def test_api_does_not_import_worker_internals() -> None:
    assert offenders("api", ("workers", "podgist_cli")) == []


def test_workers_do_not_import_the_api() -> None:
    assert offenders("workers", ("api", "litestar", "podgist_cli")) == []


def test_the_check_itself_sees_imports(tmp_path: Path) -> None:
    # guard against a check that cannot fail: our walker must see function-level imports
    assert "litestar" in imported_modules("api")["api/app.py"]
    assert "arq.worker" in imported_modules("workers")["workers/settings.py"]
