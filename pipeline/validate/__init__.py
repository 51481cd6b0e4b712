"""Stage 2: ``RawWorkbook`` → ``Tiltak`` model + issues (field parsing, then a list of rules); and
``batch``, which reads and validates many files in parallel."""
