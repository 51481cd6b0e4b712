"""The contract every stage shares: field catalogue and pydantic models, settings files, the
error-code catalogue with Norwegian messages, the one value parser by field kind, and value formatting."""
