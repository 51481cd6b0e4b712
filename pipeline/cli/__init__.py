"""The thin command line: ``innrapportering template|prefill|validate|merge|pdf|feilkoder``."""

from pipeline.cli.main import main

__all__ = ["main"]
