"""The Word stage's error, in a module without python-docx: the command line catches it, and
``validate`` must start without importing python-docx (a test checks the import graph)."""


class TemplateError(ValueError):
    """The Word template lacks something the renderer needs. The message is Norwegian."""
