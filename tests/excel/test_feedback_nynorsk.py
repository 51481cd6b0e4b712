"""Feedback copies in the actor's written standard: the notes on the cells and the feedback sheet are nynorsk for
a nynorsk workbook (or an actor whose rapport.toml entry says so), bokmål otherwise."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from openpyxl.workbook.defined_name import DefinedName

from pipeline.cli.main import main
from pipeline.common.malform import MALFORM_NAME, Malform
from pipeline.contract import nnforms
from pipeline.contract.positions import FEEDBACK_SHEET
from pipeline.contract.settings import load_form_settings
from pipeline.validate.batch import check_workbook
from tests.contract.test_issues_nn import bokmal_words
from tests.support.feedback import named, soffice_or_skip, template_workbook
from tests.support.merge import copy_examples

FORM = load_form_settings()
REPORT_DATE = date(2021, 11, 1)


def _findings(wb, malform: str | None = None) -> None:
    named(wb, "Tiltak_Fase").value = "Ferdig"  # not in the list: an error
    named(wb, "Tiltak_Status").value = None  # required: an error
    named(wb, "Tiltak_Kontaktperson").value = None  # expected: a warning
    wb["Leveranser"]["C5"] = "31.13.2025"  # not a date
    if malform:
        wb.defined_names[MALFORM_NAME] = DefinedName(MALFORM_NAME, attr_text=f'"{malform}"')


def _folder(tmp_path: Path) -> Path:
    """Two workbooks with the same findings: «voss» from a nynorsk template, «oslo» from a bokmål one."""
    folder = tmp_path / "inn"
    folder.mkdir()
    for name, malform in (("voss.xlsx", "nynorsk"), ("oslo.xlsx", None)):
        def edit(wb, malform=malform, name=name):
            _findings(wb, malform)
            named(wb, "Tiltak_Navn").value = name.removesuffix(".xlsx").capitalize()
        shutil.move(template_workbook(tmp_path, name, edit), folder / name)
    return folder


def _sheet_texts(path: Path) -> list[str]:
    ws = openpyxl.load_workbook(path)[FEEDBACK_SHEET]
    return [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]


@pytest.mark.slow
def test_a_nynorsk_workbook_gets_a_nynorsk_copy_and_a_bokmal_one_a_bokmal_copy(tmp_path, capsys):
    folder = _folder(tmp_path)
    out = tmp_path / "ut"
    assert main(["tilbakemelding", str(folder), "-o", str(out), "-q", "--rapportdato", "01.03.2024"]) == 1
    assert "Tilbakemelding: skrev 2 kopier" in capsys.readouterr().out  # the secretariat's line stays bokmål
    voss = openpyxl.load_workbook(out / "voss-tilbakemelding.xlsx")
    ws = voss[FEEDBACK_SHEET]
    assert ws["A1"].value == "Tilbakemelding på innrapporteringa"
    assert ws["A3"].value.startswith("Kontrollert ") and "3 feil og 1 åtvaring. Feil må rettast før tiltaket" in ws["A3"].value
    assert "raudt: feil, gult: åtvaring" in ws["A4"].value
    assert {r[0] for r in ws.iter_rows(min_row=7, values_only=True)} == {"Feil", "Åtvaring"}
    issues = check_workbook(folder / "voss.xlsx", FORM, REPORT_DATE).issues
    assert {r[5] for r in ws.iter_rows(min_row=7, values_only=True)} == {i.message_in(Malform.NYNORSK, nnforms) for i in issues}
    assert bokmal_words(" ".join(_sheet_texts(out / "voss-tilbakemelding.xlsx"))) == []
    status = named(voss, "Tiltak_Status").comment.text
    assert status == "Feil: Status – Status må fyllast ut."
    assert "«Ferdig» er ikkje eit gyldig val." in named(voss, "Tiltak_Fase").comment.text
    assert voss["Leveranser"]["C5"].comment.text == "Feil: Sluttdato – «31.13.2025» er ikkje ein gyldig dato. Skriv dd.mm.åååå."
    oslo = openpyxl.load_workbook(out / "oslo-tilbakemelding.xlsx")
    assert oslo[FEEDBACK_SHEET]["A1"].value == "Tilbakemelding på innrapporteringen"
    assert named(oslo, "Tiltak_Status").comment.text == "Feil: Status – Status må fylles ut."
    assert "advarsel" in oslo[FEEDBACK_SHEET]["A3"].value
    assert "ikkje" not in " ".join(_sheet_texts(out / "oslo-tilbakemelding.xlsx"))


@pytest.mark.slow
def test_the_option_and_rapport_toml_choose_the_standard_of_the_copies(tmp_path, capsys):
    folder = _folder(tmp_path)
    assert main(["tilbakemelding", str(folder), "-o", str(tmp_path / "a"), "-q", "--malform", "nynorsk"]) == 1
    assert all(_sheet_texts(p)[0] == "Tilbakemelding på innrapporteringa" for p in (tmp_path / "a").iterdir())
    (folder / "rapport.toml").write_text('periode = "Mars 2024"\nrapportdato = "01.03.2024"\n\n[[forventet]]\n'
                                         'navn = "Voss"\nmalform = "bokmal"\n', encoding="utf-8")
    assert main(["tilbakemelding", str(folder), "-o", str(tmp_path / "b"), "-q"]) == 1
    assert all(_sheet_texts(p)[0] == "Tilbakemelding på innrapporteringen" for p in (tmp_path / "b").iterdir())
    capsys.readouterr()


def test_merge_writes_the_feedback_in_the_standard_rapport_toml_names(tmp_path, capsys):
    folder = copy_examples(tmp_path / "inn", names=["heliks.xlsx", "mf-helse.xlsx"])
    wb = openpyxl.load_workbook(folder / "heliks.xlsx")
    named(wb, "Tiltak_Status").value = "Lilla"
    wb.save(folder / "heliks.xlsx")
    settings = folder / "rapport.toml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text + '\n[[forventet]]\nnavn = "HELIKS"\naktor = "Helse Vest"\nmalform = "nynorsk"\n',
                        encoding="utf-8")
    out = tmp_path / "ut" / "V.docx"
    assert main(["merge", str(folder), "-o", str(out), "-q", "--tilbakemelding"]) == 1
    capsys.readouterr()
    copy = openpyxl.load_workbook(tmp_path / "ut" / "tilbakemelding" / "heliks-tilbakemelding.xlsx")
    assert "«Lilla» er ikkje eit gyldig val" in named(copy, "Tiltak_Status").comment.text
    report = (tmp_path / "ut" / "merge-rapport.json").read_text(encoding="utf-8")
    assert "«Lilla» er ikke et gyldig valg" in report  # the merge report is the secretariat's: bokmål


def test_a_nynorsk_copy_with_warnings_only_says_so_with_the_date_checked(tmp_path):
    from pipeline.excel.feedback import write_feedback

    def edit(wb):
        named(wb, "Tiltak_Kontaktperson").value = None  # expected: a warning
        wb.defined_names[MALFORM_NAME] = DefinedName(MALFORM_NAME, attr_text='"nynorsk"')

    result = check_workbook(template_workbook(tmp_path, "voss.xlsx", edit), FORM, REPORT_DATE)
    [copy] = write_feedback([result], tmp_path / "ut", date(2024, 3, 1)).written
    assert openpyxl.load_workbook(copy)[FEEDBACK_SHEET]["A3"].value == \
        "Kontrollert 01.03.2024: 0 feil og 1 åtvaring. Ingen feil; åtvaringane bør sjekkast."


@pytest.mark.slow
def test_a_nynorsk_copy_prints_in_libreoffice_with_its_nynorsk_texts(tmp_path, capsys):
    soffice = soffice_or_skip()
    folder = _folder(tmp_path)
    out = tmp_path / "ut"
    assert main(["tilbakemelding", str(folder / "voss.xlsx"), "-o", str(out), "-q"]) == 1
    capsys.readouterr()
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path / 'lo'}", "--convert-to", "pdf",
                    "--outdir", str(out), str(out / "voss-tilbakemelding.xlsx")], check=True, capture_output=True,
                   timeout=180)
    pdftotext = shutil.which("pdftotext")
    if not pdftotext:
        pytest.skip("pdftotext mangler")
    text = subprocess.run([pdftotext, "-l", "1", str(out / "voss-tilbakemelding.pdf"), "-"], check=True,
                          capture_output=True, text=True).stdout
    assert "Tilbakemelding på innrapporteringa" in text and "må fyllast ut" in text
