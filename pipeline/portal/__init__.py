"""Innsendingsportalen: a small Django web portal over the library (docs/portal.md).

Nothing here is imported by the rest of the tool: ``innrapportering portal …`` imports Django only when it
runs. Layout: :mod:`.settings` (Django settings, from the data folder and ``DATABASE_URL``),
:mod:`.models`, :mod:`.services` (check and store uploads; the library only through :mod:`pipeline.api`),
:mod:`.rounds` (create a round, export), :mod:`.history` (every export kept; a round's earlier rounds),
:mod:`.jobs` (the background merge jobs), :mod:`.updating` and :mod:`.update_views` (update an edited
Vedlegg 2), :mod:`.access` (personal links, API tokens, rate limits),
:mod:`.views` and :mod:`.api` (pages and the HTTP API), :mod:`.command` (the CLI subcommand).
"""
