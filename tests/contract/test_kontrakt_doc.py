"""docs/kontrakt.md is kept current: every name, table, column, list value, code and limit it
must state is there, and every code it names exists."""

from __future__ import annotations

import re

import pytest

from pipeline.contract.catalogue import SINGLE_FIELDS, TABLE_NAMES, TABLE_SECTIONS, TEMPLATE_VERSION_NAME
from pipeline.contract.issues import Code
from pipeline.contract.values import YEAR_MAX, YEAR_MIN
from pipeline.read.tables import MAX_TABLE_ROWS
from pipeline.validate.normalise import MAX_CELL_CHARS
from tests.support.paths import ROOT

DOC = ROOT / "docs" / "kontrakt.md"
#: Lists the contract names by example or by reference to skjema.toml, not value by value.
NOT_LISTED = {"innsatsomrade", "finansierende_virksomhet", "losning"}


@pytest.fixture(scope="module")
def text() -> str:
    return DOC.read_text(encoding="utf-8")


def _thousands(n: int) -> str:
    return f"{n:,}".replace(",", " ")


def test_every_defined_name_table_and_column_is_documented(text):
    for name in (*SINGLE_FIELDS, TEMPLATE_VERSION_NAME, *TABLE_NAMES):
        assert f"`{name}`" in text, name
    for section in TABLE_SECTIONS:
        for column in section.columns:
            assert column.meta.header in text, column.meta.header


def test_every_closed_list_value_is_documented(text, form_settings):
    for key, values in form_settings.vokabular.items():
        if key not in NOT_LISTED:
            missing = [v for v in values if v not in text]
            assert not missing, (key, missing)


def test_every_code_named_exists_and_limits_match_the_code(text):
    codes = {c.code for c in Code}
    named = {n for n in re.findall(r"`([a-zæøå]+(?:-[a-zæøå]+)+)`", text) if not n.startswith("åååå")}
    assert named and named <= codes, named - codes
    for limit in (_thousands(MAX_CELL_CHARS), _thousands(MAX_TABLE_ROWS), f"{YEAR_MIN} til {YEAR_MAX}"):
        assert limit in text, limit


def test_the_readme_links_the_contract_inside_the_repository():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "](docs/kontrakt.md)" in readme and "../shared/" not in readme
