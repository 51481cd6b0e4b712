"""The private library attributes behind pipeline.common.libprivate still do what the package needs. When a
library update breaks one, this fails and names it."""

from __future__ import annotations

import io

import docx
import pytest
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from pipeline.common import libprivate


def test_a_plain_part_gets_new_bytes():
    doc = docx.Document()
    part = next(rel.target_part for rel in doc.part.package.rels.values()
                if rel.reltype.endswith("/extended-properties"))
    libprivate.set_part_blob(part, b"<Properties/>")
    assert part.blob == b"<Properties/>"
    saved = io.BytesIO()
    doc.save(saved)
    assert docx.Document(io.BytesIO(saved.getvalue())).part.package is not None


def test_stored_cells_are_only_the_cells_there_and_reading_them_creates_none():
    ws = Workbook().active
    ws["A1"], ws["XFD1048576"] = "start", "helt nederst"
    cells = libprivate.stored_cells(ws)
    assert sorted(cells) == [(1, 1), (1048576, 16384)]
    assert cells[(1048576, 16384)].value == "helt nederst"
    assert len(libprivate.stored_cells(ws)) == 2
    with pytest.raises(TypeError):
        cells[(2, 2)] = None  # read-only


def test_the_whole_style_is_copied():
    ws = Workbook().active
    source, target = ws["A1"], ws["B2"]
    source.font, source.fill, source.number_format = Font(bold=True), PatternFill("solid", fgColor="FFFF00"), "0.00"
    libprivate.copy_cell_style(source, target)
    assert target.font.bold and target.fill.fgColor.rgb == "00FFFF00" and target.number_format == "0.00"
    target.font = Font(italic=True)
    assert source.font.bold and not source.font.italic  # a copy, not shared


def test_a_missing_attribute_fails_loudly_with_its_name():
    with pytest.raises(libprivate.LibraryChanged, match="_cells"):
        libprivate.stored_cells(object())
