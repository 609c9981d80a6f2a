"""Consistency checks of the bundled sample gold (``unionkb/samples/gold.jsonl``).

The sample pages are fictional and annotated by hand in the gold format of
``../shared/gold/README.md``. These tests catch annotation slips: spans that
are not in the text, values that disagree with the printed number, dates that
disagree with their text, bad enum values. They use only the standard library.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

SAMPLES = Path(__file__).resolve().parents[1] / "unionkb" / "samples"
GOLD = SAMPLES / "gold.jsonl"
PAGES = SAMPLES / "pages"

PAGE_KEYS = {"doc", "text", "issue_date", "issue_year", "notes", "articles", "figures"}
ARTICLE_KEYS = {
    "title",
    "kicker",
    "subtitle",
    "first_words",
    "lead_words",
    "reporters",
    "correspondents",
    "byline_end",
    "event_dates",
    "places",
    "organizers",
    "event_type",
}
FIGURE_KEYS = {"article", "text", "value", "unit", "approx", "measure", "cumulative", "subject", "period"}
APPROX = {"exact", "over", "about", "under"}
UNITS = {
    "元",
    "人",
    "人次",
    "户",
    "份",
    "家",
    "个",
    "场",
    "次",
    "期",
    "项",
    "件",
    "条",
    "棵",
    "册",
    "幅",
    "篇",
    "轮",
    "年",
    "%",
}
# Units the sample pages are written to cover: all but 幅, 篇, 轮 and the duration 年.
COVERED_UNITS = UNITS - {"幅", "篇", "轮", "年"}
TIME_UNITS = {"年", "月", "个月", "周", "天", "日", "小时", "分钟"}

# Figures written without an ASCII digit: (value, unit, approx), checked by hand.
NUMERAL_FIGURES = {
    "两千余份": (2000, "份", "over"),
    "近百人": (100, "人", "about"),
    "百余名": (100, "人", "over"),
    "百分之九十": (90, "%", "exact"),
    "百分之八十": (80, "%", "exact"),
    "三万余名": (30000, "人", "over"),
    "近两千人": (2000, "人", "about"),
    "近两万人次": (20000, "人次", "about"),
    "超千万元": (10_000_000, "元", "over"),
    "数万元": (10000, "元", "over"),
}

MULTIPLIER = {None: Decimal(1), "万": Decimal(10) ** 4, "千万": Decimal(10) ** 7, "亿": Decimal(10) ** 8}
OVER = {"超", "超过", "逾", "不少于", "以上", "多", "余"}
ABOUT = {"约", "近", "左右"}
UNDER = {"不足", "不到", "以下"}

ARABIC = re.compile(
    r"(?P<pre>约|近|超过|超|逾|不少于|不足|不到)?"
    r"(?P<num>\d{1,3}(?:,\d{3})+|\d+)(?P<frac>\.\d+)?"
    r" ?(?P<mult1>千万|万|亿)?(?P<more>多|余)?(?P<mult2>千万|万|亿)?"
    r" ?(?P<unit>人次|名|人|元|户|份|家|个|场|次|期|项|件|条|棵|册|幅|篇|轮|年|%)"
    r"(?P<post>以上|左右|以下)?"
)
BYLINE = re.compile(r"^本报讯\s*(?:[(（][^)）]*[)）])?\s*")
DATE_TEXT = re.compile(r"(\d{1,2})月(\d{1,2})日")
DOC_NAME = re.compile(r"^(?P<paper>[a-z]+)-(?P<date>\d{4}-\d{2}-\d{2})-(?P<page>\d{2})\.txt$")


def _load() -> list[dict]:
    with GOLD.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


PAGES_GOLD = _load()
IDS = [page["doc"] for page in PAGES_GOLD]


def flat(page: dict) -> str:
    return page["text"].replace("\n", "")


def parse_arabic(text: str) -> tuple[Decimal, str, str]:
    """Independent reading of an Arabic-digit figure span: (value, unit, approx)."""
    m = ARABIC.fullmatch(text)
    assert m, f"unparsed figure text {text!r}"
    assert not (m["mult1"] and m["mult2"]), text
    number = Decimal(m["num"].replace(",", "") + (m["frac"] or ""))
    value = number * MULTIPLIER[m["mult1"] or m["mult2"]]
    unit = "人" if m["unit"] == "名" else m["unit"]
    markers = {m["pre"], m["more"], m["post"]} - {None}
    approx = "exact"
    if markers & OVER:
        approx = "over"
    if markers & ABOUT:
        approx = "about"
    if markers & UNDER:
        approx = "under"
    assert len(markers) <= 1, f"several approximation markers in {text!r}"
    return value, unit, approx


def occurrences(haystack: str, needle: str) -> list[int]:
    """Start offsets of ``needle`` not glued to a longer number on the left."""
    found, start = [], 0
    while (i := haystack.find(needle, start)) >= 0:
        glued = needle[0].isdigit() and i > 0 and (haystack[i - 1].isdigit() or haystack[i - 1] in ".,")
        if not glued:
            found.append(i)
        start = i + 1
    return found


def test_gold_has_pages():
    assert len(PAGES_GOLD) >= 4
    assert len(set(IDS)) == len(IDS)


@pytest.mark.parametrize("page", PAGES_GOLD, ids=IDS)
def test_schema(page):
    assert set(page) == PAGE_KEYS
    assert isinstance(page["notes"], str) and page["notes"]
    for art in page["articles"]:
        assert set(art) == ARTICLE_KEYS, art["title"]
        assert isinstance(art["title"], str) and art["title"]
        for key in ("reporters", "correspondents", "organizers", "event_dates", "places"):
            assert isinstance(art[key], list), key
        assert isinstance(art["event_type"], str) and art["event_type"]
    for fig in page["figures"]:
        assert set(fig) == FIGURE_KEYS, fig
        assert isinstance(fig["cumulative"], bool)
        assert isinstance(fig["value"], int | float) and not isinstance(fig["value"], bool)
        assert fig["period"] is None or (isinstance(fig["period"], str) and fig["period"])
        assert isinstance(fig["measure"], str) and fig["measure"]
        assert isinstance(fig["subject"], str) and fig["subject"]


@pytest.mark.parametrize("page", PAGES_GOLD, ids=IDS)
def test_text_is_the_page_file(page):
    m = DOC_NAME.match(page["doc"])
    assert m, page["doc"]
    path = PAGES / page["doc"]
    assert path.read_text(encoding="utf-8") == page["text"]
    if page["issue_date"] is not None:
        assert page["issue_date"] == m["date"]
        assert page["issue_year"] == int(m["date"][:4])
    assert page["issue_year"] is None or isinstance(page["issue_year"], int)


@pytest.mark.parametrize("page", PAGES_GOLD, ids=IDS)
def test_first_and_lead_words_in_order(page):
    text = flat(page)
    pos = 0
    for art in page["articles"]:
        first, lead = art["first_words"], art["lead_words"]
        assert len(first) == 12 and len(lead) == 12, art["title"]
        i = text.find(first, pos)
        assert i >= 0, f"first_words {first!r} not found after offset {pos}"
        body = text[i:]
        if body.startswith("本报讯"):
            assert BYLINE.sub("", body, count=1)[:12] == lead, art["title"]
        else:
            assert lead == first, art["title"]
        pos = i + 1


@pytest.mark.parametrize("page", PAGES_GOLD, ids=IDS)
def test_headlines_are_printed(page):
    text = re.sub(r"\s", "", page["text"])
    for art in page["articles"]:
        for part in (art["kicker"], art["subtitle"], *art["title"].split(" ")):
            if part:
                assert re.sub(r"\s", "", part) in text, part


@pytest.mark.parametrize("page", PAGES_GOLD, ids=IDS)
def test_bylines(page):
    text = flat(page)
    pos = 0
    for art in page["articles"]:
        i = text.find(art["first_words"], pos)
        opener = text[i : i + 80]
        for name in art["reporters"] + art["correspondents"]:
            assert name in opener, f"{name} not in the opening byline of {art['title']}"
            assert f"{name}/摄" not in text, f"photo credit {name} listed as a byline"
        if art["byline_end"] is not None:
            end = art["byline_end"]
            assert f"({end})" in text or f"（{end}）" in text, end
        pos = i + 1


@pytest.mark.parametrize("page", PAGES_GOLD, ids=IDS)
def test_places_and_dates(page):
    text = flat(page)
    year = page["issue_year"]
    for art in page["articles"]:
        for place in art["places"]:
            assert set(place) == {"text", "province", "city", "county"}
            assert place["text"] in text, place
            assert place["province"] == "广东省"
            assert place["city"].endswith("市"), place
            county = place["county"]
            assert county is None or county[-1] in "区县市", place
        seen = set()
        for date in art["event_dates"]:
            assert set(date) == {"text", "date", "month_day"}
            assert date["text"] in text, date
            m = DATE_TEXT.fullmatch(date["text"])
            assert m, date
            month_day = f"{int(m[1]):02d}-{int(m[2]):02d}"
            assert date["month_day"] == month_day, date
            assert month_day not in seen, f"duplicate event date {date}"
            seen.add(month_day)
            if year is None:
                assert date["date"] is None, date
            else:
                assert date["date"] == f"{year}-{month_day}", date


@pytest.mark.parametrize("page", PAGES_GOLD, ids=IDS)
def test_figure_spans_occur_in_reading_order(page):
    text = flat(page)
    wanted = Counter(fig["text"] for fig in page["figures"])
    for span, n in wanted.items():
        assert len(occurrences(text, span)) >= n, f"{span!r} annotated {n}x, printed fewer times"
    pos, last_article = 0, 0
    for fig in page["figures"]:
        assert 0 <= fig["article"] < len(page["articles"]), fig
        assert fig["article"] >= last_article, f"figure {fig['text']!r} out of article order"
        later = [i for i in occurrences(text, fig["text"]) if i >= pos]
        assert later, f"{fig['text']!r} not found after offset {pos}"
        pos, last_article = later[0] + 1, fig["article"]


@pytest.mark.parametrize("page", PAGES_GOLD, ids=IDS)
def test_figure_values(page):
    for fig in page["figures"]:
        assert fig["approx"] in APPROX, fig
        assert fig["unit"] in UNITS, fig
        span = fig["text"]
        if re.search(r"[0-9]", span):
            value, unit, approx = parse_arabic(span)
        else:
            assert span in NUMERAL_FIGURES, f"numeral figure {span!r} needs an explicit table entry"
            value, unit, approx = NUMERAL_FIGURES[span]
            value = Decimal(value)
        assert abs(Decimal(str(fig["value"])) - value) <= Decimal("1e-6") * max(Decimal(1), abs(value)), fig
        assert fig["unit"] == unit, fig
        assert fig["approx"] == approx, fig


def test_parse_arabic_forms():
    assert parse_arabic("98.19 万人次") == (Decimal("981900.00"), "人次", "exact")
    assert parse_arabic("190多万元") == (Decimal(1900000), "元", "over")
    assert parse_arabic("8 万多元") == (Decimal(80000), "元", "over")
    assert parse_arabic("1,300 名") == (Decimal(1300), "人", "exact")
    assert parse_arabic("超2.89亿元") == (Decimal("289000000.00"), "元", "over")
    assert parse_arabic("100家以上") == (Decimal(100), "家", "over")
    assert parse_arabic("不到8元") == (Decimal(8), "元", "under")
    assert parse_arabic("79.72%") == (Decimal("79.72"), "%", "exact")


def test_coverage_of_the_samples():
    figures = [fig for page in PAGES_GOLD for fig in page["figures"]]
    assert {fig["approx"] for fig in figures} == APPROX
    assert {fig["unit"] for fig in figures} >= COVERED_UNITS
    assert any(fig["cumulative"] for fig in figures)
    assert any(fig["unit"] in TIME_UNITS for fig in figures)
    assert any(not re.search(r"[0-9]", fig["text"]) for fig in figures)


def test_readme_counts():
    readme = (SAMPLES / "README.md").read_text(encoding="utf-8")
    articles = sum(len(page["articles"]) for page in PAGES_GOLD)
    figures = sum(len(page["figures"]) for page in PAGES_GOLD)
    assert f"Pages: {len(PAGES_GOLD)}." in readme
    assert f"Articles: **{articles}**" in readme
    assert f"Figures: **{figures}**" in readme
