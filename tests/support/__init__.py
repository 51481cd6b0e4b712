"""Test helpers shared by the test packages (one module per area)."""
