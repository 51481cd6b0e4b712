"""The feedback copy read strictly, as Excel reads a package (openpyxl reads past much that Excel would repair or
refuse): every part well-formed, typed and related, ids unique, the new sheet named and typed as a worksheet, and
one selected tab, the feedback sheet's (several selected tabs group the sheets, and an edit then changes them all)."""

from __future__ import annotations

from pathlib import Path

from tests.excel.test_feedback import _several_kinds
from tests.excel.test_feedback_schema import _copy
from tests.support.feedback import template_workbook
from tests.support.package import strict_package

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
WORKSHEET_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"


def _strict(path: Path) -> dict:
    package = strict_package(path)
    return {**package, "workbook": package["xml"]["xl/workbook.xml"]}


def test_the_feedback_copy_is_a_complete_package_with_one_selected_tab(tmp_path):
    original = template_workbook(tmp_path, "mange-feil.xlsx", _several_kinds)
    copy = _strict(_copy(original, tmp_path / "ut"))
    first_name, _, first_part, first_type = copy["sheets"][0]
    assert first_part.startswith("xl/worksheets/feedback") and first_part.endswith(".xml")
    assert first_type == WORKSHEET_REL and copy["overrides"][f"/{first_part}"] == SHEET_TYPE
    assert copy["selected"] == [first_name]  # one selected tab: the feedback sheet's
    views = copy["workbook"].find(f"{MAIN}bookViews")
    assert views is None or all(v.get("activeTab", "0") == "0" for v in views)
    before = _strict(original)
    assert [s[:3] for s in copy["sheets"][1:]] == [s[:3] for s in before["sheets"]]  # the actor's sheets as they were


def test_feedback_on_a_feedback_copy_replaces_the_sheet_and_stays_complete(tmp_path):
    original = template_workbook(tmp_path, "mange-feil.xlsx", _several_kinds)
    once = _copy(original, tmp_path / "ut")
    again = _strict(_copy(once, tmp_path / "igjen"))
    assert [s[0] for s in again["sheets"]] == [s[0] for s in _strict(once)["sheets"]]
    assert len([s for s in again["sheets"] if s[2].startswith("xl/worksheets/feedback")]) == 1
    assert again["selected"] == [again["sheets"][0][0]]


def test_a_tab_the_actor_left_selected_is_unselected_so_the_sheets_are_not_grouped(tmp_path):
    """Excel saves the sheet the actor last looked at (here two: a grouped selection) as selected; the copy opens
    on the feedback sheet alone, or an edit there would change the grouped sheets too."""

    def two_selected(wb) -> None:
        _several_kinds(wb)
        for title in ("Tiltak", "Leveranser"):
            wb[title].sheet_view.tabSelected = True

    original = template_workbook(tmp_path, "valgte-faner.xlsx", two_selected)
    assert len(_strict(original)["selected"]) >= 2  # the actor's workbook has them
    copy = _strict(_copy(original, tmp_path / "ut"))
    assert copy["selected"] == [copy["sheets"][0][0]]
