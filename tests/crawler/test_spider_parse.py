"""Spider parsing on saved pages, one set per profile, without any network.

The 工人日报 / 南方工报 / 江苏工人报 fixtures are written for the project in
those sites' structure (their profiles are marked unverified); the 岭南工人报
pages are the shipped sample e-paper in both Founder platform layouts.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from crawler.items import ArticleItem
from crawler.parsing import UndecodableError, decode_html, parse_article, parse_page
from crawler.profile import available_papers, load_profile
from crawler.spiders.epaper import EpaperSpider

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "unionkb" / "samples" / "epaper"
FIX = Path(__file__).resolve().parent / "fixtures"
BASE = "http://127.0.0.1:8765/"


def response(url: str, body: bytes, encoding: str = "utf-8", meta: dict | None = None) -> HtmlResponse:
    return HtmlResponse(url=url, body=body, encoding=encoding, request=Request(url, meta=meta or {}))


def text_of(resp: HtmlResponse) -> str:
    return decode_html(resp.body, resp.headers.get("Content-Type", b"").decode())[0]


# ---------------------------------------------------------------- encodings


def test_declared_gbk_page_decodes_without_mojibake() -> None:
    body = (SITE / "html/2025-03/07/content_100012.htm").read_bytes()
    text, enc = decode_html(body)
    assert enc == "gb18030"
    assert "深圳为8000名女职工免费体检" in text and "\ufffd" not in text


def test_unlabelled_gbk_falls_back_to_gb18030() -> None:
    body = "<html><body><p>工会二次医保惠及职工16.35万人次</p></body></html>".encode("gbk")
    text, enc = decode_html(body)
    assert (enc, "工会二次医保" in text) == ("gb18030", True)


def test_a_lying_charset_header_does_not_produce_mojibake() -> None:
    body = "<p>湛江市总工会</p>".encode("gbk")
    text, enc = decode_html(body, "text/html; charset=utf-8")
    assert enc == "gb18030" and "湛江市总工会" in text


def test_bytes_in_no_chinese_encoding_are_refused() -> None:
    with pytest.raises(UndecodableError):
        decode_html(b"\x81\x30\xff\xfe\xfd" * 10, "text/html; charset=utf-8")


# ---------------------------------------------------------------- profiles


def test_every_profile_loads_and_unverified_ones_say_so() -> None:
    papers = available_papers()
    assert {"lngr", "nfgb", "grrb", "jsgrb"} <= set(papers)
    for paper in papers:
        profile = load_profile(paper)
        assert profile.layouts, paper
        assert profile.verified == (paper == "lngr"), paper
        if not profile.verified:
            assert "--check" in profile.note


def test_lngr_switches_platform_by_date() -> None:
    profile = load_profile("lngr", BASE)
    assert profile.issue_url(date(2025, 3, 6)) == BASE + "html/2025-03/06/node_1.htm"
    assert profile.issue_url(date(2025, 3, 10)) == BASE + "pc/layout/202503/10/node_01.html"
    assert profile.belongs_to_day(BASE + "pc/layout/202503/10/node_02.html", date(2025, 3, 10))
    assert not profile.belongs_to_day(BASE + "pc/layout/202503/11/node_01.html", date(2025, 3, 9))
    assert (
        profile.url_key(BASE + "html/2025-03/06/content_100001.htm") == "html/2025-03/06/content_100001.htm"
    )


def test_grrb_issue_url_follows_the_workercn_scheme() -> None:
    profile = load_profile("grrb")
    assert profile.issue_url(date(2025, 3, 6)) == "https://www.workercn.cn/papers/grrb/2025/03/06/1/page.html"


# ---------------------------------------------------------------- pages and articles per profile


def test_lngr_older_layout_page_and_article() -> None:
    layout = load_profile("lngr", BASE).layout_for(date(2025, 3, 6))
    assert layout is not None and layout.platform == "founder_html"
    url = BASE + "html/2025-03/06/node_1.htm"
    page = parse_page(layout, url, text_of(response(url, (SITE / "html/2025-03/06/node_1.htm").read_bytes())))
    assert (page.number, page.name, page.issue_number) == ("01", "要闻", "第2841期")
    assert page.pdf_url == BASE + "page/1/2025-03/06/01/2025030601_pdf.pdf"
    assert len(page.page_urls) == 3
    assert page.article_urls == [BASE + f"html/2025-03/06/content_10000{n}.htm" for n in range(1, 5)]

    url = BASE + "html/2025-03/06/content_100001.htm"
    art = parse_article(
        layout, url, text_of(response(url, (SITE / "html/2025-03/06/content_100001.htm").read_bytes()))
    )
    assert art.kicker == "9年惠及逾16万人次"
    assert art.title == "职工看病有了“底气”"
    assert art.subtitle == "河源市总工会召开职工互助保障工作推进会"
    assert len(art.paragraphs) == 3 and art.paragraphs[0].startswith("本报讯（全媒体记者叶俊辉")
    assert art.images == [
        {
            "src": BASE + "res/1/20250306/0306-01-a.jpg",
            "caption": "河源市总工会向一线产业工人代表赠送“工会二次医保”。",
        }
    ]
    assert art.meta["articleid"] == "100001" and art.meta["nodename"] == "要闻"


def test_lngr_gbk_issue_page_parses() -> None:
    layout = load_profile("lngr", BASE).layout_for(date(2025, 3, 7))
    assert layout is not None
    url = BASE + "html/2025-03/07/node_2.htm"
    page = parse_page(
        layout, url, text_of(response(url, (SITE / "html/2025-03/07/node_2.htm").read_bytes(), "gbk"))
    )
    assert (page.number, page.name, page.pdf_url) == ("02", "职工生活", None)
    assert len(page.article_urls) == 3


def test_lngr_newer_layout_page_and_article() -> None:
    layout = load_profile("lngr", BASE).layout_for(date(2025, 3, 10))
    assert layout is not None and layout.platform == "founder_pc"
    url = BASE + "pc/layout/202503/10/node_01.html"
    page = parse_page(
        layout, url, text_of(response(url, (SITE / "pc/layout/202503/10/node_01.html").read_bytes()))
    )
    assert (page.number, page.name) == ("01", "要闻")
    assert page.pdf_url == BASE + "pc/attachment/202503/10/page_01.pdf"
    assert page.page_urls == [
        BASE + "pc/layout/202503/10/node_01.html",
        BASE + "pc/layout/202503/10/node_02.html",
    ]
    assert page.article_urls[0] == BASE + "pc/content/202503/10/content_200001.html"
    assert len(page.article_urls) == 4

    url = page.article_urls[0]
    art = parse_article(
        layout, url, text_of(response(url, (SITE / "pc/content/202503/10/content_200001.html").read_bytes()))
    )
    assert (art.kicker, art.title, art.subtitle) == (
        "产业工人队伍建设改革",
        "广东培育高技能人才1.6万名",
        None,
    )
    assert art.images[0]["caption"] == "技能人才在广州一家企业车间开展技术攻关。"
    assert art.meta["introtitle"] == "产业工人队伍建设改革"


def test_grrb_page_and_article_fixture() -> None:
    profile = load_profile("grrb")
    layout = profile.layout_for(date(2025, 3, 6))
    assert layout is not None
    url = "https://www.workercn.cn/papers/grrb/2025/03/06/1/page.html"
    page = parse_page(layout, url, text_of(response(url, (FIX / "grrb_page.html").read_bytes())))
    assert (page.number, page.name, page.issue_number) == ("01", "要闻", "第13512号")
    assert page.pdf_url == "https://www.workercn.cn/pdf/grrb/2025/03/06/01.pdf"
    assert page.page_urls[1] == "https://www.workercn.cn/papers/grrb/2025/03/06/2/page.html"
    base = "https://www.workercn.cn/papers/grrb/2025/03/06/1/"
    assert page.article_urls == [
        base + "news-1.html",
        base + "news-2.html",
        base + "news-3.html",
    ]  # not about.html

    url = base + "news-1.html"
    art = parse_article(layout, url, text_of(response(url, (FIX / "grrb_news.html").read_bytes())))
    assert (art.kicker, art.title, art.subtitle) == (
        "聚焦“急难愁盼”",
        "全国总工会部署2025年职工服务工作",
        "全年安排帮扶资金超过15亿元",
    )
    assert art.byline == "本报记者 赵明远 通讯员 孙丽"
    assert len(art.paragraphs) == 2 and art.paragraphs[0].startswith("3月5日")
    assert art.images[0]["caption"] == "会议现场。 本报记者 赵明远 摄"


def test_nfgb_unlabelled_utf8_fixture() -> None:
    profile = load_profile("nfgb")
    layout = profile.layout_for(date(2025, 3, 6))
    assert layout is not None
    url = profile.base_url + "html/2025-03/06/node_1.htm"
    page = parse_page(layout, url, text_of(response(url, (FIX / "nfgb_node.htm").read_bytes())))
    assert (page.number, page.name, page.issue_number) == ("A01", "要闻", "第1510期")
    assert [u.rsplit("/", 1)[1] for u in page.article_urls] == ["content_5001.htm", "content_5002.htm"]
    url = profile.base_url + "html/2025-03/06/content_5001.htm"
    art = parse_article(layout, url, text_of(response(url, (FIX / "nfgb_content.htm").read_bytes())))
    assert (art.kicker, art.title, art.subtitle) == (
        "十年惠及逾31万人次",
        "湛江“工会二次医保”让职工有“医”靠",
        None,
    )
    assert art.paragraphs[1] == "十年来，全市累计赔付9897.25万元。"


def test_jsgrb_gb2312_newer_platform_fixture() -> None:
    profile = load_profile("jsgrb")
    layout = profile.layout_for(date(2025, 3, 6))
    assert layout is not None
    url = profile.base_url + "pc/layout/202503/06/node_01.html"
    page = parse_page(layout, url, text_of(response(url, (FIX / "jsgrb_node.html").read_bytes(), "gb2312")))
    assert (page.number, page.name) == ("01", "要闻")
    assert page.pdf_url == profile.base_url + "pc/attachment/202503/06/a1b2c3.pdf"
    url = page.article_urls[0]
    art = parse_article(
        layout, url, text_of(response(url, (FIX / "jsgrb_content.html").read_bytes(), "gb2312"))
    )
    assert (art.kicker, art.title, art.subtitle, art.byline) == (
        None,
        "南京职工疗休养基地扩容",
        "新增床位300张",
        "本报记者 钱伟",
    )


# ---------------------------------------------------------------- the spider's callbacks


def make_spider(**kwargs: str) -> EpaperSpider:
    crawler = get_crawler(EpaperSpider, {"UNIONKB_RAW_DIR": "", "UNIONKB_SKIP_STORED": False})
    crawler._apply_settings()
    return EpaperSpider.from_crawler(crawler, paper="lngr", base_url=BASE, **kwargs)


def test_a_redirect_to_another_day_is_no_issue() -> None:
    spider = make_spider(date_from="2025-03-09")
    url = BASE + "pc/layout/202503/09/node_01.html"
    resp = HtmlResponse(
        url=url,
        status=302,
        headers={"Location": "/pc/layout/202503/11/node_01.html"},
        body=b"",
        request=Request(url, meta={"day": "2025-03-09"}),
    )
    assert list(spider.parse_issue(resp)) == []
    assert spider.no_issue["2025-03-09"].startswith("redirected to")


def test_issue_page_fetches_its_pdf_before_the_articles() -> None:
    spider = make_spider(date_from="2025-03-06")
    url = BASE + "html/2025-03/06/node_2.htm"
    out = list(
        spider.parse_page(
            response(url, (SITE / "html/2025-03/06/node_2.htm").read_bytes(), meta={"day": "2025-03-06"})
        )
    )
    assert [r.meta["role"] for r in out] == ["pdf"]
    assert [u for _, u in out[0].meta["articles"]][1].endswith("content_100006.htm")


def test_article_callback_yields_an_item_with_page_context() -> None:
    spider = make_spider(date_from="2025-03-07")
    url = BASE + "html/2025-03/07/content_100012.htm"
    ctx = {"page_number": "01", "page_name": "要闻", "page_pdf_url": None, "issue_number": "第2842期"}
    meta = {"day": "2025-03-07", "ctx": ctx, "seq": 0}
    (item,) = spider.parse_article(
        response(url, (SITE / "html/2025-03/07/content_100012.htm").read_bytes(), "gbk", meta)
    )
    assert isinstance(item, ArticleItem)
    assert (item.title, item.kicker, item.encoding, item.page_name) == (
        "深圳为8000名女职工免费体检",
        "女职工节前",
        "gb18030",
        "要闻",
    )
    assert item.url_key == "html/2025-03/07/content_100012.htm"
