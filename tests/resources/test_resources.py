"""The default files inside the package: found in the right order, equal to what the code builds, and
shipped in the wheel. (That the packaged Word template is the generated one: tests/word/test_template.py.)"""

from __future__ import annotations

import subprocess
import sys
import zipfile

import pytest

from pipeline.excel.template import template_bytes as excel_template_bytes
from pipeline.resources import (EXCEL_TEMPLATE_NAME, FORM_SETTINGS_NAME, WORD_TEMPLATE_NAME,
                                default_template_output, locate, packaged)
from tests.support.paths import ROOT

NAMES = [FORM_SETTINGS_NAME, WORD_TEMPLATE_NAME, EXCEL_TEMPLATE_NAME]
REGENERATE = ("Lag standardfilene på nytt: `innrapportering template` og `python -m pipeline.word.template`, "
              "og kopier templates/{name} til pipeline/resources/")


@pytest.mark.parametrize("name", NAMES)
def test_the_repository_templates_are_the_packaged_defaults(name):
    assert (ROOT / "templates" / name).read_bytes() == packaged(name).read_bytes(), REGENERATE.format(name=name)


def test_the_packaged_excel_template_is_what_the_code_builds(form_settings):
    assert packaged(EXCEL_TEMPLATE_NAME).read_bytes() == excel_template_bytes(form_settings)


def test_lookup_prefers_the_option_then_the_working_folder_then_the_package(tmp_path):
    assert locate(FORM_SETTINGS_NAME, cwd=tmp_path) == packaged(FORM_SETTINGS_NAME)
    own = tmp_path / "templates" / FORM_SETTINGS_NAME
    own.parent.mkdir()
    own.write_text("# egen\n", encoding="utf-8")
    assert locate(FORM_SETTINGS_NAME, cwd=tmp_path) == own
    given = tmp_path / "annen.toml"
    assert locate(FORM_SETTINGS_NAME, given, cwd=tmp_path) == given


def test_template_output_goes_to_templates_only_when_that_folder_exists(tmp_path):
    assert str(default_template_output(cwd=tmp_path)) == EXCEL_TEMPLATE_NAME
    (tmp_path / "templates").mkdir()
    assert str(default_template_output(cwd=tmp_path)) == f"templates/{EXCEL_TEMPLATE_NAME}"


@pytest.mark.slow
def test_the_wheel_ships_the_defaults(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                    "-w", str(tmp_path), str(ROOT)], check=True, capture_output=True)
    (wheel,) = tmp_path.glob("innrapportering-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for name in NAMES:
        assert f"pipeline/resources/{name}" in names
    assert "pipeline/cli/commands/merge.py" in names
