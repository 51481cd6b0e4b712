"""prefill into a folder that already holds workbooks: refused (exit 2, the files named) unless --overskriv,
which keeps a backup of each; and the export is read by the one loader, whose messages name the file."""

from __future__ import annotations

import json

import openpyxl
import pytest

from pipeline.cli.main import main
from pipeline.common.backup import BACKUP_WORD
from tests.support.paths import SEED_JSON

EXIT_USAGE = 2


def _data(tmp_path, n: int = 3):
    records = json.loads(SEED_JSON.read_text(encoding="utf-8"))[:n]
    path = tmp_path / "vedlegg2.json"
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    return path, [r["navn"] for r in records]


def _returned_workbook(folder, tmp_path, data):
    """Prefill once, then an actor's edit: the first workbook gets a mark no prefill writes."""
    assert main(["prefill", str(data), "-o", str(folder)]) == 0
    book = sorted(folder.glob("*.xlsx"))[0]
    wb = openpyxl.load_workbook(book)
    wb.worksheets[0]["Z99"] = "aktørens endring"
    wb.save(book)
    return book, book.read_bytes()


def test_prefill_refuses_to_replace_workbooks_in_the_folder(tmp_path, capsys):
    data, _ = _data(tmp_path)
    folder = tmp_path / "neste"
    book, before = _returned_workbook(folder, tmp_path, data)
    others = {p: p.stat().st_mtime_ns for p in folder.glob("*.xlsx")}
    capsys.readouterr()

    assert main(["prefill", str(data), "-o", str(folder)]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert book.name in err and "--overskriv" in err and "3 arbeidsbøker" in err and "Traceback" not in err
    assert book.read_bytes() == before  # the actor's workbook is untouched
    assert {p: p.stat().st_mtime_ns for p in folder.glob("*.xlsx")} == others  # nothing written at all


def test_prefill_with_overskriv_keeps_a_backup_named_as_merge_names_its_backups(tmp_path, capsys):
    data, _ = _data(tmp_path, 1)
    folder = tmp_path / "neste"
    book, before = _returned_workbook(folder, tmp_path, data)
    capsys.readouterr()

    assert main(["prefill", str(data), "-o", str(folder), "--overskriv"]) == 0
    out = capsys.readouterr().out
    backups = list(folder.glob(f"{book.stem}.{BACKUP_WORD}-*.xlsx"))
    assert len(backups) == 1 and backups[0].read_bytes() == before
    assert str(backups[0]) in out and "Skrev 1 forhåndsutfylt arbeidsbok til" in out
    assert openpyxl.load_workbook(book).worksheets[0]["Z99"].value is None  # the prefilled one replaced it


def test_prefill_into_an_empty_or_other_folder_writes_without_asking(tmp_path, capsys):
    data, _ = _data(tmp_path, 2)
    folder = tmp_path / "neste"
    folder.mkdir()
    (folder / "annet.xlsx").write_bytes(b"ikke en av dem")
    assert main(["prefill", str(data), "-o", str(folder)]) == 0
    assert "Skrev 2 forhåndsutfylte arbeidsbøker" in capsys.readouterr().out
    assert (folder / "annet.xlsx").read_bytes() == b"ikke en av dem"


@pytest.mark.parametrize("command", ["prefill", "merge"])
def test_a_word_document_given_as_the_export_is_named_with_what_was_expected(tmp_path, capsys, command):
    """`--forrige Vedlegg2.docx` (and prefill Vedlegg2.docx) once printed «'utf-8' codec can't decode byte …»."""
    from tests.support.merge import copy_examples

    docx = tmp_path / "Vedlegg2.docx"
    docx.write_bytes(b"PK\x03\x04\x14\x00\x06\x00\x08\x00\xfb\xfb\xfb")
    if command == "prefill":
        argv = ["prefill", str(docx), "-o", str(tmp_path / "neste")]
    else:
        folder = copy_examples(tmp_path / "inn", ["heliks.xlsx"])
        argv = ["merge", str(folder), "-o", str(tmp_path / "ut" / "V.docx"), "-q", "--forrige", str(docx)]
    assert main(argv) == EXIT_USAGE
    err = capsys.readouterr().err
    assert f"{docx} er et Word-dokument eller en annen zip-fil" in err and "vedlegg2.json" in err
    assert "codec" not in err and "0xfb" not in err
    assert not (tmp_path / "neste").exists() and not (tmp_path / "ut").exists()


def test_a_file_that_is_not_text_is_named_with_what_was_expected(tmp_path, capsys):
    data = tmp_path / "data.json"
    data.write_bytes(b"\xfb\xfe[")
    assert main(["prefill", str(data), "-o", str(tmp_path / "neste")]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert f"{data} er ikke en tekstfil (UTF-8): forventet eksporten vedlegg2.json" in err and "codec" not in err



def test_the_refusal_names_ten_files_and_counts_the_rest(tmp_path, form_settings):
    from pipeline.merge.nextround import SHOWN, WorkbooksInTheWay, prefill_round, target_paths

    data, _ = _data(tmp_path, 12)
    folder = tmp_path / "neste"
    folder.mkdir()
    targets = target_paths(json.loads(data.read_text(encoding="utf-8")), folder)
    for path in targets:
        path.write_bytes(b"sendt tilbake")
    with pytest.raises(WorkbooksInTheWay) as caught:
        prefill_round(data, folder, form_settings)
    assert caught.value.paths == targets
    message = str(caught.value)
    assert message.startswith(f"12 arbeidsbøker i {folder} ville blitt erstattet: {targets[0].name}, ")
    assert f"{targets[SHOWN - 1].name} og 2 til." in message and targets[SHOWN].name not in message
    assert f"(f.eks. {targets[0].stem}.sikkerhetskopi-" in message and "--overskriv" in message
    assert all(p.read_bytes() == b"sendt tilbake" for p in targets)


def test_ten_files_in_the_way_are_all_named(tmp_path, form_settings):
    from pipeline.merge.nextround import SHOWN, WorkbooksInTheWay, prefill_round, target_paths

    data, _ = _data(tmp_path, SHOWN)
    folder = tmp_path / "neste"
    folder.mkdir()
    targets = target_paths(json.loads(data.read_text(encoding="utf-8")), folder)
    for path in targets:
        path.write_bytes(b"x")
    with pytest.raises(WorkbooksInTheWay) as caught:
        prefill_round(data, folder, form_settings)
    assert f"{targets[-1].name}. De kan være" in str(caught.value) and " til." not in str(caught.value)


def test_one_workbook_in_the_way_is_named_in_the_singular(tmp_path, form_settings):
    from pipeline.merge.nextround import WorkbooksInTheWay, prefill_round, target_paths

    data, _ = _data(tmp_path, 1)
    (target,) = target_paths(json.loads(data.read_text(encoding="utf-8")), tmp_path / "neste")
    target.parent.mkdir()
    target.write_bytes(b"x")
    with pytest.raises(WorkbooksInTheWay, match=rf"^1 arbeidsbok i .* ville blitt erstattet: {target.name}\. "):
        prefill_round(data, target.parent, form_settings)
