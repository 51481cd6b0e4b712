"""Stage 3 (pure): portfolio order, expected tiltak and the Sammendrag's aggregates from the models."""
