"""Pipelines, archive and sample-site build, exercised without a reactor."""

from __future__ import annotations

from pathlib import Path

import pytest
from scrapy.exceptions import DropItem, NotConfigured
from scrapy.utils.test import get_crawler

from crawler.archive import RawArchive
from crawler.items import ArticleItem
from crawler.pipelines import ExtractPipeline, StorePipeline, ValidatePipeline, looks_truncated
from crawler.spiders.epaper import EpaperSpider
from unionkb.samples import epaper_build
from unionkb.samples.pdfmake import text_pdf
from unionkb.sources import pdf_text

SITE = Path(epaper_build.SITE)


def crawler_with(**settings: object):
    crawler = get_crawler(EpaperSpider, {"UNIONKB_RAW_DIR": "", **settings})
    crawler._apply_settings()
    return crawler


def item(**kw: object) -> ArticleItem:
    base: dict[str, object] = {
        "paper": "lngr",
        "issue_date": "2025-03-06",
        "url": "http://127.0.0.1:8765/html/2025-03/06/content_100006.htm",
        "url_key": "html/2025-03/06/content_100006.htm",
        "seq": 1,
        "title": "湛江参保职工突破20万人",
        "paragraphs": ["本报讯（全媒体记者周文涛 通讯员湛工保）3月4日，记者从湛江市总工会了解到，湛江市"],
        "raw_sha256": "ab" * 32,
        "page_pdf_url": "http://127.0.0.1:8765/page/1/2025-03/06/02/2025030602_pdf.pdf",
    }
    base.update(kw)
    return ArticleItem(**base)  # type: ignore[arg-type]


def test_sample_site_matches_its_source() -> None:
    """The committed static files are exactly what the builder makes (rebuild after editing the source)."""
    files = epaper_build.build_files(epaper_build.load_issues())
    on_disk = {p.relative_to(SITE).as_posix() for p in SITE.rglob("*") if p.is_file()}
    assert on_disk == set(files)
    for rel, data in files.items():
        assert (SITE / rel).read_bytes() == data, rel


def test_sample_site_shape() -> None:
    issues = epaper_build.load_issues()
    assert {i.layout for i in issues} == {"old", "new"}
    assert [i.encoding for i in issues].count("gbk") == 1
    for issue in issues:
        assert len(issue.pages) >= 2
        for page in issue.pages:
            assert 3 <= len(page.articles) <= 5
    assert sum(a.truncated for i in issues for p in i.pages for a in p.articles) == 1


def test_validate_drops_with_a_counted_reason() -> None:
    crawler = crawler_with()
    pipe = ValidatePipeline.from_crawler(crawler)
    with pytest.raises(DropItem, match="no_title"):
        pipe.process_item(item(title=" "))
    with pytest.raises(DropItem, match="no_body"):
        pipe.process_item(item(paragraphs=[]))
    assert crawler.stats.get_value("unionkb/dropped/no_title") == 1
    assert crawler.stats.get_value("unionkb/dropped/no_body") == 1
    assert pipe.process_item(item()).title


def test_pipelines_are_not_configured_when_switched_off() -> None:
    crawler = crawler_with(UNIONKB_STORE_ENABLED=False, UNIONKB_VALIDATE_ENABLED=False)
    with pytest.raises(NotConfigured):
        StorePipeline.from_crawler(crawler)
    with pytest.raises(NotConfigured):
        ValidatePipeline.from_crawler(crawler)


def test_complete_html_body_is_kept_with_bylines() -> None:
    crawler = crawler_with()
    body = ["本报讯（全媒体记者李晓东 通讯员穗工宣）3月5日，广州市总工会举行招聘会。", "今年将举办60场。"]
    out = ExtractPipeline.from_crawler(crawler).process_item(item(title="广州招聘会", paragraphs=body))
    art = out.stored.article
    assert art.body == "\n".join(body)
    assert (art.reporters, art.correspondents) == (("李晓东",), ("穗工宣",))
    assert art.extra["body_source"] == "html" and out.stored.source.kind == "html"
    assert len(out.stored.id) == 20


def test_truncated_html_body_is_filled_from_the_page_pdf() -> None:
    issues = epaper_build.load_issues()
    issue = issues[0]
    page = issue.pages[1]
    pdf = text_pdf([epaper_build.page_pdf_lines(issue, page)])
    crawler = crawler_with()
    out = ExtractPipeline.from_crawler(crawler).process_item(
        item(pdf_text=pdf_text(pdf), pdf_sha256="cd" * 32)
    )
    art = out.stored.article
    assert art.extra["body_source"] == "pdf" and art.extra["html_truncated"] is True
    assert art.body.endswith("让职工看病少花钱。")
    assert out.stored.source.kind == "pdf" and out.stored.source.raw_sha256 == "cd" * 32
    assert art.reporters == ("周文涛",)
    assert crawler.stats.get_value("unionkb/articles/filled_from_pdf") == 1


def test_truncated_body_without_pdf_is_kept_and_flagged() -> None:
    crawler = crawler_with()
    out = ExtractPipeline.from_crawler(crawler).process_item(item())
    assert out.stored.article.extra["body_truncated"] is True
    assert crawler.stats.get_value("unionkb/articles/truncated_unfilled") == 1


def test_truncation_heuristic() -> None:
    assert looks_truncated("本报讯 3月4日，记者从湛江市")
    assert not looks_truncated("受益职工2.8万人次。")
    assert not looks_truncated("“我们有了底气。”")


def test_archive_is_content_addressed_and_indexed(tmp_path: Path) -> None:
    archive = RawArchive(tmp_path / "raw")
    sha = archive.record(
        "http://x/a", 200, {"Content-Type": ["text/html"]}, b"<p>a</p>", paper="lngr", issue_date="2025-03-06"
    )
    again = archive.record("http://x/b", 200, {}, b"<p>a</p>", paper="lngr", issue_date="2025-03-06")
    assert sha == again
    assert archive.body_path(sha) == tmp_path / "raw" / "sha256" / sha[:2] / sha[2:]
    assert archive.body(sha) == b"<p>a</p>"
    latest = archive.latest("http://x/a")
    assert latest is not None and latest.headers == {"Content-Type": ["text/html"]} and latest.status == 200
    assert [d.isoformat() for _, d in archive.issue_dates("lngr")] == ["2025-03-06"]
    archive.note_issue("lngr", "2025-03-08", "no_issue", "HTTP 404")
    assert archive.issue_status("lngr", "2025-03-08") == ("no_issue", "HTTP 404")
    archive.close()
