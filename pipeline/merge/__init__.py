"""Merge orchestration: plan which files go in (pure), run read → plan → render → write, the JSON
export and the merge report."""
