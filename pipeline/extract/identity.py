"""Who published a report, for which year, and where.

The report names its department on the cover and in its part headings
(“XX 2024 年度部门决算”, “第一部分 XX概况”); that title decides whose report it
is — never a unit listed under 部门决算单位构成 or a phrase of a sentence. Where
the title abbreviates the name (乐山高新区党工委办公室), the warehouse records
the fullest official form the document prints of the same organ. Without a
title, the fullest placed name the document prints is the department. The
province is often never printed: it is inferred from the name through the
national administrative-division table (cpca); a municipality (北京、上海、
天津、重庆) is its own province and city.
"""
from __future__ import annotations

import re
import warnings
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

with warnings.catch_warnings():  # cpca imports pkg_resources, which warns on import
    warnings.simplefilter("ignore")
    import cpca

from pipeline.segment.lines import line_matches

ORGAN = r"(?:办公室|委员会|人民政府|政府|局|厅|中心|院|所|站|队|馆|处|部|街道办事处)"  # words a department name ends in
_HAN = r"\u4e00-\u9fff（）"
# A line that is nothing but a name (table cells, attachment headers, cover).
_NAME_LINE = re.compile(rf"^\s*(?:\d{{4}}年度?)?(?P<name>(?:中共)?[{_HAN}]{{3,30}}{ORGAN})\s*$", re.M)
# Names inside sentences: 中共…办公室 or 某市某区…局 (on one line).
_NAME_IN_TEXT = re.compile(rf"中共[{_HAN}]{{2,24}}?{ORGAN}(?:办公室)?|[\u4e00-\u9fff]{{2,4}}[市州][\u4e00-\u9fff]{{2,5}}[区县市][{_HAN}]{{2,16}}?{ORGAN}")
_YEAR = re.compile(r"(20\d{2})\s*年度?\s*(?:部门)?决算")
# The title: “[2024年度]NAME[2024年度]部门决算”, on the cover or after 第X部分; or “第X部分 NAME概况”.
_TITLE = re.compile(rf"(?:(?P<y1>20\d{{2}})年度?)?(?P<name>(?:中共)?[{_HAN}]{{2,40}}?{ORGAN})(?:(?P<y2>20\d{{2}})年度?|年度)?部门决算")
_PROFILE_TITLE = re.compile(rf"^(?P<name>(?:中共)?[{_HAN}]{{2,40}}?{ORGAN})(?:部门|单位)?概况")
_PART = re.compile(r"^\s*第[一二三四五六七八九十]+部分\s*(?P<rest>.*)$", re.M)
_HEADING_TAIL = 6  # a heading's wrapped remainder (说明, 表) is a few characters
_COVER_END = re.compile(r"^\s*(?:目\s*录|第[一二三四五六七八九十]+部分)", re.M)
# A county-level area printed in a name (乐山高新区, 某某新区) where the division table has none.
_AREA = re.compile(r"^(?:中共)?(?P<area>[\u4e00-\u9fff]{2,12}?(?:区|县|旗))")
# cpca's city for the counties of a municipality
_MUNICIPAL_CITY = ("市辖区", "县")


@dataclass(frozen=True)
class Identity:
    fiscal_year: int | None
    department_name: str | None
    province: str | None
    city: str | None
    county: str | None


def extract_identity(text: str) -> Identity:
    """Fiscal year, department and region as a careful reader would record them."""
    titles = _titles(text)
    title = titles[0] if titles else None
    department = _fullest_form(title[0], text) if title else _department_name(text)
    province, city, county = _region(department or "", title[0] if title else "")
    year = next((y for _, y in titles if y), None) or _fiscal_year(text)
    return Identity(year, department, province, city, county)


def _titles(text: str) -> list[tuple[str, int | None]]:
    """(name, year) of every title the report prints: the cover first, then the part headings.

    Titles are read with their line breaks removed: covers and headings wrap
    (上海市普陀区规划和自然\n资源局, …部门决算情况\n说明).
    """
    out: list[tuple[str, int | None]] = []
    cover_end = _COVER_END.search(text)
    cover = _squeeze(text[:cover_end.start()]) if cover_end else ""
    found = [_TITLE.search(cover)]
    for part in _PART.finditer(text):
        following = text[part.end():].split("\n", 2)[1:2]
        tail = following[0] if following and len(following[0].strip()) <= _HEADING_TAIL else ""
        heading = _squeeze(part.group("rest") + tail)
        found.append(_TITLE.match(heading) or _PROFILE_TITLE.match(heading))
    for m in found:
        if m and not m.group("name").startswith(("部门", "单位")):
            year = m.groupdict().get("y1") or m.groupdict().get("y2")
            out.append((m.group("name"), int(year) if year else None))
    return out


_SPACES = re.compile(r"\s+")


def _squeeze(text: str) -> str:
    return _SPACES.sub("", text)


def _fullest_form(title: str, text: str) -> str:
    """The longest name the document prints that spells out the title's organ.

    A longer form starts as the title does (or with 中共), has the same organ
    word and holds the title's characters in order but for an abbreviation
    (党工委 → 中共…工作委员会); a name that *contains* the title is a unit under
    it (…局执法大队), not its full form.
    """
    organ = re.search(rf"{ORGAN}$", title)
    fuller = [c for c in _candidates(text)
              if len(c) > len(title) and title not in c and organ and c.endswith(organ.group(0))
              and (c[0] == title[0] or c.startswith("中共")) and _in_order(title, c) >= 0.8 * len(title)]
    return max(fuller, key=lambda c: (len(c), c)) if fuller else title


def _in_order(short: str, long: str) -> int:
    """Length of the longest common subsequence of two short strings."""
    row = [0] * (len(long) + 1)
    for a in short:
        prev = 0
        for j, b in enumerate(long, 1):
            prev, row[j] = row[j], prev + 1 if a == b else max(row[j], row[j - 1])
    return row[-1]


def _candidates(text: str) -> set[str]:
    names = {m.group("name") for line in text.split("\n") if (m := _NAME_LINE.match(line))}
    return names | {m.group(0) for m in line_matches(_NAME_IN_TEXT, text, ("中共", "市", "州"))}


def _fiscal_year(text: str) -> int | None:
    years = Counter(int(m.group(1)) for m in _YEAR.finditer(text))
    return years.most_common(1)[0][0] if years else None


def _department_name(text: str) -> str | None:
    names = sorted(_candidates(text))
    placed = [name for name, place in zip(names, _places_of(names)) if place[0]]
    return max(placed, key=lambda c: (len(c), c)) if placed else None


def _places_of(names: list[str]) -> list[tuple[str | None, str | None, str | None]]:
    """(province, city, county) of each name."""
    return [_place(name) for name in names]


@lru_cache(maxsize=1 << 14)
def _place(name: str) -> tuple[str | None, str | None, str | None]:
    """cpca's reading of one name (what ``cpca.transform`` reads for each row), without the pandas frame
    that transform builds around it: the frame cost ten times the reading."""
    record = cpca._get_one_addr(name, False, {})
    return tuple(v if isinstance(v, str) and v else None for v in (record["省"], record["市"], record["区"]))  # type: ignore[return-value]


def _region(department: str, title: str) -> tuple[str | None, str | None, str | None]:
    province, city, county = _places_of([department])[0] if department else (None, None, None)
    if province and province.endswith("市") and (city is None or city in _MUNICIPAL_CITY):
        city = province  # a municipality is its own city
    if province and city and not county:
        # Development zones are not counties in the division table: recorded as printed.
        area = _AREA.match(title or department)
        county = area.group("area") if area else None
    return province, city, county
