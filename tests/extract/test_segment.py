"""Segmentation on pages written for these tests in the layouts the real dumps use."""

import re

import pytest

from extract.page import extract_page
from extract.segment import segment_page

PDF_PAGE = """
送温暖走进园区 百名骑手领到年货

宁远市总工会开展“暖冬行动”

本报讯（全媒体记者陈一鸣 通讯

员林小雨 何方）1月8日，宁远市总工会

在高新园区举行“暖冬行动”启动仪式，

为100名外卖骑手送上年货礼包。

活动现场还设置了法律咨询台。

■骑手代表领取年货礼包。 单位供图

推动职工之家建设提质增效

东湖区总工会

开展职工书屋阅读活动

本报讯 1月7日，东湖区总工会在区图书

馆开展职工书屋阅读分享活动，30余名

职工参加。

（王小敏）

本报讯 近日，西岭县总工会召开会议，研

究推动职工之家建设提质增效，要求各

基层工会对照标准补齐短板。

（赵磊）

西岭县总工会
"""

PARAGRAPH_PAGE = """
南湾区总工会举办劳模工匠宣讲会

本报讯(全媒体记者周一 通讯员南湾工)近日,南湾区总工会举办劳模工匠宣讲会,200余名职工参加。

宣讲会上,三位劳模分享了成长经历,现场气氛热烈,大家纷纷表示要学习劳模精神,在岗位上建功
立业。

职工代表在宣讲会上发言。

全媒体记者吴二/摄

北山镇总工会

开展“工会进万家”走访活动

本报讯 近日,北山镇总工会走访辖区企业12家,送去政策宣传资料。(北山工)
"""

MARKDOWN_PAGE = """
# 临江市总工会 启动职工技能大赛

本报讯(全媒体记者孙三)3月3日,临江市总工会启动2025年职工技能大赛。

## 暖心行动 温暖同行

### 三地工会开展送清凉活动

本报讯(全媒体记者钱四 通讯员赵五)连日来,三地工会开展送清凉活动。

#### 临江市总工会

近日,临江市总工会为环卫工人送去清凉饮品。

#### 东湖区总工会

近日,东湖区总工会走访快递网点。

## 南岭县总工会 开展普法宣传

本报讯 近日,南岭县总工会开展普法宣传活动。(郑六)
"""


def _headlines(text: str) -> list[str]:
    return [
        re.sub(r"\s+", "", "".join(x or "" for x in (a.kicker, a.title, a.subtitle)))
        for a in segment_page(text).articles
    ]


def test_pdf_page_headlines_including_ones_printed_elsewhere() -> None:
    page = segment_page(PDF_PAGE)
    assert [(a.kicker, a.title, a.subtitle) for a in page.articles] == [
        (None, "送温暖走进园区 百名骑手领到年货", "宁远市总工会开展“暖冬行动”"),
        (None, "东湖区总工会 开展职工书屋阅读活动", None),
        (None, "西岭县总工会 推动职工之家建设提质增效", None),
    ]


def test_pdf_page_joins_broken_lines_and_drops_captions() -> None:
    first, second, third = segment_page(PDF_PAGE).articles
    assert first.body.text.startswith(
        "本报讯（全媒体记者陈一鸣 通讯员林小雨 何方）1月8日，宁远市总工会在高新园区"
    )
    assert "单位供图" not in first.body.text and "骑手代表" not in first.body.text
    assert second.byline_end == "王小敏" and third.byline_end == "赵磊"
    assert "（王小敏）" not in second.body.text
    assert "西岭县总工会\n" not in third.body.text


def test_body_offsets_map_back_to_source() -> None:
    for article in segment_page(PDF_PAGE).articles:
        for i, ch in enumerate(article.body.text):
            if ch != "\n":
                assert PDF_PAGE[article.body.map.to_source(i)] == ch


def test_paragraph_page_caption_with_credit_and_inline_byline_end() -> None:
    page = extract_page(PARAGRAPH_PAGE)
    assert [a.title for a in page.articles] == [
        "南湾区总工会举办劳模工匠宣讲会",
        "北山镇总工会 开展“工会进万家”走访活动",
    ]
    first, second = page.articles
    assert first.reporters == ("周一",) and first.correspondents == ("南湾工",)
    assert first.photo_credits == ("吴二",)
    assert "建功立业。" in first.body  # the sentence broken across lines is joined
    assert "职工代表在宣讲会上发言" not in first.body
    assert second.byline_end == "北山工"
    assert second.body.endswith("送去政策宣传资料。")


def test_markdown_roundup_is_one_article_with_kicker() -> None:
    page = segment_page(MARKDOWN_PAGE)
    assert [(a.kicker, a.title) for a in page.articles] == [
        (None, "临江市总工会 启动职工技能大赛"),
        ("暖心行动 温暖同行", "三地工会开展送清凉活动"),
        (None, "南岭县总工会 开展普法宣传"),
    ]
    roundup = page.articles[1].body.text
    assert "临江市总工会\n近日" in roundup and "东湖区总工会\n近日" in roundup


MASTHEAD_PAGE = """
2025.03
星期二 04

今日4版 总第1001期
统一刊号：CN00-0000
投稿邮箱：news@example.org

职工书屋建设现场会召开

本报讯 3月3日，全市职工书屋建设现场会召开。

●现场 一本书点亮一段路

活动现场，职工代表分享了阅读故事。
"""


def test_masthead_date_and_sidebar() -> None:
    page = extract_page(MASTHEAD_PAGE)
    assert str(page.printed_date) == "2025-03-04"
    assert [(a.kicker, a.title) for a in page.articles] == [
        (None, "职工书屋建设现场会召开"),
        ("现场", "一本书点亮一段路"),
    ]


@pytest.mark.parametrize("text", ["", "\n\n", "只有一行没有标点的文字", "今日8版 总第5095期"])
def test_degenerate_pages_do_not_crash(text: str) -> None:
    page = extract_page(text)
    assert all(a.body for a in page.articles)


def test_single_story_without_opener_takes_its_first_line_as_title() -> None:
    page = extract_page("职工书屋开放日\n\n周末，职工书屋迎来五十余位读者。")
    assert [(a.title, a.body) for a in page.articles] == [
        ("职工书屋开放日", "周末，职工书屋迎来五十余位读者。")
    ]


def test_a_huge_article_is_extracted_whole_with_valid_offsets() -> None:
    """Longer than spaCy's comfortable size: the body goes through the pipeline in pieces."""
    from extract.page import SPACY_CHUNK_CHARS

    sentence = "本报讯 近日，某市总工会为职工送上慰问金共计126万元，惠及1260名职工。"
    repeats = 2 * SPACY_CHUNK_CHARS // len(sentence) + 10
    page = extract_page("某市总工会开展送温暖活动\n\n" + sentence * repeats)
    (article,) = page.articles
    assert len(article.body) > 2 * SPACY_CHUNK_CHARS
    assert len(article.figures) == 2 * repeats
    assert all(article.body[f.start : f.end] == f.text for f in article.figures)
