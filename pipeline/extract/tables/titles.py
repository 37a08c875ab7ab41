"""Which table a title line names: a standard title is matched whole, with at most numbering, a name or a
year before it."""
from __future__ import annotations

import re

from pipeline.extract.tables.kinds import vocabulary
from pipeline.extract.tables.model import squeeze


def table_of_title(line: str) -> tuple[str, str] | None:
    """(table code, printed title) when a line is the title of a standard table (with any prefix: name, year, 公开01表)."""
    if "表" not in line or len(line) > 120:
        return None
    text = squeeze(line)
    if not text or len(text) > 80 or any(p in text for p in "。；，"):
        return None
    text = re.sub(r"[（(]?(?:公开)?(?:[0-9]+|[一二三四五六七八九十]+)表[）)]?$|[（(]续表?[）)]$|续表$", "", text)
    for title, code in vocabulary().titles:
        if text.endswith(title):
            if _is_title_prefix(text[: -len(title)]):
                return code, line.strip()
    return None


_NUMBERING = re.compile(r"^(?:附表[0-9]*|附件[0-9]*|公开[0-9]+表|表[0-9]+|[一二三四五六七八九十]+、|[0-9]{1,2}[.、])")
_ORGANISATION_END = "局委办部院会厅处室所站队心司行社团馆校署组"


def _is_title_prefix(prefix: str) -> bool:
    """What may stand before a standard title: numbering, the department's name, the year — not another subject
    (机关运行经费支出决算表 is not the 支出决算表)."""
    prefix = _NUMBERING.sub("", prefix)
    return (not prefix or bool(re.search(r"[0-9]{4}年度?$", prefix)) or prefix[-1] in _ORGANISATION_END
            or prefix.endswith("部门"))


def other_title(text_above: str) -> tuple[str, str] | None:
    """A table that is none of the standard ones (项目支出, 机关运行经费, 政府采购 …): titled by a short line ending in 表."""
    for line in reversed([l.strip() for l in text_above.split("\n") if l.strip()]):
        flat = squeeze(line)
        if flat.endswith("表") and len(flat) <= 40 and not any(p in flat for p in "。；，：:"):
            return "other", line
    return None
