"""``merge --oppdater``: a late or corrected submission merged into an edited Vedlegg 2.

Round 1 is merged, edited the way an editor would (tests/support/editor.py), then round 2
(two status changes, one with a new description holding a link and a numbered list, a new
tiltak, one no longer submitted) is merged into it with ``--oppdater``. Everything is
checked for the edited file as saved (Word-like) and after a LibreOffice re-save.
"""

from __future__ import annotations

import contextlib
import io
import json
import shutil
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from lxml import etree
from openpyxl import load_workbook

from pipeline.cli.main import main
from pipeline.word import oxml
from pipeline.word.regions import Fingerprinter, RegionKind, find_regions
from pipeline.word.toc import read_toc
from pipeline.word.docfinish import dedupe_bookmarks
from pipeline.word.update import GONE_NOTE
from tests.support import editor
from tests.support.hardening import named_cell
from tests.support.merge import chapters, copy_examples, expect_copied

#: The whole module is in the full run only: every test updates an edited document of the 40 examples
#: (LibreOffice for half of them).
pytestmark = pytest.mark.slow

ROUND1 = ["mf-helse.xlsx", "helsedataprogrammet.xlsx", "safest.xlsx", "epj-loftet.xlsx", "helseplattformen.xlsx",
          "digi-ung.xlsx"]
KEEP, LOSE, CHANGED, REMOVED, NEW = "MF Helse", "Helsedataprogrammet", "SAFEST", "Helseplattformen", "Alle møter"
UNTOUCHED = ["EPJ-løftet", "DIGI-UNG"]
URL = "https://www.ehelse.no/prosjekter/helsedata"
NEW_DESCRIPTION = f"Ny beskrivelse fra aktøren.\n1. Første steg\n2. Andre steg\nLes mer på {URL}"


def _round2(folder: Path) -> Path:
    copy_examples(folder, [n for n in ROUND1 if n != "helseplattformen.xlsx"] + ["alle-moter.xlsx"])
    expect_copied(folder)
    for name, edit in [("helsedataprogrammet.xlsx", {"Tiltak_Status": "Rød", "Tiltak_Beskrivelse": NEW_DESCRIPTION}),
                       ("safest.xlsx", {"Tiltak_Status": None})]:
        wb = load_workbook(folder / name)
        for field, value in edit.items():
            cell = named_cell(wb, field)
            cell.value = value or ("Grønn" if cell.value != "Grønn" else "Gul")
        wb.save(folder / name)
    return folder


@pytest.fixture(scope="module")
def rounds(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("oppdater")
    r1 = expect_copied(copy_examples(root / "runde1", ROUND1)).parent
    assert main(["merge", str(r1), "-o", str(root / "ut1" / "Vedlegg2.docx"), "-q"]) == 0
    editor.edit_document(root / "ut1" / "Vedlegg2.docx", root / "redigert.docx", keep=KEEP, lose=LOSE)
    r2 = _round2(root / "runde2")
    assert main(["merge", str(r2), "-o", str(root / "fersk" / "Vedlegg2.docx"), "-q"]) == 0
    return {"root": root, "edited": root / "redigert.docx", "round2": r2, "fresh": root / "fersk" / "Vedlegg2.docx"}


@pytest.fixture(scope="module", params=["word", pytest.param("libreoffice", marks=pytest.mark.slow)])
def updated(request, rounds) -> dict:
    """The edited document (as saved, or re-saved by LibreOffice) updated in place with round 2."""
    folder = rounds["root"] / request.param
    folder.mkdir()
    edited = folder / "Vedlegg2.docx"
    shutil.copy(rounds["edited"], edited)
    if request.param == "libreoffice":  # re-saved into another folder, then updated there
        edited = editor.libreoffice_resave(edited, folder / "lo", rounds["root"] / "lo-profil")
        if edited is None:
            pytest.skip("LibreOffice (soffice) mangler")
    before = edited.read_bytes()
    with contextlib.redirect_stdout(io.StringIO()) as out:
        code = main(["merge", str(rounds["round2"]), "--oppdater", str(edited), "-q"])
    out = out.getvalue()
    return {"code": code, "out": out, "doc": edited, "before": before, "fresh": rounds["fresh"]}


def _outside(data: bytes) -> list[bytes]:
    """The top-level body elements outside the tool's regions, bookmarks left out."""
    doc = docx.Document(_io(data))
    regions = find_regions(doc)  # held, so the elements' ids stay theirs
    inside = {id(e) for r in regions for e in r.elements}
    out = []
    for child in doc.element.body:
        if id(child) in inside:
            continue
        copy = etree.fromstring(etree.tostring(child))
        for b in list(copy.iter(qn("w:bookmarkStart"), qn("w:bookmarkEnd"))):
            b.getparent().remove(b)
        out.append(etree.tostring(copy))
    return out


def _io(data: bytes):
    return io.BytesIO(data)


def _chapter_xml(data: bytes, title: str, *, once: bool = False) -> list[str]:
    """The elements from a chapter's heading to the next Heading 1/2 (found by text, not by bookmarks).
    ``once``: with a bookmark LibreOffice doubled written once (as --oppdater writes it)."""
    body = docx.Document(_io(data)).element.body
    if once:
        dedupe_bookmarks(body)
    start = editor.heading(body, title)
    out = [etree.tostring(start, encoding="unicode")]
    for sibling in start.itersiblings():
        if editor.style_of(sibling) in ("Heading1", "Heading2") or oxml.paragraph_text(sibling) == editor.CLOSING:
            break
        out.append(etree.tostring(sibling, encoding="unicode"))
    return out


def _rows(updated) -> dict[str, str]:
    report = json.loads((updated["doc"].parent / "merge-rapport.json").read_text("utf-8"))
    return {r["navn"]: r for r in report["oppdatering"]}


def test_outside_regions_is_kept_exactly(updated):
    assert updated["code"] == 0, updated["out"]
    after = updated["doc"].read_bytes()
    assert _outside(after) == _outside(updated["before"])
    doc = docx.Document(str(updated["doc"]))
    texts = [p.text for p in doc.paragraphs]
    assert editor.PREFACE in texts and editor.CLOSING in texts
    assert texts.index(editor.PREFACE) < texts.index("Samstyre") and texts.index(editor.CLOSING) > texts.index(NEW)
    assert doc.paragraphs[0].text.endswith(editor.TITLE_EDIT)
    assert editor.FOOTER_TEXT in doc.sections[-1].footer.paragraphs[0].text
    assert editor.HEADING_COLOUR in zipfile.ZipFile(updated["doc"]).read("word/styles.xml").decode()


def test_unchanged_chapters_keep_the_editors_version(updated):
    before, after = updated["before"], updated["doc"].read_bytes()
    for title in [KEEP, *UNTOUCHED]:
        assert _chapter_xml(after, title) == _chapter_xml(before, title, once=True), title
    assert editor.KEEP_EDIT.strip() in "".join(_chapter_xml(after, KEEP))
    rows = _rows(updated)
    assert rows[KEEP]["endring"] == "uendret" and rows[KEEP]["redigert"] is True
    assert all(rows[t]["endring"] == "uendret" and not rows[t]["redigert"] for t in UNTOUCHED)


def test_changed_chapters_hold_the_same_facts_as_a_fresh_merge(updated):
    got = {c.title: c for c in chapters(updated["doc"])}
    fresh = {c.title: c for c in chapters(updated["fresh"])}
    for title in [LOSE, CHANGED, NEW]:
        assert got[title] == fresh[title], title
    assert [(c.segment, c.title) for c in chapters(updated["doc"])] == [(c.segment, c.title) for c in fresh.values()]
    assert editor.LOST_EDIT.strip() not in "".join(_chapter_xml(updated["doc"].read_bytes(), LOSE))
    rows = _rows(updated)
    assert rows[LOSE]["endring"] == "oppdatert over redaktørendringer" and rows[LOSE]["redigert"] is True
    assert rows[CHANGED]["endring"] == "oppdatert" and not rows[CHANGED]["redigert"]
    assert rows[NEW]["endring"] == "ny" and rows[REMOVED]["endring"] == "fjernet"
    assert REMOVED not in got


def test_the_editors_version_of_a_replaced_chapter_is_kept_in_a_side_file(updated):
    side = updated["doc"].with_name("Vedlegg2.redigerte-kapitler.docx")
    text = "\n".join(p.text for p in docx.Document(str(side)).paragraphs)
    cells = "\n".join(c.text for t in docx.Document(str(side)).tables for row in t.rows for c in row.cells)
    assert f"«{LOSE}»" in text and editor.LOST_EDIT.strip() in cells
    assert KEEP not in text  # only what was replaced
    assert f"{side}" in updated["out"] and "oppdatert over redaktørendringer" in updated["out"]


def test_link_and_numbered_list_of_a_transplanted_chapter_resolve(updated):
    doc = docx.Document(str(updated["doc"]))
    body = doc.element.body
    cell = editor.value_paragraph(body, LOSE, "Beskrivelse").getparent()
    links = [h.get(qn("r:id")) for h in cell.iter(qn("w:hyperlink"))]
    assert [doc.part.rels[r].target_ref for r in links] == [URL]
    numbering = doc.part.numbering_part.element
    num_ids = [n.get(qn("w:numId")) for n in numbering.iter(qn("w:num"))]
    abstract_ids = [a.get(qn("w:abstractNumId")) for a in numbering.iter(qn("w:abstractNum"))]
    assert len(num_ids) == len(set(num_ids)) and len(abstract_ids) == len(set(abstract_ids))  # no duplicate numId
    nums = {n.get(qn("w:numId")): n for n in numbering.iter(qn("w:num"))}
    abstracts = {a.get(qn("w:abstractNumId")) for a in numbering.iter(qn("w:abstractNum"))}
    used = {n.get(qn("w:val")) for n in cell.iter(qn("w:numId"))}
    assert used and all(u in nums for u in used)
    assert all(nums[u].find(qn("w:abstractNumId")).get(qn("w:val")) in abstracts for u in used)
    ids = [b.get(qn("w:id")) for b in body.iter(qn("w:bookmarkStart"))]
    assert len(ids) == len(set(ids))


def test_summary_and_toc_are_rebuilt(updated):
    doc, fresh = docx.Document(str(updated["doc"])), docx.Document(str(updated["fresh"]))
    summary = {r.info.kind: r for r in find_regions(doc)}[RegionKind.SUMMARY]
    fresh_summary = {r.info.kind: r for r in find_regions(fresh)}[RegionKind.SUMMARY]
    assert Fingerprinter(doc).lines(summary.elements) == Fingerprinter(fresh).lines(fresh_summary.elements)
    toc = [line.text for line in read_toc(doc.element.body)]
    headings = [p.text for p in doc.paragraphs if p.style.name.lower() in ("heading 1", "heading 2")]
    assert toc == headings and editor.PREFACE_HEADING in toc and NEW in toc and REMOVED not in toc
    bookmarks = {b.get(qn("w:name")) for b in doc.element.body.iter(qn("w:bookmarkStart"))}
    assert all(line.bookmark in bookmarks for line in read_toc(doc.element.body))


def _backups(doc: Path) -> list[Path]:
    """``Vedlegg2.sikkerhetskopi-ÅÅÅÅ-MM-DDTTTMM[-N].docx`` beside ``doc``."""
    return sorted(doc.parent.glob(f"{doc.stem}.sikkerhetskopi-*{doc.suffix}"))


def test_in_place_update_keeps_a_backup_and_reports(updated):
    (backup,) = _backups(updated["doc"])  # the same names as merge --overskriv
    assert backup.read_bytes() == updated["before"]
    for line in (f"{'ny':<34} {NEW}", f"{'fjernet':<34} {REMOVED}", f"{'uendret':<34} {KEEP}, redigert"):
        assert line in updated["out"]
    wb = load_workbook(updated["doc"].parent / "merge-rapport.xlsx")
    rows = {r[1]: r for r in wb["Oppdatering"].iter_rows(min_row=2, values_only=True)}
    assert rows[LOSE][3] == "oppdatert over redaktørendringer" and rows[LOSE][4] == "ja"


def test_a_second_update_changes_nothing_and_keeps_the_first_backup(updated, rounds, capsys):
    (first,) = _backups(updated["doc"])
    first_backup = first.read_bytes()
    before = updated["doc"].read_bytes()
    out = updated["doc"].with_name("igjen.docx")
    assert main(["merge", str(rounds["round2"]), "--oppdater", str(updated["doc"]), "-o", str(out), "-q"]) == 0
    capsys.readouterr()
    assert updated["doc"].read_bytes() == before  # -o: the edited file is not touched
    rows = {r["navn"]: r for r in json.loads((out.parent / "merge-rapport.json").read_text("utf-8"))["oppdatering"]}
    tiltak = {k: v for k, v in rows.items() if v["del"] == "tiltak"}
    assert {v["endring"] for v in tiltak.values()} == {"uendret"}
    assert tiltak[KEEP]["redigert"] and not tiltak[LOSE]["redigert"]
    assert _outside(out.read_bytes()) == _outside(before)
    assert main(["merge", str(rounds["round2"]), "--oppdater", str(updated["doc"]), "-q"]) == 0
    backups = _backups(updated["doc"])
    assert first in backups and first.read_bytes() == first_backup
    (second,) = [b for b in backups if b != first]
    assert second.read_bytes() == before


def test_behold_borte_keeps_and_marks_a_chapter_no_longer_submitted(rounds, tmp_path, capsys):
    edited = tmp_path / "Vedlegg2.docx"
    shutil.copy(rounds["edited"], edited)
    assert main(["merge", str(rounds["round2"]), "--oppdater", str(edited), "--behold-borte", "-q"]) == 0
    assert f"{'beholdt, ikke innrapportert':<34} {REMOVED}" in capsys.readouterr().out
    body = docx.Document(str(edited)).element.body
    after = editor.heading(body, REMOVED).getnext()
    assert oxml.paragraph_text(after) == GONE_NOTE
    assert main(["merge", str(rounds["round2"]), "--oppdater", str(edited), "--behold-borte", "-q"]) == 0
    texts = [oxml.paragraph_text(p) for p in docx.Document(str(edited)).element.body.iter(qn("w:p"))]
    assert texts.count(GONE_NOTE) == 1  # marked once, not once per update


@pytest.mark.parametrize("args, message", [
    (["--behold-borte"], "--behold-borte gjelder bare sammen med --oppdater"),
    (["--oppdater", "finnes-ikke.docx"], "Fant ikke dokumentet finnes-ikke.docx"),
    (["--oppdater", "{folder}/rapport.toml"], "kan ikke leses som et Word-dokument"),
    (["--oppdater", "{plain}"], "har ingen merkede kapitler fra innrapportering"),
])
def test_update_mistakes_are_usage_errors(rounds, tmp_path, capsys, args, message):
    plain = tmp_path / "vanlig.docx"
    docx.Document().save(str(plain))
    args = [a.format(folder=rounds["round2"], plain=plain) for a in args]
    assert main(["merge", str(rounds["round2"]), "-o", str(tmp_path / "ut.docx"), *args, "-q"]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert not (tmp_path / "ut.docx").exists()


def test_the_console_lists_only_what_changed_or_was_edited(updated):
    out = updated["out"]
    assert f"{'uendret':<34} {KEEP}, redigert" in out
    for name in UNTOUCHED:  # unchanged and not edited: only in the merge report
        assert f"{'uendret':<34} {name}" not in out


def test_an_update_keeps_only_the_charts_of_the_new_sammendrag(tmp_path):
    folder = expect_copied(copy_examples(tmp_path / "inn", ROUND1)).parent
    doc = tmp_path / "ut" / "Vedlegg2.docx"
    assert main(["merge", str(folder), "-o", str(doc), "-q"]) == 0
    with contextlib.redirect_stdout(io.StringIO()):
        for _ in range(2):
            assert main(["merge", str(folder), "--oppdater", str(doc), "-q"]) == 0
    with zipfile.ZipFile(doc) as z:
        charts = [n for n in z.namelist() if n.startswith("word/charts/chart")]
        rels = z.read("word/_rels/document.xml.rels").decode()
    assert len(charts) == 4  # not 12: the replaced Sammendrag's charts are gone
    assert rels.count("relationships/chart") == 4
