"""What the golden test compares: the merged outputs of the bundled examples, reduced to what a reader sees.

Run ``python -m tests.golden.snapshot`` from the repository root to write the golden files again after a
deliberate change to the output (and look at the diff before committing it).
"""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import openpyxl

GOLDEN = Path(__file__).resolve().parent
ROOT = GOLDEN.parent.parent
INPUT = ROOT / "input"

_VOLATILE_ATTR = re.compile(rb' w:rsid\w*="[^"]*"')


def document_xml(docx: Path) -> str:
    """The body XML of the DOCX: every paragraph, table, style reference and field, as text."""
    with zipfile.ZipFile(docx) as z:
        raw = z.read("word/document.xml")
    return _VOLATILE_ATTR.sub(b"", raw).decode("utf-8")


def merge_report_json(path: Path) -> str:
    data = json.loads(path.read_text(encoding="utf-8"))
    data.pop("dokument", None)
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True)


def merge_report_xlsx(path: Path) -> str:
    wb = openpyxl.load_workbook(path)
    lines = []
    for ws in wb.worksheets:
        lines.append(f"## {ws.title}")
        for row in ws.iter_rows(values_only=True):
            cells = ["" if v is None else str(v) for v in row]
            if cells and cells[0] == "Dokument":
                cells[1:] = ["<sti>"]
            lines.append(" | ".join(cells))
    return "\n".join(lines) + "\n"


def snapshot(outdir: Path) -> dict[str, str]:
    """Name of golden file -> its expected content, from a merge written to ``outdir``."""
    return {
        "document.xml": document_xml(outdir / "Vedlegg2.docx"),
        "vedlegg2.json": (outdir / "vedlegg2.json").read_text(encoding="utf-8"),
        "merge-rapport.json": merge_report_json(outdir / "merge-rapport.json"),
        "merge-rapport.txt": merge_report_xlsx(outdir / "merge-rapport.xlsx"),
    }


def merge_examples(outdir: Path) -> int:
    from pipeline.cli.main import main

    return main(["merge", str(INPUT), "-o", str(outdir / "Vedlegg2.docx"), "--quiet"])


if __name__ == "__main__":  # pragma: no cover - maintenance entry point
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        merge_examples(Path(tmp))
        for name, text in snapshot(Path(tmp)).items():
            (GOLDEN / name).write_text(text, encoding="utf-8")
            print("skrev", GOLDEN / name)
