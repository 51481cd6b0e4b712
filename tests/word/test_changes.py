"""The chapter note under a changed tiltak names each change as the summary section does."""

from __future__ import annotations

from pipeline.summary.changes import Change, ChangeKind
from pipeline.word.changes import chapter_note


def _change(kind: ChangeKind, forrige: str = "", naa: str = "", leveranse: str = "L", months: int | None = None) -> Change:
    return Change(kind, "T", "Samstyre", forrige, naa, leveranse, months=months)


def test_a_renamed_leveranse_is_named_as_in_the_summary():
    note = chapter_note([_change(ChangeKind.RENAMED_DELIVERY, "Felles EKG", "Felles EKG-løsning", "Felles EKG-løsning")],
                        "August 2021")
    assert note == "Endret siden forrige rapport (August 2021): leveransen «Felles EKG-løsning»: nytt navn (var «Felles EKG»)."
    assert "annen endring" not in note


def test_another_levert_answer_is_named_with_before_and_now():
    note = chapter_note([_change(ChangeKind.ANSWER, "Nei", "Omdefinert", "Pilot"), _change(ChangeKind.ANSWER, "Ja", "", "Bygg")],
                        "R")
    assert note == ("Endret siden forrige rapport (R): leveransen «Pilot»: svar på «levert» Nei → Omdefinert; "
                    "leveransen «Bygg»: svar på «levert» Ja → ikke oppgitt.")


def test_counts_are_singular_for_one_and_plural_for_more():
    one = chapter_note([_change(ChangeKind.DELIVERED, "Nei", "Ja"), _change(ChangeKind.NEW_DELIVERY, naa="N")], "R")
    assert one == "Endret siden forrige rapport (R): 1 leveranse levert; 1 ny leveranse."
    many = chapter_note([_change(ChangeKind.DELIVERED), _change(ChangeKind.DELIVERED), _change(ChangeKind.DELIVERY_DATE),
                         _change(ChangeKind.DELIVERY_DATE), _change(ChangeKind.REMOVED_DELIVERY), _change(ChangeKind.REMOVED_DELIVERY),
                         _change(ChangeKind.NEW_DELIVERY), _change(ChangeKind.NEW_DELIVERY)], "R")
    assert many == ("Endret siden forrige rapport (R): 2 leveranser levert; 2 leveranser med ny sluttdato; "
                    "2 nye leveranser; 2 leveranser fjernet.")


def test_a_negative_shift_is_signed_in_the_note():
    note = chapter_note([_change(ChangeKind.SLUTTDATO, "30.06.2023", "31.12.2022", months=-6)], "R")
    assert note == "Endret siden forrige rapport (R): sluttdato 30.06.2023 → 31.12.2022 (−6 mnd)."


def test_a_new_tiltak_and_no_change():
    assert chapter_note([_change(ChangeKind.NEW_TILTAK)], "R") == "Nytt siden forrige rapport (R)."
    assert chapter_note([], "R") == ""


# --- Statusutvikling in the Porteføljeoversikt ---------------------------------------------------

def _portfolio_table(tmp_path, history, name):
    from pipeline.summary.aggregate import build_summary
    from pipeline.summary.changes import compare_rounds
    from pipeline.word.render import render_document
    from pipeline.word.summary import summary_writer
    from tests.support.render import make_tiltak, reopen, report_settings
    from tests.support.summary import FORM, REPORT_DATE, summary_sections

    items = [make_tiltak("Alfa", status="Rød"), make_tiltak("Beta", status="Gul"), make_tiltak("Gamma", status="Grønn")]
    changes = compare_rounds(history(make_tiltak), items, FORM, "November 2021") if history else None
    summary = summary_writer(build_summary(items, REPORT_DATE, FORM, changes), FORM)
    doc, _ = reopen(render_document(items, report_settings(), FORM, summary=summary), tmp_path, name)
    return next(e for kind, _, e in summary_sections(doc)["Porteføljeoversikt"] if kind == "t")


def _two_rounds(make):
    from pipeline.summary.changes import Round

    return [Round("Mai 2021", (2021, 5), (make("Alfa", status="Grønn"),)),
            Round("August 2021", (2021, 8), (make("Alfa", status="Gul"), make("Beta", status="Rød")))]


def _marks(cell):
    from docx.oxml.ns import qn

    runs = cell.findall(f"{qn('w:p')}/{qn('w:r')}")
    out = []
    for r in runs:
        colour = r.find(f"{qn('w:rPr')}/{qn('w:color')}")
        size = r.find(f"{qn('w:rPr')}/{qn('w:sz')}")
        out.append((r.findtext(qn("w:t")), colour.get(qn("w:val")) if colour is not None else None,
                    size.get(qn("w:val")) if size is not None else None))
    return out


def test_statusutvikling_shows_one_coloured_mark_per_round_and_a_grey_ring_where_none_was_reported(tmp_path):
    from docx.oxml.ns import qn

    from tests.support.summary import FORM

    table = _portfolio_table(tmp_path, _two_rounds, "trend.docx")
    rows = table.findall(qn("w:tr"))
    header = [c.xpath("string(.)") for c in rows[0].findall(qn("w:tc"))]
    assert header[-1] == "Statusutvikling"
    names = [r.findall(qn("w:tc"))[0].xpath("string(.)") for r in rows[1:]]
    marks = {n: _marks(r.findall(qn("w:tc"))[-1]) for n, r in zip(names, rows[1:])}
    f = FORM.farger
    assert marks["Alfa"] == [("●", f["Grønn"], "24"), ("●", f["Gul"], "24"), ("●", f["Rød"], "24")]
    assert marks["Beta"] == [("○", "A6A6A6", "24"), ("●", f["Rød"], "24"), ("●", f["Gul"], "24")]
    assert marks["Gamma"] == [("○", "A6A6A6", "24"), ("○", "A6A6A6", "24"), ("●", f["Grønn"], "24")]


def test_the_statusutvikling_column_takes_its_width_from_the_two_widest_columns(tmp_path):
    from docx.oxml.ns import qn

    def widths(table):
        return [int(c.get(qn("w:w"))) for c in table.find(qn("w:tblGrid")).findall(qn("w:gridCol"))]

    plain = widths(_portfolio_table(tmp_path, None, "uten.docx"))
    trend = widths(_portfolio_table(tmp_path, _two_rounds, "med.docx"))
    assert len(trend) == len(plain) + 1 and sum(trend) == sum(plain)  # as wide as the text, no wider
    widest = sorted(range(len(plain)), key=lambda i: plain[i], reverse=True)[:2]
    need = trend[-1]
    assert need >= 300 * 3 + 200  # room for three 12 pt marks
    for i, (before, after) in enumerate(zip(plain, trend)):
        if i in widest:
            assert before - need * before // sum(plain[j] for j in widest) - 1 <= after < before
        else:
            assert after == before


def test_the_date_table_signs_each_shift(tmp_path):
    """Earlier (−), later (+), less than half a month (0), a date that was not given before (no shift) and
    one month later counted from the month's last day (+1)."""
    from datetime import date

    from pipeline.summary.changes import Round
    from tests.merge.test_history import section_tables

    def history(make):
        return [Round("August 2021", (2021, 8), (make("Alfa", sluttdato=date(2023, 6, 30)),
                                                  make("Beta", sluttdato=date(2023, 12, 31)),
                                                  make("Gamma", sluttdato=None),
                                                  make("Delta", sluttdato=date(2023, 1, 31))))]

    def current(make):
        return [make("Alfa", sluttdato=date(2022, 12, 31)), make("Beta", sluttdato=date(2024, 1, 10)),
                make("Gamma", sluttdato=date(2024, 1, 31)), make("Delta", sluttdato=date(2023, 2, 28))]

    path = _document(tmp_path, history, current)
    rows = section_tables(path)["Sluttdato for tiltaket"]
    assert rows == [["Tiltak", "Forrige", "Ny", "Forskyvning (mnd)"],
                    ["Alfa", "30.06.2023", "31.12.2022", "−6"], ["Beta", "31.12.2023", "10.01.2024", "0"],
                    ["Gamma", "ikke oppgitt", "31.01.2024", ""], ["Delta", "31.01.2023", "28.02.2023", "+1"]]


def _document(tmp_path, history, current):
    from pipeline.summary.aggregate import build_summary
    from pipeline.summary.changes import compare_rounds
    from pipeline.word.render import render_document, save_document
    from pipeline.word.summary import summary_writer
    from tests.support.render import make_tiltak, report_settings
    from tests.support.summary import FORM, REPORT_DATE

    items = current(make_tiltak)
    changes = compare_rounds(history(make_tiltak), items, FORM, "November 2021")
    summary = summary_writer(build_summary(items, REPORT_DATE, FORM, changes), FORM)
    return save_document(render_document(items, report_settings(), FORM, summary=summary), tmp_path / "endringer.docx")


def test_answers_and_renamed_leveranser_have_their_tables(tmp_path):
    from datetime import date

    from pipeline.contract.models import Leveranse
    from pipeline.summary.changes import Round
    from tests.merge.test_history import section_tables

    def lev(name, levert):
        return Leveranse(navn=name, levert=levert, sluttdato=date(2022, 1, 1))

    def history(make):
        return [Round("August 2021", (2021, 8), (make("Alfa", leveranser=[lev("Pilot", "Nei"), lev("Bygg", "Ja"),
                                                                          lev("Felles EKG-løsning", "Nei")]),))]

    def current(make):
        return [make("Alfa", leveranser=[lev("Pilot", "Omdefinert"), lev("Bygg", ""), lev("Felles EKG-løsningen", "Nei")])]

    tables = section_tables(_document(tmp_path, history, current))
    assert tables["Leveranser med annet svar på «levert»"] == [
        ["Tiltak", "Leveranse", "Forrige", "Nå"], ["Alfa", "Pilot", "Nei", "Omdefinert"],
        ["Alfa", "Bygg", "Ja", "ikke oppgitt"]]
    assert tables["Nye og fjernede leveranser"] == [
        ["Tiltak", "Leveranse", "Endring"], ["Alfa", "Felles EKG-løsningen", "Nytt navn (var «Felles EKG-løsning»)"]]
    assert set(tables) == {"Leveranser med annet svar på «levert»", "Nye og fjernede leveranser"}


def test_each_kind_has_its_singular():
    note = chapter_note([_change(ChangeKind.DELIVERY_DATE), _change(ChangeKind.REMOVED_DELIVERY)], "R")
    assert note == "Endret siden forrige rapport (R): 1 leveranse med ny sluttdato; 1 leveranse fjernet."


def test_a_date_without_a_whole_month_of_shift_or_without_a_date_has_no_shift():
    note = chapter_note([_change(ChangeKind.SLUTTDATO, "31.12.2023", "10.01.2024", months=0),
                         _change(ChangeKind.SLUTTDATO, "", "31.01.2024", months=None)], "R")
    assert note == "Endret siden forrige rapport (R): sluttdato 31.12.2023 → 10.01.2024; sluttdato ikke oppgitt → 31.01.2024."


# --- the section «Endringer siden forrige rapport» -------------------------------------------------

def _section_intro(path) -> list[str]:
    """The paragraphs of the section that are not headings (its introduction)."""
    import docx
    from docx.text.paragraph import Paragraph

    from pipeline.word.changes import TITLE

    out, inside = [], False
    for block in docx.Document(str(path)).iter_inner_content():
        if isinstance(block, Paragraph):
            style = block.style.name if block.style is not None else ""
            if style in ("Heading 1", "Heading 2"):
                inside = block.text == TITLE
            elif inside and not style.startswith("Heading") and block.text:
                out.append(block.text)
    return out


def test_every_kind_of_change_has_its_table_with_the_values_before_and_now(tmp_path):
    """Status and risiko side by side (the one that did not change shown twice), delivered, new date, new and
    removed leveranser, new tiltak and tiltak that no longer report, each in its own table."""
    from datetime import date

    from pipeline.contract.models import Leveranse
    from pipeline.summary.changes import Round
    from tests.merge.test_history import section_tables

    def lev(name, when, levert=""):
        return Leveranse(navn=name, sluttdato=when, levert=levert)

    def history(make):
        return [Round("August 2021", (2021, 8), (
            make("Alfa", status="Gul", risiko="Rød", leveranser=[lev("Pilot", date(2022, 1, 31), "Nei"),
                                                                  lev("Bygg", date(2022, 3, 1)),
                                                                  lev("Gammel journal", date(2022, 2, 1))]),
            make("Beta", status="Gul", risiko="Gul"),
            make("Gamma", segment="Koordinere", aktor="Norsk helsenett SF")))]

    def current(make):
        return [make("Alfa", status="Rød", risiko="Rød", leveranser=[lev("Pilot", date(2022, 1, 31), "Ja"),
                                                                      lev("Bygg", date(2022, 6, 1)),
                                                                      lev("Ny plattform", date(2023, 1, 1))]),
                make("Beta", status="Gul", risiko="Rød"), make("Delta", segment="Koordinere")]

    path = _document(tmp_path, history, current)
    tables = section_tables(path)
    assert tables["Status og risiko"] == [
        ["Tiltak", "Segment", "Status forrige", "Status nå", "Risiko forrige", "Risiko nå"],
        ["Alfa", "Samstyre", "Gul", "Rød", "Rød", "Rød"], ["Beta", "Samstyre", "Gul", "Gul", "Gul", "Rød"]]
    assert tables["Leveranser levert siden forrige rapport"] == [["Tiltak", "Leveranse", "Sluttdato"],
                                                                 ["Alfa", "Pilot", "31.01.2022"]]
    assert tables["Leveranser med ny sluttdato"] == [["Tiltak", "Leveranse", "Forrige", "Ny"],
                                                     ["Alfa", "Bygg", "01.03.2022", "01.06.2022"]]
    new_and_removed = tables["Nye og fjernede leveranser"]
    assert new_and_removed[0] == ["Tiltak", "Leveranse", "Endring"]
    assert sorted(new_and_removed[1:]) == [["Alfa", "Gammel journal", "Fjernet"], ["Alfa", "Ny plattform", "Ny"]]
    assert tables["Nye tiltak"] == [["Tiltak", "Segment", "Aktør"], ["Delta", "Koordinere", "Helse Nord RHF"]]
    assert tables["Tiltak som ikke lenger rapporterer"] == [["Tiltak", "Segment", "Aktør"],
                                                            ["Gamma", "Koordinere", "Norsk helsenett SF"]]
    assert set(tables) == {"Status og risiko", "Leveranser levert siden forrige rapport", "Leveranser med ny sluttdato",
                           "Nye og fjernede leveranser", "Nye tiltak", "Tiltak som ikke lenger rapporterer"}
    assert _section_intro(path) == ["Sammenlignet med forrige rapport (August 2021). Tabellene viser bare det som er "
                                    "endret; deler uten endringer er utelatt."]


def test_a_round_without_changes_says_so_and_a_first_round_has_no_section(tmp_path):
    from pipeline.summary.changes import Round
    from tests.merge.test_history import section_tables

    def history(make):
        return [Round("August 2021", (2021, 8), (make("Alfa"),))]

    path = _document(tmp_path, history, lambda make: [make("Alfa")])
    assert section_tables(path) == {}
    assert _section_intro(path) == ["Ingen endringer i status, risiko, sluttdato, leveranser eller tiltak siden "
                                    "forrige rapport (August 2021)."]
    first = tmp_path / "forste"
    first.mkdir()
    path = _document_without_history(first)
    assert _section_intro(path) == [] and section_tables(path) == {}


def _document_without_history(tmp_path):
    from pipeline.summary.aggregate import build_summary
    from pipeline.word.render import render_document, save_document
    from pipeline.word.summary import summary_writer
    from tests.support.render import make_tiltak, report_settings
    from tests.support.summary import FORM, REPORT_DATE

    items = [make_tiltak("Alfa")]
    summary = summary_writer(build_summary(items, REPORT_DATE, FORM, None), FORM)
    return save_document(render_document(items, report_settings(), FORM, summary=summary), tmp_path / "forste.docx")


def _section_grids(path) -> dict[str, tuple[list[int], list[list[str]]]]:
    """Heading 3 → (column widths in twips, rows of cell texts) of each table in «Endringer siden forrige rapport»."""
    import docx
    from docx.oxml.ns import qn
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    from pipeline.word.changes import TITLE

    out, inside, title = {}, False, None
    for block in docx.Document(str(path)).iter_inner_content():
        if isinstance(block, Paragraph):
            style = block.style.name if block.style is not None else ""
            if style in ("Heading 1", "Heading 2"):
                inside = block.text == TITLE
            elif style == "Heading 3" and inside:
                title = block.text
        elif isinstance(block, Table) and inside and title:
            widths = [int(c.get(qn("w:w"))) for c in block._tbl.find(qn("w:tblGrid")).findall(qn("w:gridCol"))]
            out[title] = (widths, [[c.text for c in row.cells] for row in block.rows])
    return out


def test_no_word_or_date_in_the_change_tables_is_broken_over_two_lines(tmp_path):
    """Each column is at least as wide as its longest word (a date, «Koordinere», a status) plus the cell's padding."""
    from datetime import date

    from pipeline.contract.models import Leveranse
    from pipeline.summary.changes import Round
    from pipeline.word.tables import word_twips

    def history(make):
        return [Round("August 2021", (2021, 8), (
            make("Alfa", status="Gul", sluttdato=date(2023, 6, 30),
                 leveranser=[Leveranse(navn="Pilot", sluttdato=date(2022, 1, 31), levert="Nei"),
                             Leveranse(navn="Bygg", sluttdato=date(2022, 3, 1), levert="Nei")]),
            make("Gamma", segment="Koordinere")))]

    def current(make):
        return [make("Alfa", status="Rød", sluttdato=date(2023, 12, 31),
                     leveranser=[Leveranse(navn="Pilot", sluttdato=date(2022, 1, 31), levert="Ja"),
                                 Leveranse(navn="Bygg", sluttdato=date(2022, 6, 1), levert="Omdefinert")]),
                make("Delta", segment="Koordinere")]

    grids = _section_grids(_document(tmp_path, history, current))
    assert len(grids) >= 5
    for title, (widths, rows) in grids.items():
        for column, width in enumerate(widths):
            words = [row[column] for row in rows[1:]]  # the header is bold and may wrap between words
            assert width >= word_twips(words), (title, column, width, words)


def test_a_nynorsk_note_names_every_kind_of_change_in_nynorsk():
    from pipeline.common.malform import Malform
    from pipeline.word.doctexts import DocTexts

    t = DocTexts(Malform.NYNORSK)
    note = chapter_note([_change(ChangeKind.RENAMED_DELIVERY, "Felles EKG", "Felles EKG-løsning", "Felles EKG-løsning"),
                         _change(ChangeKind.ANSWER, "Nei", "", "Pilot"), _change(ChangeKind.DELIVERED)], "R", t)
    assert note == ("Endra sidan førre rapport (R): 1 leveranse levert; leveransen «Felles EKG-løsning»: nytt namn (var "
                    "«Felles EKG»); leveransen «Pilot»: svar på «levert» Nei → ikkje oppgitt.")



def test_the_tiltak_column_gets_the_room_the_value_columns_do_not_need_and_only_the_header_repeats(tmp_path):
    """Status og risiko: Segment as wide as the longest segment name, the four status columns as wide as the longest
    status (or «forrige»); Sluttdato: two date columns and the shift; the rest goes to the tiltak's name. With a
    leveranse the names share the rest 3 to 4 (a leveranse's name is the longer), and the Endring column of new and
    removed leveranser has a share of 2; new and removed tiltak: the tiltak 4, the aktør 3. Every table repeats its
    header row, and only that, on a new page."""
    from datetime import date

    import docx
    from docx.oxml.ns import qn

    from pipeline.contract.models import Leveranse
    from pipeline.summary.changes import Round
    from pipeline.word.tables import word_twips
    from tests.support.summary import FORM

    def lev(name, when, levert="Nei"):
        return Leveranse(navn=name, sluttdato=when, levert=levert)

    def history(make):
        return [Round("August 2021", (2021, 8), (
            make("Alfa", status="Gul", sluttdato=date(2023, 6, 30),
                 leveranser=[lev("Pilot", date(2022, 1, 31)), lev("Bygg", date(2022, 3, 1)), lev("Kurs", date(2022, 4, 1))]),
            make("Beta", risiko="Gul"), make("Gamma", segment="Observere")))]

    def current(make):
        return [make("Alfa", status="Rød", sluttdato=date(2023, 12, 31),
                     leveranser=[lev("Pilot", date(2022, 1, 31), "Ja"), lev("Bygg", date(2022, 6, 1)),
                                 lev("Kurs", date(2022, 4, 1), "Omdefinert"), lev("Ny plattform", date(2023, 1, 1))]),
                make("Beta", risiko="Rød"), make("Delta", segment="Koordinere", aktor="Norsk helsenett SF")]

    def about(a, b, wa, wb):  # a : b == wa : wb, give or take the rounding
        return abs(a * wb - b * wa) <= 4 * max(wa, wb)

    path = _document(tmp_path, history, current)
    grids = _section_grids(path)
    status, _ = grids["Status og risiko"]
    total = sum(status)
    segment = word_twips([*FORM.vocabulary("segment"), "Segment"])
    value = word_twips([*FORM.vocabulary("status"), "forrige"])
    assert status[1:] == [segment, value, value, value, value]
    dates, _ = grids["Sluttdato for tiltaket"]
    assert dates[1:] == [1100, 1100, word_twips(["Forskyvning", "(mnd)"])] and sum(dates) == total
    for title, width, count in (("Leveranser levert siden forrige rapport", 1100, 1), ("Leveranser med ny sluttdato", 1100, 2),
                                ("Leveranser med annet svar på «levert»", 1300, 2)):
        widths, _ = grids[title]
        assert widths[2:-1] == [width] * (count - 1) and width <= widths[-1] <= width + 3  # (+ the rounding)
        assert sum(widths) == total and len(widths) == 2 + count and about(*widths[:2], 3, 4)
    widths, rows = grids["Nye og fjernede leveranser"]
    assert rows[1:] == [["Alfa", "Ny plattform", "Ny"]]
    assert sum(widths) == total and about(*widths[:2], 3, 4) and about(*widths[1:], 4, 2)
    for title in ("Nye tiltak", "Tiltak som ikke lenger rapporterer"):
        widths, _ = grids[title]
        assert widths[1] == segment and sum(widths) == total and about(widths[0], widths[2], 4, 3)
    tables = [t for t in docx.Document(str(path)).tables if t.rows[0].cells[0].text == "Tiltak"]
    assert len(tables) >= 7
    for table in tables:
        assert [r._tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None for r in table.rows] == \
            [True] + [False] * (len(table.rows) - 1)


def test_a_nynorsk_document_names_new_removed_and_renamed_leveranser_in_nynorsk(tmp_path):
    from datetime import date

    import docx

    from pipeline.common.malform import Malform
    from pipeline.contract.models import Leveranse
    from pipeline.summary.aggregate import build_summary
    from pipeline.summary.changes import Round, compare_rounds
    from pipeline.word.render import render_document, save_document
    from pipeline.word.summary import summary_writer
    from tests.support.render import make_tiltak, report_settings
    from tests.support.summary import FORM, REPORT_DATE

    def lev(name):
        return Leveranse(navn=name, levert="Nei", sluttdato=date(2022, 1, 1))

    history = [Round("August 2021", (2021, 8), (make_tiltak("Alfa", leveranser=[lev("Pilot"), lev("Felles EKG-løsning")]),))]
    items = [make_tiltak("Alfa", leveranser=[lev("Felles EKG-løsningen"), lev("Bygg")])]
    changes = compare_rounds(history, items, FORM, "November 2021")
    summary = summary_writer(build_summary(items, REPORT_DATE, FORM, changes), FORM)
    path = save_document(render_document(items, report_settings(malform=Malform.NYNORSK), FORM, summary=summary),
                         tmp_path / "nynorsk.docx")
    [table] = [t for t in docx.Document(str(path)).tables if [c.text for c in t.rows[0].cells] == ["Tiltak", "Leveranse", "Endring"]]
    assert sorted([c.text for c in row.cells] for row in table.rows[1:]) == [
        ["Alfa", "Bygg", "Ny"], ["Alfa", "Felles EKG-løsningen", "Nytt namn (var «Felles EKG-løsning»)"],
        ["Alfa", "Pilot", "Fjerna"]]


def test_the_portfolio_intro_explains_statusutvikling_only_when_the_column_is_there(tmp_path):
    from docx.oxml.ns import qn

    from tests.support.summary import summary_sections, text_of

    def intro(history, name):
        from pipeline.summary.aggregate import build_summary
        from pipeline.summary.changes import compare_rounds
        from pipeline.word.render import render_document
        from pipeline.word.summary import summary_writer
        from tests.support.render import make_tiltak, reopen, report_settings
        from tests.support.summary import FORM, REPORT_DATE

        items = [make_tiltak("Alfa", status="Rød"), make_tiltak("Beta", status="Gul")]
        changes = compare_rounds(history(make_tiltak), items, FORM, "November 2021") if history else None
        summary = summary_writer(build_summary(items, REPORT_DATE, FORM, changes), FORM)
        doc, _ = reopen(render_document(items, report_settings(), FORM, summary=summary), tmp_path, name)
        return [text_of(e) for kind, _, e in summary_sections(doc)["Porteføljeoversikt"] if e.tag == qn("w:p")][0]

    plain = intro(None, "uten.docx")
    assert plain.endswith("Alle tiltak per segment med aktør, fase, sluttdato, status og risiko.")
    assert intro(_two_rounds, "med.docx") == plain + (" Statusutvikling: status i rundene Mai 2021, August 2021 og nå "
                                                      "(November 2021), eldste først; ○ betyr at tiltaket ikke rapporterte.")


def test_five_rounds_of_marks_fit_on_one_line(tmp_path):
    """Four earlier rounds and this one: 300 twips per 12 pt mark and 200 for the cell's padding."""
    from docx.oxml.ns import qn

    from pipeline.summary.changes import Round

    def five(make):
        return [Round(f"Runde {n}", (2021, n), (make("Alfa", status="Gul"),)) for n in range(1, 5)]

    table = _portfolio_table(tmp_path, five, "fem.docx")
    widths = [int(c.get(qn("w:w"))) for c in table.find(qn("w:tblGrid")).findall(qn("w:gridCol"))]
    assert widths[-1] == 300 * 5 + 200
    assert len(_marks(table.findall(qn("w:tr"))[1].findall(qn("w:tc"))[-1])) == 5


def test_a_status_without_a_colour_in_the_settings_gets_a_plain_mark(tmp_path):
    """[farger] need not name every status: such a mark has no colour of its own (never the colour «None»)."""
    from docx.oxml.ns import qn

    from pipeline.summary.aggregate import build_summary
    from pipeline.summary.changes import compare_rounds
    from pipeline.word.render import render_document
    from pipeline.word.summary import summary_writer
    from tests.support.render import make_tiltak, reopen, report_settings
    from tests.support.summary import FORM, REPORT_DATE, summary_sections

    form = FORM.model_copy(update={"farger": {k: v for k, v in FORM.farger.items() if k != "Gul"}})
    items = [make_tiltak("Alfa", status="Gul"), make_tiltak("Beta", status="Rød")]
    changes = compare_rounds(_two_rounds(make_tiltak), items, form, "November 2021")
    summary = summary_writer(build_summary(items, REPORT_DATE, form, changes), form)
    doc, _ = reopen(render_document(items, report_settings(), form, summary=summary), tmp_path, "farger.docx")
    table = next(e for kind, _, e in summary_sections(doc)["Porteføljeoversikt"] if kind == "t")
    rows = {r.findall(qn("w:tc"))[0].xpath("string(.)"): _marks(r.findall(qn("w:tc"))[-1]) for r in table.findall(qn("w:tr"))[1:]}
    assert rows["Alfa"] == [("●", FORM.farger["Grønn"], "24"), ("●", None, "24"), ("●", None, "24")]
    assert rows["Beta"] == [("○", "A6A6A6", "24"), ("●", FORM.farger["Rød"], "24"), ("●", FORM.farger["Rød"], "24")]
