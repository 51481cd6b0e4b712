"""A hand-written .xlsx package, part by part: for the reader details openpyxl never writes itself
(shared strings with rich-text and phonetic runs, cells without ``r``, error and ``str`` cells,
sheet-scoped names, table targets written absolute or relative …)."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"
DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


@dataclass
class Table:
    name: str
    ref: str
    columns: list[str]
    absolute_target: bool = False  # the worksheet's relationship Target as /xl/tables/… (else ../tables/…)
    extra: str = ""  # more attributes on <table>


@dataclass
class Sheet:
    title: str
    rows: str  # the inside of <sheetData>
    after: str = ""  # elements after </sheetData> (mergeCells …)
    tables: list[Table] = field(default_factory=list)


@dataclass
class Package:
    sheets: list[Sheet]
    strings: list[str] = field(default_factory=list)  # each the inside of one <si>
    names: list[tuple[str, int | None, str]] = field(default_factory=list)  # (name, localSheetId, reference)
    date1904: bool = False
    num_fmts: dict[int, str] = field(default_factory=lambda: {164: "dd.mm.yyyy", 165: "0.0"})
    xfs: list[int] = field(default_factory=lambda: [0, 14, 164, 165, 49, 46])  # numFmtId per style index

    def save(self, path: Path) -> Path:
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
            for name, text in self.parts().items():
                zf.writestr(name, text)
        return path

    def parts(self) -> dict[str, str]:
        parts: dict[str, str] = {}
        overrides = [("/xl/workbook.xml", f"{CT}.sheet.main+xml"), ("/xl/styles.xml", f"{CT}.styles+xml"),
                     ("/xl/sharedStrings.xml", f"{CT}.sharedStrings+xml")]
        wb_rels = [f'<Relationship Id="rIdS" Type="{REL}/styles" Target="styles.xml"/>',
                   f'<Relationship Id="rIdT" Type="{REL}/sharedStrings" Target="/xl/sharedStrings.xml"/>']
        sheets, table_no = [], 0
        for i, sheet in enumerate(self.sheets, start=1):
            overrides.append((f"/xl/worksheets/sheet{i}.xml", f"{CT}.worksheet+xml"))
            wb_rels.append(f'<Relationship Id="rId{i}" Type="{REL}/worksheet" Target="worksheets/sheet{i}.xml"/>')
            sheets.append(f'<sheet name={quoteattr(sheet.title)} sheetId="{i}" r:id="rId{i}"/>')
            rels, parts_xml = [], []
            for j, table in enumerate(sheet.tables, start=1):
                table_no += 1
                target = f"/xl/tables/table{table_no}.xml" if table.absolute_target else f"../tables/table{table_no}.xml"
                rels.append(f'<Relationship Id="rIdT{j}" Type="{REL}/table" Target="{target}"/>')
                parts_xml.append(f'<tablePart r:id="rIdT{j}"/>')
                overrides.append((f"/xl/tables/table{table_no}.xml", f"{CT}.table+xml"))
                cols = "".join(f'<tableColumn id="{k}" name={quoteattr(c)}/>' for k, c in enumerate(table.columns, 1))
                parts[f"xl/tables/table{table_no}.xml"] = (
                    f'{DECL}<table xmlns="{MAIN}" id="{table_no}" name="{table.name}" displayName="{table.name}" '
                    f'ref="{table.ref}" {table.extra}><tableColumns count="{len(table.columns)}">{cols}</tableColumns>'
                    f'</table>')
            table_parts = f'<tableParts count="{len(parts_xml)}">{"".join(parts_xml)}</tableParts>' if parts_xml else ""
            parts[f"xl/worksheets/sheet{i}.xml"] = (
                f'{DECL}<worksheet xmlns="{MAIN}" xmlns:r="{REL}"><sheetData>{sheet.rows}</sheetData>'
                f'{sheet.after}{table_parts}</worksheet>')
            if rels:
                parts[f"xl/worksheets/_rels/sheet{i}.xml.rels"] = (
                    f'{DECL}<Relationships xmlns="{PKG_REL}">{"".join(rels)}</Relationships>')
        names = "".join(
            f'<definedName name="{n}"{"" if scope is None else f" localSheetId={quoteattr(str(scope))}"}>{escape(ref)}'
            f'</definedName>' for n, scope, ref in self.names)
        parts["xl/workbook.xml"] = (
            f'{DECL}<workbook xmlns="{MAIN}" xmlns:r="{REL}"><workbookPr date1904="{int(self.date1904)}"/>'
            f'<sheets>{"".join(sheets)}</sheets>{f"<definedNames>{names}</definedNames>" if names else ""}</workbook>')
        parts["xl/_rels/workbook.xml.rels"] = f'{DECL}<Relationships xmlns="{PKG_REL}">{"".join(wb_rels)}</Relationships>'
        fmts = "".join(f'<numFmt numFmtId="{k}" formatCode={quoteattr(v)}/>' for k, v in self.num_fmts.items())
        xfs = "".join(f'<xf numFmtId="{n}" fontId="0" fillId="0" borderId="0" xfId="0"/>' for n in self.xfs)
        parts["xl/styles.xml"] = (
            f'{DECL}<styleSheet xmlns="{MAIN}"><numFmts count="{len(self.num_fmts)}">{fmts}</numFmts>'
            '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
            '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
            '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
            f'<cellXfs count="{len(self.xfs)}">{xfs}</cellXfs>'
            '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>')
        sst = "".join(f"<si>{s}</si>" for s in self.strings)
        parts["xl/sharedStrings.xml"] = f'{DECL}<sst xmlns="{MAIN}" count="{len(self.strings)}">{sst}</sst>'
        parts["_rels/.rels"] = (f'{DECL}<Relationships xmlns="{PKG_REL}"><Relationship Id="rId1" '
                                f'Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        over = "".join(f'<Override PartName="{p}" ContentType="{t}"/>' for p, t in overrides)
        parts["[Content_Types].xml"] = (
            f'{DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            f'<Default Extension="xml" ContentType="application/xml"/>{over}</Types>')
        return parts
