"""The validator: one failing input per rule, plus a fully valid workbook."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from tests.support.validate import (
    FILE, OMIT, PRECONDITIONS, VALID_TABLES, build_workbook, empty_nytte, header_ref, nytte_ref, only,
    precondition_rows, table_ref,
)

from pipeline.contract.issues import Code, Issue, Severity
from pipeline.contract.models import Avhengighet, Drift, Kostnad, Leveranse, Nytte, Nytteforutsetning
from pipeline.read.rawbook import RawCell, RawWorkbook
from pipeline.contract.settings import load_form_settings
from pipeline.validate.ordering import cell_position, order_issues
from pipeline.validate.validator import Validation, validate

SETTINGS = load_form_settings()
E, W = Severity.ERROR, Severity.WARNING


def run(raw: RawWorkbook, report_date: date | None = None) -> Validation:
    return validate(raw, SETTINGS, report_date)


def single(result: Validation, code: Code) -> Issue:
    found = only(result.issues, code)
    assert len(found) == 1, [i.format() for i in result.issues]
    return found[0]


def assert_issue(issue: Issue, code: Code, where: tuple[str, str], severity: Severity) -> None:
    assert (issue.code, issue.sheet, issue.cell, issue.severity) == (code.code, *where, severity)
    assert issue.file == FILE


# --- a valid workbook ------------------------------------------------------------------------

def test_valid_workbook_gives_no_issues_and_exact_values():
    result = run(build_workbook(), report_date=date(2021, 1, 1))
    assert result.issues == []
    assert not result.has_errors
    t = result.tiltak
    assert t is not None
    assert (t.navn, t.aktor, t.kontaktperson, t.segment, t.fase) == (
        "Helhetlig samhandling", "Helse Nord RHF", "Kari Nordmann", "Samstyre", "Gjennomføre")
    assert t.beskrivelse == "Første avsnitt.\n• punkt én\n• punkt to"
    assert t.sluttdato == date(2024, 12, 31)
    assert t.knytning == ["Helsenorge", "Kjernejournal"]
    assert t.innsatsomrade == "1.1 - Modernisere journal- og samhandlingsløsninger"
    assert (t.status, t.risiko, t.innforingsstrategi) == ("Gul", "Grønn", "Styrt til full utbredelse")
    assert t.leveranser == [
        Leveranse(navn="Pilot", beskrivelse="Pilot i Bodø", sluttdato=date(2021, 6, 30), levert="Ja"),
        Leveranse(navn="Utrulling", beskrivelse="", sluttdato=date(2022, 12, 31), levert="Nei"),
    ]
    assert t.avhengigheter == [Avhengighet(aktor="Norsk helsenett", hva="HelseID", bruk="Pålogging",
                                           kategori="Nasjonale løsninger", kritikalitet="Høy",
                                           frist=date(2022, 3, 1), avklart_plan="Ja", status="Oppfylt")]
    assert t.kostnader == [Kostnad(finansierende_virksomhet="Helsedirektoratet", ar=2021, belop=Decimal("28.3")),
                           Kostnad(finansierende_virksomhet="Egen virksomhet", ar=2022, belop=Decimal(9))]
    assert t.kostnader[0].belop.as_tuple() == Decimal("28.3").as_tuple()  # no float noise
    assert t.drift == [Drift(losning="Kjernejournal", ar=2023, endring=Decimal("-1.5"))]
    assert t.nytte == Nytte(antall_ar=10, netto_nytteverdi=Decimal("191.5"), annen_nytte="Bedre kvalitet.",
                            hvem="Pasienter og helsepersonell", vurdering="God.")
    assert t.nytteforutsetninger == [Nytteforutsetning(forutsetning="EPJ-utvikling, kommune", start=date(2021, 1, 1),
                                                       kritikalitet="Medium", frist=date(2022, 1, 1))]


def test_unreadable_workbook_returns_reader_issues_only():
    issue = Code.ENCRYPTED.issue(file=FILE)
    raw = RawWorkbook(FILE, issues=[issue], readable=False)
    result = run(raw)
    assert result.tiltak is None
    assert result.issues == [issue]
    assert result.has_errors


def test_empty_nytte_is_none_and_unfilled_preconditions_are_not_data():
    result = run(build_workbook(nytte=empty_nytte(), valid_tables=False))
    assert result.tiltak.nytte is None
    assert result.tiltak.nytteforutsetninger == []
    assert result.tiltak.leveranser == []
    assert result.issues == []


# --- template version -----------------------------------------------------------------------

@pytest.mark.parametrize("version", [None, "", "  ", OMIT])
def test_missing_template_version_is_an_error(version):
    result = run(build_workbook(version=version))
    issue = single(result, Code.VERSION_MISSING)
    assert issue.severity is E
    assert result.issues[0] is issue


def test_unknown_template_version_is_an_error_naming_known_versions():
    result = run(build_workbook(version="0.9"))
    issue = single(result, Code.VERSION_UNKNOWN)
    assert_issue(issue, Code.VERSION_UNKNOWN, ("Lister", "A1"), E)
    assert "«0.9»" in issue.message and "1.0" in issue.message


def test_template_version_as_float_is_compared_as_text():
    assert run(build_workbook(version=1.0)).issues == []


# --- header fields -----------------------------------------------------------------------

def test_required_header_field_empty():
    result = run(build_workbook(header={"status": "   "}))
    assert_issue(single(result, Code.REQUIRED_EMPTY), Code.REQUIRED_EMPTY, header_ref("status"), E)
    assert single(result, Code.REQUIRED_EMPTY).field == "Status"
    assert result.tiltak.status == ""


def test_expected_field_empty_is_a_warning_for_the_segment():
    result = run(build_workbook(header={"kontaktperson": None, "risiko": ""}))
    issues = only(result.issues, Code.EXPECTED_EMPTY)
    assert [(i.sheet, i.cell, i.severity) for i in issues] == [(*header_ref("kontaktperson"), W),
                                                               (*header_ref("risiko"), W)]
    assert not result.has_errors


def test_risiko_not_expected_for_observere():
    raw = build_workbook(header={"segment": "Observere", "risiko": "", "risiko_beskrivelse": "",
                                 "innforingsstrategi": ""}, nytte=empty_nytte(),
                         tables={"avhengigheter": [], "kostnader": [], "drift": [],
                                 "nytteforutsetninger": precondition_rows()})
    assert run(raw).issues == []


def test_filled_field_not_printed_for_segment():
    raw = build_workbook(header={"segment": "Observere", "risiko_beskrivelse": "", "innforingsstrategi": ""},
                         nytte=empty_nytte(), valid_tables=False)
    result = run(raw)
    assert_issue(single(result, Code.NOT_PRINTED_FIELD), Code.NOT_PRINTED_FIELD, header_ref("risiko"), W)
    assert "Observere" in single(result, Code.NOT_PRINTED_FIELD).message
    assert len(result.issues) == 1


def test_invalid_segment_skips_segment_checks():
    result = run(build_workbook(header={"segment": "Styre", "kontaktperson": ""}))
    assert [i.code for i in result.issues] == [Code.NOT_IN_LIST.code]
    assert_issue(result.issues[0], Code.NOT_IN_LIST, header_ref("segment"), E)
    assert result.tiltak.segment == "Styre"


def test_invalid_choice_keeps_text_and_suggests():
    result = run(build_workbook(header={"fase": "  Gjenomføre "}))
    issue = single(result, Code.NOT_IN_LIST)
    assert_issue(issue, Code.NOT_IN_LIST, header_ref("fase"), E)
    assert "Mente du «Gjennomføre»?" in issue.message
    assert "Konsept, Planlegge, Gjennomføre, Avslutte, Realisering" in issue.message
    assert result.tiltak.fase == "Gjenomføre"


def test_knytning_near_miss_names_the_part():
    result = run(build_workbook(header={"knytning": "Helsenorge, Grunddata"}))
    issue = single(result, Code.NOT_IN_LIST)
    assert_issue(issue, Code.NOT_IN_LIST, header_ref("knytning"), E)
    assert issue.message.startswith("«Grunddata» er ikke et gyldig valg. Mente du «Grunndata»?")
    assert result.tiltak.knytning == ["Helsenorge", "Grunddata"]


def test_choice_differing_in_case_is_normalised():
    result = run(build_workbook(header={"status": "gul "}))
    issue = single(result, Code.NORMALISED)
    assert_issue(issue, Code.NORMALISED, header_ref("status"), W)
    assert issue.message == "«gul » er lest som «Gul»."
    assert result.tiltak.status == "Gul"


def test_innsatsomrade_by_number():
    result = run(build_workbook(header={"innsatsomrade": "4.3"}))
    assert result.tiltak.innsatsomrade == "4.3 - Helsehjelp og omsorg på avstand"
    assert_issue(single(result, Code.NORMALISED), Code.NORMALISED, header_ref("innsatsomrade"), W)


def test_bad_header_date_is_none_in_best_effort_model():
    result = run(build_workbook(header={"sluttdato": "31.12.21"}))
    assert_issue(single(result, Code.BAD_DATE), Code.BAD_DATE, header_ref("sluttdato"), E)
    assert result.tiltak.sluttdato is None
    assert not only(result.issues, Code.EXPECTED_EMPTY)  # the error already names the cell


def test_serial_date_is_normalised_with_message():
    result = run(build_workbook(header={"sluttdato": 45291}))
    issue = single(result, Code.NORMALISED)
    assert_issue(issue, Code.NORMALISED, header_ref("sluttdato"), W)
    assert issue.format() == "heliks.xlsx · Tiltak!" + header_ref("sluttdato")[1] + \
        " · Sluttdato: «45291» er lest som «31.12.2023»."
    assert result.tiltak.sluttdato == date(2023, 12, 31)


def test_serial_date_honours_1904_system():
    result = run(build_workbook(header={"sluttdato": 45291}, date1904=True))
    assert result.tiltak.sluttdato == date(2028, 1, 1)


def test_invalid_characters_removed_and_reported():
    result = run(build_workbook(header={"beskrivelse": "Linje én\x0b\r\nLinje to\x01"}))
    issue = single(result, Code.INVALID_CHARS)
    assert_issue(issue, Code.INVALID_CHARS, header_ref("beskrivelse"), W)
    assert "U+000B, U+0001" in issue.message
    assert result.tiltak.beskrivelse == "Linje én\nLinje to"


def test_missing_defined_name_is_skipped():
    result = run(build_workbook(header={"status": OMIT, "kontaktperson": OMIT}))
    assert result.issues == []  # the reader reports the missing names
    assert result.tiltak.status == ""


# --- Nytte ----------------------------------------------------------------------------------

def test_antall_ar_must_be_whole():
    result = run(build_workbook(nytte={"antall_ar": 10.5}))
    assert_issue(single(result, Code.BAD_INTEGER), Code.BAD_INTEGER, nytte_ref("antall_ar"), E)
    assert result.tiltak.nytte.antall_ar is None


def test_nytte_number_with_decimal_comma_is_normalised():
    result = run(build_workbook(nytte={"netto_nytteverdi": "1 200,5"}))
    issue = single(result, Code.NORMALISED)
    assert_issue(issue, Code.NORMALISED, nytte_ref("netto_nytteverdi"), W)
    assert result.tiltak.nytte.netto_nytteverdi == Decimal("1200.5")


def test_nytte_not_printed_for_koordinere():
    raw = build_workbook(header={"segment": "Koordinere"}, nytte={**empty_nytte(), "hvem": "Pasienter"},
                         tables={"kostnader": [], "drift": [], "nytteforutsetninger": precondition_rows()})
    result = run(raw)
    issue = single(result, Code.NOT_PRINTED_SECTION)
    assert_issue(issue, Code.NOT_PRINTED_SECTION, nytte_ref("hvem"), W)
    assert issue.message.startswith("Nytte er fylt ut, men segment Koordinere")
    assert len(result.issues) == 1


# --- tables ---------------------------------------------------------------------------------

def test_bad_date_in_table_matches_the_contract_example():
    rows = [*VALID_TABLES["leveranser"], {"navn": "Drift", "sluttdato": "31.13.2021"}]
    result = run(build_workbook(tables={"leveranser": rows}))
    issue = single(result, Code.BAD_DATE)
    assert_issue(issue, Code.BAD_DATE, table_ref("leveranser", 2, "sluttdato"), E)
    assert issue.format() == "heliks.xlsx · Leveranser!C7 · Sluttdato: «31.13.2021» er ikke en gyldig dato. " \
                             "Skriv dd.mm.åååå."
    row = result.tiltak.leveranser[2]
    assert row.model_dump() == Leveranse(navn="Drift").model_dump()
    assert row.invalid_values == {"sluttdato": "31.13.2021"}  # kept as typed for --lenient


def test_row_without_name():
    rows = [*VALID_TABLES["leveranser"], {"navn": " ", "beskrivelse": "Uten navn"}]
    result = run(build_workbook(tables={"leveranser": rows}))
    issue = single(result, Code.ROW_WITHOUT_NAME)
    assert_issue(issue, Code.ROW_WITHOUT_NAME, table_ref("leveranser", 2, "navn"), E)
    assert "«Leveranse navn» er tom" in issue.message
    assert result.tiltak.leveranser[2] == Leveranse(navn="", beskrivelse="Uten navn")


def test_empty_rows_between_data_are_skipped():
    rows = [VALID_TABLES["leveranser"][0], {}, {"navn": "   "}, VALID_TABLES["leveranser"][1]]
    result = run(build_workbook(tables={"leveranser": rows}))
    assert result.issues == []
    assert [lev.navn for lev in result.tiltak.leveranser] == ["Pilot", "Utrulling"]


def test_bad_year_and_below_minimum():
    rows = [{"finansierende_virksomhet": "Helsedirektoratet", "ar": 1999, "belop": -2}]
    result = run(build_workbook(tables={"kostnader": rows}))
    assert_issue(single(result, Code.BAD_YEAR), Code.BAD_YEAR, table_ref("kostnader", 0, "ar"), E)
    below = single(result, Code.BELOW_MINIMUM)
    assert_issue(below, Code.BELOW_MINIMUM, table_ref("kostnader", 0, "belop"), E)
    assert below.message == "«-2» er mindre enn 0. Beløp (mill. kr) kan ikke være negativt."
    (cost,) = result.tiltak.kostnader
    assert cost.model_dump() == Kostnad(finansierende_virksomhet="Helsedirektoratet", ar=None,
                                        belop=Decimal(-2)).model_dump()
    assert cost.invalid_values == {"ar": "1999", "belop": "-2"}  # kept as typed for --lenient


def test_bad_number():
    rows = [{"losning": "Helsenorge", "ar": 2022, "endring": "ca. 3"}]
    result = run(build_workbook(tables={"drift": rows}))
    assert_issue(single(result, Code.BAD_NUMBER), Code.BAD_NUMBER, table_ref("drift", 0, "endring"), E)
    assert result.tiltak.drift[0].endring is None
    assert result.tiltak.drift[0].invalid_values == {"endring": "ca. 3"}


def test_suggest_field_accepts_free_text_and_canonicalises_case():
    rows = [{"finansierende_virksomhet": "helsedirektoratet", "ar": 2021, "belop": 1},
            {"finansierende_virksomhet": "Kommunen", "ar": 2021, "belop": 1}]
    result = run(build_workbook(tables={"kostnader": rows}))
    assert_issue(single(result, Code.NORMALISED), Code.NORMALISED,
                 table_ref("kostnader", 0, "finansierende_virksomhet"), W)
    assert [k.finansierende_virksomhet for k in result.tiltak.kostnader] == ["Helsedirektoratet", "Kommunen"]


def test_duplicate_row_names_the_first_row():
    rows = [{"finansierende_virksomhet": "Helsedirektoratet", "ar": 2021, "belop": 28.3},
            {"finansierende_virksomhet": "Forskningsrådet", "ar": 2021, "belop": 1},
            {"finansierende_virksomhet": "Helsedirektoratet", "ar": 2021.0, "belop": 28.30}]
    result = run(build_workbook(tables={"kostnader": rows}))
    issue = single(result, Code.DUPLICATE_ROW)
    assert_issue(issue, Code.DUPLICATE_ROW, table_ref("kostnader", 2, "finansierende_virksomhet"), W)
    first = table_ref("kostnader", 0, "finansierende_virksomhet")
    assert f"{first[0]}!{first[1]}" in issue.message
    assert len(result.tiltak.kostnader) == 3


def test_unknown_precondition_is_kept_with_a_warning():
    rows = [*precondition_rows(), {"forutsetning": "Ny lov", "start": datetime(2022, 1, 1)}]
    result = run(build_workbook(tables={"nytteforutsetninger": rows}))
    issue = single(result, Code.UNKNOWN_PRECONDITION)
    assert_issue(issue, Code.UNKNOWN_PRECONDITION, table_ref("nytteforutsetninger", 7, "forutsetning"), W)
    assert [n.forutsetning for n in result.tiltak.nytteforutsetninger] == ["Ny lov"]


def test_unknown_precondition_without_dates_is_not_dropped():
    rows = [*precondition_rows(), {"forutsetning": "Ny lov"}]
    result = run(build_workbook(tables={"nytteforutsetninger": rows}))
    assert_issue(single(result, Code.UNKNOWN_PRECONDITION), Code.UNKNOWN_PRECONDITION,
                 table_ref("nytteforutsetninger", 7, "forutsetning"), W)
    assert [n.forutsetning for n in result.tiltak.nytteforutsetninger] == ["Ny lov"]


def test_precondition_criticality_near_miss():
    rows = precondition_rows({PRECONDITIONS[0]: {"kritikalitet": "Medum"}})
    result = run(build_workbook(tables={"nytteforutsetninger": rows}))
    issue = single(result, Code.NOT_IN_LIST)
    assert_issue(issue, Code.NOT_IN_LIST, table_ref("nytteforutsetninger", 0, "kritikalitet"), E)
    assert "Mente du «Medium»?" in issue.message


def test_section_not_printed_for_observere():
    rows = [{"finansierende_virksomhet": "", "ar": 2021, "belop": 3}]
    raw = build_workbook(header={"segment": "Observere", "risiko": "", "risiko_beskrivelse": "",
                                 "innforingsstrategi": ""}, nytte=empty_nytte(),
                         tables={"avhengigheter": [], "drift": [], "kostnader": rows,
                                 "nytteforutsetninger": precondition_rows()})
    result = run(raw)
    issue = single(result, Code.NOT_PRINTED_SECTION)
    assert_issue(issue, Code.NOT_PRINTED_SECTION, table_ref("kostnader", 0, "ar"), W)
    assert "Kostnader" in issue.message and "Observere" in issue.message
    # workbook order: the row's first cell (A5) comes before the section's first filled cell (B5)
    assert [i.code for i in result.issues] == [Code.ROW_WITHOUT_NAME.code, Code.NOT_PRINTED_SECTION.code]


@pytest.mark.parametrize("levert, overdue", [("Nei", True), (None, True), ("nei", True), ("Ja", False),
                                             ("Omdefinert", False)])
def test_overdue_deliverable(levert, overdue):
    rows = [{"navn": "Pilot", "sluttdato": datetime(2021, 10, 31), "levert": levert}]
    result = run(build_workbook(tables={"leveranser": rows}), report_date=date(2021, 11, 1))
    found = only(result.issues, Code.OVERDUE)
    assert bool(found) == overdue
    if overdue:
        assert_issue(found[0], Code.OVERDUE, table_ref("leveranser", 0, "sluttdato"), W)
        assert "31.10.2021" in found[0].message and "01.11.2021" in found[0].message


def test_not_overdue_on_the_report_date_or_without_one():
    rows = [{"navn": "Pilot", "sluttdato": datetime(2021, 11, 1), "levert": "Nei"}]
    assert not only(run(build_workbook(tables={"leveranser": rows}), date(2021, 11, 1)).issues, Code.OVERDUE)
    rows = [{"navn": "Pilot", "sluttdato": datetime(2020, 1, 1), "levert": "Nei"}]
    assert not only(run(build_workbook(tables={"leveranser": rows})).issues, Code.OVERDUE)


def test_missing_table_is_skipped():
    raw = build_workbook()
    del raw.tables["Kostnader"]
    result = run(raw)
    assert result.issues == []
    assert result.tiltak.kostnader == []


# --- collecting and ordering -------------------------------------------------------------

def test_all_issues_collected_in_workbook_order():
    reader_issue = Code.CELL_OUTSIDE.issue(file=FILE, sheet="Tiltak", cell="D3", value="x")
    file_issue = Code.MACROS.issue(file=FILE)
    leveranser = [{"navn": "A", "sluttdato": "1.13.2021"}, {"navn": "", "beskrivelse": "b", "levert": "Kanskje"}]
    raw = build_workbook(header={"status": "", "fase": "x", "sluttdato": "i fjor"},
                         tables={"leveranser": leveranser,
                                 "kostnader": [{"finansierende_virksomhet": "X", "ar": "20"}]})
    raw.issues = [reader_issue, file_issue]
    result = run(raw)
    found = [(i.code, i.sheet, i.cell) for i in result.issues]
    assert found == [
        (Code.MACROS.code, "", ""),
        (Code.CELL_OUTSIDE.code, "Tiltak", "D3"),
        (Code.NOT_IN_LIST.code, *header_ref("fase")),
        (Code.BAD_DATE.code, *header_ref("sluttdato")),
        (Code.REQUIRED_EMPTY.code, *header_ref("status")),
        (Code.BAD_DATE.code, *table_ref("leveranser", 0, "sluttdato")),
        (Code.ROW_WITHOUT_NAME.code, *table_ref("leveranser", 1, "navn")),
        (Code.NOT_IN_LIST.code, *table_ref("leveranser", 1, "levert")),
        (Code.BAD_YEAR.code, *table_ref("kostnader", 0, "ar")),
    ]
    assert len(result.errors) == 7 and len(result.warnings) == 2


def test_order_issues_puts_unknown_sheets_last_in_first_seen_order():
    issues = [Code.CELL_OUTSIDE.issue(sheet="Ark2", cell="A1"), Code.CELL_OUTSIDE.issue(sheet="Ark1", cell="A1"),
              Code.CELL_OUTSIDE.issue(sheet="Tiltak", cell="AA10"), Code.CELL_OUTSIDE.issue(sheet="Tiltak", cell="B10")]
    ordered = order_issues(issues, ["Tiltak"])
    assert [(i.sheet, i.cell) for i in ordered] == [("Tiltak", "B10"), ("Tiltak", "AA10"), ("Ark2", "A1"),
                                                    ("Ark1", "A1")]


@pytest.mark.parametrize("cell, position", [("C7", (7, 3)), ("$AA$10", (10, 27)), ("A5:C5", (5, 1)), ("", (0, 0))])
def test_cell_position(cell, position):
    assert cell_position(cell) == position


def test_formula_cell_value_is_validated():
    raw = build_workbook()
    raw.fields["Tiltak_Status"] = RawCell("Tiltak", header_ref("status")[1], "Rød", formula='="Rød"')
    result = run(raw)
    assert result.issues == [] and result.tiltak.status == "Rød"
