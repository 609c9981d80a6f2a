"""Organisations, their roles, programmes and people.

Sentences are written for these tests; none is copied from the gold pages. Each case runs the
real place finder first, because names are normalised from the article's own places.
"""

from __future__ import annotations

import pytest

from extract.entities import EntityContext, article_entities, find_programmes, normalise_name
from extract.entities.programmes import canonical_programme
from extract.places import find_places
from extract.records import Organisation, Person


def _entities(
    body: str, title: str = "", province: str | None = "广东省"
) -> tuple[tuple[Organisation, ...], tuple[Person, ...]]:
    places = find_places(title, body)
    fields = [("title", title), ("body", body)] if title else [("body", body)]
    orgs, _, people = article_entities(fields, places, province=province)  # type: ignore[arg-type]
    for o in orgs:
        source = body if o.field == "body" else title
        assert source[o.start : o.end] == o.text
    return orgs, people


def _orgs(body: str, title: str = "") -> dict[str, Organisation]:
    return {o.text: o for o in _entities(body, title)[0]}


# --- organisation names and kinds -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "text", "name", "kind"),
    [
        (
            "本报讯 5月3日，佛山市南海区总工会举办技能比武。",
            "佛山市南海区总工会",
            "佛山市南海区总工会",
            "union",
        ),
        (
            "本报讯 近日，佛山南海区总工会慰问快递员。南海区总工会表示将持续关爱。",
            "南海区总工会",
            "佛山市南海区总工会",
            "union",
        ),
        ("本报讯 近日，湛江市总工会召开会议，市总工会主席讲话。", "市总工会", "湛江市总工会", "union"),
        ("本报讯 近日，江门开平市总工会举办讲座，市总工会主席出席。", "市总工会", "开平市总工会", "union"),
        ("本报讯 近日，湛江吴川市总工会举办讲座。", "湛江吴川市总工会", "吴川市总工会", "union"),
        ("本报讯 近日，开平市百合镇总工会走访企业。", "开平市百合镇总工会", "开平市百合镇总工会", "union"),
        ("本报讯 近日，中山市坦洲镇总工会举办招聘会。", "中山市坦洲镇总工会", "中山市坦洲镇总工会", "union"),
        ("本报讯 近日，省总工会召开座谈会。", "省总工会", "广东省总工会", "union"),
        (
            "本报讯 近日，肇庆市端州区总工会女职委组织参观。",
            "肇庆市端州区总工会女职委",
            "肇庆市端州区总工会女职委",
            "union",
        ),
        (
            "本报讯 近日，佛山市交通运输行业工会联合会发放礼包。",
            "佛山市交通运输行业工会联合会",
            "佛山市交通运输行业工会联合会",
            "union",
        ),
        (
            "本报讯 近日，某区工联会和韶关高新区工联合会举办活动。",
            "韶关高新区工联合会",
            "韶关高新区工联合会",
            "union",
        ),
        (
            "本报讯 近日，省职工保障互助会拨出专项资金。",
            "省职工保障互助会",
            "广东省职工保障互助会",
            "mutual_aid",
        ),
        (
            "本报讯 近日，广东省职工保障互助会东莞代办处开展宣传。",
            "广东省职工保障互助会东莞代办处",
            "广东省职工保障互助会东莞代办处",
            "mutual_aid",
        ),
        (
            "本报讯 近日，调研组来到广东铃木电梯有限公司。",
            "广东铃木电梯有限公司",
            "广东铃木电梯有限公司",
            "company",
        ),
        (
            "本报讯 近日，广州地铁集团有限公司工会举办竞赛。",
            "广州地铁集团有限公司工会",
            "广州地铁集团有限公司工会",
            "union",
        ),
        (
            "本报讯 近日，中科（广东）炼化有限公司职工发言。",
            "中科（广东）炼化有限公司",
            "中科（广东）炼化有限公司",
            "company",
        ),
        (
            "本报讯 近日，肇庆市鼎湖区总工会联合区人社局开展普法。",
            "区人社局",
            "肇庆市鼎湖区人社局",
            "government",
        ),
        ("本报讯 近日，省民政厅有关负责人参加活动。", "省民政厅", "广东省民政厅", "government"),
        (
            "本报讯 近日，清远市清新区总工会携手区城市管理和综合执法局送清凉。",
            "区城市管理和综合执法局",
            "清远市清新区城市管理和综合执法局",
            "government",
        ),
        (
            "本报讯 近日，广州市从化区总工会联合区人力资源和社会保障局举办招聘会。",
            "区人力资源和社会保障局",
            "广州市从化区人力资源和社会保障局",
            "government",
        ),
        ("本报讯 近日，汕头市总工会、市妇联联合举办竞赛。", "市妇联", "汕头市妇女联合会", "other"),
        ("本报讯 近日，东莞工会开展宣讲。", "东莞工会", "东莞市总工会", "union"),
    ],
)
def test_organisation_names(body: str, text: str, name: str, kind: str) -> None:
    found = _orgs(body)
    assert text in found, f"{text!r} not in {sorted(found)}"
    assert (found[text].name, found[text].kind) == (name, kind)


@pytest.mark.parametrize(
    ("body", "brands"),
    [
        ("向顺丰、美团和饿了么等平台的骑手赠送保障。", ["顺丰", "美团", "饿了么"]),
        ("滴滴出行、货拉拉、京东的司机代表参加。", ["滴滴", "货拉拉", "京东"]),
        ("与淘宝闪购（饿了么）骑手座谈。", ["淘宝闪购", "饿了么"]),
        ("顺丰速运阳江分公司的工会负责人发言。", ["顺丰"]),
    ],
)
def test_platforms(body: str, brands: list[str]) -> None:
    orgs, _ = _entities("本报讯 近日，" + body)
    assert [o.name for o in orgs if o.kind == "platform"] == brands


@pytest.mark.parametrize(
    "body",
    [
        "本报讯 近日，全市各级工会要加强服务。",
        "本报讯 近日，企业工会代表参加培训。",
        "本报讯 近日，工会会员和工会干部参加活动。",
        "本报讯 近日，职工参加“工会二次医保”。",
        "本报讯 近日，两家公司均表示有意愿成立工会组织。",
        "本报讯 近日，努力开创互助保障事业新局面。",
        "本报讯 近日，会议由局长主持。",
    ],
)
def test_generic_words_are_not_organisations(body: str) -> None:
    orgs, _ = _entities(body)
    assert not orgs, [o.text for o in orgs]


# --- the alias table ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("alias", "context", "name"),
    [
        ("省总", EntityContext(province="广东省"), "广东省总工会"),
        ("省总", EntityContext(province="江苏省"), "江苏省总工会"),
        ("市总", EntityContext(city="湛江市"), "湛江市总工会"),
        ("市总", EntityContext(city="江门市", county="开平市"), "开平市总工会"),
        ("区总", EntityContext(city="佛山市", county="南海区"), "佛山市南海区总工会"),
        ("省职工保障互助会", EntityContext(), "广东省职工保障互助会"),
        ("全总", EntityContext(), "中华全国总工会"),
        ("区总工会", EntityContext(city="佛山市", county="顺德区"), "佛山市顺德区总工会"),
        ("县总工会", EntityContext(city="潮州市", county="饶平县"), "潮州市饶平县总工会"),
        ("镇总工会", EntityContext(city="中山市", town="坦洲镇"), "中山市坦洲镇总工会"),
        ("市总", EntityContext(), "市总"),  # no city known: kept as written
    ],
)
def test_alias_table(alias: str, context: EntityContext, name: str) -> None:
    assert normalise_name(alias, context) == name


def test_short_aliases_in_running_text() -> None:
    found = _orgs("本报讯 近日，广州市海珠区总工会贯彻省总、市总工作要求。")
    assert found["省总"].name == "广东省总工会"
    assert found["市总"].name == "广州市总工会"
    found = _orgs("本报讯 近日，广州市总、佛山市顺德区总工会作交流。")
    assert found["广州市总"].name == "广州市总工会"


def test_deixis_prefers_the_nearest_place_in_the_sentence() -> None:
    found = _orgs("本报讯 近日，湛江市总工会举办交流会，遂溪县人大常委会副主任、县总工会主席某某发言。")
    assert found["县总工会"].name == "湛江市遂溪县总工会"


# --- organiser roles ------------------------------------------------------------------------------


def _organisers(body: str, title: str = "") -> list[str]:
    orgs, _ = _entities(body, title)
    return list(dict.fromkeys(o.name for o in orgs if o.role == "organiser"))


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("本报讯 近日，梅州市总工会举办培训班。", ["梅州市总工会"]),
        (
            "本报讯 近日，由省总工会指导，梅州市总工会主办，梅州市梅江区总工会承办的展演举行。",
            ["梅州市总工会", "梅州市梅江区总工会"],
        ),
        (
            "本报讯 近日，肇庆市封开县总工会、封开县货运行业工会联合会联合举办关爱行动。",
            ["肇庆市封开县总工会", "肇庆市封开县货运行业工会联合会"],
        ),
        (
            "本报讯 近日，广州市从化区总工会联合区人社局等部门，在区文化广场举办招聘会。",
            ["广州市从化区总工会", "广州市从化区人社局"],
        ),
        (
            "本报讯 近日，惠州市总工会党组书记、常务副主席某某率队到惠州某某电子有限公司调研。",
            ["惠州市总工会"],
        ),
        (
            "本报讯 近日，云浮市郁南县总工会一行到云浮市某某食品有限公司和某某合作社调研。",
            ["云浮市郁南县总工会"],
        ),
        ("本报讯 近日，湛江市霞山区总工会在建设街道开展植树活动。", ["湛江市霞山区总工会"]),
        ("本报讯 近日，汕头市金平区召开产改推进会。", ["汕头市金平区"]),
        ("本报讯 近日，推进会在湛江召开，省总工会有关负责人参加。", []),
        ("本报讯 近日，赠送活动在广州举行。该计划是省总工会组织举办、省职工保障互助会经办的项目。", []),
        ("本报讯 近日，某某县人大常委会副主任，市总工会主席某某出席揭牌仪式。", []),
        ("本报讯 近日，东莞市总工会将继续开展送温暖活动。", []),
    ],
)
def test_organiser_role(body: str, expected: list[str]) -> None:
    assert _organisers(body) == expected


def test_headline_org_is_the_organiser_when_the_body_names_none() -> None:
    assert _organisers(
        "本报讯 近日，县里推进企业建会工作。", title="云浮市郁南县总工会 推进非公企业组建工会"
    ) == ["云浮市郁南县总工会"]


def test_participants() -> None:
    orgs, _ = _entities("本报讯 7月3日，活动在广州举行。省民政厅、广州市总工会等单位有关负责人参加活动。")
    assert {o.name for o in orgs if o.role == "participant"} == {"广东省民政厅", "广州市总工会"}


# --- programmes -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "surface", "name"),
    [
        ("为职工赠送“工会二次医保”。", "工会二次医保", "广东省在职职工住院医疗综合互助保障计划"),
        ("广东工会“二次医保”覆盖千万职工。", "二次医保", "广东省在职职工住院医疗综合互助保障计划"),
        (
            "即“广东省在职职工住院医疗综合互助保障计划”。",
            "广东省在职职工住院医疗综合互助保障计划",
            "广东省在职职工住院医疗综合互助保障计划",
        ),
        (
            "赠送12500份广东省职工医疗互助保障计划甲种版。",
            "广东省职工医疗互助保障计划甲种版",
            "广东省职工医疗互助保障计划甲种版",
        ),
        (
            "发放职工医疗互助保障计划甲种版名额。",
            "职工医疗互助保障计划甲种版",
            "广东省职工医疗互助保障计划甲种版",
        ),
        ("向产业工人赠送重大疾病保障4.5万份。", "重大疾病保障", "职工重大疾病互助保障计划"),
        ("赠送意外伤害互助保障3.2万份。", "意外伤害互助保障", "职工意外伤害互助保障计划"),
        ("开展女职工“两癌”筛查。", "“两癌”筛查", "女职工两癌筛查"),
        ("启动夏季“送清凉”活动。", "送清凉", "夏季送清凉"),
    ],
)
def test_programme_aliases(text: str, surface: str, name: str) -> None:
    found = find_programmes(text)
    assert [(p.text, p.name) for p in found] == [(surface, name)]
    assert text[found[0].start : found[0].end] == surface
    assert surface in found[0].aliases or surface == name


def test_every_programme_alias_resolves() -> None:
    assert canonical_programme("工会二次医保") == "广东省在职职工住院医疗综合互助保障计划"
    assert canonical_programme("不存在的计划") is None


# --- people ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "name", "title", "org", "role"),
    [
        (
            "本报讯 近日，湛江市总工会党组书记、常务副主席曾某出席活动并讲话。",
            "曾某",
            "党组书记、常务副主席",
            "湛江市总工会",
            "official",
        ),
        (
            "本报讯 近日，湛江市总工会党组书记、常务副主席钟建国出席活动。",
            "钟建国",
            "党组书记、常务副主席",
            "湛江市总工会",
            "official",
        ),
        (
            "本报讯 近日，茂名市总工会举办展览，市人大常委会副主任、市总工会主席黄某某出席开幕式。",
            "黄某某",
            "人大常委会副主任、市总工会主席",
            "茂名市总工会",
            "official",
        ),
        (
            "本报讯 近日，佛山市交通运输行业工会联合会主席陆某表示，将继续服务司机。",
            "陆某",
            "主席",
            "佛山市交通运输行业工会联合会",
            "official",
        ),
        ("本报讯 近日，作为受益者，环卫工人黄某萍表示很踏实。", "黄某萍", "环卫工人", None, "beneficiary"),
        ("本报讯 近日，外卖骑手周某强说，有保障更安心。", "周某强", "外卖骑手", None, "beneficiary"),
    ],
)
def test_people(body: str, name: str, title: str, org: str | None, role: str) -> None:
    _, people = _entities(body)
    match = [p for p in people if p.name == name]
    assert match, [p.name for p in people]
    person = match[0]
    assert (person.title, person.org, person.role) == (title, org, role)
    assert body[person.start : person.end] == person.text


@pytest.mark.parametrize(
    "body",
    [
        "本报讯 近日，活动提升了职工幸福感、获得感。",
        "本报讯 近日，优秀职工宣讲、劳模工匠宣讲等形式多样。",
        "本报讯 近日，双方就职工关心的热点问题进行探讨。",
    ],
)
def test_ordinary_words_are_not_people(body: str) -> None:
    _, people = _entities(body)
    assert not people, [(p.name, p.title) for p in people]


def test_reporters_from_the_byline() -> None:
    body = "本报讯（全媒体记者王某某 通讯员海珠工）近日，广州市海珠区总工会举办培训。"
    places = find_places("", body)
    _, _, people = article_entities(
        [("body", body)],
        places,
        province="广东省",
        reporter_names=("王某某",),
        correspondent_names=("海珠工",),
    )
    reporters = [(p.name, p.title, p.role) for p in people if p.role == "reporter"]
    assert reporters == [("王某某", "记者", "reporter"), ("海珠工", "通讯员", "reporter")]
