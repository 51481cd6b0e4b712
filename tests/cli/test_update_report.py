"""The console report of ``merge --oppdater``: which regions are listed and how, the totals and the extra files."""

from __future__ import annotations

from pathlib import Path

from pipeline.cli.updatereport import update_text
from pipeline.merge.update import UpdateSummary
from pipeline.word.regions import RegionKind
from pipeline.word.update import ChapterChange as C, RegionChange


def _tiltak(name, change, **kw):
    return RegionChange(RegionKind.TILTAK, name, "Samstyre", change, **kw)


def test_only_what_changed_or_was_edited_is_listed_with_why_and_the_files_are_named():
    changes = [
        RegionChange(RegionKind.TOC, "Innhold", "", C.REBUILT),  # never listed
        _tiltak("Stille", C.UNCHANGED),  # unchanged and unedited: only in the merge report
        _tiltak("Redigert", C.UNCHANGED, edited=True),
        _tiltak("Merknad", C.UNCHANGED, note="endringsmerknaden er byttet"),
        _tiltak("Nytt data", C.UPDATED, reasons=["Status", "Leveranser"]),
        _tiltak("Over", C.UPDATED_OVER_EDITS, edited=True, reasons=["Status"]),
        RegionChange(RegionKind.SEGMENT, "Samstyre", "Samstyre", C.REBUILT),
    ]
    summary = UpdateSummary(Path("ut") / "Vedlegg2.docx", changes, side_file=Path("ut/Vedlegg2-redaktor.docx"),
                            backup=Path("ut/Vedlegg2.bak.docx"))
    lines = update_text(summary).splitlines()
    assert lines[0] == ("Oppdatering av Vedlegg2.docx (uendrede kapitler som ingen har redigert, står bare i "
                        "flettingsrapporten):")
    listed = lines[1:-3]
    assert listed == [
        f"  {C.UNCHANGED.value:<34} Redigert, redigert",
        f"  {C.UNCHANGED.value:<34} Merknad (endringsmerknaden er byttet)",
        f"  {C.UPDATED.value:<34} Nytt data (data endret: Status, Leveranser)",
        f"  {C.UPDATED_OVER_EDITS.value:<34} Over (data endret: Status)",
        f"  {C.REBUILT.value:<34} Segment Samstyre",
    ]
    assert lines[-3] == "  Tiltak: 3 uendret, 1 oppdatert, 1 oppdatert over redaktørendringer"
    assert lines[-2] == f"Redaktørenes versjon av det som er laget på nytt eller fjernet: {summary.side_file}"
    assert lines[-1] == f"Forrige versjon er tatt vare på som {summary.backup}"


def test_without_side_file_or_backup_the_report_ends_with_the_totals():
    text = update_text(UpdateSummary(Path("V.docx"), [_tiltak("A", C.REMOVED), _tiltak("B", C.KEPT_GONE)]))
    assert text.splitlines()[1:] == [f"  {C.REMOVED.value:<34} A", f"  {C.KEPT_GONE.value:<34} B",
                                     "  Tiltak: 1 fjernet, 1 beholdt, ikke innrapportert"]
