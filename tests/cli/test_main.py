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
    assert set(commands) == {"template", "prefill", "validate", "merge", "tilbakemelding", "pdf", "feilkoder", "portal",
                             "mal", "forhandsutfyll", "kontroller", "flett"}  # the Norwegian aliases
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


def test_every_command_and_option_can_be_typed_in_norwegian(tmp_path, capsys):
    """The Norwegian spellings (flett, kontroller, mal, forhandsutfyll; --ut, --streng, --ta-med-feil,
    --stille, --prosesser) are aliases of the old English ones."""
    from pipeline.cli.main import build_parser

    parser = build_parser()
    old = parser.parse_args(["merge", "inn", "-o", "V.docx", "--strict", "-q", "-j", "2"])
    new = parser.parse_args(["flett", "inn", "--ut", "V.docx", "--streng", "--stille", "--prosesser", "2"])
    assert (old.func, old.output, old.strict, old.quiet, old.jobs) == (new.func, new.output, new.strict, new.quiet,
                                                                       new.jobs)
    assert parser.parse_args(["flett", "inn", "--ta-med-feil"]).lenient
    for english, norwegian in [("validate", "kontroller"), ("template", "mal"), ("prefill", "forhandsutfyll")]:
        extra = ["x.json", "-o", "ut"] if english == "prefill" else ["x"] if english == "validate" else []
        assert parser.parse_args([english, *extra]).func is parser.parse_args([norwegian, *extra]).func
