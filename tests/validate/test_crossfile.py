"""Checks across files and against the round: the same tiltak twice, actor names near known ones,
and Knytning written with other separators."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from tests.support.paths import INPUT
from tests.support.validate import build_workbook, header_ref, only

from pipeline.contract.issues import Code, Severity
from pipeline.contract.settings import load_form_settings, load_report_settings
from pipeline.validate.batch import check_paths
from pipeline.validate.crossfile import actor_suggestion, known_actors
from pipeline.validate.validator import validate

SETTINGS = load_form_settings()
ACTORS = {"Helsedirektoratet": 10, "Hesledirektoratet": 1, "Helse Nord": 2, "Helse Førde": 1, "KS": 3}


@pytest.mark.parametrize("name, expected", [
    ("Helsedirektoratet", None),  # known and the most listed
    ("Hesledirektoratet", "Helsedirektoratet"),  # known, but a rare spelling next to a common one
    ("Helsedirektortaet", "Helsedirektoratet"),  # unknown, close
    ("helse nord", "Helse Nord"),  # the same name in other case
    ("Helse Førde", None),  # known; «Helse Nord» is another actor, not a spelling of it
    ("Helse Nrod", "Helse Nord"),
    ("Nytt foretak AS", None),  # unknown and close to nothing: a new actor, not a typo
    ("", None),
])
def test_actor_suggestion(name, expected):
    assert actor_suggestion(name, ACTORS) == expected


def test_known_actors_come_from_the_expected_list():
    actors = known_actors(load_report_settings(INPUT / "rapport.toml"))
    assert actors["Helsedirektoratet"] > actors["Hesledirektoratet"] == 1
    assert known_actors(None) == {}


def test_a_misspelt_actor_is_a_warning_at_the_actor_cell():
    result = validate(build_workbook(header={"aktor": "Hesledirektoratet"}), SETTINGS, actors=ACTORS)
    [issue] = only(result.issues, Code.ACTOR_NEAR_MISS)
    assert (issue.severity, (issue.sheet, issue.cell)) == (Severity.WARNING, header_ref("aktor"))
    assert issue.message.startswith("Mente du «Helsedirektoratet»? Aktøren «Hesledirektoratet» ligner")
    assert result.tiltak.aktor == "Hesledirektoratet"  # nothing is changed: the actor decides
    assert not only(validate(build_workbook(header={"aktor": "Hesledirektoratet"}), SETTINGS).issues,
                    Code.ACTOR_NEAR_MISS)  # without known actors: no check


def test_knytning_with_semicolon_and_og_reads_every_value_with_one_warning():
    text = "Helsenorge, kjernejournal; E-resept og HelseID"
    result = validate(build_workbook(header={"knytning": text}), SETTINGS)
    assert result.tiltak.knytning == ["Helsenorge", "Kjernejournal", "E-resept", "HelseID"]
    assert not result.errors
    [issue] = [i for i in result.issues if (i.sheet, i.cell) == header_ref("knytning")]
    assert issue.code == Code.NORMALISED.code
    assert issue.message == f"«{text}» er lest som «Helsenorge, Kjernejournal, E-resept, HelseID»."


def test_the_same_tiltak_in_two_files_is_an_error_in_both(tmp_path: Path):
    shutil.copy(INPUT / "heliks.xlsx", tmp_path / "heliks.xlsx")
    shutil.copy(INPUT / "heliks.xlsx", tmp_path / "heliks-kopi.xlsx")
    shutil.copy(INPUT / "fresk.xlsx", tmp_path / "fresk.xlsx")
    result = check_paths([tmp_path], SETTINGS)
    by_name = {f.name: f for f in result.files}
    assert [i.code for i in by_name["fresk.xlsx"].issues] == []
    for name, other in [("heliks.xlsx", "heliks-kopi.xlsx"), ("heliks-kopi.xlsx", "heliks.xlsx")]:
        [issue] = only(by_name[name].issues, Code.DUPLICATE_TILTAK)
        assert issue.is_error and f"i flere filer: {other}." in issue.message
