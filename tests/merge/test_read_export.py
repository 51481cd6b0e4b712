"""``read_export``: each way an earlier round's file can be wrong gives its own whole Norwegian message
naming the file (the CLI shows it as it is), never a traceback."""

from __future__ import annotations

import json

import pytest
from tests.support.paths import INPUT

from pipeline.contract.settings import load_report_settings
from pipeline.merge.history import EXPECTED, HistoryError, load_history, read_export

SHAPE = "har ikke formen til eksporten vedlegg2.json (en liste med ett objekt per tiltak, hvert med «navn»)."


def _message(path) -> str:
    with pytest.raises(HistoryError) as info:
        read_export(path)
    return str(info.value)


def test_a_folder_and_a_missing_file(tmp_path):
    assert _message(tmp_path) == f"{tmp_path} er en mappe: {EXPECTED}."
    assert _message(tmp_path / "borte.json") == f"Fant ikke {tmp_path / 'borte.json'}: {EXPECTED}."


def test_a_file_that_cannot_be_read_names_it_and_why(tmp_path):
    blocker = tmp_path / "vedlegg2.json"
    blocker.write_text("[]", encoding="utf-8")
    inside = blocker / "vedlegg2.json"  # a file where a folder should be: not «not found», another OSError
    assert _message(inside) == f"Kan ikke lese {inside}: en del av stien er en fil, ikke en mappe."


def test_a_word_document_is_named_with_where_the_export_is(tmp_path):
    path = tmp_path / "Vedlegg2.docx"
    path.write_bytes(b"PK\x03\x04" + b"\0" * 20)
    assert _message(path) == (f"{path} er et Word-dokument eller en annen zip-fil, ikke JSON: {EXPECTED}. "
                              "Den ligger ved siden av Vedlegg2.docx fra forrige runde.")


def test_not_utf8_and_not_json(tmp_path):
    latin = tmp_path / "latin.json"
    latin.write_bytes('[{"navn": "Bærum"}]'.encode("latin-1"))
    assert _message(latin) == f"{latin} er ikke en tekstfil (UTF-8): {EXPECTED}."
    broken = tmp_path / "brutt.json"
    broken.write_text('[\n{"navn": ', encoding="utf-8")
    assert _message(broken) == f"{broken} er ikke gyldig JSON (linje 2): {EXPECTED}."


@pytest.mark.parametrize("content", ["5", '"tekst"', '{"navn": "A"}', '[{"x": 1}]', '[{"navn": 3}]', '["A"]'])
def test_json_without_the_shape_of_the_export(tmp_path, content):
    path = tmp_path / "vedlegg2.json"
    path.write_text(content, encoding="utf-8")
    assert _message(path) == f"{path} {SHAPE}"


def test_an_export_with_a_byte_order_mark_is_read(tmp_path):
    path = tmp_path / "vedlegg2.json"
    path.write_bytes('[{"navn": "Ærlig"}]'.encode("utf-8-sig"))
    assert read_export(path) == [{"navn": "Ærlig"}]


@pytest.mark.parametrize("record, why", [
    ({"navn": "A", "leveranser": 5}, "TypeError"),  # a table that is no list of rows
    ({"navn": "A", "nytte": 5}, "TypeError"),
])
def test_an_earlier_round_whose_record_is_not_the_exports_shape_names_the_file_and_the_kind(tmp_path, record, why):
    path = tmp_path / "vedlegg2-2021-08.json"
    path.write_text(json.dumps([record]), encoding="utf-8")
    with pytest.raises(HistoryError) as info:
        load_history(path, load_report_settings(INPUT / "rapport.toml"))
    assert str(info.value) == f"{path} har ikke formen til eksporten vedlegg2.json ({why})."


def test_an_unreadable_value_in_an_earlier_round_names_the_file_the_tiltak_and_the_key(tmp_path):
    path = tmp_path / "vedlegg2-2021-08.json"
    path.write_text(json.dumps([{"navn": "A", "nytte": [{}, {}]}]), encoding="utf-8")
    with pytest.raises(HistoryError) as info:
        load_history(path, load_report_settings(INPUT / "rapport.toml"))
    assert str(info.value) == f"{path}: A.nytte: høyst én nytte-oppføring, fant 2."
