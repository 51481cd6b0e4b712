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
def test_validate_imports_nothing_from_the_word_stage(argv):
    loaded = _top_level_modules(*argv)
    assert "pipeline" in loaded and "openpyxl" in loaded  # the probe ran the command
    assert not loaded.intersection(WORD_PACKAGES)


@pytest.mark.slow
def test_the_probe_sees_python_docx_when_a_command_needs_it(tmp_path):
    """The same probe on ``merge`` does see python-docx: the check above can fail."""
    loaded = _top_level_modules("merge", "-q", str(INPUT / "heliks.xlsx"), "-o", str(tmp_path / "V.docx"))
    assert "docx" in loaded
