from pathlib import Path

import pytest

from pipeline.common.atomic import OutputError, write_atomic, write_atomic_many


def test_write_atomic_replaces_and_leaves_no_temporary_file(tmp_path: Path):
    target = tmp_path / "ut" / "a.docx"
    write_atomic(target, b"en")
    write_atomic(target, b"to")
    assert target.read_bytes() == b"to"
    assert [p.name for p in target.parent.iterdir()] == ["a.docx"]


def test_all_or_nothing_when_one_file_cannot_be_written(tmp_path: Path):
    doc, export = tmp_path / "V.docx", tmp_path / "vedlegg2.json"
    write_atomic_many([(doc, b"gammel"), (export, b"gammel")])
    export.unlink()
    export.mkdir()  # the export's target is now a folder: it cannot be written

    with pytest.raises(OutputError, match="det er en mappe"):
        write_atomic_many([(doc, b"ny"), (export, b"ny")])

    assert doc.read_bytes() == b"gammel"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["V.docx", "vedlegg2.json"]
