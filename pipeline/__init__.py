"""innrapportering: fra Excel-innrapporteringer til Vedlegg 2 – Samlet innrapportering."""

__version__ = "0.1.0"
