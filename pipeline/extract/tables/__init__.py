"""The standard tables (部门决算公开表), cell by cell, from a PDF's layout or from converted text.

One reader for every input. A table is first turned into *printed rows* —
code, name, side (income/expense of a two-sided table) and the numbers it
prints, each number with its column where the input keeps it (a PDF's grid,
a layout text's reading order) — and then every number is given its column:

- directly, where the input keeps the column or the row prints every cell;
- otherwise by reasoning as a careful reader does: the columns a row may use
  in printed order (blank cells dropped keep the order), the row's arithmetic
  (合计 = 基本 + 项目 …), the parent = Σ children and 合计 = Σ 类 of every
  column, and — where these still leave a choice — the same figure in the
  other tables (the function-classified tables repeat each other; a table
  printed empty means its column is blank everywhere).

A number whose column is still open is set aside with the reason, never put
in a guessed column. The vocabulary of titles, headers and relations is in
``vocabulary/statement_tables.yaml``.

The package follows the reading: ``titles`` (which table), ``header`` (which
columns), ``text_rows`` / ``grid_rows`` (printed rows from text or a PDF's
grid), ``solver`` (each number's column), ``cells`` (what is published).
"""
from pipeline.extract.tables.cells import read_statement_tables

__all__ = ["read_statement_tables"]
