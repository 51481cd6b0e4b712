"""Closed-list matching lives in :mod:`pipeline.contract.choices` (the choice kinds use it); kept here for old imports."""

from pipeline.contract.choices import fold, match_choice, match_multi, match_suggestion, suggest

__all__ = ["fold", "match_choice", "match_multi", "match_suggestion", "suggest"]
