"""A merged range read without openpyxl (pipeline.read.xlsxsheet.merged_range) is what openpyxl's CellRange gives:
the same bounds, coordinate and cells, and the same refusal of what CellRange refuses."""

from __future__ import annotations

import pytest

from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl.worksheet.cell_range import CellRange

from pipeline.read.xlsxsheet import MergedRange, merged_range


def _outcome(function, *args):
    try:
        found = function(*args)
    except Exception as exc:  # noqa: BLE001 - the kind of error is part of what is compared
        return ("error", type(exc))
    cells = list(found.cells) if (found.max_row - found.min_row + 1) * (found.max_col - found.min_col + 1) < 5000 else []
    return ("ok", found.coord, found.min_col, found.min_row, found.max_col, found.max_row, cells)


REFS = st.one_of(
    st.from_regex(r"\$?[A-Z]{1,3}\$?[1-9][0-9]{0,6}(:\$?[A-Z]{1,3}\$?[1-9][0-9]{0,6})?", fullmatch=True),
    st.sampled_from(["A1", "B2:D4", "$A$1:$C$3", "C3:A1", "A:C", "1:3", "XFD1048576", "ZZZ1:ZZZ2", "A0", "A1:A0",
                     "Ark!A1:B2", "A1048577", "", "B2:B2"]),
)


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(REFS)
def test_a_merged_range_is_what_openpyxl_makes_of_it(ref):
    assert _outcome(merged_range, ref) == _outcome(CellRange, ref)


def test_the_plain_ranges_excel_writes_need_no_openpyxl():
    assert isinstance(merged_range("B2:D4"), MergedRange)
    assert isinstance(merged_range("$B$2"), MergedRange)
    assert not isinstance(merged_range("Ark!B2:D4"), MergedRange)  # left to openpyxl
    assert list(merged_range("B2:C3").cells) == [(2, 2), (2, 3), (3, 2), (3, 3)]
