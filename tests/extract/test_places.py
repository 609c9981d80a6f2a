"""Place mentions, their resolution to the admin tree, and the choice of activity place.

Sentences are written for these tests; none is copied from the gold pages.
"""

from __future__ import annotations

from importlib import resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.places import PlaceContext, find_places, gazetteer
from extract.records import Place


def _body_places(body: str, title: str = "") -> list[Place]:
    places = find_places(title, body)
    for p in places:
        source = body if p.field == "body" else title
        assert source[p.start : p.end] == p.text
    return places


def _first(body: str, text: str) -> Place:
    matches = [p for p in _body_places(body) if p.text == text]
    assert matches, f"{text!r} not found in {[p.text for p in _body_places(body)]}"
    return matches[0]


def _activity(title: str, body: str, **kw: str) -> set[tuple[str | None, str | None]]:
    return {(p.city, p.county) for p in find_places(title, body, **kw) if p.role == "activity"}


# --- the gazetteer -------------------------------------------------------------------------------


def test_gazetteer_has_codes_and_township_level() -> None:
    g = gazetteer()
    assert g.unit("440000").name == "广东省"
    assert g.unit("440783").name == "开平市"
    assert g.unit("440783").city == "440700"
    towns = [u for u in g.units.values() if u.level == 4 and u.province == "440000"]
    assert len(towns) > 1500  # every 镇/乡/街道 of Guangdong
    assert len([u for u in g.units.values() if u.level == 3]) > 2800  # the whole country at county level


def test_data_file_names_its_source_and_date() -> None:
    tsv = resources.files("extract.data.places").joinpath("divisions.tsv").read_text(encoding="utf-8")
    header = [line for line in tsv.splitlines()[:6] if line.startswith("#")]
    assert any("source:" in line and "Civil Affairs" in line for line in header)
    assert any("data_as_of: 2025-12-31" in line for line in header)


def test_cities_without_counties_hold_their_towns_directly() -> None:
    g = gazetteer()
    zhongshan_towns = [u for u in g.units.values() if u.level == 4 and u.city == "442000"]
    assert zhongshan_towns
    assert all(u.county is None for u in zhongshan_towns)


# --- forms ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "text", "city", "county", "town"),
    [
        ("昨天湛江迎来一场大雨。", "湛江", "湛江市", None, None),
        ("会议在江门开平市召开。", "江门开平市", "江门市", "开平市", None),
        ("佛山南海的快递员领到了礼包。", "佛山南海", "佛山市", "南海区", None),
        ("南海区总工会送来慰问品。", "南海区", "佛山市", "南海区", None),
        ("顺德的外卖骑手参加了培训。", "顺德", "佛山市", "顺德区", None),
        ("饶平县职工书屋揭牌。", "饶平县", "潮州市", "饶平县", None),
        ("百合镇总工会走访企业。", "百合镇", "江门市", "开平市", "百合镇"),
        ("坦洲镇的工厂招工。", "坦洲镇", "中山市", None, "坦洲镇"),
        ("杜阮镇总工会举办讲座。", "杜阮镇", "江门市", "蓬江区", "杜阮镇"),
        ("三栋镇的驿站开放了。", "三栋镇", "惠州市", "惠城区", "三栋镇"),
        ("桥西街道总工会慰问环卫工人。", "桥西街道", "惠州市", "惠城区", "桥西街道"),
        ("潮州市饶平县的茶农。", "潮州市饶平县", "潮州市", "饶平县", None),
        ("广东省广州市天河区的职工。", "广东省广州市天河区", "广州市", "天河区", None),
        ("连山县的职工书屋。", "连山县", "清远市", "连山壮族瑶族自治县", None),
        ("东莞的工厂。", "东莞", "东莞市", None, None),
    ],
)
def test_forms_resolve(body: str, text: str, city: str, county: str | None, town: str | None) -> None:
    p = _first(body, text)
    assert (p.province, p.city, p.county, p.town) == ("广东省", city, county, town)


def test_codes_are_adcodes() -> None:
    p = _first("佛山南海的职工。", "佛山南海")
    assert (p.province_code, p.city_code, p.county_code) == ("440000", "440600", "440605")


def test_municipality_is_its_own_city() -> None:
    p = _first("北京市朝阳区的快递员。", "北京市朝阳区")
    assert (p.province, p.city, p.county) == ("北京市", "北京市", "朝阳区")


def test_province_only() -> None:
    p = _first("湖南的职工来粤务工。", "湖南")
    assert (p.province, p.city, p.county) == ("湖南省", None, None)


def test_development_zone_is_city_level() -> None:
    p = _first("活动由韶关高新区工会承办。", "韶关高新区")
    assert (p.city, p.county) == ("韶关市", None)


@pytest.mark.parametrize(
    ("body", "absent"),
    [
        ("欢迎新会员加入工会。", "新会"),  # 新会 (江门新会区) inside 新会员
        ("他毕业于中山大学。", "中山"),  # Sun Yat-sen University is in 广州
        ("常务副主席徐海东出席。", "海东"),  # a given name, not 海东市
        ("推进新型城镇化建设。", "城镇"),
        ("空气清新，阳光明媚。", "清新"),  # 清新区 needs its city or its suffix
    ],
)
def test_words_that_are_not_places(body: str, absent: str) -> None:
    assert all(absent not in p.text for p in _body_places(body))


def test_common_word_short_form_still_reads_after_its_city() -> None:
    p = _first("清远清新的户外劳动者。", "清远清新")
    assert (p.city, p.county) == ("清远市", "清新区")


# --- ambiguity -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "text", "city", "county"),
    [
        # 塘口镇 exists in 开平市 and in 阳西县: the city named elsewhere decides
        ("阳江市总工会组织职工到塘口镇参观。", "塘口镇", "阳江市", "阳西县"),
        ("江门市总工会组织职工到塘口镇参观。", "塘口镇", "江门市", "开平市"),
        # 建设街道 is in 越秀区 and in 霞山区
        ("湛江市职工在建设街道植树。", "建设街道", "湛江市", "霞山区"),
        ("广州市职工在建设街道植树。", "建设街道", "广州市", "越秀区"),
        # the same district name in two provinces
        ("长春市总工会在朝阳区举办培训。", "朝阳区", "长春市", "朝阳区"),
        ("福州市总工会在鼓楼区开展活动。", "鼓楼区", "福州市", "鼓楼区"),
    ],
)
def test_ambiguous_names_resolved_by_context(body: str, text: str, city: str, county: str) -> None:
    p = _first(body, text)
    assert (p.city, p.county) == (city, county)


def test_town_outside_home_province_needs_its_county() -> None:
    # 城关镇 exists in hundreds of counties: alone it is dropped, with its county it resolves
    assert not [p for p in _body_places("城关镇的职工参加了比赛。") if "城关镇" in p.text]
    p = _first("河南省汤阴县城关镇的职工。", "河南省汤阴县城关镇")
    assert (p.city, p.county) == ("安阳市", "汤阴县")
    p = _first("清丰县总工会到城关镇走访职工。", "城关镇")
    assert (p.city, p.county) == ("濮阳市", "清丰县")


def test_home_province_decides_between_provinces() -> None:
    # 石龙镇 is in 东莞 and in four other provinces
    p = _first("石龙镇总工会开展慰问。", "石龙镇")
    assert p.city == "东莞市"
    other = find_places("", "石龙镇总工会开展慰问。", PlaceContext(home_province="广西壮族自治区"))
    assert other and other[0].province == "广西壮族自治区"


def test_short_county_forms_are_home_province_only() -> None:
    # 岳麓 (长沙岳麓区) alone is not matched for a Guangdong paper, but is after its city
    assert not [p for p in _body_places("岳麓的大学生。") if p.text == "岳麓"]
    p = _first("长沙岳麓的大学生。", "长沙岳麓")
    assert (p.city, p.county) == ("长沙市", "岳麓区")


@pytest.mark.parametrize(
    ("title", "body", "deixis", "city", "county"),
    [
        ("湛江市总工会召开会议", "会议要求，全市各级工会加强服务。", "全市", "湛江市", None),
        ("化州市总工会召开会议", "会议要求，我市各级工会加强服务。", "我市", "茂名市", "化州市"),
        ("广州市越秀区总工会召开会议", "会议要求，全区各级工会加强服务。", "全区", "广州市", "越秀区"),
    ],
)
def test_deixis_refers_to_the_article_unit(
    title: str, body: str, deixis: str, city: str, county: str | None
) -> None:
    p = next(p for p in find_places(title, body) if p.text == deixis)
    assert (p.city, p.county, p.role) == (city, county, "mention")


def test_whole_province_deixis() -> None:
    p = next(p for p in find_places("", "参保人数位居全省第一。") if p.text == "全省")
    assert (p.province, p.city) == ("广东省", None)


# --- activity place ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "body", "expected"),
    [
        # the unit in the headline
        (
            "梅州市梅江区总工会 开展送清凉活动",
            "本报讯 近日，梅州市梅江区总工会开展送清凉活动。",
            {("梅州市", "梅江区")},
        ),
        # short compound in the headline, full form in the lead
        (
            "阳江阳东 职工运动会开幕",
            "本报讯 5月1日，阳江市阳东区第三届职工运动会开幕。",
            {("阳江市", "阳东区")},
        ),
        # the organiser in the lead sentence
        ("职工书屋揭牌", "本报讯 近日，汕尾市总工会为新建职工书屋揭牌。", {("汕尾市", None)}),
        # a venue inside the organiser's city makes the place more precise
        (
            "送温暖",
            "本报讯 近日，河源市总工会负责人到龙川县开展送温暖活动，慰问困难职工。",
            {("河源市", "龙川县")},
        ),
        # venues coordinated with a venue count too
        (
            "湛江市总工会走访一线",
            "本报讯 近日，湛江市总工会负责人带队到廉江市、遂溪县走访一线职工。",
            {("湛江市", "廉江市"), ("湛江市", "遂溪县")},
        ),
        # an explicit venue in another city replaces the organiser's seat
        (
            "揭阳榕城女职工外出学习",
            "本报讯 3月8日，揭阳市榕城区总工会组织女职工外出学习。\n在台山市，女职工们参观了侨乡博物馆。",
            {("江门市", "台山市")},
        ),
        # the event verb puts the activity at the venue
        (
            "职工互助保障工作推进会召开",
            "本报讯 6月3日，全省职工互助保障工作推进会在珠海举行。",
            {("珠海市", None)},
        ),
        # a provincial body names no place finer than the province: nothing is chosen
        ("省总工会召开党组会议", "本报讯 近日，省总工会召开党组会议，研究部署下一步工作。", set()),
    ],
)
def test_activity_place(title: str, body: str, expected: set[tuple[str, str | None]]) -> None:
    assert _activity(title, body) == expected


def test_passing_mentions_are_not_the_activity_place() -> None:
    body = (
        "本报讯 近日，肇庆市总工会开展送温暖活动。一位河南籍员工说，来自湖南的同事也收到了礼包。"
        "广州市自来水有限公司职工代表发言。"
    )
    places = find_places("肇庆市总工会送温暖", body)
    roles = {p.text: p.role for p in places if p.field == "body"}
    assert roles["河南"] == "mention"
    assert roles["湖南"] == "mention"
    assert roles["广州市"] == "mention"
    assert {(p.city, p.county) for p in places if p.role == "activity"} == {("肇庆市", None)}


def test_company_name_in_lead_is_not_the_activity_place() -> None:
    assert _activity("“二次医保”给了我保障", "活动现场，深圳市某某科技有限公司职工代表发言。") == set()


def test_quoted_names_are_not_the_activity_place() -> None:
    body = "本报讯 近日，“佛山工匠”评选活动启动，梅州市总工会组织职工参加。"
    assert _activity("工匠评选", body) == {("梅州市", None)}


def test_roundup_sections_each_contribute_a_place() -> None:
    body = (
        "本报讯 连日来，韶关、河源东源两地工会开展慰问活动。\n"
        "韶关市总工会\n"
        "近日，韶关市总工会负责人到武江区开展慰问，走访一线职工。\n"
        "河源市东源县总工会\n"
        "近日，河源市东源县总工会为环卫工人送上慰问品。"
    )
    assert _activity("情暖劳动者", body) == {("韶关市", "武江区"), ("河源市", "东源县")}


def test_subtitle_and_kicker_fields() -> None:
    places = find_places(
        "品味生活", "本报讯 近日，活动举行。", subtitle="清远市总工会举办展示活动", kicker="现场"
    )
    p = next(p for p in places if p.field == "subtitle")
    assert (p.text, p.city, p.role) == ("清远市", "清远市", "activity")


def test_offsets_hold_for_every_field() -> None:
    title = "茂名化州市 首批工匠获表彰"
    body = "本报讯 9月1日，茂名市化州市总工会在化州市职业技术学校举行表彰会。"
    for p in find_places(title, body):
        source = title if p.field == "title" else body
        assert source[p.start : p.end] == p.text


_FRAGMENTS = [
    "江门开平市",
    "百合镇",
    "佛山南海",
    "顺德",
    "全市",
    "我区",
    "湖南籍",
    "中山大学",
    "新会员",
    "在广州举行",
    "到蓬江区开展",
    "有限公司",
    "“湛江工匠”",
    "（通讯员化州工）",
    "，",
    "。",
    "\n",
    "总工会",
    "近日",
    "职工",
]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(_FRAGMENTS), max_size=25), st.lists(st.sampled_from(_FRAGMENTS), max_size=4))
def test_offsets_and_order_hold_for_any_text(body_parts: list[str], title_parts: list[str]) -> None:
    body, title = "".join(body_parts), "".join(title_parts)
    places = find_places(title, body)
    last_end = {"title": 0, "body": 0}
    for p in places:
        source = title if p.field == "title" else body
        assert source[p.start : p.end] == p.text
        assert p.start >= last_end[p.field]
        last_end[p.field] = p.end
        if p.role == "activity":
            assert p.city is not None
