"""Innsendingsportalen: a small Django web portal over the library (docs/portal.md).

Nothing here is imported by the rest of the tool: ``innrapportering portal …`` imports Django only when it
runs. Layout: :mod:`.settings` (Django settings, from the data folder and ``DATABASE_URL``),
:mod:`.models`, :mod:`.services` (the glue to the library: check, store, feedback copy, prefill, changes),
:mod:`.rounds` (create a round, export), :mod:`.access` (personal links, API tokens, rate limits),
:mod:`.views` and :mod:`.api` (pages and the HTTP API), :mod:`.command` (the CLI subcommand).
"""
