"""Files in the input folder that are workbooks but not submissions: our own merge report, someone's
budget … They get one note («Ikke en innrapportering – hoppet over») instead of an error for every
name and table the contract expects.

A workbook is a submission when it has the template version (``Mal_Versjon``), any of the
contract's defined names, or any of its tables (by table name or header row): a submission
damaged by another program still gets every finding.
"""

from __future__ import annotations

from pipeline.contract.issues import Code, Issue
from pipeline.read.names import NamedCells
from pipeline.read.sheetindex import WorkbookIndex
from pipeline.read.tables import LocatedTables

#: The sheets of the merge report (``merge-rapport.xlsx``, :mod:`pipeline.merge.report`); the first three
#: are always written.
MERGE_REPORT_SHEETS = ("Sammendrag", "Oversikt", "Funn")


def stray_issue(index: WorkbookIndex, named: NamedCells, tables: LocatedTables) -> Issue | None:
    """The note for a workbook that is not a submission; None for a submission (however damaged)."""
    if named.template_version is not None or named.places or tables.tables:  # a field found has a place
        return None
    titles = [s.title for s in index.sheets]
    if titles[:len(MERGE_REPORT_SHEETS)] == list(MERGE_REPORT_SHEETS):
        detail = "det er flettingsrapporten fra innrapportering merge"
    else:
        detail = "arbeidsboken har verken malversjon eller skjemaets navn og tabeller"
    return Code.NOT_A_SUBMISSION.issue(file=index.file, detail=detail)
