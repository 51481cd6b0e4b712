"""``merge --oppdater`` in the cases around the main scenario: the TOC after LibreOffice and Word moved or
deleted its bookmark, region bookmarks lost, a chapter note that differs while the data do not, a chapter
kept with --behold-borte and submitted again, an edited chapter that is removed, two updates in a row,
and LibreOffice not writing its file."""

from __future__ import annotations

import contextlib
import io
import json
import shutil
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from openpyxl import load_workbook

from pipeline.cli.main import main
from pipeline.word import oxml
from pipeline.word.regions import PREFIX, TOC_ID, RegionKind, find_regions
from pipeline.word.toc import read_toc
from pipeline.word.update import GONE_NOTE
from tests.support import editor
from tests.support.hardening import named_cell
from tests.support.merge import copy_examples, expect_copied
from tests.support.paths import HISTORY

BOOKS = ["mf-helse.xlsx", "safest.xlsx", "epj-loftet.xlsx", "digi-ung.xlsx"]
KEEP, CHANGE, DROP = "MF Helse", "SAFEST", "DIGI-UNG"
EDIT = " Redaktørens tekst."


def _merge(*args: str) -> tuple[int, str]:
    with contextlib.redirect_stdout(io.StringIO()) as out:
        code = main(["merge", *args, "-q"])
    return code, out.getvalue()


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> dict[str, Path]:
    """Round 1 merged; round 2 folders: the same, without DIGI-UNG, and with SAFEST's status changed."""
    root = tmp_path_factory.mktemp("tilfeller")
    same = expect_copied(copy_examples(root / "samme", BOOKS)).parent
    assert _merge(str(same), "-o", str(root / "ut" / "Vedlegg2.docx"))[0] == 0
    without = expect_copied(copy_examples(root / "uten", [b for b in BOOKS if b != "digi-ung.xlsx"])).parent
    changed = expect_copied(copy_examples(root / "endret", BOOKS)).parent
    wb = load_workbook(changed / "safest.xlsx")
    cell = named_cell(wb, "Tiltak_Status")
    cell.value = "Rød" if cell.value != "Rød" else "Grønn"
    wb.save(changed / "safest.xlsx")
    return {"doc": root / "ut" / "Vedlegg2.docx", "same": same, "without": without, "changed": changed}


def _copy(base, tmp_path: Path, name: str = "Vedlegg2.docx") -> Path:
    return Path(shutil.copy(base["doc"], tmp_path / name))


def _edit(path: Path, change) -> None:
    doc = docx.Document(str(path))
    change(doc)
    doc.save(str(path))


def _rows(doc: Path) -> dict[str, dict]:
    return {r["navn"]: r for r in json.loads((doc.parent / "merge-rapport.json").read_text("utf-8"))["oppdatering"]}


def _headings(path: Path, text: str) -> int:
    return sum(1 for p in docx.Document(str(path)).paragraphs if p.text == text and p.style.name.startswith("Heading"))


def _append_to(title: str, label: str = "Beskrivelse", text: str = EDIT):
    return lambda doc: editor.value_paragraph(doc.element.body, title, label).append(oxml.run(text))


# --- item 4: the table of contents after LibreOffice and Word ---------------------------------------


def _toc_bookmark(doc, how: str) -> None:
    """LibreOffice moves ``_inr_innhold`` into the TOC field's result; Word's «Oppdater tabell» then deletes it.
    LibreOffice also drops ``w:updateFields``."""
    start = next(b for b in doc.element.body.iter(qn("w:bookmarkStart")) if b.get(qn("w:name")) == TOC_ID)
    start.getparent().remove(start)
    if how == "flyttet":
        second = next(p for p in doc.element.body.iter(qn("w:p")) if p.find(qn("w:hyperlink")) is not None
                      and read_toc(p))
        second.find(qn("w:hyperlink")).insert(0, start)
    settings = doc.settings.element
    for element in settings.findall(qn("w:updateFields")):
        settings.remove(element)


@pytest.mark.slow
@pytest.mark.parametrize("how", ["flyttet", "borte"])
def test_the_toc_is_found_by_its_field_and_rebuilt_when_its_bookmark_moved_or_is_gone(base, tmp_path, how):
    doc = _copy(base, tmp_path)
    _edit(doc, lambda d: _toc_bookmark(d, how))
    before = find_regions(docx.Document(str(doc)))
    assert RegionKind.TOC in {r.info.kind for r in before}
    assert _merge(str(base["without"]), "--oppdater", str(doc))[0] == 0
    updated = docx.Document(str(doc))
    regions = find_regions(updated)
    assert RegionKind.TOC in {r.info.kind for r in regions} and DROP not in {r.info.name for r in regions}
    toc = [line.text for line in read_toc(updated.element.body)]
    headings = [p.text for p in updated.paragraphs if p.style.name.lower() in ("heading 1", "heading 2")]
    assert toc == headings and DROP not in toc and KEEP in toc
    assert updated.settings.element.find(qn("w:updateFields")).get(qn("w:val")) == "true"


# --- item 5: region bookmarks lost ---------------------------------------------------------------------


def _strip(doc, only: str | None = None) -> None:
    body = doc.element.body
    for b in list(body.iter(qn("w:bookmarkStart"))):
        name = b.get(qn("w:name")) or ""
        if name.startswith(PREFIX) and (only is None or name == only):
            b.getparent().remove(b)


def test_a_document_whose_region_bookmarks_are_all_gone_is_refused_and_nothing_is_written(base, tmp_path, capsys):
    doc = _copy(base, tmp_path)
    _edit(doc, _strip)
    before = doc.read_bytes()
    assert main(["merge", str(base["changed"]), "--oppdater", str(doc), "-q"]) == 2
    err = capsys.readouterr().err
    assert "merkene (bokmerkene)" in err and "Ingenting er skrevet" in err and "Traceback" not in err
    assert doc.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == ["Vedlegg2.docx"]


@pytest.mark.slow
@pytest.mark.parametrize("folder, change", [("same", "uendret"), ("changed", "oppdatert")])
def test_a_chapter_whose_start_bookmark_is_lost_is_found_by_its_heading(base, tmp_path, folder, change):
    doc = _copy(base, tmp_path)
    region = next(r for r in find_regions(docx.Document(str(doc))) if r.info.name == CHANGE)
    _edit(doc, lambda d: _strip(d, region.info.id))
    assert _merge(str(base[folder]), "--oppdater", str(doc))[0] == 0
    assert _headings(doc, CHANGE) == 1  # never two chapters for one tiltak
    assert _rows(doc)[CHANGE]["endring"] == change
    assert any(r.info.name == CHANGE and not r.by_heading for r in find_regions(docx.Document(str(doc))))


# --- issue 21: the cases around the scenario ------------------------------------------------------------


@pytest.mark.slow
def test_same_data_with_another_change_note_keeps_the_chapter_and_swaps_the_note(base, tmp_path):
    doc = _copy(base, tmp_path)
    _edit(doc, _append_to(KEEP))
    body = docx.Document(str(doc)).element.body
    note_before = [oxml.paragraph_text(p) for p in body.iter(qn("w:p")) if editor.style_of(p) == "Endringsmerknad"]
    assert note_before  # round 1 compared with August 2021
    code, out = _merge(str(base["same"]), "--oppdater", str(doc), "--forrige", str(HISTORY / "vedlegg2-2021-05.json"))
    assert code == 0
    rows = _rows(doc)
    changed_notes = [name for name, r in rows.items() if "endringsmerknaden er" in r["merknad"]]
    assert changed_notes and all(rows[n]["endring"] == "uendret" for n in changed_notes)
    text = "".join(oxml.paragraph_text(p) for p in docx.Document(str(doc)).element.body.iter(qn("w:p")))
    assert EDIT.strip() in text and "Mai 2021" in text


@pytest.mark.slow
def test_a_chapter_kept_with_behold_borte_and_submitted_again_is_kept_without_the_mark(base, tmp_path):
    doc = _copy(base, tmp_path)
    _edit(doc, _append_to(DROP))
    assert _merge(str(base["without"]), "--oppdater", str(doc), "--behold-borte")[0] == 0
    assert GONE_NOTE in [p.text for p in docx.Document(str(doc)).paragraphs]
    assert _merge(str(base["same"]), "--oppdater", str(doc))[0] == 0
    paragraphs = [p.text for p in docx.Document(str(doc)).paragraphs]
    assert GONE_NOTE not in paragraphs and _headings(doc, DROP) == 1
    assert _rows(doc)[DROP]["endring"] == "uendret" and "innrapportert igjen" in _rows(doc)[DROP]["merknad"]
    cell = editor.value_paragraph(docx.Document(str(doc)).element.body, DROP, "Beskrivelse")
    assert oxml.paragraph_text(cell).endswith(EDIT)
    assert not next(r for r in find_regions(docx.Document(str(doc))) if r.info.name == DROP).info.gone


@pytest.mark.slow
def test_an_edited_chapter_that_is_removed_reaches_the_side_file(base, tmp_path):
    doc = _copy(base, tmp_path)
    _edit(doc, _append_to(DROP))
    code, out = _merge(str(base["without"]), "--oppdater", str(doc))
    assert code == 0 and _headings(doc, DROP) == 0
    side = doc.with_name("Vedlegg2.redigerte-kapitler.docx")
    cell = editor.value_paragraph(docx.Document(str(side)).element.body, DROP, "Beskrivelse")
    assert oxml.paragraph_text(cell).endswith(EDIT)
    assert _rows(doc)[DROP]["endring"] == "fjernet" and _rows(doc)[DROP]["redigert"] is True
    assert str(side) in out


@pytest.mark.slow
def test_two_updates_in_a_row_keep_the_first_side_file(base, tmp_path):
    doc = _copy(base, tmp_path)
    _edit(doc, _append_to(CHANGE))
    assert _merge(str(base["changed"]), "--oppdater", str(doc))[0] == 0
    first = doc.with_name("Vedlegg2.redigerte-kapitler.docx")
    first_bytes = first.read_bytes()
    _edit(doc, _append_to(CHANGE, "Status", " Sjekket."))
    assert _merge(str(base["same"]), "--oppdater", str(doc))[0] == 0  # SAFEST changes back: replaced again
    second = doc.with_name("Vedlegg2.redigerte-kapitler-2.docx")
    assert first.read_bytes() == first_bytes and second.is_file()
    texts = "".join(oxml.paragraph_text(p) for p in docx.Document(str(second)).element.body.iter(qn("w:p")))
    assert "Sjekket." in texts


def test_libreoffice_that_writes_no_file_is_a_failure_not_a_skip(tmp_path, monkeypatch):
    fake = tmp_path / "bin" / "soffice"
    fake.parent.mkdir()
    fake.write_text("#!/bin/sh\nexit 0\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake.parent}:/usr/bin:/bin")
    source = tmp_path / "a.docx"
    docx.Document().save(str(source))
    with pytest.raises(AssertionError, match="lagret ikke"):
        editor.libreoffice_resave(source, tmp_path / "lo", tmp_path / "profil")


# --- item 3: the title page follows rapport.toml unless an editor changed it ---------------------------


def _new_period(folder: Path, target: Path) -> Path:
    shutil.copytree(folder, target)
    settings = target / "rapport.toml"
    settings.write_text(settings.read_text("utf-8").replace('periode = "November 2021"', 'periode = "Februar 2022"'),
                        "utf-8")
    return target


@pytest.mark.slow
def test_an_edited_title_page_is_kept_and_reported_while_the_properties_follow(base, tmp_path):
    doc = _copy(base, tmp_path)
    title = " (utkast)"
    _edit(doc, lambda d: next(p for p in d.element.body.iter(qn("w:p")) if editor.style_of(p) == "Title")
          .append(oxml.run(title)))
    assert _merge(str(_new_period(base["same"], tmp_path / "ny")), "--oppdater", str(doc))[0] == 0
    updated = docx.Document(str(doc))
    texts = [p.text for p in updated.paragraphs]
    assert texts[0].endswith(title) and "November 2021" in texts and "Februar 2022" not in texts
    rows = _rows(doc)
    assert rows["Forside"]["endring"] == "ikke oppdatert, redigert" and rows["Forside"]["redigert"] is True
    assert rows["Dokumentegenskaper"]["endring"] == "oppdatert" and "Februar 2022" in updated.core_properties.subject


@pytest.mark.slow
def test_an_unedited_title_page_follows_the_new_period(base, tmp_path):
    doc = _copy(base, tmp_path)
    assert _merge(str(_new_period(base["same"], tmp_path / "ny")), "--oppdater", str(doc))[0] == 0
    texts = [p.text for p in docx.Document(str(doc)).paragraphs]
    assert "Februar 2022" in texts and "November 2021" not in texts
    assert _rows(doc)["Forside"]["grunner"] == ["periode"]


def test_generated_and_updated_documents_are_in_word_2013_mode(base, tmp_path):
    def mode(path: Path) -> str:
        settings = docx.Document(str(path)).settings.element
        return next(s for s in settings.iter(qn("w:compatSetting"))
                    if s.get(qn("w:name")) == "compatibilityMode").get(qn("w:val"))

    assert mode(base["doc"]) == "15"
    doc = _copy(base, tmp_path)
    assert _merge(str(base["same"]), "--oppdater", str(doc))[0] == 0
    assert mode(doc) == "15"
