"""The rows of the pages that list every document, kept between builds (SQLite beside the site)."""
from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from markupsafe import Markup


class RowStore:
    """The HTML of the rows of the pages that list every document (a row per document), by key: a hash of the
    code and of the document's rows. A rebuild renders only the rows of documents that changed and reads the
    others back in page order. It is a cache beside the site (SQLite: rows are read and written as they go,
    never all in memory), used under the site's build lock; a damaged one is started anew."""

    def __init__(self, path: Path):
        try:
            self._db = self._open(path)
        except sqlite3.DatabaseError:
            path.unlink(missing_ok=True)
            self._db = self._open(path)

    @staticmethod
    def _open(path: Path) -> sqlite3.Connection:
        db = sqlite3.connect(path)
        db.execute("create table if not exists rows (page text, key text, html text, primary key (page, key))")
        return db

    def rows(self, page: str, keys: list[tuple[str, str]],
             render: Callable[[list[str]], Iterable[tuple[str, str]]]) -> Iterator[Markup]:
        """A page's rows in the order of ``keys`` (source file, key): those stored as stored, the others
        made by ``render(source files)`` (source file → HTML, any order) and stored; rows of the page no
        longer listed are dropped."""
        db = self._db
        db.execute("create temp table if not exists listed (n integer primary key, key text)")
        db.execute("delete from listed")
        db.executemany("insert into listed values (?, ?)", enumerate(key for _, key in keys))
        db.execute("delete from rows where page = ? and key not in (select key from listed)", [page])
        stored = {key for (key,) in db.execute("select key from rows where page = ?", [page])}
        key_of = dict(keys)
        missing = [source for source, key in keys if key not in stored]
        if missing:
            db.executemany("insert or replace into rows values (?, ?, ?)",
                           ((page, key_of[source], html) for source, html in render(missing)))
        db.commit()
        for (html,) in db.execute("select html from listed join rows on rows.page = ? and rows.key = listed.key "
                                  "order by n", [page]):
            yield Markup(html)

    def close(self) -> None:
        self._db.close()
