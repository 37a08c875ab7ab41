"""Who published a report, for which year, and where.

The department's full name is printed in different lengths (县委办 / 县委办公室
/ 中共武胜县委员会办公室); the warehouse records the fullest official form the
document prints. The province is often never printed: it is inferred from the
city or county through the national administrative-division table (cpca).
"""
from __future__ import annotations

import re
import warnings
from collections import Counter
from dataclasses import dataclass

with warnings.catch_warnings():  # cpca imports pkg_resources, which warns on import
    warnings.simplefilter("ignore")
    import cpca

_ORGAN = r"(?:办公室|委员会|人民政府|政府|局|厅|中心|院|所|站|队|馆|处|部|街道办事处)"
_HAN = r"\u4e00-\u9fff（）"
# A line that is nothing but a name (table cells, attachment headers, cover).
_NAME_LINE = re.compile(rf"^\s*(?:\d{{4}}年度?)?(?P<name>(?:中共)?[{_HAN}]{{3,30}}{_ORGAN})\s*$", re.M)
# Names inside sentences: 中共…办公室 or 某市某区…局.
_NAME_IN_TEXT = re.compile(rf"中共[{_HAN}]{{2,24}}?{_ORGAN}(?:办公室)?|[\u4e00-\u9fff]{{2,4}}[市州][\u4e00-\u9fff]{{2,5}}[区县市][{_HAN}]{{2,16}}?{_ORGAN}")
_YEAR = re.compile(r"(20\d{2})\s*年度?\s*(?:部门)?决算")
_ZONE = r"(?:高新区|经开区|开发区|新区|园区)"


@dataclass(frozen=True)
class Identity:
    fiscal_year: int | None
    department_name: str | None
    province: str | None
    city: str | None
    county: str | None


def extract_identity(text: str) -> Identity:
    """Fiscal year, department and region as a careful reader would record them."""
    department = _department_name(text)
    province, city, county = _region(department or "", text)
    return Identity(_fiscal_year(text), department, province, city, county)


def _fiscal_year(text: str) -> int | None:
    years = Counter(int(m.group(1)) for m in _YEAR.finditer(text))
    return years.most_common(1)[0][0] if years else None


def _department_name(text: str) -> str | None:
    candidates = {m.group("name") for m in _NAME_LINE.finditer(text)}
    candidates |= {m.group(0) for m in _NAME_IN_TEXT.finditer(text)}
    names = sorted(candidates)
    placed = [name for name, place in zip(names, _places_of(names)) if place[0]]
    return max(placed, key=lambda c: (len(c), c)) if placed else None


def _places_of(names: list[str]) -> list[tuple[str | None, str | None, str | None]]:
    """(province, city, county) of each name, in one pass over the division table."""
    if not names:
        return []
    rows = cpca.transform(names)[["省", "市", "区"]].itertuples(index=False)
    return [tuple(v if isinstance(v, str) and v else None for v in row) for row in rows]  # type: ignore[misc]


def _region(department: str, text: str) -> tuple[str | None, str | None, str | None]:
    province, city, county = _places_of([department])[0] if department else (None, None, None)
    if province and city and not county:
        # Development zones are not counties in the division table; record them as printed.
        short = city.removesuffix("市")
        zones = Counter(re.findall(rf"{short}[\u4e00-\u9fff]{{0,4}}?{_ZONE}", text))
        county = zones.most_common(1)[0][0] if zones else None
    return province, city, county
