"""Each word list lives in one vocabulary: the SQL and the dashboard take the 三公 items' names from the warehouse
(dim_metric, statement_item_definitions), never spell them again."""
from __future__ import annotations

from pathlib import Path

from pipeline.extract.tables.kinds import vocabulary
from pipeline.extract.vocabulary import load_vocabulary

ROOT = Path(__file__).parent.parent
THREE_PUBLIC_METRICS = ("outbound_expense", "vehicle_expense", "vehicle_purchase_expense",
                        "vehicle_operation_expense", "reception_expense")


def _three_public_words() -> set[str]:
    items = vocabulary().kinds["three_public"].items
    words = {w for _, labels, name in items for w in (name, *labels) if len(w) > 3}  # not 合计 / 小计
    return words | {load_vocabulary().metrics[code].name_zh for code in THREE_PUBLIC_METRICS}


def _files() -> list[Path]:
    return [*ROOT.glob("sql/models/**/*.sql"), *ROOT.glob("sql/macros/*.sql"),
            *(p for p in (ROOT / "pipeline" / "dashboard").rglob("*") if p.suffix in (".py", ".js", ".html"))]


def test_the_三公_items_are_named_only_in_the_vocabulary():
    words = _three_public_words()
    assert "公务接待费" in words and "因公出国（境）费" in words  # the vocabulary is what this test reads
    spelled = [f"{path.relative_to(ROOT)}: {word}" for path in _files()
               for word in words if word in path.read_text(encoding="utf-8")]
    assert not spelled, spelled
