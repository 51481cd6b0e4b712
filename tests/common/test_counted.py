"""Counted nouns: one helper, singular for one."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from pipeline.common.counted import count_text, counted


@pytest.mark.parametrize("n, text", [(0, "0 påminnelser"), (1, "1 påminnelse"), (2, "2 påminnelser"),
                                     (-1, "-1 påminnelse"), (1200, "1\u00a0200 påminnelser")])
def test_counted(n, text):
    assert counted(n, "påminnelse", "påminnelser") == text


def test_count_text_groups_thousands_with_a_non_breaking_space():
    assert count_text(1234567) == "1\u00a0234\u00a0567" and count_text(999) == "999"


def test_the_chase_line_says_one_reminder_in_the_singular(capsys, tmp_path):
    from pipeline.cli.commands.merge import _chase_line

    def outcome(n):
        return SimpleNamespace(plan=SimpleNamespace(expected=SimpleNamespace(missing=[object()] * n)),
                               target=tmp_path / "V.docx")

    _chase_line(outcome(1))
    _chase_line(outcome(2))
    out = capsys.readouterr().out.splitlines()
    assert out[0].endswith("(1 påminnelse klar til å sendes).")
    assert out[1].endswith("(2 påminnelser klare til å sendes).")


def test_the_update_summary_counts_new_chapters_in_the_plural():
    from pathlib import Path

    from pipeline.cli.updatereport import update_text
    from pipeline.merge.update import UpdateSummary
    from pipeline.word.regions import RegionKind
    from pipeline.word.update import ChapterChange, RegionChange

    def tiltak(name, change):
        return RegionChange(RegionKind.TILTAK, name, "Samstyre", change)

    text = update_text(UpdateSummary(Path("V.docx"), [tiltak("A", ChapterChange.NEW), tiltak("B", ChapterChange.NEW),
                                                      tiltak("C", ChapterChange.UPDATED)]))
    assert "  Tiltak: 1 oppdatert, 2 nye" in text.splitlines()
    one = update_text(UpdateSummary(Path("V.docx"), [tiltak("A", ChapterChange.NEW)]))
    assert "  Tiltak: 1 ny" in one.splitlines()
