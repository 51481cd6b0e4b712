"""Stage 1: a workbook file → ``RawWorkbook`` (raw cell values with their cells, and issues).
Safety checks before opening, then small passes over an immutable sheet index."""
