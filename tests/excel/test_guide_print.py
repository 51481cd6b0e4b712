"""The Veiledning sheet prints in full on A4 portrait: no text cut off at the right edge."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from pipeline.contract import positions
from pipeline.excel.styles import GUIDE_WIDTH
from pipeline.excel.template import build_template, guide_lines, guide_print_scale, write_template


def test_the_guide_has_a_scale_at_which_its_column_fits_the_page(form_settings):
    wb = build_template(form_settings)
    guide = wb[positions.GUIDE_SHEET]
    assert guide.page_setup.orientation == "portrait" and int(guide.page_setup.paperSize) == int(guide.PAPERSIZE_A4)
    assert not guide.sheet_properties.pageSetUpPr.fitToPage
    scale = int(guide.page_setup.scale)
    assert scale == guide_print_scale() < 100
    column_pt = (GUIDE_WIDTH * 7 + 5) * 0.75  # Calibri 11: 7 px per character, 0,75 pt per px
    printable_pt = 595 - 72 * (guide.page_margins.left + guide.page_margins.right)
    assert printable_pt - 10 <= column_pt * scale / 100 <= printable_pt
    for ws in wb.worksheets[1:]:
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1


@pytest.mark.slow
def test_every_word_of_the_guide_is_printed(form_settings, tmp_path):
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) er ikke installert")
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext mangler (Debian-pakken poppler-utils)")
    source = write_template(tmp_path / "mal.xlsx", form_settings)
    subprocess.run(["soffice", f"-env:UserInstallation={(tmp_path / 'profil').as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
                   check=True, capture_output=True, timeout=180)
    text = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(tmp_path / "mal.pdf"), "-"], check=True,
                          capture_output=True, text=True).stdout
    printed = set(re.split(r"[\s-]+", text))  # a line may break after a hyphen
    words = [w for _, line in guide_lines(form_settings) for w in re.split(r"[\s-]+", line) if w]
    missing = [w for w in words if w not in printed]
    assert not missing, f"Veiledningen er kuttet i utskriften: {missing[:20]}"
