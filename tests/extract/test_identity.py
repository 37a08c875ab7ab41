"""Identity of a report of any kind of unit, read from openings written like real ones.

Each opening is a cover, its contents and the start of the first part, worded as
the published reports of that kind of unit are (a 教育部 university, a 街道, a
乡镇, a central unit in Beijing, a Sichuan county bureau). The place expected is
the one the text states; where it states none, the place is empty.
"""
import pytest

from pipeline.extract import identity
from pipeline.extract.identity import Identity, extract_identity
from pipeline.ingest.normalize import normalize

CONTENTS = """目录
第一部分 {profile}
一、主要职能
二、机构设置
第二部分 {year}年度{kind}决算表
一、收入支出决算总表
二、收入决算表
三、支出决算表
第三部分 {year}年度{kind}决算情况说明
一、收入支出决算总体情况说明
第四部分 名词解释
"""


def _read(text: str) -> Identity:
    return extract_identity(normalize(text).text)


def _opening(cover: str, profile: str, body: str, year: int = 2024, kind: str = "部门") -> str:
    return f"{cover}\n{CONTENTS.format(profile=profile, year=year, kind=kind)}第一部分 {profile}\n{body}\n"


UNIVERSITY_2023 = _opening(
    "华中科技大学\n2023年度决算\n\n二〇二四年八月", "华中科技大学概况",
    "一、主要职能\n华中科技大学是国家教育部直属重点综合性大学，由原华中理工大学、同济医科大学、武汉城市\n"
    "建设学院于2000年5月26日合并成立，位于湖北省武汉市，是国家“211工程”重点建设和“985工程”建设\n"
    "高校之一。学校在深圳设有研究院，在温州设有先进制造技术研究院。\n"
    "二、机构设置\n学校设有院系46个，附属医院3所。", year=2023, kind="单位")

UNIVERSITY_2024 = _opening(
    "华中科技大学2024年度部门决算\n单位地址：湖北省武汉市洪山区珞喻路1037号\n邮政编码：430074",
    "华中科技大学概况",
    "一、主要职能\n学校以人才培养、科学研究、社会服务、文化传承创新和国际交流合作为主要职能。\n"
    "二、机构设置\n学校设有院系46个。")


def test_a_university_is_placed_by_its_description():
    """The 2023 report: the cover names the university, the first part says it is in 武汉市; the cities
    of its institutes (深圳, 温州) are not where the university is."""
    assert _read(UNIVERSITY_2023) == Identity(2023, "华中科技大学", "湖北省", "武汉市", None)


def test_a_university_is_placed_by_its_address():
    assert _read(UNIVERSITY_2024) == Identity(2024, "华中科技大学", "湖北省", "武汉市", "洪山区")


def test_a_university_named_after_another_city_is_placed_where_it_says():
    """中山 is a city of the division table; 中山大学 says it is in 广州."""
    text = _opening("中山大学2024年度部门决算", "中山大学概况",
                    "一、主要职能\n中山大学由孙中山先生创办，现由教育部直属，学校位于广东省广州市，是一所综合性大学。")
    assert _read(text) == Identity(2024, "中山大学", "广东省", "广州市", None)


def test_a_unit_that_states_no_place_has_none():
    text = _opening("中国人民大学2024年度部门决算", "中国人民大学概况",
                    "一、主要职能\n学校以人文社会科学为主，坚持立德树人。\n二、机构设置\n学校设有学院30个。")
    assert _read(text) == Identity(2024, "中国人民大学", None, None, None)


def test_a_place_of_a_subordinate_is_not_the_units():
    text = _opening("中国林业科学研究院2024年度部门决算", "中国林业科学研究院概况",
                    "一、主要职能\n开展林业科学研究。\n二、机构设置\n下设热带林业实验中心，实验中心位于广西壮族自治区凭祥市。")
    assert _read(text) == Identity(2024, "中国林业科学研究院", None, None, None)


def test_a_district_shared_by_several_cities_is_not_guessed():
    """朝阳区 is a district of 北京 and of 长春: an address that prints nothing more places nothing."""
    text = _opening("中国地震局2024年度部门决算\n单位地址：朝阳区建国路1号", "中国地震局概况",
                    "一、主要职能\n承担全国防震减灾工作。")
    assert _read(text) == Identity(2024, "中国地震局", None, None, None)


def test_a_central_unit_in_beijing():
    text = _opening("中央民族大学\n2024年度部门决算", "中央民族大学概况",
                    "一、主要职能\n中央民族大学是国家民族事务委员会、教育部、北京市共建的大学。\n"
                    "二、机构设置\n学校设有学院21个。\n单位地址：北京市海淀区中关村南大街27号")
    assert _read(text) == Identity(2024, "中央民族大学", "北京市", "北京市", "海淀区")


def test_a_university_whose_name_states_its_seat():
    text = _opening("中国地质大学（武汉）2024年度部门决算", "中国地质大学（武汉）概况",
                    "一、主要职能\n学校是教育部直属的全国重点大学。")
    assert _read(text) == Identity(2024, "中国地质大学（武汉）", "湖北省", "武汉市", None)


def test_a_jiedao_wrapped_over_the_cover():
    """The 广元市利州区 form: the year first and the name wrapped over two cover lines."""
    text = ("2024年度广元市利州区人民政府\n\n东坝街道办事处部门决算\n\n" + CONTENTS.format(
        profile="部门概况", year=2024, kind="部门") + "第一部分 部门概况\n一、部门职责\n"
        "1.落实关于辖区发展的重大决策部署，制定并执行辖区经济和社会发展计划。\n")
    assert _read(text) == Identity(2024, "广元市利州区人民政府东坝街道办事处", "四川省", "广元市", "利州区")


def test_a_jiedao_without_contents():
    """A report published as one page: the title is its first line, no 目录."""
    text = ("重庆市渝中区人民政府两路口街道办事处2024年度决算公开说明\n一、部门基本情况\n（一）职能职责\n"
            "两路口街道办事处为重庆市渝中区人民政府的派出机关。\n二、部门决算收支情况说明\n")
    assert _read(text) == Identity(2024, "重庆市渝中区人民政府两路口街道办事处", "重庆市", "重庆市", "渝中区")


def test_a_township_government():
    text = _opening("武胜县飞龙镇人民政府\n2023年度部门决算", "部门概况",
                    "一、主要职能\n贯彻执行党和国家的路线方针政策，负责全镇经济社会发展。", year=2023)
    assert _read(text) == Identity(2023, "武胜县飞龙镇人民政府", "四川省", "广安市", "武胜县")


def test_a_town_named_in_its_title_without_its_office():
    text = _opening("蓬溪县赤城镇2023年度部门决算", "部门概况", "一、主要职能\n负责全镇经济社会发展。", year=2023)
    assert _read(text) == Identity(2023, "蓬溪县赤城镇", "四川省", "遂宁市", "蓬溪县")


def test_a_sichuan_county_bureau():
    """The province and city are never printed: the division table places 旺苍县."""
    text = _opening("旺苍县教育局\n2024年度部门决算", "旺苍县教育局概况",
                    "一、主要职能\n贯彻执行国家教育方针，统筹全县教育事业发展。\n二、机构设置\n"
                    "局机关内设股室8个，下属学校位于东河镇、嘉川镇等。")
    assert _read(text) == Identity(2024, "旺苍县教育局", "四川省", "广元市", "旺苍县")


def test_a_hospital_unit_report_named_with_its_city():
    """泸州市 is printed in full in the name: the hospital is placed by it."""
    text = _opening("2023年度泸州市中医医院单位决算", "单位概况",
                    "一、主要职责\n承担全市中医医疗、教学、科研任务。", year=2023, kind="单位")
    assert _read(text) == Identity(2023, "泸州市中医医院", "四川省", "泸州市", None)


def test_a_name_line_stands_for_a_missing_title():
    text = ("单位名称：某某职业技术学院\n单位地址：四川省成都市武侯区一环路南四段1号\n"
            "一、收入支出决算总体情况说明\n2024年度收入总计100万元。\n")
    assert _read(text) == Identity(None, "某某职业技术学院", "四川省", "成都市", "武侯区")


def test_a_document_is_placed_with_one_reading_of_the_division_table(monkeypatch):
    """``cpca.transform`` builds a frame per call: a document's names and addresses are read in one."""
    calls = []
    transform = identity.cpca.transform
    monkeypatch.setattr(identity.cpca, "transform", lambda strings, **kw: calls.append(list(strings)) or transform(strings, **kw))
    monkeypatch.setattr(identity, "_READINGS", {})
    _read(UNIVERSITY_2023)
    assert len(calls) == 1
    _read(UNIVERSITY_2023)
    assert len(calls) == 1, "a name read once is not read again"


@pytest.mark.parametrize("ending", ["大学", "学院", "学校", "医院", "街道办事处", "人民政府", "局", "中心"])
def test_every_kind_of_unit_is_a_title(ending):
    name = f"四川省某某{ending}"
    assert _read(f"{name}2024年度部门决算\n目录\n").department_name == name


def test_a_title_among_the_lines_of_a_web_page():
    """A report copied from its web page (泸州市中医医院): the page's lines before the title are not its name."""
    text = ("24小时应诊电话:0830-3103108\n欢迎来到泸州市中医医院\n"
            "泸州市中医医院2023年度单位决算\n来源:泸州市中医医院    发布时间:2024-09-24 16:08:34\n"
            "目录\n公开日期:2024926\n第一部分 单位概况\n一、 主要职责\n第二部分 2023年度单位决算情况说明\n")
    assert _read(text) == Identity(2023, "泸州市中医医院", "四川省", "泸州市", None)


def test_a_cover_line_that_is_nothing_but_a_place():
    """The cover prints where the university is under its title; its other lines (the date) place nothing."""
    text = _opening("华中科技大学\n2023年度决算\n湖北省武汉市\n二〇二四年八月", "华中科技大学概况",
                    "一、主要职能\n学校以人才培养、科学研究为主要职能。", year=2023)
    assert _read(text) == Identity(2023, "华中科技大学", "湖北省", "武汉市", None)


def test_a_report_without_a_title_is_named_by_its_description():
    """No cover and no name in the headings: the first part opens on the unit (华中科技大学是…)."""
    text = ("目录\n第一部分 单位概况\n第二部分 2023年度单位决算表\n第一部分 单位概况\n一、主要职能\n"
            "华中科技大学是国家教育部直属重点综合性大学，位于湖北省武汉市。\n二、机构设置\n学校设有院系46个。\n")
    assert _read(text) == Identity(2023, "华中科技大学", "湖北省", "武汉市", None)


def test_a_sentence_that_opens_on_the_unit_places_it_and_one_on_a_subordinate_does_not():
    body = "一、主要职能\n承担全市中医医疗任务。\n二、机构设置\n{}"
    opening = _opening("某某中医医院2024年度部门决算", "某某中医医院概况", body)
    assert _read(opening.format("医院位于四川省泸州市江阳区。")) == Identity(
        2024, "某某中医医院", "四川省", "泸州市", "江阳区")
    assert _read(opening.format("下属学校位于四川省泸州市江阳区。")) == Identity(2024, "某某中医医院", None, None, None)


def test_a_jiedao_of_a_municipality():
    """The 北京 template: the name on one cover line, the year and 部门决算 on the next; 北京 is its own city."""
    text = ("北京市通州区中仓街道办事处\n2024年度部门决算\n目 录\n第一部分 2024年度部门决算报表\n"
            "第二部分 2024年度部门决算说明\n第一部分 2024年度部门决算报表\n报表详见附件。\n"
            "第二部分 2024年度部门决算说明\n一、部门/单位基本情况\n"
            "1、部门机构设置:中仓街道办事处综合设置6个内设机构,下设3个事业单位。\n")
    assert _read(text) == Identity(2024, "北京市通州区中仓街道办事处", "北京市", "北京市", "通州区")


def test_an_institution_is_placed_as_far_as_its_name_spells_its_place():
    """黄山市 is printed in full, 黄山 of 黄山第一中学 is not a district: the city and no county."""
    text = ("黄山市黄山第一中学2024年度单位决算\n2025年9月\n目 录\n第一部分 黄山市黄山第一中学单位概况\n"
            "一、主要职责\n二、机构设置\n第一部分 黄山市黄山第一中学概况\n一、主要职责\n宗旨:实施高中学历教育。\n")
    assert _read(text) == Identity(2024, "黄山市黄山第一中学", "安徽省", "黄山市", None)


def test_a_county_printed_short_is_not_read_as_a_city_of_chongqing():
    """cpca reads the 县 of 张家川县 (张家川回族自治县, 甘肃) as 重庆's counties: that is no place."""
    text = ("目 录\n第一部分 部门概况\n第二部分 2024年度部门决算表\n第一部分 部门概况\n一、部门职责\n"
            "张家川县龙山镇四方中学是一所九年一贯制学校,担负着四方村及周边村庄的初中义务教育。\n")
    assert _read(text) == Identity(2024, "张家川县龙山镇四方中学", None, None, None)
