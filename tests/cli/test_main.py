"""The command line: every command documented, and Norwegian help."""

from __future__ import annotations

import argparse

import pytest

from pipeline.cli.main import build_parser, main


def _commands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(sub.choices)


def test_every_command_has_help_and_a_description():
    commands = _commands()
    assert set(commands) == {"template", "prefill", "validate", "merge", "tilbakemelding", "pdf", "feilkoder", "portal"}
    for name, parser in commands.items():
        assert parser.description, name
        for action in parser._actions:
            assert action.help, f"{name}: {action.dest}"


@pytest.mark.parametrize("command", ["template", "prefill", "validate", "merge", "pdf", "feilkoder"])
def test_help_is_norwegian(command, capsys):
    with pytest.raises(SystemExit) as exc:
        main([command, "--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("bruk: innrapportering " + command)
    assert "vis denne hjelpeteksten" in out and "show this help" not in out


def test_jobs_must_be_a_positive_number(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["validate", "input", "--jobs", "0"])
    assert exc.value.code == 2
    assert "positivt heltall" in capsys.readouterr().err
