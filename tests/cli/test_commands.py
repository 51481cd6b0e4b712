"""Each command's own layer, run in-process as a user runs it: the options reach the library (``--skjema``,
``-o`` and how many new folders it may make, ``--rapportdato`` in both forms, ``-j``), and what the command
prints (the summary lines, the folder it made, files it could not find or skipped), the exit code, and the
progress bar on a terminal. The library behind each command has its own tests; these guard the wiring that
the mutation run of ``pipeline/cli`` found unguarded by the quick tests (docs/mutasjon.md, «cli/»)."""

from __future__ import annotations

import argparse
import io
import json
import shutil
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from tests.support.hardening import from_good, named_cell
from tests.support.paths import INPUT
from tests.support.settings import changed_form_settings

from pipeline import api
from pipeline.cli.commands.merge import interrupted_at_pdf
from pipeline.cli.main import main
from pipeline.cli.options import parse_date, positive_int, positive_seconds
from pipeline.cli.progress import PROGRESS_THRESHOLD, Progress
from pipeline.pdf.convert import PdfResult

NEW_VALUE = "Pasientjournal"  # not in the packaged «knytning» list; the changed skjema.toml adds it


def _run(capsys, *argv) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


class _Terminal(io.StringIO):
    """A stderr that says it is a terminal, as a user's console does."""

    def isatty(self) -> bool:
        return True


def _terminal(monkeypatch) -> _Terminal:
    """Called in the test itself: pytest's own capture puts its stderr back after the fixtures are set up."""
    screen = _Terminal()
    monkeypatch.setattr("sys.stderr", screen)
    monkeypatch.setenv("TERM", "xterm-256color")
    for name in ("NO_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "FORCE_COLOR", "COLUMNS"):
        monkeypatch.delenv(name, raising=False)
    return screen


@pytest.fixture
def heliks(tmp_path) -> Path:
    folder = tmp_path / "inn"
    folder.mkdir()
    shutil.copy(INPUT / "heliks.xlsx", folder / "heliks.xlsx")
    return folder


def _with_new_value(folder: Path) -> Path:
    """HELIKS with «Pasientjournal» in Knytning: an error unless the changed skjema.toml is used."""
    return from_good(folder / "ny.xlsx", "Nytt tiltak",
                     lambda wb: setattr(named_cell(wb, "Tiltak_Knytning"), "value", f"Helsenorge, {NEW_VALUE}"))


def _skjema(tmp_path: Path) -> Path:
    return changed_form_settings(tmp_path, '"Grunndata", "HelseID"]', f'"Grunndata", "HelseID", "{NEW_VALUE}"]')


# --- the progress bar ----------------------------------------------------------------------------

def _fill(progress: Progress, total: int) -> None:
    for done in range(1, total + 1):
        progress(done, total, Path(f"bok{done}.xlsx"))
    progress.close()


def test_more_files_than_the_threshold_show_a_bar_on_the_terminal_that_is_gone_afterwards(capsys, monkeypatch):
    terminal = _terminal(monkeypatch)
    _fill(Progress(quiet=False), PROGRESS_THRESHOLD + 1)
    shown = terminal.getvalue()
    total = PROGRESS_THRESHOLD + 1
    assert "\x1b[2KLeser og kontrollerer \x1b" in shown  # the words first on the line, then the bar
    assert f"{total}/{total}" in shown  # how many of how many
    assert "0:00:0" in shown  # the time so far
    assert "━" in shown  # the bar itself
    assert shown.endswith("\x1b[2K")  # erased at the end: the report is not printed under a stale bar
    assert capsys.readouterr().out == ""  # on stderr only: a report piped to a file stays clean


@pytest.mark.parametrize("quiet, total", [(True, PROGRESS_THRESHOLD + 1), (False, PROGRESS_THRESHOLD)])
def test_no_bar_when_quiet_or_for_few_files(monkeypatch, quiet, total):
    terminal = _terminal(monkeypatch)
    _fill(Progress(quiet=quiet), total)
    assert terminal.getvalue() == ""


def test_no_bar_when_stderr_is_not_a_terminal(capsys):
    _fill(Progress(quiet=False), PROGRESS_THRESHOLD + 3)
    assert capsys.readouterr() == ("", "")


@pytest.mark.parametrize("command", ["validate", "tilbakemelding", "merge"])
def test_the_commands_that_read_show_the_bar_while_they_read(command, heliks, tmp_path, monkeypatch):
    terminal = _terminal(monkeypatch)
    (heliks / "rapport.toml").write_text('periode = "November 2021"\nrapportdato = "01.11.2021"\n', encoding="utf-8")
    for n in range(PROGRESS_THRESHOLD):
        shutil.copy(heliks / "heliks.xlsx", heliks / f"kopi{n}.xlsx")
    output = {"validate": [], "tilbakemelding": ["-o", str(tmp_path / "ut")], "merge": ["-o", str(tmp_path / "ut" / "V.docx")]}
    main([command, str(heliks), *(["--rapportdato", "01.11.2021"] if command != "merge" else []), *output[command]])
    assert f"{PROGRESS_THRESHOLD + 1}/{PROGRESS_THRESHOLD + 1}" in terminal.getvalue()
    shown = len(terminal.getvalue())
    main([command, "-q", str(heliks), *(["--rapportdato", "01.11.2021"] if command != "merge" else []),
          *[str(part).replace("ut", "ut-q") for part in output[command]]])
    assert len(terminal.getvalue()) == shown  # -q: no bar, also on a terminal


# --- help ---------------------------------------------------------------------------------------

def test_help_has_norwegian_headings_and_h_is_short_for_help(capsys):
    for argv in (["validate", "--help"], ["validate", "-h"], ["-h"]):
        with pytest.raises(SystemExit) as exc:
            main(argv)
        out = capsys.readouterr().out
        assert exc.value.code == 0 and out.startswith("bruk: innrapportering")
        lines = out.splitlines()
        assert "argumenter:" in lines and "valg:" in lines, out
        assert "  -h, --help            vis denne hjelpeteksten og avslutt" in lines


# --- option values -------------------------------------------------------------------------------

def test_a_date_is_read_in_both_norwegian_and_iso_form():
    assert parse_date("01.03.2024") == parse_date("2024-03-01") == date(2024, 3, 1)
    for wrong in ("24-03-01", "2024-3", "1.3"):
        with pytest.raises(argparse.ArgumentTypeError, match=f"«{wrong}» er ikke en dato; skriv dd.mm.åååå"):
            parse_date(wrong)


def test_an_iso_report_date_on_the_command_line_is_the_same_date(heliks, capsys):
    _, norwegian, _ = _run(capsys, "validate", "-q", heliks, "--rapportdato", "01.03.2024")
    _, iso, _ = _run(capsys, "validate", "-q", heliks, "--rapportdato", "2024-03-01")
    assert iso == norwegian and "01.03.2024" in iso


def test_jobs_is_a_whole_number_of_at_least_one():
    assert positive_int("1") == 1 and positive_int("12") == 12
    for wrong in ("0", "-1", "abc", "1,5", ""):
        with pytest.raises(argparse.ArgumentTypeError, match=f"«{wrong}» er ikke et positivt heltall"):
            positive_int(wrong)


@pytest.mark.parametrize("wrong", ["0", "abc"])
def test_a_wrong_jobs_value_is_a_norwegian_usage_error(heliks, capsys, wrong):
    with pytest.raises(SystemExit) as exc:
        main(["validate", str(heliks), "-j", wrong])
    out, err = capsys.readouterr()
    assert exc.value.code == 2 and out == ""
    assert f"«{wrong}» er ikke et positivt heltall" in err and "invalid" not in err


def test_seconds_take_a_comma_or_a_point_and_must_be_above_zero():
    assert positive_seconds("2,5") == positive_seconds("2.5") == 2.5
    assert positive_seconds("0,01") == 0.01
    for wrong in ("0", "-3", "abc", "nan", "inf", "0,0"):
        with pytest.raises(argparse.ArgumentTypeError, match=f"«{wrong}» er ikke et antall sekunder over 0"):
            positive_seconds(wrong)


# --- validate -------------------------------------------------------------------------------------

def test_validate_json_keeps_norwegian_letters_and_is_indented_by_two(heliks, capsys):
    code, out, _ = _run(capsys, "validate", "-q", "--json", _with_new_value(heliks), "--rapportdato", "01.11.2021")
    assert code == 1
    assert json.loads(out)["filer"][0]["feil"] == 1
    assert "\\u00" not in out and f"«{NEW_VALUE}» er ikke et gyldig valg" in out  # as typed, readable in any editor
    second = out.splitlines()[1]
    assert second.startswith('  "') and not second.startswith('   ')


# --- tilbakemelding -------------------------------------------------------------------------------

def test_tilbakemelding_says_what_it_wrote_and_exits_0_without_errors(heliks, tmp_path, capsys):
    code, out, _ = _run(capsys, "tilbakemelding", "-q", heliks, "-o", tmp_path / "ut", "--rapportdato", "01.11.2021")
    assert code == 0
    assert out.splitlines() == ["Lagde mappen " + str(tmp_path / "ut") + ".",
                                f"Tilbakemelding: skrev 0 kopier med funn til {tmp_path / 'ut'}.",
                                "Uten funn (ingen kopi): heliks.xlsx."]


def test_tilbakemelding_names_a_missing_path_and_a_skipped_file_and_still_copies_the_others(heliks, tmp_path, capsys):
    book = _with_new_value(heliks)
    (heliks / "~$heliks.xlsx").write_bytes(b"lock")
    missing = tmp_path / "borte.xlsx"
    code, out, _ = _run(capsys, "tilbakemelding", "-q", book, heliks / "~$heliks.xlsx", missing,
                        "-o", tmp_path / "ut", "--rapportdato", "01.11.2021")
    assert code == 1
    lines = out.splitlines()
    assert f"{missing}: finnes ikke." in lines
    assert any(line.startswith("~$heliks.xlsx: Dette er Excels låsefil") for line in lines), lines
    assert f"Tilbakemelding: skrev 1 kopi med funn til {tmp_path / 'ut'}." in lines
    assert (tmp_path / "ut").is_dir() and len(list((tmp_path / "ut").iterdir())) == 1


def test_tilbakemelding_names_a_skipped_file_in_the_written_standard_asked_for(heliks, tmp_path, capsys):
    (heliks / "~$heliks.xlsx").write_bytes(b"lock")
    _, bokmal, _ = _run(capsys, "tilbakemelding", "-q", heliks, "-o", tmp_path / "a", "--rapportdato", "01.11.2021")
    _, nynorsk, _ = _run(capsys, "tilbakemelding", "-q", heliks, "-o", tmp_path / "b", "--rapportdato", "01.11.2021",
                         "--malform", "nynorsk")
    _, validated, _ = _run(capsys, "validate", "-q", heliks, "--rapportdato", "01.11.2021", "--malform", "nynorsk")
    line = next(line for line in nynorsk.splitlines() if line.startswith("~$heliks.xlsx: "))
    assert "låsefila" in line and "Hoppa over." in line  # nynorsk, as validate says it
    assert line in validated.splitlines() and line not in bokmal.splitlines()


def test_tilbakemelding_uses_skjema(heliks, tmp_path, capsys):
    book = _with_new_value(heliks)
    code, out, _ = _run(capsys, "--skjema", _skjema(tmp_path), "tilbakemelding", "-q", book, "-o", tmp_path / "ut",
                        "--rapportdato", "01.11.2021")
    assert code == 0 and "Uten funn (ingen kopi): ny.xlsx." in out


def test_tilbakemelding_o_may_make_one_new_folder_but_the_default_folder_is_made_whole(heliks, tmp_path, monkeypatch,
                                                                                       capsys):
    code, out, err = _run(capsys, "tilbakemelding", "-q", heliks, "-o", tmp_path / "skrivefeil" / "ut")
    assert code == 2 and not (tmp_path / "skrivefeil").exists()
    assert "skrivefeil" in err

    monkeypatch.chdir(tmp_path)
    code, out, _ = _run(capsys, "tilbakemelding", "-q", _with_new_value(heliks), "--rapportdato", "01.11.2021")
    assert code == 1 and len(list((tmp_path / "output" / "tilbakemelding").glob("*.xlsx"))) == 1


# --- template and prefill -------------------------------------------------------------------------

def _strings(path: Path) -> set[str]:
    book = openpyxl.load_workbook(path)
    return {str(cell.value) for sheet in book.worksheets for row in sheet.iter_rows() for cell in row
            if cell.value is not None}


def test_template_says_where_it_wrote_and_uses_skjema(tmp_path, capsys):
    code, out, _ = _run(capsys, "template", "--output", tmp_path / "mal.xlsx")  # the long name works too
    assert code == 0 and out == f"Skrev malen til {tmp_path / 'mal.xlsx'}.\n"
    assert NEW_VALUE not in _strings(tmp_path / "mal.xlsx")

    code, out, _ = _run(capsys, "--skjema", _skjema(tmp_path), "template", "-o", tmp_path / "ny" / "mal.xlsx")
    assert code == 0 and out.splitlines() == [f"Lagde mappen {tmp_path / 'ny'}.", f"Skrev malen til {tmp_path / 'ny' / 'mal.xlsx'}."]
    assert NEW_VALUE in _strings(tmp_path / "ny" / "mal.xlsx")


def test_prefill_says_how_many_it_wrote_and_uses_skjema(tmp_path, capsys):
    records = json.loads((Path(__file__).parents[1] / "golden" / "vedlegg2.json").read_text(encoding="utf-8"))
    data = tmp_path / "forrige.json"
    data.write_text(json.dumps(records[:1], ensure_ascii=False), encoding="utf-8")
    code, out, _ = _run(capsys, "--skjema", _skjema(tmp_path), "prefill", data, "-o", tmp_path / "r2")
    assert code == 0
    assert out.splitlines() == [f"Lagde mappen {tmp_path / 'r2'}.", f"Skrev 1 forhåndsutfylt arbeidsbok til {tmp_path / 'r2'}."]
    (book,) = (tmp_path / "r2").glob("*.xlsx")
    assert NEW_VALUE in _strings(book)


# --- merge ----------------------------------------------------------------------------------------

def test_merge_uses_skjema(heliks, tmp_path, capsys):
    _with_new_value(heliks)
    (heliks / "heliks.xlsx").unlink()
    (heliks / "rapport.toml").write_text('periode = "November 2021"\nrapportdato = "01.11.2021"\n', encoding="utf-8")
    code, out, _ = _run(capsys, "merge", "-q", heliks, "-o", tmp_path / "ut" / "V.docx")
    assert code == 1 and not (tmp_path / "ut" / "V.docx").exists()
    code, out, _ = _run(capsys, "--skjema", _skjema(tmp_path), "merge", "-q", heliks, "-o", tmp_path / "ut2" / "V.docx")
    assert code == 0 and (tmp_path / "ut2" / "V.docx").exists(), out


def test_merge_names_every_input_folder_and_how_many_reminders_are_ready(tmp_path, capsys):
    first, second = tmp_path / "a", tmp_path / "b"
    for folder, name in ((first, "heliks.xlsx"), (second, "mf-helse.xlsx")):
        folder.mkdir()
        shutil.copy(INPUT / name, folder / name)
    settings = tmp_path / "rapport.toml"
    settings.write_text('periode = "November 2021"\nrapportdato = "01.11.2021"\n'
                        '[[forventet]]\nnavn = "HELIKS"\n[[forventet]]\nnavn = "Ukjent A"\n[[forventet]]\nnavn = "Ukjent B"\n',
                        encoding="utf-8")
    code, out, _ = _run(capsys, "merge", "-q", first, second, "--innstillinger", settings, "-o", tmp_path / "ut" / "V.docx")
    assert code == 1
    lines = out.splitlines()
    assert f"Leste 2 arbeidsbøker fra {first}, {second}." in lines
    assert f"Purreliste: {tmp_path / 'ut' / 'purreliste.txt'} (2 påminnelser klare til å sendes)." in lines


def test_merge_uses_the_word_template_given_with_mal(heliks, tmp_path, capsys):
    import docx
    from docx.shared import RGBColor

    from tests.support.paths import ROOT

    restyled = docx.Document(str(ROOT / "templates" / "vedlegg2-mal.docx"))
    restyled.styles["Heading 2"].font.color.rgb = RGBColor(0x12, 0x34, 0x56)  # an editor's house colour
    template = tmp_path / "husmal.docx"
    restyled.save(str(template))
    (heliks / "rapport.toml").write_text('periode = "November 2021"\nrapportdato = "01.11.2021"\n', encoding="utf-8")
    for name, extra in (("standard", []), ("egen", ["--mal", str(template)])):
        assert main(["merge", "-q", str(heliks), "-o", str(tmp_path / name / "V.docx"), *extra]) == 0
    colour = {name: docx.Document(str(tmp_path / name / "V.docx")).styles["Heading 2"].font.color.rgb
              for name in ("standard", "egen")}
    assert colour["egen"] == RGBColor(0x12, 0x34, 0x56) != colour["standard"]


def test_merge_oppdater_prints_the_update_report(heliks, tmp_path, capsys):
    (heliks / "rapport.toml").write_text('periode = "November 2021"\nrapportdato = "01.11.2021"\n', encoding="utf-8")
    document = tmp_path / "ut" / "V.docx"
    assert main(["merge", "-q", str(heliks), "-o", str(document)]) == 0
    capsys.readouterr()
    code, out, _ = _run(capsys, "merge", "-q", heliks, "--oppdater", document, "-o", tmp_path / "ut2" / "V.docx")
    assert code == 0
    lines = out.splitlines()
    assert "Oppdatering av V.docx (uendrede kapitler som ingen har redigert, står bare i flettingsrapporten):" in lines
    assert "  Tiltak: 1 uendret" in lines


def test_an_interrupted_pdf_step_names_the_new_files_and_whether_an_old_pdf_is_left(tmp_path):
    document = tmp_path / "Vedlegg2.docx"

    class Outcome:
        export = tmp_path / "vedlegg2.json"
        reports = (tmp_path / "merge-rapport.xlsx",)

    Outcome.document = document
    assert interrupted_at_pdf(Outcome()).splitlines() == [
        "Avbrutt under PDF-steget.",
        f"  Nye fra denne kjøringen: {document}, {Outcome.export}, {Outcome.reports[0]}.",
        "  Ingen PDF er laget."]
    Outcome.reports = None
    document.with_suffix(".pdf").write_bytes(b"%PDF gammel")
    assert interrupted_at_pdf(Outcome()).splitlines() == [
        "Avbrutt under PDF-steget.",
        f"  Nye fra denne kjøringen: {document}, {Outcome.export}.",
        f"  {document.with_suffix('.pdf')} er fra en tidligere kjøring og stemmer ikke med det nye dokumentet; "
        "lag PDF-en på nytt med «innrapportering pdf»."]


# --- pdf ------------------------------------------------------------------------------------------

def test_pdf_o_may_make_one_new_folder(tmp_path, capsys):
    document = tmp_path / "V.docx"
    document.write_bytes(b"")
    code, _, err = _run(capsys, "pdf", document, "-o", tmp_path / "a" / "b" / "V.pdf")
    assert code == 2 and not (tmp_path / "a").exists() and err


def test_pdf_passes_its_options_and_prints_what_it_made(tmp_path, monkeypatch, capsys):
    """LibreOffice is not run here (tests/pdf/test_pdf_command.py does, slowly): ``api.pdf`` is replaced by one
    that records what it was asked and returns a result, so this is only the command's own layer."""
    asked = {}
    made = PdfResult(pdf=tmp_path / "ut" / "V.pdf", pages=101, seconds=12.34, heading_pages={}, toc=(),
                     docx=tmp_path / "V.docx", warnings=("to overskrifter har samme tekst",))

    def fake_pdf(docx, output=None, **options):
        asked.update(docx=docx, output=output, **options)
        return api.PdfJobResult(made, made_folder=tmp_path / "ut")

    monkeypatch.setattr(api, "pdf", fake_pdf)
    code, out, _ = _run(capsys, "pdf", tmp_path / "V.docx", "-o", tmp_path / "ut" / "V.pdf", "--tidsgrense", "7,5")
    assert code == 0
    assert asked == {"docx": tmp_path / "V.docx", "output": tmp_path / "ut" / "V.pdf", "timeout": 7.5,
                     "new_folder_limit": 1}
    assert out.splitlines() == [f"Lagde mappen {tmp_path / 'ut'}.",
                                f"Skrev {made.pdf} (101 sider, 12,3 s). Sidetallene står nå i innholdsfortegnelsen i "
                                f"{made.docx}.",
                                "Advarsel: to overskrifter har samme tekst"]
