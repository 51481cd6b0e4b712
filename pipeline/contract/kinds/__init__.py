"""Field kinds: one class per kind (:mod:`.base` says what a kind provides), one table and its lookups
(:mod:`.registry`: ``kind_of``, ``read_text``, ``format_value`` …)."""
