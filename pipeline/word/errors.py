"""The Word stage's error, in a module without python-docx: the command line catches it, and
``validate`` must start without importing python-docx (a test checks the import graph)."""

from pipeline.common.errors import PipelineError


class TemplateError(PipelineError, ValueError):
    """The Word template lacks something the renderer needs. The message is Norwegian."""
