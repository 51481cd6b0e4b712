"""pipeline.common.a1 gives what openpyxl.utils.cell gives (the copy exists so that reading does not import
openpyxl): the same answers and the same errors, on every column and on generated references."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl.utils import cell as theirs

from pipeline.common import a1 as ours
from tests.support.differential import outcome


def test_every_column_letter_and_back():
    for index in range(1, 18279):
        letters = ours.get_column_letter(index)
        assert letters == theirs.get_column_letter(index)
        assert ours.column_index_from_string(letters) == index
        assert ours.column_index_from_string(letters.lower()) == index


@pytest.mark.parametrize("index", [0, -1, 18279, 100000])
def test_columns_outside_the_sheet_are_refused_as_openpyxl_refuses_them(index):
    assert outcome(ours.get_column_letter, index) == outcome(theirs.get_column_letter, index) == ("error", ValueError)


REFS = st.one_of(
    st.from_regex(r"\$?[A-Za-z]{1,4}\$?[0-9]{1,7}(:\$?[A-Za-z]{0,4}\$?[0-9]{0,7})?", fullmatch=True),
    st.from_regex(r"[A-Z]{1,3}:[A-Z]{1,3}|[0-9]{1,5}:[0-9]{1,5}", fullmatch=True),
    st.text(alphabet="AZaz019$:! \n", max_size=12),
)


@pytest.mark.slow
@settings(max_examples=400, deadline=None)
@given(REFS)
def test_ranges_and_coordinates_read_as_openpyxl_reads_them(ref):
    assert outcome(ours.range_boundaries, ref) == outcome(theirs.range_boundaries, ref)
    assert bool(ours.ABSOLUTE_RE.match(ref)) == bool(theirs.ABSOLUTE_RE.match(ref))
    assert bool(ours.COORD_RE.match(ref)) == bool(theirs.COORD_RE.match(ref))
    if ref:  # openpyxl fails on an empty coordinate with a NameError of its own; the reader never asks
        assert outcome(ours.coordinate_to_tuple, ref) == outcome(theirs.coordinate_to_tuple, ref)


@pytest.mark.parametrize("ref, expected", [("B12", (12, 2)), ("AA1", (1, 27)), ("XFD1048576", (1048576, 16384))])
def test_known_coordinates(ref, expected):
    assert ours.coordinate_to_tuple(ref) == expected


@pytest.mark.parametrize("ref, expected", [("A1:C3", (1, 1, 3, 3)), ("$B$2", (2, 2, 2, 2)), ("A:C", (1, None, 3, None)),
                                           ("2:4", (None, 2, None, 4))])
def test_known_ranges(ref, expected):
    assert ours.range_boundaries(ref) == expected
