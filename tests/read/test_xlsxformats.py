"""pipeline.read.xlsxformats gives what openpyxl's own rules give (the copy exists so that reading does not import
openpyxl): number formats and dates, serial dates, sheet titles, reserved names, part names."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl.packaging.relationship import get_rels_path
from openpyxl.styles import numbers
from openpyxl.utils import datetime as their_dates
from openpyxl.workbook.child import INVALID_TITLE_REGEX, avoid_duplicate_name
from openpyxl.workbook.defined_name import RESERVED_REGEX
from openpyxl.xml import constants

from pipeline.read import xlsxformats as ours
from tests.support.differential import outcome


def test_the_builtin_formats_and_constants_are_openpyxls():
    assert ours.BUILTIN_FORMATS == numbers.BUILTIN_FORMATS
    assert ours.BUILTIN_FORMATS_MAX_SIZE == numbers.BUILTIN_FORMATS_MAX_SIZE
    for name in ("ARC_CONTENT_TYPES", "ARC_STYLE", "ARC_WORKBOOK", "REL_NS", "SHEET_MAIN_NS", "SHARED_STRINGS",
                 "XLSX", "XLSM", "XLTX", "XLTM"):
        assert getattr(ours, name) == getattr(constants, name), name
    assert ours.WINDOWS_EPOCH == their_dates.WINDOWS_EPOCH
    assert ours.CALENDAR_MAC_1904 == their_dates.CALENDAR_MAC_1904


FORMATS = st.one_of(st.sampled_from(sorted(numbers.BUILTIN_FORMATS.values())),
                    st.sampled_from(["dd.mm.yyyy", "[$-414]d. mmmm yyyy", '"dato" 0', r"0\d", "_d0", "[Red]0",
                                     "[h]:mm", "[mm]:ss.00", "[ss]", "0;dd.mm", "@", "General", "yyyy-mm-dd;@"]),
                    st.text(alphabet='dmhysDMHYS0#.,;:"[]$-_\\@ %E+', max_size=16))


@settings(max_examples=400, deadline=None)
@given(FORMATS)
def test_date_and_elapsed_time_formats_as_openpyxl_sees_them(fmt):
    assert ours.is_date_format(fmt) == numbers.is_date_format(fmt)
    assert ours.is_timedelta_format(fmt) == numbers.is_timedelta_format(fmt)


def test_no_format_is_no_date():
    assert ours.is_date_format(None) is numbers.is_date_format(None) is False
    assert ours.is_timedelta_format(None) is numbers.is_timedelta_format(None) is False


SERIALS = st.one_of(st.integers(0, 2958465), st.floats(0, 2958465, allow_nan=False, allow_infinity=False),
                    st.sampled_from([0, 0.5, 1, 59, 60, 61, 44561.75, 0.999999, 1e-9]))


@settings(max_examples=400, deadline=None)
@given(SERIALS, st.booleans(), st.booleans())
def test_serial_dates_as_openpyxl_reads_them(value, mac, elapsed):
    epoch = ours.CALENDAR_MAC_1904 if mac else ours.WINDOWS_EPOCH
    their_epoch = their_dates.CALENDAR_MAC_1904 if mac else their_dates.WINDOWS_EPOCH
    assert (outcome(ours.from_excel, value, epoch, elapsed)
            == outcome(their_dates.from_excel, value, their_epoch, elapsed))  # past year 9999 both fail alike


def test_known_serial_dates():
    assert ours.from_excel(44561) == datetime.datetime(2021, 12, 31)
    assert ours.from_excel(0.5) == datetime.time(12, 0)
    assert ours.from_excel(None) is None
    assert ours.from_iso8601("2021-12-31T00:00:00") == datetime.datetime(2021, 12, 31)


@pytest.mark.parametrize("names, value", [([], "Ark"), (["Ark"], "Ark"), (["ark", "Ark1"], "ARK"),
                                          (["Tiltak", "Tiltak2", "Tiltak10"], "tiltak"), (["A.b"], "a.B")])
def test_duplicate_sheet_titles_are_numbered_as_openpyxl_numbers_them(names, value):
    assert ours.avoid_duplicate_name(names, value) == avoid_duplicate_name(names, value)


@pytest.mark.parametrize("text", ["Ark 1", "Ark/1", "a[b]", "x?y", "ok*", "Ark:1", "Tiltak"])
def test_invalid_titles(text):
    assert bool(ours.INVALID_TITLE_REGEX.search(text)) == bool(INVALID_TITLE_REGEX.search(text))


@pytest.mark.parametrize("name", ["_xlnm.Print_Area", "_xlnm.Print_Titles", "_xlnm._FilterDatabase", "_xlnm.Extract",
                                  "Print_Area", "_xlnm.Other", "Tiltak_Navn"])
def test_reserved_names(name):
    ours_match, theirs_match = ours.RESERVED_REGEX.match(name), RESERVED_REGEX.match(name)
    assert (ours_match and ours_match["name"]) == (theirs_match and theirs_match["name"])


@pytest.mark.parametrize("part", ["xl/workbook.xml", "xl/worksheets/sheet1.xml", "workbook.xml"])
def test_relationship_part_names(part):
    assert ours.get_rels_path(part) == get_rels_path(part)
