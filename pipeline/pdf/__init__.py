"""DOCX → PDF through LibreOffice in its own process, with the table of contents' page numbers."""
