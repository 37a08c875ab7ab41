"""A template fuzzer for the standard-table reader.

The dev reports' gold tables are re-laid the ways real templates differ
(``templates``), printed as text or drawn as a ruled PDF (``render``), read back
by ``pipeline.extract.tables.read_statement_tables`` and scored (``check``): every
published cell must be an expected one. ``python -m tests.fuzz`` runs the full set.
"""
