"""The portal goes through the library's surface: no module of pipeline/portal imports from the library's
inner floors (read, validate, summary, word, excel, merge) directly, only from ``pipeline.api`` (and the
shared ground: contract, common, resources). A direct import fails here, naming the file and line."""

from __future__ import annotations

from pathlib import Path

from tests.test_architecture import PACKAGE, _imports

PORTAL = PACKAGE / "portal"
INNER = ("read", "validate", "summary", "word", "excel", "merge", "pdf")


def inner_imports(folder: Path) -> list[str]:
    """``file:line imported`` for every import of an inner floor in ``folder``, also inside functions."""
    found = []
    for path in sorted(folder.rglob("*.py")):
        for name, line in _imports(path):
            if name.split(".")[1] in INNER:
                found.append(f"{path.relative_to(PACKAGE.parent)}:{line} {name}")
    return found


def test_the_portal_imports_the_library_only_through_pipeline_api():
    assert inner_imports(PORTAL) == []


def test_the_check_sees_an_import_inside_a_function_and_a_from_pipeline_import(tmp_path):
    (tmp_path / "a.py").write_text("def f():\n    from pipeline.excel.prefill import slug\n", encoding="utf-8")
    (tmp_path / "b.py").write_text("from pipeline import merge\nfrom pipeline import api\n", encoding="utf-8")
    (tmp_path / "c.py").write_text("import pipeline.summary.changes\nfrom pipeline.contract import identity\n",
                                   encoding="utf-8")
    lines = [x.split(" ", 1)[1] for x in _found(tmp_path)]
    assert lines == ["pipeline.excel.prefill", "pipeline.merge", "pipeline.summary.changes"]


def _found(folder: Path) -> list[str]:
    import tests.test_portal_imports as me

    original = me.PACKAGE
    me.PACKAGE = folder.parent
    try:
        return inner_imports(folder)
    finally:
        me.PACKAGE = original
