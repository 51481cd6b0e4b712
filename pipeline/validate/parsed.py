"""The parse result lives in :mod:`pipeline.contract.parsed` (field kinds build it); kept here for old imports."""

from pipeline.contract.parsed import Parsed, Problem, failed

__all__ = ["Parsed", "Problem", "failed"]
