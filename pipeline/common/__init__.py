"""Small helpers with no domain knowledge: atomic file writes, timing, A1 cell references."""
