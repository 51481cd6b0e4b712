"""The Norwegian reason for an OS error, the one error made from it, and where the API finds settings and
puts outputs (pipeline.common.errors, pipeline.common.freename, pipeline.api.paths)."""

from __future__ import annotations

import errno

import pytest

from pipeline.api.paths import check_output_folder, ensure_folder, form_settings, report_settings_path
from pipeline.common.errors import FileSystemError, PipelineError, UsageError, file_system_error, reason
from pipeline.common.freename import create_free, first_free


def test_the_first_candidate_is_taken_when_it_is_free(tmp_path):
    def candidate(n):
        return tmp_path / f"f{n}.txt"
    assert first_free(candidate) == tmp_path / "f1.txt"
    assert create_free(candidate, lambda fh: fh.write(b"x")) == tmp_path / "f1.txt"


@pytest.mark.parametrize("exc, expected", [
    (OSError(errno.EROFS, "Read-only file system"), "filsystemet er skrivebeskyttet"),
    (OSError(errno.ENOSPC, "No space left on device"), "disken er full"),
    (OSError(errno.ELOOP, "Too many levels of symbolic links"), "Too many levels of symbolic links"),
    (OSError("noe rart"), "noe rart"),
])
def test_reason_is_norwegian_where_known_and_never_empty(exc, expected):
    assert reason(exc) == expected


def test_a_file_system_error_names_both_files_or_says_a_file():
    one = file_system_error(OSError(errno.EACCES, "Permission denied", "/ut/V.docx"))
    assert isinstance(one, FileSystemError) and isinstance(one, PipelineError) and one.exit_code == 2
    assert str(one) == ("Kan ikke lese eller skrive /ut/V.docx: ingen skrivetilgang. "
                        "Velg en annen mappe med -o, eller rett tilgangen og kjør på nytt.")
    two = file_system_error(OSError(errno.EXDEV, "Invalid cross-device link", "/a", None, "/b"))
    assert "/a (og /b):" in str(two)
    assert str(file_system_error(OSError(errno.ENOSPC, "No space left on device"))).startswith(
        "Kan ikke lese eller skrive en fil: disken er full.")


def test_form_settings_reads_the_file_given(tmp_path):
    with pytest.raises(PipelineError, match="mangler.toml"):
        form_settings(tmp_path / "mangler.toml")


def test_report_settings_are_the_given_file_else_rapport_toml_beside_the_first_input(tmp_path):
    given = tmp_path / "mine.toml"
    assert report_settings_path(given, [tmp_path]) == given
    folder, other = tmp_path / "inn", tmp_path / "annen"
    folder.mkdir()
    other.mkdir()
    assert report_settings_path(None, [folder]) is None
    (folder / "rapport.toml").write_text("")
    assert report_settings_path(None, [other, folder]) == folder / "rapport.toml"
    assert report_settings_path(None, [folder / "heliks.xlsx"]) == folder / "rapport.toml"


def test_ensure_folder_makes_only_the_allowed_levels(tmp_path):
    assert ensure_folder(tmp_path / "a" / "b", None) is None and not (tmp_path / "a").exists()
    assert ensure_folder(tmp_path / "a", 1) == tmp_path / "a" and (tmp_path / "a").is_dir()
    assert ensure_folder(tmp_path / "a", 1) is None
    assert ensure_folder(tmp_path / "x" / "y", 2) == tmp_path / "x" and (tmp_path / "x" / "y").is_dir()
    with pytest.raises(UsageError) as exc:
        ensure_folder(tmp_path / "p" / "q", 1)
    assert str(exc.value) == (f"Mappen {tmp_path / 'p' / 'q'} finnes ikke, og heller ikke {tmp_path / 'p'}. "
                              "Sjekk stien (skrivefeil?), eller lag mappene først: bare én manglende mappe lages av "
                              "seg selv. Ingenting er skrevet.")


def test_feedback_copies_never_go_into_an_input_folder(tmp_path):
    inputs = tmp_path / "inn"
    inputs.mkdir()
    for given in ([inputs], [inputs / "heliks.xlsx"]):
        with pytest.raises(UsageError) as exc:
            check_output_folder(inputs, given)
        assert str(exc.value).startswith(f"Skriv tilbakemeldingene til en annen mappe enn innrapporteringene ({given[0]})")
    check_output_folder(tmp_path / "ut", [inputs])
    check_output_folder(tmp_path / "inn" / ".." / "ut", [inputs])
    with pytest.raises(UsageError):
        check_output_folder(tmp_path / "ut" / ".." / "inn", [inputs])


def test_the_limit_is_the_number_of_candidates_tried(tmp_path):
    def candidate(n):
        return tmp_path / f"f{n}.txt"
    candidate(1).write_text("1")
    assert first_free(candidate, limit=2) == tmp_path / "f2.txt"
    assert create_free(candidate, lambda fh: fh.write(b"2"), limit=2) == tmp_path / "f2.txt"
    assert create_free(candidate, lambda fh: fh.write(b"3"), limit=2) is None
    assert not candidate(3).exists()


def test_the_feedback_folder_message_says_what_to_do(tmp_path):
    with pytest.raises(UsageError) as exc:
        check_output_folder(tmp_path, [tmp_path])
    assert str(exc.value).endswith("ellers leses kopiene som nye innrapporteringer. Bruk -o MAPPE.")
