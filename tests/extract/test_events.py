"""Event records: the taxonomy classifier, roundup sub-reports, and a lenient report against the gold.

The table sentences are written for these tests; none is copied from the gold pages. The gold
report at the end scores organisers and event types leniently (they are annotator labels, never
part of the quality gate) and asserts only modest floors measured when this file was written.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import pytest

from extract.entities import EntityContext, normalise_name
from extract.events import TAXONOMY, classify, sections
from extract.page import extract_page
from extract.records import Article

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT.parent / "shared" / "gold" / "seeds.jsonl"
SAMPLE = ROOT / "unionkb" / "samples" / "gold.jsonl"

# --- the taxonomy ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("headline", "body", "expected"),
    [
        ("梅州市总工会举办职工电工技能培训班", "本报讯 5月8日，梅州市总工会举办电工技能培训班。", "培训"),
        ("韶关千名快递小哥获赠意外保障", "本报讯 近日，韶关市总工会向快递小哥赠送保障。", "赠送"),
        ("冬日送温暖 情系环卫工", "本报讯 1月9日，某区总工会走访慰问环卫工人。", "慰问"),
        ("某县总工会 开展劳模宣讲进社区", "本报讯 近日，县总工会组织劳模宣讲团走进社区。", "宣讲"),
        ("市总工会召开十一届三次全委会", "本报讯 2月1日，市总工会召开全委会议。", "会议"),
        ("某区总工会专题调研新业态工会建设", "本报讯 近日，区总工会到平台企业调研。", "调研"),
        ("学雷锋 志愿行", "本报讯 3月5日，区总工会组织志愿者开展志愿服务活动。", "志愿服务"),
        ("春风行动专场招聘会举行", "本报讯 2月20日，镇总工会举办招聘会，40家企业参加。", "招聘会"),
        ("500名焊工同台比武", "本报讯 近日，市职工焊工技能竞赛在某园区举行。", "竞赛"),
        ("职工文艺晚会精彩上演", "本报讯 近日，区总工会举办职工文艺晚会，演出节目12个。", "文艺展示"),
        ("某区首家户外劳动者驿站揭牌", "本报讯 4月2日，区总工会户外劳动者驿站揭牌。", "揭牌"),
        ("职工法律援助服务启动", "本报讯 近日，市总工会举行启动仪式。", "启动"),
        ("工会与企业签约共建", "本报讯 近日，区总工会与三家企业签订合作协议。", "签约"),
        ("职工服务小程序上线", "本报讯 近日，市总工会职工服务系统上线。", "系统上线"),
        ("职工义务植树", "本报讯 3月12日，县总工会组织职工植树。", "植树"),
        ("女职工书画作品展开幕", "本报讯 近日，市总工会举办书画作品展，展出作品80幅。", "展览"),
        ("女职工代表参观红色教育基地", "本报讯 近日，区总工会女职委组织女职工参观学习。", "参观交流"),
        ("送法进工地", "本报讯 近日，区总工会联合区司法局开展普法宣传。", "政策宣传"),
        ("全市参保人数同比增长三成", "本报讯 记者获悉，今年全市参保同比增长，增幅位居全省第一。", "工作成效"),
        ("现场 保障让我安心", "会上，职工代表李某某发言。", "代表发言"),
        ("职工健步走活动举行", "本报讯 近日，县总工会举办职工健步走。", "文体活动"),
    ],
)
def test_classify(headline: str, body: str, expected: str) -> None:
    kind, cues = classify(headline, body)
    assert kind == expected, cues
    assert kind in TAXONOMY


def test_headline_outweighs_background() -> None:
    # the body's last paragraph mentions 赠送 three times, but the headline and lead say 会议
    body = "本报讯 3月1日，市总工会召开推进会。\n去年赠送保障，赠送礼包，赠送资金。"
    assert classify("市总工会召开推进会", body)[0] == "会议"


def test_no_cue_falls_back_to_work_results() -> None:
    assert classify("某地工会工作综述", "本报讯 今年以来，各级工会扎实工作。")[0] == "工作成效"


def test_taxonomy_is_documented() -> None:
    doc = (ROOT / "docs" / "events.md").read_text(encoding="utf-8")
    missing = [t for t in TAXONOMY if f"`{t}`" not in doc]
    assert not missing, f"types not documented in docs/events.md: {missing}"


# --- roundups -------------------------------------------------------------------------------------

_ROUNDUP = (
    "本报讯（记者甲乙丙）连日来，两地工会开展送温暖活动。\n"
    "韶关市浈江区总工会\n"
    "1月8日，韶关市浈江区总工会到企业慰问一线职工，送上慰问金2万元。\n"
    "茂名市电白区总工会\n"
    "1月9日，茂名市电白区总工会联合区卫生健康局开展义诊志愿服务。"
)


def test_sections_split_a_roundup_at_heading_lines() -> None:
    parts = sections(_ROUNDUP)
    assert [h for _, _, h in parts] == ["韶关市浈江区总工会", "茂名市电白区总工会"]
    assert _ROUNDUP[parts[0][0] : parts[0][1]].startswith("韶关市浈江区总工会\n1月8日")
    assert parts[0][1] == parts[1][0] and parts[1][1] == len(_ROUNDUP)


def test_roundup_yields_one_event_per_sub_report() -> None:
    # the e-paper prints sub-reports under #### headings, each its own paragraph
    page = "## 两地工会送温暖\n\n" + _ROUNDUP.replace("\n", "\n\n").replace(
        "\n\n韶关市浈", "\n\n#### 韶关市浈"
    )
    page = page.replace("\n\n茂名市电", "\n\n#### 茂名市电") + "\n"
    (article,) = extract_page(page, issue_year=2025).articles
    assert len(article.events) == 2
    first, second = article.events
    assert first.type == "慰问" and first.month_day == "01-08"
    assert first.organisers == ("韶关市浈江区总工会",)
    assert ("韶关市", "浈江区") in first.places
    assert second.type == "志愿服务" and second.month_day == "01-09"
    assert set(second.organisers) == {"茂名市电白区总工会", "茂名市电白区卫生健康局"}
    money = [i for i, f in enumerate(article.figures) if f.unit == "元"]
    assert money and set(money) <= set(first.figure_indexes)
    assert not set(money) & set(second.figure_indexes)


def test_single_event_links_date_places_programmes_and_figures() -> None:
    page = (
        "## 佛山市南海区总工会赠送“工会二次医保”\n\n"
        "本报讯 3月2日，佛山市南海区总工会举办赠送仪式，向800名快递员赠送“工会二次医保”。\n"
    )
    (article,) = extract_page(page, issue_year=2025).articles
    (event,) = article.events
    assert event.type == "赠送"
    assert event.date == "2025-03-02" and event.month_day == "03-02"
    assert event.places == (("佛山市", "南海区"),)
    assert event.organisers == ("佛山市南海区总工会",)
    assert event.programmes == ("广东省在职职工住院医疗综合互助保障计划",)
    assert event.figure_indexes == tuple(range(len(article.figures)))
    assert event.to_dict()["places"] == [{"city": "佛山市", "county": "南海区"}]


def test_relative_date_when_no_explicit_one() -> None:
    page = "## 某县总工会开展植树活动\n\n本报讯 近日，湛江市霞山区总工会组织职工植树。\n"
    (article,) = extract_page(page, issue_date=date(2025, 3, 14)).articles
    (event,) = article.events
    assert event.date_text == "近日" and event.date_precision == "approximate"


# --- lenient report against the gold --------------------------------------------------------------

#: Gold ``event_type`` labels mapped into the taxonomy (the gold README lists the labels in use).
GOLD_TYPE = {
    "总结交流活动": "总结交流",
    "宣讲会": "宣讲",
    "启动仪式": "启动",
    "揭牌仪式": "揭牌",
    "赠送仪式": "赠送",
    "信息系统上线": "系统上线",
    "技能竞赛": "竞赛",
}

#: Measured when this file was written: organiser P/R 1.00/1.00 and type accuracy 1.00 on both the seeds
#: and the sample. The extractor was developed against these pages, so unseen text scores lower; the
#: floors guard against collapse, not drift (these labels are soft and never part of the quality gate).
FLOORS = {
    "seeds": {"organiser_precision": 0.85, "organiser_recall": 0.85, "type_accuracy": 0.85},
    "sample": {"organiser_precision": 0.85, "organiser_recall": 0.85, "type_accuracy": 0.85},
}


def _squash(text: str) -> str:
    return "".join(text.split())


def _align(gold: Sequence[dict[str, object]], predicted: Sequence[Article]) -> list[tuple[int, int]]:
    """In-order headline matching: equal, or one contains the other (at least 6 characters)."""
    pairs: list[tuple[int, int]] = []
    j = 0
    for i, g in enumerate(gold):
        gh = _squash("".join(str(g.get(k) or "") for k in ("kicker", "title", "subtitle")))
        for k in range(j, len(predicted)):
            ph = _squash(predicted[k].headline)
            short, long = sorted((gh, ph), key=len)
            if gh == ph or (len(short) >= 6 and short in long):
                pairs.append((i, k))
                j = k + 1
                break
    return pairs


def _article_type(article: Article) -> str:
    counts = Counter(e.type for e in article.events)
    return max(counts, key=lambda t: (counts[t], -[e.type for e in article.events].index(t)))


def _organiser_hits(gold: Sequence[str], article: Article) -> tuple[int, int, int]:
    """(gold matched, predicted, predicted matched); a gold name matches a prediction when they
    normalise to the same full name, or one surface contains the other (4+ characters)."""
    places = list(article.places)
    ctx = EntityContext.from_places(places, "广东省")
    body_places = [p for p in places if p.field == "body"]
    orgs = [o for o in article.organisations if o.role == "organiser"]
    names = {o.name for o in orgs}

    def match(g: str, name: str) -> bool:
        pos = article.body.find(g)
        norm = normalise_name(g, ctx, places=body_places if pos >= 0 else (), source=article.body, start=pos)
        if norm == name:
            return True
        texts = [o.text for o in orgs if o.name == name] + [name]
        return any(min(len(g), len(t)) >= 4 and (g in t or t in g) for t in texts)

    gold_hit = sum(any(match(g, n) for n in names) for g in gold)
    pred_hit = sum(any(match(g, n) for g in gold) for n in names)
    return gold_hit, len(names), pred_hit


def _report(path: Path) -> dict[str, float]:
    gold_n = gold_hit = pred_n = pred_hit = typed = typed_ok = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        doc = json.loads(line)
        issue_date = date.fromisoformat(doc["issue_date"]) if doc.get("issue_date") else None
        articles = extract_page(doc["text"], issue_date=issue_date, issue_year=doc.get("issue_year")).articles
        gold_articles = doc.get("articles") or []
        for i, j in _align(gold_articles, articles):
            g, a = gold_articles[i], articles[j]
            if "organizers" in g:
                gh, pn, ph = _organiser_hits(g["organizers"], a)
                gold_n += len(g["organizers"])
                gold_hit, pred_n, pred_hit = gold_hit + gh, pred_n + pn, pred_hit + ph
            if g.get("event_type") and a.events:
                typed += 1
                typed_ok += _article_type(a) == GOLD_TYPE.get(g["event_type"], g["event_type"])
    return {
        "organiser_precision": pred_hit / pred_n if pred_n else 0.0,
        "organiser_recall": gold_hit / gold_n if gold_n else 0.0,
        "type_accuracy": typed_ok / typed if typed else 0.0,
    }


@pytest.mark.parametrize("name", ["seeds", "sample"])
def test_lenient_gold_report(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    path = SEEDS if name == "seeds" else SAMPLE
    if not path.exists():
        pytest.skip(f"{path} not present (a fresh clone has no ../shared): lenient event report not run")
    report = _report(path)
    with capsys.disabled():
        print(f"\nlenient events report on {name}: " + ", ".join(f"{k}={v:.3f}" for k, v in report.items()))
    for metric, floor in FLOORS[name].items():
        assert report[metric] >= floor, f"{name} {metric} = {report[metric]:.3f} fell below {floor}"
