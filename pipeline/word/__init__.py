"""Word (DOCX) building blocks for the renderer: raw WordprocessingML elements,
style look-up, numbering, tables and the table of contents.

Kept apart from :mod:`pipeline.word.render`, which decides what the document says.
(Not named ``docx`` so that it never shadows the python-docx package.)
"""
