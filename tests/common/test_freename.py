"""The one «find a free file name» helper."""

from __future__ import annotations

import pytest

from pipeline.common.freename import create_free, first_free


def _numbered(folder):
    return lambda n: folder / ("a.txt" if n == 1 else f"a-{n}.txt")


def test_first_free_skips_the_taken_names_and_creates_nothing(tmp_path):
    (tmp_path / "a.txt").write_text("1")
    (tmp_path / "a-2.txt").write_text("2")
    assert first_free(_numbered(tmp_path)) == tmp_path / "a-3.txt"
    assert not (tmp_path / "a-3.txt").exists()
    assert first_free(_numbered(tmp_path), limit=2) is None


def test_create_free_never_overwrites_and_removes_only_its_own_half_written_file(tmp_path):
    (tmp_path / "a.txt").write_text("gammel")
    made = create_free(_numbered(tmp_path), lambda fh: fh.write(b"ny"))
    assert made == tmp_path / "a-2.txt" and made.read_bytes() == b"ny"
    assert (tmp_path / "a.txt").read_text() == "gammel"

    def broken(fh):
        fh.write(b"halv")
        raise OSError(28, "No space left on device")
    with pytest.raises(OSError):
        create_free(_numbered(tmp_path), broken)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-2.txt", "a.txt"]
