"""Builders for broken and hostile workbooks, for the hardening tests.

Every case starts from a real submission in ``input/`` (or from nothing) and
damages it the way a user, another program or an attacker would. :func:`cases`
lists them with what the user must see: the issue codes with sheet and cell,
and whether the submission is merged. Each case gets its own tiltak name, so
that a folder with all cases and the 40 good examples has no accidental
duplicates.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache, partial
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.utils.cell import range_boundaries
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from pipeline.contract.issues import Code
from tests.support.reader import compound_file, rewrite_zip, set_formula, sheet_part

from tests.support.paths import ROOT
INPUT = ROOT / "input"


def _settings_without_history() -> Path:
    """input/rapport.toml without ``forrige``: these tests copy the settings file alone, not input/historikk/."""
    import atexit
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="rapport-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    text = (INPUT / "rapport.toml").read_text(encoding="utf-8")
    (folder / "rapport.toml").write_text(re.sub(r"(?m)^forrige\s*=.*$", "", text), encoding="utf-8")
    return folder / "rapport.toml"


REPORT_SETTINGS = _settings_without_history()
#: A Samstyre submission: every section is printed, so every table matters.
BASE = INPUT / "helsedataprogrammet.xlsx"

SHARED_STRINGS = "xl/sharedStrings.xml"
_SST_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
_SST_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_INLINE = re.compile(rb'<c ([^>]*?)t="inlineStr"([^>]*)><is>(.*?)</is></c>', re.S)
_ESCAPABLE = re.compile("[\x00-\x08\x0b-\x1f\ufffe\uffff]|_(?=x[0-9A-Fa-f]{4}_)")


# --- workbooks from a good submission -------------------------------------------------------

def named_cell(wb: Workbook, name: str):
    """The cell a workbook-scoped defined name points at."""
    sheet, coord = next(iter(wb.defined_names[name].destinations))
    return wb[sheet][coord.replace("$", "")]


@lru_cache(maxsize=4)
def good_workbook(source: Path = BASE) -> Workbook:
    """A good submission, loaded once (read it, never change it)."""
    return load_workbook(source)


def place(name: str, source: Path = BASE) -> tuple[str, str]:
    """(sheet, coordinate) of a defined name in a good submission."""
    cell = named_cell(good_workbook(source), name)
    return cell.parent.title, cell.coordinate


def table_of(wb: Workbook, name: str):
    """(worksheet, table) of an Excel table."""
    return next((ws, t) for ws in wb.worksheets for t in ws.tables.values() if t.name == name)


def table_bounds(wb: Workbook, name: str) -> tuple[int, int, int, int]:
    """(min_col, header_row, max_col, last_row) of an Excel table."""
    return range_boundaries(table_of(wb, name)[1].ref)


def set_text(cell, text: str) -> None:
    """Text exactly as typed, even with a leading ``=`` (Excel keeps it text when typed with ')."""
    cell.value = text
    cell.data_type = "s"


def from_good(path: Path, name: str, edit: Callable[[Workbook], None] | None = None, *,
              source: Path = BASE) -> Path:
    """A copy of a good submission with its own tiltak name, changed by ``edit``."""
    wb = load_workbook(source)
    named_cell(wb, "Tiltak_Navn").value = name
    if edit is not None:
        edit(wb)
    wb.save(path)
    return path


# --- zip-level changes ------------------------------------------------------------------------

def excel_escape(text: str) -> str:
    """Text as Excel stores it in XML: characters XML cannot hold as ``_xHHHH_``, a literal
    ``_xHHHH_`` with its underscore escaped as ``_x005F_``."""
    return _ESCAPABLE.sub(lambda m: "_x005F_" if m.group(0) == "_" else f"_x{ord(m.group(0)):04X}_", text)


def inline_to_shared(path: Path) -> None:
    """Move every inline string (what openpyxl writes) into ``xl/sharedStrings.xml`` (what
    Excel and LibreOffice write). The string XML is moved verbatim."""
    with zipfile.ZipFile(path) as zf:
        sheets = [n for n in zf.namelist() if n.startswith("xl/worksheets/sheet") and n.endswith(".xml")]
    strings: list[bytes] = []

    def convert(xml: bytes) -> bytes:
        def one(m: re.Match) -> bytes:
            strings.append(m.group(3))
            return b'<c ' + m.group(1) + b't="s"' + m.group(2) + b'><v>%d</v></c>' % (len(strings) - 1)
        return _INLINE.sub(one, xml)

    rewrite_zip(path, {name: convert for name in sheets})
    sst = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="{_MAIN_NS}" '
           f'count="{len(strings)}" uniqueCount="{len(strings)}">').encode()
    sst += b"".join(b"<si>" + s + b"</si>" for s in strings) + b"</sst>"
    rewrite_zip(path, {
        SHARED_STRINGS: sst,
        "[Content_Types].xml": lambda xml: xml.replace(
            b"</Types>", f'<Override PartName="/{SHARED_STRINGS}" ContentType="{_SST_TYPE}"/></Types>'.encode()),
        "xl/_rels/workbook.xml.rels": lambda xml: xml.replace(
            b"</Relationships>",
            f'<Relationship Id="rIdSst" Type="{_SST_REL}" Target="sharedStrings.xml"/></Relationships>'.encode()),
    })


def replace_in_part(path: Path, part: str, old: bytes, new: bytes) -> None:
    def edit(xml: bytes) -> bytes:
        assert old in xml, f"{old!r} not in {part}"
        return xml.replace(old, new)
    rewrite_zip(path, {part: edit})


def remove_tables(path: Path) -> None:
    """What some tools do: drop the table parts and the sheets' references to them."""
    with zipfile.ZipFile(path) as zf:
        names = zf.namelist()
    changes: dict = {n: None for n in names if n.startswith("xl/tables/")}
    changes.update({n: lambda xml: re.sub(rb"<tableParts.*?</tableParts>|<tableParts[^>]*/>", b"", xml, flags=re.S)
                    for n in names if n.startswith("xl/worksheets/sheet")})
    changes.update({n: lambda xml: re.sub(rb"<Relationship [^>]*/tables?/[^>]*/>", b"", xml)
                    for n in names if n.startswith("xl/worksheets/_rels/")})
    changes["[Content_Types].xml"] = lambda xml: re.sub(rb'<Override PartName="/xl/tables/[^>]*/>', b"", xml)
    rewrite_zip(path, changes)


def remove_defined_names(path: Path) -> None:
    """What some tools do: drop ``<definedNames>`` from the workbook part."""
    rewrite_zip(path, {"xl/workbook.xml": lambda xml: re.sub(rb"<definedNames>.*?</definedNames>", b"", xml,
                                                              flags=re.S)})


def billion_laughs(root: bytes) -> bytes:
    """An XML part with the "billion laughs" entity declarations in front of ``root`` (no declaration)."""
    entities = '<!ENTITY lol0 "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol%d;" % (i - 1)) * 10}">' for i in range(1, 10))
    return f'<?xml version="1.0"?><!DOCTYPE lolz [{entities}]>'.encode() + root


def laughs_in_sheet(path: Path, sheet: str = "Tiltak") -> None:
    part = sheet_part(path, sheet)
    rewrite_zip(path, {part: lambda xml: billion_laughs(_strip_decl(xml)).replace(
        b"<sheetData>", b'<sheetData><row r="100"><c r="A100" t="inlineStr"><is><t>&lol9;</t></is></c></row>', 1)})


def laughs_in_shared_strings(path: Path) -> None:
    inline_to_shared(path)
    rewrite_zip(path, {SHARED_STRINGS: lambda xml: billion_laughs(_strip_decl(xml)).replace(
        b"</sst>", b"<si><t>&lol9;</t></si></sst>")})


def _strip_decl(xml: bytes) -> bytes:
    return re.sub(rb"^<\?xml[^>]*\?>\s*", b"", xml)


def zip_bomb(path: Path, megabytes: int = 300) -> None:
    """A good submission plus one part that unpacks to ``megabytes`` MB of zeros (a few hundred KB packed).

    The deflate stream is one compressed megabyte repeated, so building it is cheap.
    """
    chunk = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = chunk.compress(bytes(1024 * 1024)) + chunk.flush(zlib.Z_FULL_FLUSH)
    stream = block * megabytes + b"\x03\x00"  # an empty final block ends the stream
    crc = 0
    zero_mb = bytes(1024 * 1024)
    for _ in range(megabytes):
        crc = zlib.crc32(zero_mb, crc)
    info = zipfile.ZipInfo("xl/media/image1.png", date_time=(2021, 11, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(path, "a") as zf:
        # Write the entry by hand: zipfile would compress the 300 MB itself.
        info.CRC, info.compress_size, info.file_size = crc, len(stream), megabytes * 1024 * 1024
        zf.fp.seek(zf.start_dir)
        info.header_offset = zf.fp.tell()
        zf.fp.write(info.FileHeader(zip64=False))
        zf.fp.write(stream)
        zf.start_dir = zf.fp.tell()
        zf.filelist.append(info)
        zf.NameToInfo[info.filename] = info
        zf._didModify = True


def truncate(path: Path, keep: float = 0.6) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * keep)])


def add_macros(path: Path) -> None:
    rewrite_zip(path, {
        "xl/vbaProject.bin": compound_file(["VBA", "dir"]),
        "[Content_Types].xml": lambda xml: xml.replace(
            b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
            b"application/vnd.ms-excel.sheet.macroEnabled.main+xml").replace(
            b"</Types>", b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>'),
        "xl/_rels/workbook.xml.rels": lambda xml: xml.replace(b"</Relationships>", (
            b'<Relationship Id="rIdVba" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" '
            b'Target="vbaProject.bin"/></Relationships>')),
    })


def libreoffice_resave(sources: list[Path], out: Path, profile: Path) -> list[Path] | None:
    """Re-save workbooks with LibreOffice Calc (xlsx → xlsx); None only when soffice is not
    installed. A conversion that fails, or makes no file, fails the test: a skip would hide it."""
    if shutil.which("soffice") is None:
        return None
    out.mkdir(parents=True, exist_ok=True)
    try:
        subprocess.run(["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to",
                        "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out), *map(str, sources)],
                       check=True, capture_output=True, timeout=180)
    except (subprocess.SubprocessError, OSError) as exc:
        pytest.fail(f"LibreOffice er installert, men kunne ikke lagre arbeidsbøkene på nytt: {exc!r} "
                    f"{getattr(exc, 'stderr', b'')!r}")
    done = [out / s.name for s in sources]
    missing = [p.name for p in done if not p.exists()]
    assert not missing, f"LibreOffice laget ikke {missing}"
    return done


# --- the cases ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Expect:
    """One issue the user must see: code, and where (empty: not checked)."""

    code: Code
    sheet: str = ""
    cell: str = ""


@dataclass(frozen=True)
class Case:
    """A broken or hostile submission: how to build it and what the user sees."""

    file: str
    build: Callable[[Path], object]
    expect: tuple[Expect, ...]
    merged: bool  # merged into the document (only warnings)
    name: str | None = None  # the tiltak name in the document when merged
    about: str = ""  # for the report: what the case is


def tiltak_name(slug: str) -> str:
    """The tiltak name of a case (unique among the cases and the good examples)."""
    return f"Herdingstest {slug}"


def _edit_field(name: str, value: object) -> Callable[[Workbook], None]:
    def edit(wb: Workbook) -> None:
        named_cell(wb, name).value = value
    return edit


def _text_file(content: bytes) -> Callable[[Path], None]:
    return lambda path: path.write_bytes(content)


def _then(*steps: Callable[[Path], object], name: str, edit: Callable[[Workbook], None] | None = None):
    def build(path: Path) -> None:
        from_good(path, name, edit)
        for step in steps:
            step(path)
    return build


def _table_row_below(wb: Workbook) -> None:
    ws, _ = table_of(wb, "Leveranser")
    _, _, _, last = table_bounds(wb, "Leveranser")
    ws.cell(last + 1, 1, "Leveranse skrevet under tabellen")
    ws.cell(last + 1, 3, datetime(2023, 5, 1))


def _outside(wb: Workbook) -> None:
    wb["Tiltak"]["E20"] = "Notat til sekretariatet"
    wb["Leveranser"]["H2"] = 42


def _merge_aktor(wb: Workbook) -> None:
    """The label and the field merged: Excel keeps only the label, the Aktør is lost."""
    cell = named_cell(wb, "Tiltak_Aktor")
    cell.parent.merge_cells(f"A{cell.row}:B{cell.row}")


def _merge_in_table(wb: Workbook) -> None:
    """Two descriptions in Leveranser merged into one cell, and Beskrivelse widened (harmless)."""
    ws, _ = table_of(wb, "Leveranser")
    min_col, top, _, _ = table_bounds(wb, "Leveranser")
    ws.merge_cells(start_row=top + 1, end_row=top + 2, start_column=min_col + 1, end_column=min_col + 1)
    cell = named_cell(wb, "Tiltak_Beskrivelse")
    cell.parent.cell(cell.row, cell.column + 1).value = None
    cell.parent.merge_cells(start_row=cell.row, end_row=cell.row, start_column=cell.column,
                            end_column=cell.column + 1)


def _numbers_as_text(wb: Workbook) -> None:
    ws, _ = table_of(wb, "Kostnader")
    _, top, _, _ = table_bounds(wb, "Kostnader")
    set_text(ws.cell(top + 1, 2), "2022")
    set_text(ws.cell(top + 1, 3), "1 234,5")
    named_cell(wb, "Nytte_NettoNytteverdi").value = "28,3"


def _dates_as_text(wb: Workbook) -> None:
    named_cell(wb, "Tiltak_Sluttdato").value = "31/12/2024"
    ws, _ = table_of(wb, "Leveranser")
    _, top, _, _ = table_bounds(wb, "Leveranser")
    ws.cell(top + 1, 3).value = "1. mars 2022"
    ws.cell(top + 2, 3).value = "2022-03-01"  # accepted


def _serial_date(wb: Workbook) -> None:
    cell = named_cell(wb, "Tiltak_Sluttdato")
    cell.value = 45657  # 31.12.2024 in the 1900 system
    cell.number_format = "General"


def _epoch_1904(wb: Workbook) -> None:
    wb.epoch = CALENDAR_MAC_1904
    cell = named_cell(wb, "Tiltak_Sluttdato")
    cell.value = 44195  # 31.12.2024 in the 1904 system
    cell.number_format = "General"


def _formula_text(wb: Workbook) -> None:
    ws, _ = table_of(wb, "Leveranser")
    _, top, _, _ = table_bounds(wb, "Leveranser")
    set_text(ws.cell(top + 1, 2), "=SUM(A1:A9) er ikke en formel")
    set_text(ws.cell(top + 2, 2), "+47 22 00 00 00")
    set_text(ws.cell(top + 3, 2), "@kari på e-post")
    set_text(named_cell(wb, "Tiltak_Kontaktperson"), "=HYPERLINK(\"http://x\";\"Kari\")")


EMOJI_RTL = "Pasient 🩺 og 👩‍⚕️ – مرحبا بالعالم – שלום עולם – ‏טקסט‏ 😀"
LONG_TEXT = "Lang tekst. " * 2730 + "Slutt.!"  # 32 767 characters: Excel's limit
CONTROL_TEXT = "Linje én_x000B_linje to_x0000_ og _x005F_x000B_ skrevet med vilje."
ROWS_5000 = 5000


def many_rows(count: int) -> Callable[[Workbook], None]:
    """Leveranser filled with ``count`` distinct rows, the table's ``ref`` widened to hold them."""
    def edit(wb: Workbook) -> None:
        ws, table = table_of(wb, "Leveranser")
        min_col, top, max_col, _ = table_bounds(wb, "Leveranser")
        for r in range(top + 1, top + 1 + count):
            ws.cell(r, min_col, f"Leveranse {r - top}")
            ws.cell(r, min_col + 1, "Beskrivelse")
            ws.cell(r, min_col + 2, datetime(2030, 1, 1)).number_format = "dd.mm.yyyy"
            ws.cell(r, min_col + 3, "Nei")
        table.ref = f"{table.ref.split(':')[0]}:{ws.cell(top + count, max_col).column_letter}{top + count}"
    return edit


def _broken_name(name: str):
    def edit(xml: bytes) -> bytes:
        pattern = rf'(<definedName name="{name}"[^>]*>)[^<]*(</definedName>)'.encode()
        assert re.search(pattern, xml)
        return re.sub(pattern, rb"\1#REF!\2", xml)
    return edit


def _no_header_table(path: Path) -> None:
    def edit(wb: Workbook) -> None:
        ws, _ = table_of(wb, "Avhengigheter")
        min_col, top, _, _ = table_bounds(wb, "Avhengigheter")
        ws.cell(top, min_col, "Aktør vi venter på")  # the header text no longer matches
    from_good(path, tiltak_name("uten tabell og overskrift"), edit)
    remove_tables(path)


def _control_chars(path: Path, raw: bool = False) -> None:
    from_good(path, tiltak_name("rå kontrolltegn" if raw else "kontrolltegn"),
              _edit_field("Tiltak_Beskrivelse", CONTROL_TEXT))
    inline_to_shared(path)
    if raw:
        replace_in_part(path, SHARED_STRINGS, b"_x000B_", b"\x0b")


def _too_long(path: Path) -> None:
    """One character over Excel's limit (written into the XML: openpyxl cuts text at 32 767)."""
    from_good(path, tiltak_name("for lang tekst"), _edit_field("Tiltak_Beskrivelse", "PLASSHOLDER"))
    replace_in_part(path, sheet_part(path, "Tiltak"), b"PLASSHOLDER", (LONG_TEXT + "x").encode())


def _formula(path: Path) -> None:
    from_good(path, tiltak_name("formel"))
    sheet, coord = place("Tiltak_Aktor")
    set_formula(path, sheet, coord, 'CONCATENATE("Helse ";"Nord RHF")', "Helse Nord RHF")


def _formula_without_value(path: Path) -> None:
    from_good(path, tiltak_name("formel uten verdi"))
    sheet, coord = place("Tiltak_Status")
    set_formula(path, sheet, coord, 'IF(1=1;"Gul";"Rød")', None)


def _good(file: str, slug: str, expect: tuple[Expect, ...], merged: bool, about: str, *,
          edit: Callable[[Workbook], None] | None = None, steps: tuple[Callable[[Path], object], ...] = (),
          build: Callable[[Path], object] | None = None) -> Case:
    """A case made from the good submission: renamed, changed by ``edit``, then by ``steps``."""
    name = tiltak_name(slug)
    return Case(file, build or _then(*steps, name=name, edit=edit), expect, merged, name, about)


def _bad(file: str, content: bytes, code: Code, about: str) -> Case:
    """A file that is not a workbook at all."""
    return Case(file, _text_file(content), (Expect(code),), False, None, about)


def cases() -> list[Case]:
    """Every broken case, with what the user must see."""
    aktor, status, sluttdato = place("Tiltak_Aktor"), place("Tiltak_Status"), place("Tiltak_Sluttdato")
    beskrivelse, versjon, fase = place("Tiltak_Beskrivelse"), place("Mal_Versjon"), place("Tiltak_Fase")
    wb = good_workbook()
    lev_min, lev_top, _, lev_last = table_bounds(wb, "Leveranser")
    kost_min, kost_top, _, _ = table_bounds(wb, "Kostnader")
    col = "_ABCDEFGH".__getitem__
    beskrivelse_is = partial(_edit_field, "Tiltak_Beskrivelse")
    broken_status = partial(rewrite_zip, changes={"xl/workbook.xml": _broken_name("Tiltak_Status")})
    return [
        _bad("tekst.xlsx", "Dette er et notat, ikke et regneark.\n".encode(), Code.NOT_XLSX,
             "tekstfil omdøpt til .xlsx"),
        _bad("eksport.xlsx", "Tiltak;Aktør;Status\nHELIKS;Helse Vest;Gul\n".encode("cp1252"), Code.NOT_XLSX,
             "CSV omdøpt til .xlsx"),
        _bad("skannet.xlsx", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",
             Code.NOT_XLSX, "PDF omdøpt til .xlsx"),
        _bad("tom.xlsx", b"", Code.EMPTY_FILE, "tom fil (0 byte)"),
        _bad("gammel.xls", compound_file(["Workbook", "SummaryInformation"]), Code.OLD_XLS, "gammel .xls (OLE2)"),
        _bad("passord.xlsx", compound_file(["EncryptionInfo", "EncryptedPackage"]), Code.ENCRYPTED,
             "passordbeskyttet arbeidsbok (OLE2 med EncryptionInfo)"),
        _good("avkortet.xlsx", "avkortet", (Expect(Code.CORRUPT),), False, "avkortet zip (60 % av filen)",
              steps=(truncate,)),
        _good("makro.xlsm", "makro", (Expect(Code.MACROS),), True, ".xlsm med makroer", steps=(add_macros,)),
        _good("zipbombe.xlsx", "zipbombe", (Expect(Code.TOO_LARGE),), False, "zip-bombe (300 MB nuller)",
              steps=(zip_bomb,)),
        _good("latter-ark.xlsx", "latter ark", (Expect(Code.UNSAFE_XML),), False, "«billion laughs» i et ark",
              steps=(laughs_in_sheet,)),
        _good("latter-strenger.xlsx", "latter strenger", (Expect(Code.UNSAFE_XML),), False,
              "«billion laughs» i sharedStrings", steps=(laughs_in_shared_strings,)),
        _good("uten-tabeller.xlsx", "uten tabeller",
              (Expect(Code.TABLE_BY_HEADER, "Leveranser", f"{col(lev_min)}{lev_top}"),
               Expect(Code.TABLE_BY_HEADER, "Kostnader", f"{col(kost_min)}{kost_top}")), True,
              "tabellene fjernet (annet program)", steps=(remove_tables,)),
        _good("uten-tabell-og-overskrift.xlsx", "uten tabell og overskrift",
              (Expect(Code.TABLE_MISSING, "Avhengigheter"),), False, "tabell fjernet og overskriften endret",
              build=_no_header_table),
        _good("uten-navn.xlsx", "uten navn", (Expect(Code.NAME_MISSING, "Tiltak"), Expect(Code.VERSION_MISSING)),
              False, "definerte navn fjernet (annet program)", steps=(remove_defined_names,)),
        _good("ref-feil.xlsx", "ref-feil", (Expect(Code.NAME_BROKEN, "Tiltak"),), False, "navn som peker på #REF!",
              steps=(broken_status,)),
        _good("formel.xlsx", "formel", (Expect(Code.FORMULA, *aktor),), True, "formel med lagret verdi",
              build=_formula),
        _good("formel-uten-verdi.xlsx", "formel uten verdi", (Expect(Code.FORMULA_NO_VALUE, *status),), False,
              "formel uten lagret verdi", build=_formula_without_value),
        _good("sammenslatt.xlsx", "sammenslått",
              (Expect(Code.MERGED_CELLS, "Leveranser", f"{col(lev_min + 1)}{lev_top + 1}"),), True,
              "sammenslåtte celler i en tabell", edit=_merge_in_table),
        _good("sammenslatt-felt.xlsx", "sammenslått felt",
              (Expect(Code.MERGED_CELLS, aktor[0], f"A{aktor[1][1:]}"), Expect(Code.REQUIRED_EMPTY, *aktor)), False,
              "ledetekst og felt slått sammen (Aktør tapt)", edit=_merge_aktor),
        _good("tall-som-tekst.xlsx", "tall som tekst",
              (Expect(Code.NORMALISED, "Kostnader", f"{col(kost_min + 2)}{kost_top + 1}"),), True,
              "tall lagret som tekst", edit=_numbers_as_text),
        _good("dato-som-tekst.xlsx", "dato som tekst",
              (Expect(Code.BAD_DATE, *sluttdato),
               Expect(Code.BAD_DATE, "Leveranser", f"{col(lev_min + 2)}{lev_top + 1}")),
              False, "datoer som tekst i andre formater", edit=_dates_as_text),
        _good("serienummer.xlsx", "serienummer", (Expect(Code.NORMALISED, *sluttdato),), True,
              "Excel-serienummer som dato", edit=_serial_date),
        _good("dato-1904.xlsx", "1904", (Expect(Code.NORMALISED, *sluttdato),), True, "1904-datosystemet",
              edit=_epoch_1904),
        _good("kontrolltegn.xlsx", "kontrolltegn", (Expect(Code.INVALID_CHARS, *beskrivelse),), True,
              "_x000B_ og _x0000_ i sharedStrings", build=_control_chars),
        _good("kontrolltegn-raa.xlsx", "rå kontrolltegn", (Expect(Code.CORRUPT),), False, "rått U+000B i XML",
              build=partial(_control_chars, raw=True)),
        _good("emoji.xlsx", "emoji", (), True, "emoji og høyre-til-venstre-tekst", edit=beskrivelse_is(EMOJI_RTL)),
        _good("lang-tekst.xlsx", "lang tekst", (), True, "32 767 tegn i én celle", edit=beskrivelse_is(LONG_TEXT)),
        _good("for-lang-tekst.xlsx", "for lang tekst", (Expect(Code.TEXT_TOO_LONG, *beskrivelse),), False,
              "32 768 tegn i én celle", build=_too_long),
        _good("5000-rader.xlsx", "5000 rader", (), True, "5 000 rader i Leveranser", edit=many_rows(ROWS_5000)),
        _good("formeltegn.xlsx", "formeltegn", (), True, "tekst som starter med =, + og @", edit=_formula_text),
        _good("rad-under.xlsx", "rad under",
              (Expect(Code.ROW_BELOW_TABLE, "Leveranser", f"{col(lev_min)}{lev_last + 1}"),), True,
              "rad skrevet rett under tabellen", edit=_table_row_below),
        _good("utenfor.xlsx", "utenfor",
              (Expect(Code.CELL_OUTSIDE, "Tiltak", "E20"), Expect(Code.CELL_OUTSIDE, "Leveranser", "H2")), True,
              "innhold utenfor skjemaets celler", edit=_outside),
        _good("duplikat-a.xlsx", "duplikat", (Expect(Code.DUPLICATE_TILTAK),), False, "samme tiltak i to filer (a)"),
        _good("duplikat-b.xlsx", "duplikat", (Expect(Code.DUPLICATE_TILTAK),), False, "samme tiltak i to filer (b)"),
        _good("versjon-0-9.xlsx", "versjon 0.9", (Expect(Code.VERSION_UNKNOWN, *versjon),), False, "Mal_Versjon «0.9»",
              edit=_edit_field("Mal_Versjon", "0.9")),
        _good("uten-versjon.xlsx", "uten versjon", (Expect(Code.VERSION_MISSING),), False, "Mal_Versjon tom",
              edit=_edit_field("Mal_Versjon", None)),
        _good("ukjent-fase.xlsx", "ukjent fase", (Expect(Code.NOT_IN_LIST, *fase),), False, "verdi utenfor listen",
              edit=_edit_field("Tiltak_Fase", "Gjennomforing")),
    ]
