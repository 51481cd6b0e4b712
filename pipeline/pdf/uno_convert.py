"""Worker run by LibreOffice's Python (the one that can ``import uno``), not by the venv.

Connects to a LibreOffice started by :mod:`pipeline.pdf.office`, loads the DOCX hidden,
updates every index (the table of contents) twice, refreshes fields, finds the
page of every ``_Toc`` bookmark (the segment and tiltak headings), exports the PDF
and prints one JSON object on stdout::

    {"ok": true, "pages": 93, "bookmarks": {"_Toc00000001": 4, ...},
     "toc": [["Samstyre", "4"], ...]}

or ``{"ok": false, "stage": "connect|load|update|export", "error": "..."}``.
Only the standard library and ``uno``: this file must not import :mod:`pipeline`.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import traceback

import uno  # only the system/LibreOffice Python has it
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]
from com.sun.star.connection import NoConnectException  # type: ignore[import-not-found]

PDF_FILTER = "writer_pdf_Export"
DOCX_FILTER = "MS Word 2007 XML"
TOC_PREFIX = "_Toc"
#: writer_pdf_Export options (https://help.libreoffice.org/latest/en-US/text/shared/guide/pdf_params.html)
PDF_OPTIONS = {
    "ExportBookmarks": True,  # the outline: segments and tiltak
    "ExportBookmarksToPDFDestination": False,
    "OpenBookmarkLevels": 1,  # outline opens with the segments, tiltak folded
    "UseTaggedPDF": True,  # structure and /Lang for screen readers
    "ExportNotes": False,
    "ExportFormFields": False,
    "ExportLinksRelativeFsys": False,
    "ConvertOOoTargetToPDFTarget": True,  # internal links (TOC entries) stay links
    "ExportHiddenSlides": False,
    "DisplayPDFDocumentTitle": True,  # the viewer's title bar shows the title, not the file name
    "InitialView": 1,  # show the outline pane when opened
    "SelectPdfVersion": 0,
    "UseLosslessCompression": False,
    "Quality": 90,
    "ReduceImageResolution": True,
    "MaxImageResolution": 300,
}


def prop(name: str, value) -> PropertyValue:
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def connect(pipe: str, deadline: float):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    url = f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext"
    while True:
        try:
            return resolver.resolve(url)
        except NoConnectException:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def update_indexes(doc, rounds: int = 2) -> int:
    """Update every index ``rounds`` times (the contents list can move what follows it)."""
    indexes = doc.getDocumentIndexes()
    for _ in range(rounds):
        for i in range(indexes.getCount()):
            indexes.getByIndex(i).update()
        doc.getTextFields().refresh()
        doc.refresh()
    return indexes.getCount()


def bookmark_pages(doc) -> dict[str, int]:
    """Page (1-based, as laid out) of every ``_Toc`` bookmark."""
    cursor = doc.getCurrentController().getViewCursor()
    bookmarks = doc.getBookmarks()
    pages = {}
    for name in bookmarks.getElementNames():
        if name.startswith(TOC_PREFIX):
            cursor.gotoRange(bookmarks.getByName(name).getAnchor().getStart(), False)
            pages[name] = cursor.getPage()
    return pages


def page_count(doc) -> int:
    cursor = doc.getCurrentController().getViewCursor()
    cursor.jumpToLastPage()
    return cursor.getPage()


def toc_lines(doc) -> list[list[str]]:
    """The contents list as LibreOffice wrote it: [text, page] per entry."""
    indexes = doc.getDocumentIndexes()
    lines = []
    for i in range(indexes.getCount()):
        index = indexes.getByIndex(i)
        if not index.supportsService("com.sun.star.text.ContentIndex"):
            continue
        for line in index.getAnchor().getString().splitlines():
            text, _, page = line.rpartition("\t")
            if text:
                lines.append([text.strip(), page.strip()])
    return lines


def export_pdf(doc, url: str) -> None:
    filter_data = uno.Any("[]com.sun.star.beans.PropertyValue",
                          tuple(prop(k, v) for k, v in PDF_OPTIONS.items()))
    doc.storeToURL(url, (prop("FilterName", PDF_FILTER), prop("Overwrite", True), prop("FilterData", filter_data)))


def run(args) -> dict:
    deadline = time.monotonic() + args.connect_timeout
    stage = "connect"
    desktop = doc = None
    try:
        ctx = connect(args.pipe, deadline)
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        stage = "load"
        doc = desktop.loadComponentFromURL(
            uno.systemPathToFileUrl(args.input), "_blank", 0,
            (prop("Hidden", True), prop("ReadOnly", True), prop("MacroExecutionMode", 0),
             prop("FilterName", DOCX_FILTER),
             prop("UpdateDocMode", 0)))
        if doc is None or not doc.supportsService("com.sun.star.text.TextDocument"):
            return {"ok": False, "stage": stage, "error": "filen er ikke et tekstdokument"}
        stage = "update"
        count = update_indexes(doc)
        pages = bookmark_pages(doc)
        result = {"ok": True, "indexes": count, "bookmarks": pages, "toc": toc_lines(doc),
                  "pages": page_count(doc)}
        stage = "export"
        export_pdf(doc, uno.systemPathToFileUrl(args.output))
        return result
    except Exception as exc:  # noqa: BLE001 - reported to the parent as JSON
        return {"ok": False, "stage": stage, "error": f"{type(exc).__name__}: {exc}",
                "trace": traceback.format_exc(limit=3)}
    finally:
        for action in (lambda: doc is not None and doc.close(True),
                       lambda: desktop is not None and desktop.terminate()):
            try:
                action()
            except Exception:  # noqa: BLE001 - LibreOffice goes away under us; the parent kills it anyway
                pass


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pipe", required=True)
    parser.add_argument("--input", required=True)
    parser.add_argument("--output", required=True)
    parser.add_argument("--connect-timeout", type=float, default=60)
    result = run(parser.parse_args(argv))
    sys.stdout.write(json.dumps(result, ensure_ascii=False))
    sys.stdout.flush()
    return 0 if result.get("ok") else 1


if __name__ == "__main__":
    sys.exit(main())
