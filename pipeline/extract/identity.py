"""Who published a report, for which year, and where.

The report names its unit on the cover and in its part headings
(“XX 2024 年度部门决算”, “XX大学2023年度决算”, “第一部分 XX概况”); that title
decides whose report it is — never a unit listed under 部门决算单位构成 or a
phrase of a sentence. Where the title abbreviates the name (乐山高新区党工委
办公室), the warehouse records the fullest official form the document prints of
the same organ. Without a title, the unit is a 单位名称 line's, else the one the
first part's description opens on (华中科技大学是…), else the fullest placed
name the document prints.

The place comes from the text, read against the national administrative-division
table (cpca): from the name where it spells a place (广元市昭化区…, 武胜县…: the
province is often never printed), else from where the report says the unit is
(单位地址, a cover line 湖北省武汉市, “位于湖北省武汉市”) — how central units and
universities are placed.
A place never stated, or a district name shared by several cities with nothing
to tell them apart, is left empty, never guessed. A municipality (北京、上海、
天津、重庆) is its own province and city. The words are in vocabulary/identity.yaml.
"""
from __future__ import annotations

import re
import warnings
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

with warnings.catch_warnings():  # cpca imports pkg_resources, which warns on import
    warnings.simplefilter("ignore")
    import cpca

from pipeline.segment.lines import line_matches

_WORDS = yaml.safe_load((Path(__file__).parent / "vocabulary" / "identity.yaml").read_text(encoding="utf-8"))


def _any(words: list[str]) -> str:
    return "(?:" + "|".join(map(re.escape, sorted(words, key=len, reverse=True))) + ")"


ORGAN = _any(_WORDS["organ_endings"])  # words a department name ends in
_AREA_WORD = _any(_WORDS["area_endings"])
_INSTITUTION = re.compile(_any(_WORDS["institution_endings"]) + r"(?:（[^（）]+）)?$")
_SEAT = re.compile(r"（(?P<seat>[^（）]+)）$")
_HAN = r"\u4e00-\u9fff（）"
# A campus or seat in brackets after the name: 中国地质大学（武汉）.
_BRACKETED = r"(?:（[\u4e00-\u9fff]{2,8}）)?"
_NAME = rf"(?P<name>(?:中共)?[{_HAN}]{{2,40}}?(?:{ORGAN}|{_AREA_WORD}){_BRACKETED})"
_YEAR_WORD = r"(?P<year>20\d{2})年度?"


def _forms(key: str) -> list[re.Pattern]:
    """A title form is matched at the start of a heading or a cover line, never searched for inside text."""
    return [re.compile(r"\A" + form.format(name=_NAME, year=_YEAR_WORD)) for form in _WORDS[key]]


_TITLE_FORMS = _forms("title_forms")
_PROFILE_FORMS = _forms("profile_forms")
_YEAR = re.compile(rf"(20\d{{2}})\s*年度?\s*{_any(_WORDS['year_kinds'])}?决算")
# A line that is nothing but a name (table cells, attachment headers, cover).
_NAME_LINE = re.compile(rf"^[^\S\n]*(?:\d{{4}}年度?)?(?P<name>(?:中共)?[{_HAN}]{{3,30}}{ORGAN}{_BRACKETED})\s*$", re.M)
# Names inside sentences: 中共…办公室 or 某市某区…局 (on one line).
_NAME_IN_TEXT = re.compile(rf"中共[{_HAN}]{{2,24}}?{ORGAN}(?:办公室)?|[\u4e00-\u9fff]{{2,4}}[市州][\u4e00-\u9fff]{{2,5}}[区县市][{_HAN}]{{2,16}}?{ORGAN}")
_NAME_CUE = re.compile(rf"^[^\S\n]*{_any(_WORDS['name_cues'])}\s*[:：]\s*(?P<name>[{_HAN}]{{3,40}})\s*$", re.M)
_DESCRIBED = re.compile(rf"^[^\S\n]*{_NAME}{_any(_WORDS['description_verbs'])}", re.M)
_ADDRESS_CUE = re.compile(rf"{_any(_WORDS['address_cues'])}\s*[:：]\s*(?P<place>[^\n，。；,;]{{2,40}})")
_LOCATION_CUE = re.compile(rf"{_any(_WORDS['location_cues'])}(?P<place>[^\n，。；,;、（(]{{2,30}})")
_SELF_OPENING = re.compile(rf"(?:^|\n)[^\S\n]*{_any(_WORDS['self_words'])}")  # a sentence or paragraph on its unit
_PART = re.compile(r"^[^\S\n]*第[一二三四五六七八九十]+部分\s*[:：]?\s*(?P<rest>.*)$", re.M)
_HEADING_TAIL = 6  # a heading's wrapped remainder (说明, 表) is a few characters
_COVER_END = re.compile(r"^[^\S\n]*(?:目\s*录|第[一二三四五六七八九十]+部分)", re.M)
_COVER_WITHOUT_CONTENTS = 3  # lines read as the cover of a report that prints no contents
_COVER_CHARS = 3000  # a cover with a web page's menus before it; a title is never further in
_TITLE_LINES = 4  # lines a cover's title wraps over: 中共上海市普陀区委\n社会工作部 2024 年度\n部门决算
_OPENING = 8000  # characters where a report says where its unit is: cover, contents and first part
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


Place = tuple[str | None, str | None, str | None]
_NOWHERE: Place = (None, None, None)


def extract_identity(text: str) -> Identity:
    """Fiscal year, department and region as a careful reader would record them."""
    titles = _titles(text)
    title = titles[0][0] if titles else None
    statements = _statements(text)
    department = (_fullest_form(title, text) if title else
                  _named(text) or _described(text) or _department_name(text, statements))
    province, city, county = _region(department, title or "", statements)
    year = next((y for _, y in titles if y), None) or _fiscal_year(text)
    return Identity(year, department, province, city, county)


def _titles(text: str) -> list[tuple[str, int | None]]:
    """(name, year) of every title the report prints: the cover first, then the part headings.

    Titles are read with their line breaks removed: covers and headings wrap
    (上海市普陀区规划和自然\n资源局, …部门决算情况\n说明).
    """
    found = [_first_title(_cover(text))]
    for part in _PART.finditer(text):
        following = text[part.end():].split("\n", 2)[1:2]
        tail = following[0] if following and len(following[0].strip()) <= _HEADING_TAIL else ""
        heading = _squeeze(part.group("rest") + tail)
        found.append(next((m for form in _TITLE_FORMS + _PROFILE_FORMS if (m := form.match(heading))), None))
    out: list[tuple[str, int | None]] = []
    for m in found:
        if m and _is_a_name(m.group("name")):
            year = m.groupdict().get("year")
            out.append((m.group("name"), int(year) if year else None))
    return out


def _cover(text: str) -> list[str]:
    """The lines before the contents, or the first lines of a report that prints none."""
    cover_end = _COVER_END.search(text, 0, _COVER_CHARS)
    lines = text[:cover_end.start()].split("\n") if cover_end else \
        text[:_COVER_CHARS].lstrip().split("\n", _COVER_WITHOUT_CONTENTS)[:_COVER_WITHOUT_CONTENTS]
    return [line for line in lines if line.strip()]


def _first_title(cover: list[str]) -> re.Match | None:
    """The first cover line that starts a title, read with the lines it wraps over; the longest title there.

    A title starts its line, and the name it reads is a unit's: not 部门决算… nor a line
    above it that ends in the same name (a web page's 欢迎来到某某医院\n某某医院2023年度…).
    """
    for first in range(len(cover)):
        wrapped = _squeeze("".join(cover[first:first + _TITLE_LINES]))
        matches = [m for form in _TITLE_FORMS if (m := form.match(wrapped)) and _is_a_name(m.group("name"))]
        if matches:
            return max(matches, key=lambda m: m.end())
    return None


_DOUBLED = re.compile(r"(.{4,20})\1")  # 某某医院某某医院: two lines joined, not a name


def _is_a_name(name: str) -> bool:
    return not name.startswith(("部门", "单位")) and not _DOUBLED.search(name)


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


def _named(text: str) -> str | None:
    """The name a 单位名称 line of the opening gives."""
    m = _NAME_CUE.search(text, 0, _OPENING)
    return m.group("name") if m else None


def _described(text: str) -> str | None:
    """The unit a line of the first part's description opens on (华中科技大学是…), in its fullest
    form: a description abbreviates as titles do (县委办公室是… of 中共武胜县委员会办公室)."""
    m = _DESCRIBED.search(text, 0, _OPENING)
    return _fullest_form(m.group("name"), text) if m and _is_a_name(m.group("name")) else None


def _fiscal_year(text: str) -> int | None:
    years = Counter(int(m.group(1)) for m in _YEAR.finditer(text))
    return years.most_common(1)[0][0] if years else None


def _department_name(text: str, statements: list[_Statement]) -> str | None:
    names = sorted(_candidates(text))
    _readings(names + _seats(names) + [s.place for s in statements])  # one reading for the document
    placed = [name for name in names if _place_of_name(name)[0]]
    return max(placed, key=lambda c: (len(c), c)) if placed else None


def _region(department: str | None, title: str, statements: list[_Statement]) -> Place:
    """Where the name puts the unit, else where the report says it is."""
    names = [department] if department else []
    _readings(names + _seats(names) + [s.place for s in statements])
    if department:
        province, city, county = _place_of_name(department)
        if province:
            if city and not county:
                # Development zones are not counties in the division table: recorded as printed.
                area = _AREA.match(title or department)
                county = area.group("area") if area else None
            return province, city, county
    about_the_unit = [s.place for s in statements if _speaks_of(s, department)]
    return next((place for s in about_the_unit if (place := _as_stated(_read(s)))[0]), _NOWHERE)


def _speaks_of(statement: _Statement, department: str | None) -> bool:
    """Whether the statement places the report's unit: a 位于 sentence names it or opens on 学校, 本单位 …
    (下属学校位于… is another unit's place); a cover line is nothing but a place."""
    if statement.alone:
        return not _read(statement.place).rest  # 湖北省武汉市, not 中山大学
    if statement.subject is None:
        return True
    return bool(department and department in statement.subject) or bool(_SELF_OPENING.search(statement.subject))


def _seats(names: list[str]) -> list[str]:
    return [m.group("seat") for name in names if (m := _SEAT.search(name))]


@dataclass(frozen=True)
class _Statement:
    """Words of the opening that say where a unit is: an address line, a cover line, or a description's 位于….

    A 位于 speaks of the report's unit only where its sentence names it (or opens on 学校, 本单位 …):
    a description also places its sites and subordinates. ``subject`` is that sentence up to
    the cue; an address line has none. A cover line (``alone``) places the unit only if it is
    nothing but a place.
    """

    place: str
    subject: str | None = None
    alone: bool = False


_SUBJECT_SPAN = 120  # characters of a sentence read before its 位于
_PLACE_LINE = 12  # characters of a cover line that can be nothing but a place: 湖北省武汉市洪山区


def _statements(text: str) -> list[_Statement]:
    """What the opening says of a unit's place, most explicit first: 单位地址 lines, the cover's
    short lines, the description's 位于… (each kind in the order printed)."""
    opening = text[:_OPENING]
    addresses = [_Statement(m.group("place").strip()) for m in _ADDRESS_CUE.finditer(opening)]
    cover = [_Statement(line, alone=True) for line in map(_squeeze, _cover(text)) if len(line) <= _PLACE_LINE]
    located = []
    for m in _LOCATION_CUE.finditer(opening):
        start = max(m.start() - _SUBJECT_SPAN, *(opening.rfind(end, 0, m.start()) + 1 for end in "。；！"))
        located.append(_Statement(m.group("place").strip(), opening[start:m.start()]))
    return addresses + cover + located


@dataclass(frozen=True)
class _Reading:
    """cpca's reading of one string: the division names, where each was printed (-1: inferred), and
    what the string holds besides them."""

    province: str | None
    city: str | None
    county: str | None
    printed_at: tuple[int, int, int]
    rest: str


_KEPT_READINGS = 1 << 14
_READINGS: dict[str, _Reading] = {}  # across documents: the same names recur in every year's report


def _readings(strings: list[str]) -> dict[str, _Reading]:
    """cpca's reading of each string, in one ``cpca.transform`` for those not read before.

    One call per document: ``transform`` builds a frame around its readings, which costs
    as much for one string as for dozens.
    """
    unread = [s for s in dict.fromkeys(strings) if s not in _READINGS]
    if unread:
        if len(_READINGS) + len(unread) > _KEPT_READINGS:
            _READINGS.clear()
        frame = cpca.transform(unread, pos_sensitive=True)
        rows = frame[["省", "市", "区", "省_pos", "市_pos", "区_pos", "地址"]].itertuples(index=False, name=None)
        for s, (province, city, county, *printed, rest) in zip(unread, rows):
            names = (v if isinstance(v, str) and v else None for v in (province, city, county))
            _READINGS[s] = _Reading(*names, tuple(int(p) for p in printed),  # type: ignore[arg-type]
                                    rest.strip(" ·") if isinstance(rest, str) else s)
    return {s: _READINGS[s] for s in strings}


def _read(text: str) -> _Reading:
    return _readings([text])[text]


def _place_of_name(name: str) -> Place:
    """The place a unit's name states: an institution's only as far as spelled in full, or in brackets."""
    reading = _read(name)
    if not _INSTITUTION.search(name):
        return _as_stated(reading)
    spelled = _spelled_in_full(name, reading)
    if spelled is None and (seat := _SEAT.search(name)):
        spelled = _read(seat.group("seat"))
    return _as_stated(spelled) if spelled else _NOWHERE


def _spelled_in_full(name: str, reading: _Reading) -> _Reading | None:
    """The reading down to the first division the name prints short (中山 of 中山大学, 黄山 of 黄山第一中学),
    if the name prints one in full (黄山市黄山第一中学: 安徽省 黄山市)."""
    kept: list[str | None] = []
    for division, at in zip((reading.province, reading.city, reading.county), reading.printed_at):
        if division and at >= 0 and division not in name:
            break
        kept.append(division)
    if not any(division and at >= 0 for division, at in zip(kept, reading.printed_at)):
        return None
    province, city, county = kept + [None] * (3 - len(kept))
    return replace(reading, province=province, city=city, county=county)


def _as_stated(reading: _Reading) -> Place:
    """The reading as (province, city, county), or nowhere where only a shared district name was printed."""
    province, city, county = reading.province, reading.city, reading.county
    if not province or (reading.printed_at[:2] == (-1, -1) and _COUNTY_NAMES[county] > 1):
        return _NOWHERE  # 朝阳区 alone: 北京 or 长春
    if city in _MUNICIPAL_CITY and reading.printed_at[1] >= 0:
        return _NOWHERE  # a bare 县 (张家川县, 县委办公室), which cpca reads as 重庆's counties
    if province.endswith("市") and (city is None or city in _MUNICIPAL_CITY):
        city = province  # a municipality is its own city
    return province, city, county


# How many counties of the division table bear each name.
_COUNTY_NAMES = Counter(info.name for info in cpca.ad_2_addr_dict.values() if info.rank == 2)
