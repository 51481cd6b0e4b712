from pathlib import Path

from pipeline.read.discover import discover


def test_folder_is_read_one_level_with_notes(tmp_path: Path):
    for name in ["b.xlsx", "A.xlsx", "~$A.xlsx", "notat.pdf", "gammel.xls", "makro.xlsm", ".DS_Store", "rapport.toml"]:
        (tmp_path / name).write_bytes(b"x")
    (tmp_path / "undermappe").mkdir()
    (tmp_path / "undermappe" / "c.xlsx").write_bytes(b"x")
    (tmp_path / ".skjult").mkdir()

    found = discover([tmp_path])

    assert [p.name for p in found.workbooks] == ["A.xlsx", "b.xlsx", "gammel.xls", "makro.xlsm"]
    assert sorted((i.file, i.code) for i in found.skipped) == [
        ("notat.pdf", "ikke-arbeidsbok"), ("undermappe/", "undermappe"), ("~$A.xlsx", "låsefil")]
    [note] = [i for i in found.skipped if i.code == "undermappe"]
    assert "hoppet over" in note.message and "undermapper" in note.message


def test_same_file_twice_is_read_once_and_missing_paths_are_listed(tmp_path: Path):
    book = tmp_path / "a.xlsx"
    book.write_bytes(b"x")
    found = discover([book, tmp_path, tmp_path / "finnes-ikke.xlsx"])
    assert found.workbooks == [book]
    assert found.missing == [tmp_path / "finnes-ikke.xlsx"]


def test_a_subfolder_without_workbooks_is_not_noted(tmp_path):
    (tmp_path / "a.xlsx").write_bytes(b"x")
    (tmp_path / "forrige-runde").mkdir()
    (tmp_path / "forrige-runde" / "vedlegg2.json").write_text("[]", encoding="utf-8")
    assert [i.code for i in discover([tmp_path]).skipped] == []
