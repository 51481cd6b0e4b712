"""Start-up: ``validate`` imports nothing from python-docx (nor docxtpl/Jinja); the Word stage is only
loaded by the commands that write Word. Checked on the import graph of a real run, not on time
(``python -X importtime`` and bench/ measure the time)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.support.paths import INPUT, ROOT

WORD_PACKAGES = ("docx", "docxtpl", "jinja2")

_PROBE = """
import json, sys
from pipeline.cli.main import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
loaded = sorted({m.split('.')[0] for m in sys.modules})
print(json.dumps(loaded), file=sys.stderr)
"""


def _top_level_modules(*argv: str) -> set[str]:
    done = subprocess.run([sys.executable, "-c", _PROBE, *argv], cwd=ROOT, capture_output=True, text=True, timeout=120)
    return set(json.loads(done.stderr.strip().splitlines()[-1]))


@pytest.mark.parametrize("argv", [("validate", "-q", str(INPUT / "heliks.xlsx")),
                                  ("validate", "--json", str(INPUT / "heliks.xlsx"))], ids=["tekst", "json"])
@pytest.mark.slow
def test_validate_imports_nothing_from_the_word_stage_nor_openpyxl(argv):
    """openpyxl is for writing workbooks and the fall-back reader: a file the direct reader reads does not need
    it (its import is some 65 ms of every run)."""
    loaded = _top_level_modules(*argv)
    assert "pipeline" in loaded and "lxml" in loaded  # the probe ran the command
    assert not loaded.intersection(WORD_PACKAGES)
    assert "openpyxl" not in loaded


def test_the_probe_sees_openpyxl_when_a_file_needs_the_fall_back_reader(tmp_path):
    """A workbook with a chart sheet is read by openpyxl: then, and only then, it is imported."""
    from openpyxl import load_workbook
    from openpyxl.chart import BarChart

    wb = load_workbook(INPUT / "heliks.xlsx")
    wb.create_chartsheet("Diagram").add_chart(BarChart())
    wb.save(tmp_path / "med-diagramark.xlsx")
    loaded = _top_level_modules("validate", "-q", str(tmp_path / "med-diagramark.xlsx"))
    assert "openpyxl" in loaded


@pytest.mark.slow
def test_the_probe_sees_python_docx_when_a_command_needs_it(tmp_path):
    """The same probe on ``merge`` does see python-docx: the check above can fail."""
    loaded = _top_level_modules("merge", "-q", str(INPUT / "heliks.xlsx"), "-o", str(tmp_path / "V.docx"))
    assert "docx" in loaded
