"""Backups beside a file: a new name each time, never one that exists (pipeline.common.backup)."""

from __future__ import annotations

from datetime import datetime

import pytest

from pipeline.common.atomic import OutputError
from pipeline.common.backup import backup_name, keep_backup

WHEN = datetime(2026, 11, 25, 10, 12)


def test_backup_name_has_date_and_minute_without_colons(tmp_path):
    assert backup_name(tmp_path / "Vedlegg2.docx", WHEN).name == "Vedlegg2.sikkerhetskopi-2026-11-25T1012.docx"
    assert backup_name(tmp_path / "Vedlegg2.docx", WHEN, 3).name == "Vedlegg2.sikkerhetskopi-2026-11-25T1012-3.docx"


def test_an_earlier_backup_is_never_overwritten(tmp_path):
    doc = tmp_path / "Vedlegg2.docx"
    made = []
    for version in (b"en", b"to", b"tre"):
        doc.write_bytes(version)
        made.append(keep_backup(doc, WHEN))
    assert [p.name for p in made] == ["Vedlegg2.sikkerhetskopi-2026-11-25T1012.docx",
                                      "Vedlegg2.sikkerhetskopi-2026-11-25T1012-2.docx",
                                      "Vedlegg2.sikkerhetskopi-2026-11-25T1012-3.docx"]
    assert [p.read_bytes() for p in made] == [b"en", b"to", b"tre"]


def test_a_missing_original_is_an_output_error_and_leaves_existing_backups(tmp_path):
    doc = tmp_path / "Vedlegg2.docx"
    earlier = backup_name(doc, WHEN)
    earlier.write_bytes(b"eldre")
    with pytest.raises(OutputError, match="Kan ikke ta sikkerhetskopi"):
        keep_backup(doc, WHEN)
    assert earlier.read_bytes() == b"eldre"
    assert sorted(p.name for p in tmp_path.iterdir()) == [earlier.name]
