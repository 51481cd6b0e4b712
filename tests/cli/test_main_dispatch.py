"""``pipeline.cli.main``: the exit code and the one message for every way a command can end (done, a user's
mistake, a domain error, a full disk, Ctrl-C, a closed pipe, a program error), and the top-level parser.

The command run is ``feilkoder`` with its ``run`` replaced, so that each case is about ``main`` alone and
fast (every other CLI test also goes through ``main``; these are the ones chosen for its mutation run)."""

from __future__ import annotations

import errno
import os
import sys

import pytest

from pipeline.cli.commands import feilkoder
from pipeline.cli.errors import Interrupted, UsageError
from pipeline.cli.main import main


def _command(monkeypatch, action) -> None:
    monkeypatch.setattr(feilkoder, "run", action)


def _raise(exc: BaseException):
    def run(args):
        raise exc
    return run


def test_the_commands_own_exit_code_is_returned_with_its_output(monkeypatch, capsys):
    def run(args):
        print("skrevet", end="")
        return 1
    _command(monkeypatch, run)
    assert main(["feilkoder"]) == 1
    assert capsys.readouterr() == ("skrevet", "")


def test_a_users_mistake_is_exit_2_with_feil_before_the_message(monkeypatch, capsys):
    _command(monkeypatch, _raise(UsageError("Fant ikke mappen inn.")))
    assert main(["feilkoder"]) == 2
    assert capsys.readouterr() == ("", "Feil: Fant ikke mappen inn.\n")


def test_an_error_without_prefix_is_printed_as_it_is_with_its_code(monkeypatch, capsys):
    _command(monkeypatch, _raise(Interrupted("Avbrutt under PDF-steget.")))
    assert main(["feilkoder"]) == 130
    assert capsys.readouterr() == ("", "Avbrutt under PDF-steget.\n")


def test_ctrl_c_is_exit_130_and_one_word(monkeypatch, capsys):
    _command(monkeypatch, _raise(KeyboardInterrupt()))
    assert main(["feilkoder"]) == 130
    assert capsys.readouterr() == ("", "Avbrutt.\n")


def test_a_file_system_error_is_exit_2_in_norwegian(monkeypatch, capsys):
    _command(monkeypatch, _raise(OSError(errno.ENOSPC, "No space left on device", "ut/V.docx")))
    assert main(["feilkoder"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.startswith("Feil: ") and "disken er full" in err and "ut/V.docx" in err
    assert "Errno" not in err and "No space" not in err


def test_a_program_error_is_exit_3_with_its_type_and_how_to_report_it(monkeypatch, capsys):
    monkeypatch.delenv("INNRAPPORTERING_DEBUG", raising=False)
    _command(monkeypatch, _raise(ValueError("uventet verdi")))
    assert main(["feilkoder"]) == 3
    assert capsys.readouterr() == ("", "Intern feil: ValueError: uventet verdi\n"
                                       "Kjør med INNRAPPORTERING_DEBUG=1 for detaljer, og meld fra om feilen.\n")


def test_innrapportering_debug_shows_the_program_error_itself(monkeypatch, capsys):
    monkeypatch.setenv("INNRAPPORTERING_DEBUG", "1")
    _command(monkeypatch, _raise(ValueError("uventet verdi")))
    with pytest.raises(ValueError, match="uventet verdi"):
        main(["feilkoder"])
    assert capsys.readouterr().err == ""


class _Gone:
    """stdout whose reader has gone: writing (or only the final flush) fails; ``fileno`` is a real file,
    so that main can point it elsewhere."""

    def __init__(self, fd: int, on_write: bool):
        self.fd, self.on_write = fd, on_write

    def write(self, text):
        if self.on_write:
            raise BrokenPipeError(32, "Broken pipe")
        return len(text)

    def flush(self):
        raise BrokenPipeError(32, "Broken pipe")

    def fileno(self) -> int:
        return self.fd


@pytest.mark.parametrize("on_write", [True, False], ids=["ved-skriving", "ved-tømming"])
def test_a_closed_pipe_is_141_in_silence_and_later_output_goes_nowhere(monkeypatch, capsys, tmp_path, on_write):
    target = tmp_path / "stdout"
    fd = os.open(target, os.O_WRONLY | os.O_CREAT)
    try:
        monkeypatch.setattr(sys, "stdout", _Gone(fd, on_write))
        _command(monkeypatch, lambda args: print("rapport") or 0)
        assert main(["feilkoder"]) == 141
        assert capsys.readouterr().err == ""
        os.write(fd, b"det Python ville skrevet ved avslutning")  # now /dev/null, not the closed pipe
    finally:
        os.close(fd)
    assert target.read_bytes() == b""


def test_without_a_command_the_usage_and_the_missing_argument_are_named_in_norwegian(capsys):
    with pytest.raises(SystemExit) as exc:
        main([])
    assert exc.value.code == 2
    out, err = capsys.readouterr()
    assert out == "" and err.startswith("bruk: innrapportering [-h] [--skjema FIL] KOMMANDO ...\n")
    assert "Feil i kommandoen: disse argumentene mangler: KOMMANDO\nSe «innrapportering --help».\n" in err


def test_an_unknown_command_is_exit_2_and_names_the_choices(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["slå-sammen"])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "Feil i kommandoen: argument KOMMANDO: ugyldig valg: 'slå-sammen' (velg blant " in err
    assert "'merge'" in err and "'flett'" in err


def test_the_top_level_help_describes_the_program_and_its_shared_option(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("bruk: innrapportering [-h] [--skjema FIL] KOMMANDO ...\n")
    assert "Samler innrapporteringer (Excel) til Vedlegg 2 – Samlet innrapportering (Word)." in " ".join(out.split())
    assert "--skjema FIL" in out and "KOMMANDO" in out
