"""The per-document store between extraction and the warehouse (see ``store``), and its mirror in DuckDB."""
