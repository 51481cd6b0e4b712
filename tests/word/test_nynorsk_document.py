"""The document in nynorsk (``malform = "nynorsk"`` in rapport.toml): its own fixed texts, not the actors'."""

from __future__ import annotations

import re
import shutil
import string
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from pipeline.cli.main import main
from pipeline.common.malform import Malform
from pipeline.contract.settings import SettingsError, load_report_settings
from pipeline.excel.prefill import fill_workbook
from pipeline.word import doctexts
from pipeline.word.doctexts import DocTexts, MissingTranslation
from tests.support.paths import INPUT


def _settings_text(malform: str | None, extra: str = "") -> str:
    text = (INPUT / "rapport.toml").read_text(encoding="utf-8")
    text = re.sub(r'^undertittel = .*\n', "", text, flags=re.M)  # the default follows the standard
    head = f'malform = "{malform}"\n' if malform else ""
    return head + extra + text


def _folder(tmp_path: Path, malform: str | None, books: list[Path]) -> Path:
    folder = tmp_path / f"inn-{malform}"
    folder.mkdir()
    (folder / "rapport.toml").write_text(_settings_text(malform), encoding="utf-8")
    for sub in ("historikk", "forrige-runde"):
        shutil.copytree(INPUT / sub, folder / sub)
    for book in books:
        shutil.copy(book, folder / book.name)
    return folder


def _merge(folder: Path, out: Path, code: int = 0):
    assert main(["merge", str(folder), "-o", str(out / "Vedlegg2.docx"), "--quiet"]) == code
    return docx.Document(str(out / "Vedlegg2.docx"))


def _headings(doc) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in doc.paragraphs
            if p.style is not None and p.style.name.startswith(("Heading", "TOC Heading", "Subtitle"))]


@pytest.mark.slow
def test_a_nynorsk_document_of_the_40_examples(tmp_path):
    books = sorted(INPUT.glob("*.xlsx"))
    docs = {m: _merge(_folder(tmp_path, m, books), tmp_path / f"ut-{m}") for m in ("bokmal", "nynorsk")}
    nn, bm = docs["nynorsk"], docs["bokmal"]
    heads = _headings(nn)
    texts = [t for _, t in heads]
    assert ("Subtitle", "Samla innrapportering") in heads and ("TOC Heading", "Innhald") in heads
    assert ("Heading 1", "Samandrag") in heads
    for title in ("Endringar sidan førre rapport", "Porteføljeoversikt", "Leveransar", "Avhengigheiter",
                  "Raude avhengigheiter", "Kostnader", "Drift og forvaltning", "Nytte"):
        assert ("Heading 2", title) in heads, title
    assert ("Heading 3", "Nytteføresetnader") in heads and ("Heading 3", "Leveransar") in heads
    for bokmal in ("Sammendrag", "Innhold", "Leveranser", "Avhengigheter", "Nytteforutsetninger",
                   "Røde avhengigheter", "Endringer siden forrige rapport", "Samlet innrapportering"):
        assert bokmal not in texts, bokmal
    # the same document otherwise: the same chapters (the actors' names untranslated) and tables
    assert [t for s, t in _headings(bm) if s == "Heading 2"][-40:] == [t for s, t in heads if s == "Heading 2"][-40:]
    assert len(nn.tables) == len(bm.tables)
    labels = {row.cells[0].text for table in nn.tables for row in table.rows[:3]}
    assert {"Skildring", "Aktør"} <= labels and "Beskrivelse" not in labels
    body = "\n".join(p.text for p in nn.paragraphs)
    assert "Endra sidan førre rapport (August 2021)" in body and "Endret siden" not in body
    assert "Figur " in body and "Status per segment" in body and "Tabellane er laga frå innrapporteringane" in body
    # list values as the nynorsk lists write them (the export keeps the canonical value); shading unchanged
    cells = [c for table in nn.tables for row in table.rows for c in row.cells]
    shown = {c.text for c in cells}
    assert {"Grøn", "Raud", "Gul", "Høg", "Låg"} <= shown and not {"Grønn", "Rød", "Høy", "Lav"} & shown
    fills = {c.text: c._tc.find(f"{qn('w:tcPr')}/{qn('w:shd')}") for c in cells if c.text in ("Grøn", "Raud")}
    assert {text: shd.get(qn("w:fill")) for text, shd in fills.items() if shd is not None} == \
        {"Grøn": "92D050", "Raud": "FF6B6B"}
    assert re.search(r"status (Grøn|Gul|Raud) → (Grøn|Gul|Raud)", body)
    alt = [el.get("descr") for el in nn.element.body.iter(qn("wp:docPr"))]
    assert alt and all(a.startswith(("Stabla stolpediagram: ", "Stolpediagram: ")) for a in alt)
    assert any(a.startswith("Stolpediagram: leveransar per segment etter svar, og forfalne leveransar.") for a in alt)
    assert any("Forfalne " in a for a in alt) and not any("Forfalt" in a or "Ubesvart" in a for a in alt)
    lang = nn.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    assert lang.get(qn("w:val")) == "nn-NO" and nn.core_properties.language == "nn-NO"
    assert bm.core_properties.language == "nb-NO"


@pytest.mark.slow
def test_three_workbooks_in_a_nynorsk_document_without_the_summary(tmp_path, seed_records, form_settings):
    records = [r for r in seed_records if r["segment"] == "Samstyre"][:2] + \
              [r for r in seed_records if r["segment"] == "Observere"][:1]
    books = []
    for i, record in enumerate(records):
        path = tmp_path / f"t{i}.xlsx"
        fill_workbook(record, form_settings).save(path)
        books.append(path)
    folder = _folder(tmp_path, "nynorsk", books)
    settings = folder / "rapport.toml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("sammendrag = true", "sammendrag = false"),
                        encoding="utf-8")
    doc = _merge(folder, tmp_path / "ut", code=1)  # 1: expected tiltak are missing (37 of the 40)
    heads = _headings(doc)
    assert ("Heading 3", "Leveransar") in heads and ("Heading 3", "Nytteføresetnader") in heads
    assert not any(t == "Samandrag" for _, t in heads)
    header_rows = [[c.text for c in table.rows[0].cells] for table in doc.tables]
    assert ["Leveranse namn", "Skildring av leveranse", "Sluttdato", "Er leveransen ferdigstilt og levert?"] in header_rows
    assert records[0]["navn"] in [t for _, t in heads]


def test_report_settings_read_the_standard_and_the_nynorsk_subtitle(tmp_path):
    path = tmp_path / "rapport.toml"
    path.write_text(_settings_text("nynorsk"), encoding="utf-8")
    report = load_report_settings(path)
    assert report.malform is Malform.NYNORSK and report.undertittel == "Samla innrapportering"
    path.write_text(_settings_text(None), encoding="utf-8")
    report = load_report_settings(path)
    assert report.malform is Malform.BOKMAL and report.undertittel == "Samlet innrapportering"
    path.write_text(_settings_text("nn", 'undertittel = "Eigen undertittel"\n'), encoding="utf-8")
    assert load_report_settings(path).undertittel == "Eigen undertittel"  # what the secretariat wrote stays


def test_an_unknown_standard_in_the_settings_is_a_norwegian_settings_error(tmp_path, capsys):
    path = tmp_path / "rapport.toml"
    path.write_text(_settings_text("svensk"), encoding="utf-8")
    with pytest.raises(SettingsError, match="malform.*må være «bokmal» eller «nynorsk», ikke «svensk»"):
        load_report_settings(path)
    folder = _folder(tmp_path, "svensk", [])
    code = main(["merge", str(folder), "-o", str(tmp_path / "ut" / "Vedlegg2.docx"), "--quiet"])
    err = capsys.readouterr().err
    assert code == 2 and "svensk" in err and "Traceback" not in err
    assert not (tmp_path / "ut" / "Vedlegg2.docx").exists()


def test_bokmal_texts_are_returned_as_they_are_and_nynorsk_is_looked_up():
    assert DocTexts()("Sammendrag") == "Sammendrag" and DocTexts()("Hva som helst") == "Hva som helst"
    t = DocTexts(Malform.NYNORSK)
    assert t("Sammendrag") == "Samandrag" and t("Nå") == "No"
    assert t.counted(1, "rad", "rader") == "1 rad" and t.counted(3, "leveranse levert", "leveranser levert") == \
        "3 leveransar leverte"
    with pytest.raises(MissingTranslation):
        t("Ny tekst uten nynorsk form")


def test_every_nynorsk_text_keeps_the_placeholders_of_its_bokmal_text():
    fields = string.Formatter()
    for bokmal, nynorsk in doctexts.NYNORSK.items():
        names = sorted(f for _, f, _, _ in fields.parse(bokmal) if f)
        assert names == sorted(f for _, f, _, _ in fields.parse(nynorsk) if f), bokmal
        assert nynorsk.strip() and nynorsk.startswith(" ") == bokmal.startswith(" "), bokmal


def test_the_summary_s_own_words_among_values_are_translated_and_nothing_else():
    t = DocTexts(Malform.NYNORSK)
    assert [t.label(v) for v in ("Uten år", "Ubesvart", "Ikke oppgitt", "Forfalt")] == \
        ["Utan år", "Ikkje svart på", "Ikkje oppgitt", "Forfalne"]
    assert t.label("Grønn") == "Grønn" and t.label("Helsedirektoratet") == "Helsedirektoratet"
    assert DocTexts().label("Uten år") == "Uten år" and t.label(2023) == 2023


def test_the_value_forms_across_the_lists(form_settings, tmp_path):
    from tests.support.settings import changed_form_settings
    from pipeline.contract.settings import load_form_settings

    forms = form_settings.value_forms()
    assert forms["Grønn"] == "Grøn" and forms["Høy"] == "Høg" and "Gul" not in forms
    clash = changed_form_settings(tmp_path, '[nynorsk.losning]\n"Ukjent" = "Ukjend"',
                                  '[nynorsk.losning]\n"Ukjent" = "Ukjend"\n\n[nynorsk.ja_nei]\n"Nei" = "Nei takk"\n'
                                  '\n[nynorsk.levert]\n"Nei" = "Ikkje"')
    assert "Nei" not in load_form_settings(clash).value_forms()  # two lists disagree: shown as it is
    t = DocTexts(Malform.NYNORSK, forms)
    assert t.label("Rød") == "Raud" and t.label("Uten år") == "Utan år" and t.label("Noko anna") == "Noko anna"
    assert DocTexts(Malform.BOKMAL, forms).label("Rød") == "Rød"
