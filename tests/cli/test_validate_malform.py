"""The actor's written standard in ``validate``: the workbook's ``Mal_Malform``, ``malform`` per expected tiltak in
rapport.toml and ``--malform``, in that order of precedence (option > rapport.toml > workbook > bokmål)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl.workbook.defined_name import DefinedName

from pipeline.cli.main import main
from pipeline.common.malform import MALFORM_NAME, Malform
from pipeline.contract.issues import Code
from pipeline.read.reader import read_workbook
from tests.support.hardening import from_good, named_cell

SETTINGS = 'periode = "November 2021"\nrapportdato = "01.11.2021"\n'
#: What both standards say about a status that is not in the list (the bokmål golden words stay as they were).
BOKMAL_STATUS = "«Blå» er ikke et gyldig valg."
NYNORSK_STATUS = "«Blå» er ikkje eit gyldig val."


def _workbook(path: Path, name: str, malform: str | None = None, *, as_cell: bool = False,
              actor: str | None = None) -> Path:
    def edit(wb):
        named_cell(wb, "Tiltak_Status").value = "Blå"
        named_cell(wb, "Tiltak_Beskrivelse").value = None
        if actor is not None:
            named_cell(wb, "Tiltak_Aktor").value = actor
        if malform is None:
            return
        if as_cell:
            ws = wb.create_sheet("Oppsett")
            ws["A1"] = malform
            wb.defined_names[MALFORM_NAME] = DefinedName(MALFORM_NAME, attr_text="'Oppsett'!$A$1")
        else:
            wb.defined_names[MALFORM_NAME] = DefinedName(MALFORM_NAME, attr_text=f'"{malform}"')

    return from_good(path, name, edit)


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    folder = tmp_path / "inn"
    folder.mkdir()
    (folder / "rapport.toml").write_text(SETTINGS, encoding="utf-8")
    return folder


# --- the reader -------------------------------------------------------------------------------

@pytest.mark.parametrize(("written", "as_cell", "expected"), [
    ("nynorsk", False, Malform.NYNORSK), ("nn", False, Malform.NYNORSK), ("bokmål", False, Malform.BOKMAL),
    ("Nynorsk", True, Malform.NYNORSK), (None, False, None)])
def test_the_reader_takes_the_standard_from_mal_malform(tmp_path, written, as_cell, expected):
    book = read_workbook(_workbook(tmp_path / "a.xlsx", "A", written, as_cell=as_cell))
    assert book.malform is expected
    assert Code.UNKNOWN_MALFORM not in [i.code for i in book.issues]


@pytest.mark.parametrize(("attr_text", "shown"), [
    ('"ny""norsk"', 'ny"norsk'), ('""', ""), ("'Finnes ikke'!$A$1", "'Finnes ikke'!$A$1"), ("=#REF!", "=#REF!")])
def test_a_name_that_names_no_standard_is_a_warning_showing_what_it_holds(tmp_path, attr_text, shown):
    def edit(wb):
        wb.defined_names[MALFORM_NAME] = DefinedName(MALFORM_NAME, attr_text=attr_text)

    book = read_workbook(from_good(tmp_path / "a.xlsx", "A", edit))
    assert book.malform is None
    assert [(i.code, i.value, i.is_error) for i in book.issues if i.code is Code.UNKNOWN_MALFORM] == \
        [(Code.UNKNOWN_MALFORM, shown, False)]


@pytest.mark.parametrize("attr_text", ['="nynorsk"', '= "nn"'])
def test_the_literal_may_be_written_as_a_formula(tmp_path, attr_text):
    def edit(wb):
        wb.defined_names[MALFORM_NAME] = DefinedName(MALFORM_NAME, attr_text=attr_text)

    assert read_workbook(from_good(tmp_path / "a.xlsx", "A", edit)).malform is Malform.NYNORSK


def test_a_name_scoped_to_a_sheet_counts_too(tmp_path):
    def edit(wb):
        wb["Tiltak"].defined_names[MALFORM_NAME] = DefinedName(MALFORM_NAME, attr_text='"nynorsk"')
        wb["Tiltak"].defined_names["Mal_Annet"] = DefinedName("Mal_Annet", attr_text='"bokmal"')

    assert read_workbook(from_good(tmp_path / "a.xlsx", "A", edit)).malform is Malform.NYNORSK


def test_an_unknown_standard_is_a_warning_and_the_workbook_is_bokmal(folder, capsys):
    _workbook(folder / "a.xlsx", "Voss helse", "høgnorsk")
    book = read_workbook(folder / "a.xlsx")
    assert book.malform is None
    [issue] = [i for i in book.issues if i.code is Code.UNKNOWN_MALFORM]
    assert not issue.is_error and issue.value == "høgnorsk"
    code, out, _ = _run(capsys, "validate", "-q", str(folder))
    assert code == 1  # the status error, not the unknown standard
    assert "ADVARSEL Det definerte navnet Mal_Malform har verdien «høgnorsk», som ikke er en kjent målform" in out
    assert BOKMAL_STATUS in out


# --- validate ----------------------------------------------------------------------------------

def test_a_nynorsk_workbook_gets_its_findings_in_nynorsk_and_a_bokmal_one_in_bokmal(folder, capsys):
    _workbook(folder / "voss.xlsx", "Voss helse", "nynorsk")
    _workbook(folder / "oslo.xlsx", "Oslo helse")
    code, out, _ = _run(capsys, "validate", "-q", str(folder))
    assert code == 1
    oslo, voss = out.split("oslo.xlsx (Oslo helse)")[1].split("voss.xlsx (Voss helse)")
    assert BOKMAL_STATUS in oslo and "ADVARSEL" in oslo and "ikkje" not in oslo
    assert NYNORSK_STATUS in voss and "ÅTVARING Tiltak!" in voss and "Skildring: Skildring er ikkje fylt ut." in voss and "Vel frå lista: Grøn, Gul, Raud." in voss
    assert "ikke" not in voss.split("Oppsummert:")[0]
    assert "Oppsummert: 2 arbeidsbøker lest" in out  # the secretariat's lines stay bokmål


def test_the_option_overrides_every_workbook(folder, capsys):
    _workbook(folder / "voss.xlsx", "Voss helse", "nynorsk")
    _workbook(folder / "oslo.xlsx", "Oslo helse")
    _, bokmal, _ = _run(capsys, "validate", "-q", "--malform", "bokmal", str(folder))
    _, nynorsk, _ = _run(capsys, "validate", "-q", "--malform", "nynorsk", str(folder))
    assert NYNORSK_STATUS not in bokmal and bokmal.count(BOKMAL_STATUS) == 2
    assert BOKMAL_STATUS not in nynorsk and nynorsk.count(NYNORSK_STATUS) == 2


def test_json_has_the_message_in_the_chosen_standard_and_the_workbooks_own(folder, capsys):
    _workbook(folder / "voss.xlsx", "Voss helse", "nynorsk")
    _workbook(folder / "oslo.xlsx", "Oslo helse")
    _, out, _ = _run(capsys, "validate", "-q", "--json", str(folder))
    files = {f["fil"]: f for f in json.loads(out)["filer"]}
    assert files["voss.xlsx"]["malform"] == "nynorsk" and "malform" not in files["oslo.xlsx"]
    status = {name: next(i for i in f["funn"] if i["felt"] == "Status") for name, f in files.items()}
    assert status["voss.xlsx"]["melding"].startswith(NYNORSK_STATUS)
    assert status["oslo.xlsx"]["melding"].startswith(BOKMAL_STATUS)
    assert status["voss.xlsx"]["kode"] == status["oslo.xlsx"]["kode"] == "ukjent-verdi"
    _, out, _ = _run(capsys, "validate", "-q", "--json", "--malform", "nn", str(folder))
    assert all(i["melding"] != i["melding"].replace("ikkje", "ikke") for f in json.loads(out)["filer"] for i in f["funn"]
               if i["kode"] == "ukjent-verdi")


@pytest.mark.slow
def test_rapport_toml_gives_the_actors_standard_over_the_workbooks(folder, capsys):
    """The entry of the tiltak itself, or any entry of the same actor, names the standard the actor has chosen."""
    _workbook(folder / "voss.xlsx", "Voss helse", "bokmal", actor="Voss kommune")
    _workbook(folder / "bergen.xlsx", "Bergen helse", "nynorsk", actor="Bergen kommune")
    _workbook(folder / "ulvik.xlsx", "Ulvik helse", actor="Ulvik  kommune")
    (folder / "rapport.toml").write_text(SETTINGS + '''
[[forventet]]
navn = "VOSS HELSE"
aktor = "Voss kommune"
malform = "nynorsk"

[[forventet]]
navn = "Bergen helse"
aktor = "Bergen kommune"
malform = "bokmål"

[[forventet]]
navn = "Ulvik skule"
aktor = "ulvik kommune"
malform = "nn"
''', encoding="utf-8")
    _, out, _ = _run(capsys, "validate", "-q", str(folder))
    bergen, rest = out.split("bergen.xlsx (Bergen helse)")[1].split("ulvik.xlsx (Ulvik helse)")
    ulvik, voss = rest.split("voss.xlsx (Voss helse)")
    assert BOKMAL_STATUS in bergen and NYNORSK_STATUS in ulvik and NYNORSK_STATUS in voss
    _, out, _ = _run(capsys, "validate", "-q", "--malform", "bokmal", str(folder))
    assert out.count(BOKMAL_STATUS) == 3


def test_files_that_are_no_submission_get_the_options_standard_and_an_unreadable_one_does_not_stop_it(folder, capsys):
    """The skipped files belong to no actor: they follow --malform. A file without a tiltak has no actor to look
    up in rapport.toml."""
    _workbook(folder / "voss.xlsx", "Voss helse")
    (folder / "notat.txt").write_text("ikke en arbeidsbok", encoding="utf-8")
    (folder / "skadet.xlsx").write_bytes(b"PK\x03\x04 ikke en arbeidsbok")
    (folder / "rapport.toml").write_text(SETTINGS + '\n[[forventet]]\nnavn = "Voss helse"\nmalform = "nynorsk"\n',
                                         encoding="utf-8")
    code, out, _ = _run(capsys, "validate", "-q", str(folder))
    assert code == 1
    assert "notat.txt: Filen er ikke en Excel-arbeidsbok og er hoppet over." in out
    assert "skadet.xlsx: 1 feil" in out and "Filen er skadet" in out  # no tiltak: its own standard, bokmål
    code, out, _ = _run(capsys, "validate", "-q", "--malform", "nynorsk", str(folder))
    assert "notat.txt: Fila er ikkje ei Excel-arbeidsbok og er hoppa over." in out and "Fila er skadd" in out
    _, out, _ = _run(capsys, "validate", "-q", "--json", "--malform", "nynorsk", str(folder))
    assert json.loads(out)["hoppet_over"][0]["melding"] == "Fila er ikkje ei Excel-arbeidsbok og er hoppa over."


def test_an_unknown_standard_in_rapport_toml_is_a_usage_error_naming_file_and_entry(folder, capsys):
    _workbook(folder / "voss.xlsx", "Voss helse")
    (folder / "rapport.toml").write_text(SETTINGS + '\n[[forventet]]\nnavn = "Heliks"\n\n[[forventet]]\n'
                                         'navn = "Voss helse"\nmalform = "nynosk"\n', encoding="utf-8")
    code, out, err = _run(capsys, "validate", "-q", str(folder))
    assert code == 2 and out == ""
    assert str(folder / "rapport.toml") in err
    assert "linje 9, forventet nr. 2, malform: «nynosk» for «Voss helse» er ikke en målform" in err
    assert "Traceback" not in err


def test_an_unknown_option_value_is_a_usage_error(folder, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["validate", "--malform", "svensk", str(folder)])
    assert exc.value.code == 2
    assert "«svensk» er ikke en målform" in capsys.readouterr().err


def test_the_library_refuses_an_unknown_standard(folder):
    from pipeline import api
    from pipeline.common.errors import UsageError

    _workbook(folder / "voss.xlsx", "Voss helse")
    with pytest.raises(UsageError, match="«dansk» er ikke en målform"):
        api.validate(folder, malform="dansk")
    result = api.validate(folder, malform="nynorsk")
    assert [f.malform for f in result.check.files] == [Malform.NYNORSK]
