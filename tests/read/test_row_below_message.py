"""The row-below-table warning tells the user how to get past the sheet protection."""

from __future__ import annotations

from pipeline.contract.issues import Code
from pipeline.read.reader import read_workbook
from tests.support.reader import build_workbook


def test_row_below_table_message_says_unprotect_first(tmp_path):
    def edit(wb):
        wb["Leveranser"]["A8"] = "Evaluering"

    book = read_workbook(build_workbook(tmp_path / "x.xlsx", edit=edit))
    [issue] = [i for i in book.issues if i.code == Code.ROW_BELOW_TABLE.code]
    message = issue.message
    assert "Opphev arkbeskyttelse" in message and "uten passord" in message
    assert message.index("Opphev arkbeskyttelse") < message.index("utvid så tabellen")
    assert "Evaluering" in message and "Leveranser" in message
