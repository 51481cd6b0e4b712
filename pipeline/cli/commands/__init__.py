"""One module per command: ``add_parser(sub)`` defines it, ``run(args)`` runs it.

:data:`COMMANDS` is the order in which ``innrapportering --help`` lists them.
"""

from pipeline.cli.commands import feilkoder, merge, pdf, prefill, template, tilbakemelding, validate
from pipeline.portal import command as portal

COMMANDS = (template, prefill, validate, merge, tilbakemelding, pdf, feilkoder, portal)

__all__ = ["COMMANDS"]
