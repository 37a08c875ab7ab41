"""The consistency rules (勾稽), one module per family: table arithmetic, across tables,
说明 against the tables, wording, completeness and the unit's identity."""
