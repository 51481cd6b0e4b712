"""One module per command: ``add_parser(sub)`` defines it, ``run(args)`` runs it.

:data:`COMMANDS` is the order in which ``innrapportering --help`` lists them.
"""

from pipeline.cli.commands import feilkoder, merge, pdf, prefill, template, tilbakemelding, validate

COMMANDS = (template, prefill, validate, merge, tilbakemelding, pdf, feilkoder)

__all__ = ["COMMANDS"]
