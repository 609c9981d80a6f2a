"""Item pipelines: validate → extract → store, each a small component that can be switched off.

Every item that does not reach the knowledge base is dropped with a reason
counted under ``unionkb/dropped/<reason>``, so the end-of-crawl summary
accounts for every article found; nothing is silently lost.
"""

from __future__ import annotations

import logging
import re
import time
from collections import OrderedDict
from datetime import UTC, date, datetime
from typing import Any, Self

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem, NotConfigured

from crawler.items import ArticleItem
from crawler.spiders.epaper import article_id
from extract.bylines import parse_opener
from extract.normalize import normalize_chars
from extract.page import enrich_article
from extract.records import Article
from extract.segment import SegmentedArticle, segment_page

log = logging.getLogger(__name__)
_SENTENCE_END = tuple("。！？!?”’」』）)…】")
_SPACE_RE = re.compile(r"\s+")


def _drop(crawler: Crawler, reason: str, detail: str) -> DropItem:
    assert crawler.stats is not None
    crawler.stats.inc_value(f"unionkb/dropped/{reason}")
    return DropItem(f"{reason}: {detail}")


def _enabled(crawler: Crawler, name: str) -> None:
    if not crawler.settings.getbool(name, True):
        raise NotConfigured


class ValidatePipeline:
    """Rejects what cannot become an article: no title, no text at all, or an impossible date."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        _enabled(crawler, "UNIONKB_VALIDATE_ENABLED")
        return cls(crawler)

    def process_item(self, item: ArticleItem) -> ArticleItem:
        if not isinstance(item, ArticleItem):
            return item
        if not item.title.strip():
            raise _drop(self.crawler, "no_title", item.url)
        if not any(p.strip() for p in item.paragraphs) and not item.pdf_text:
            raise _drop(self.crawler, "no_body", item.url)
        try:
            date.fromisoformat(item.issue_date)
        except ValueError:
            raise _drop(self.crawler, "bad_date", f"{item.issue_date!r} at {item.url}") from None
        return item


def _compact(text: str | None) -> str:
    return _SPACE_RE.sub("", normalize_chars(text or ""))


def looks_truncated(body: str) -> bool:
    """A body that stops mid-sentence: the CMS export lost the rest (the page PDF still has it)."""
    return not body.strip() or not body.rstrip().endswith(_SENTENCE_END)


def match_in_page(title: str, articles: tuple[SegmentedArticle, ...]) -> SegmentedArticle | None:
    """The article of a segmented page whose headline carries this title (the segmenter may
    put a short title in the kicker slot, so the whole headline is compared)."""
    want = _compact(title)
    if not want:
        return None
    exact = [a for a in articles if want in {_compact(a.title), _compact(a.subtitle), _compact(a.kicker)}]
    if exact:
        return exact[0]
    return next(
        (a for a in articles if want in _compact(f"{a.kicker or ''}{a.title}{a.subtitle or ''}")), None
    )


class ExtractPipeline:
    """HTML fields → ``extract.records.Article``; a truncated body is completed from the page PDF."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self._pages: OrderedDict[str, tuple[SegmentedArticle, ...]] = OrderedDict()  # PDFs by sha256

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        _enabled(crawler, "UNIONKB_EXTRACT_ENABLED")
        return cls(crawler)

    def _pdf_articles(self, item: ArticleItem) -> tuple[SegmentedArticle, ...]:
        """Segmented only: the matched body is extracted once, with its HTML headline, later."""
        key = item.pdf_sha256 or ""
        if key not in self._pages:
            self._pages[key] = segment_page(item.pdf_text or "").articles
            while len(self._pages) > 32:
                self._pages.popitem(last=False)
        return self._pages[key]

    def process_item(self, item: ArticleItem) -> ArticleItem:
        if not isinstance(item, ArticleItem):
            return item
        started = time.perf_counter()
        try:
            return self._extract(item)
        finally:
            assert self.crawler.stats is not None
            spent = time.perf_counter() - started
            self.crawler.stats.inc_value("unionkb/time/extract", spent, start=0.0)
            self.crawler.stats.max_value("unionkb/time/extract_max", spent)

    def _extract(self, item: ArticleItem) -> ArticleItem:
        from kb.base import SourceInfo, StoredArticle

        stats = self.crawler.stats
        assert stats is not None
        body = "\n".join(normalize_chars(p) for p in item.paragraphs if p.strip())
        extra: dict[str, Any] = {"url": item.url, "body_source": "html"}
        if item.images:
            extra["images"] = item.images
        if item.meta:
            extra["meta"] = item.meta
        if item.encoding:
            extra["encoding"] = item.encoding
        fetched = datetime.fromisoformat(item.fetched_at) if item.fetched_at else None
        source = SourceInfo(
            kind="html", url=item.url, path=None, raw_sha256=item.raw_sha256, fetched_at=fetched
        )
        body_map = None
        if looks_truncated(body):
            found = match_in_page(item.title, self._pdf_articles(item)) if item.pdf_text else None
            if found is not None and len(found.body.text) > len(body):
                stats.inc_value("unionkb/articles/filled_from_pdf")
                body, body_map = found.body.text, found.body.map
                extra.update(body_source="pdf", html_truncated=True, html_url=item.url)
                source = SourceInfo(
                    kind="pdf",
                    url=item.page_pdf_url,
                    path=None,
                    raw_sha256=item.pdf_sha256 or "",
                    fetched_at=fetched,
                )
            else:
                stats.inc_value("unionkb/articles/truncated_unfilled")
                extra["body_truncated"] = True
        if not body.strip():
            raise _drop(self.crawler, "empty_body", item.url)
        byline = parse_opener(body)
        if not byline.reporters and not byline.correspondents and item.byline:
            byline = parse_opener(f"本报讯（{normalize_chars(item.byline)}）")
            extra["byline"] = item.byline
        article = enrich_article(
            Article(
                title=normalize_chars(item.title),
                body=body,
                kicker=normalize_chars(item.kicker) if item.kicker else None,
                subtitle=normalize_chars(item.subtitle) if item.subtitle else None,
                reporters=byline.reporters,
                correspondents=byline.correspondents,
                body_map=body_map,
                extra=extra,
            ),
            issue_date=date.fromisoformat(item.issue_date),
            home_province=item.province,
        )
        item.stored = StoredArticle(
            id=article_id(item.paper, item.url_key),
            paper=item.paper,
            issue_date=date.fromisoformat(item.issue_date),
            issue_number=item.issue_number,
            page_number=item.page_number,
            page_name=item.page_name,
            page_pdf_url=item.page_pdf_url,
            seq=item.seq,
            article=article,
            source=source,
            ingested_at=datetime.now(UTC),
        )
        return item


class StorePipeline:
    """Upserts each article in its own transaction, so a crawl killed at any moment loses nothing stored."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.kb: Any = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        _enabled(crawler, "UNIONKB_STORE_ENABLED")
        return cls(crawler)

    def open_spider(self) -> None:
        from kb.factory import open_kb
        from unionkb.settings import Settings

        self.kb = open_kb(Settings(**self.crawler.settings.getdict("UNIONKB_SETTINGS")))

    def close_spider(self) -> None:
        if self.kb is not None:
            self.kb.close()
            self.kb = None

    def process_item(self, item: ArticleItem) -> ArticleItem:
        if not isinstance(item, ArticleItem) or item.stored is None:
            return item
        from kb.base import KBError

        stats = self.crawler.stats
        assert stats is not None
        started = time.perf_counter()
        try:
            result = self.kb.upsert_articles([item.stored])
        except KBError as exc:
            stats.inc_value("unionkb/errors/store")
            raise _drop(self.crawler, "store_failed", f"{item.url}: {exc}") from exc
        finally:
            spent = time.perf_counter() - started
            stats.inc_value("unionkb/time/store", spent, start=0.0)
            stats.max_value("unionkb/time/store_max", spent)
        for name in ("new", "updated", "unchanged"):
            if n := getattr(result, name):
                stats.inc_value(f"unionkb/articles/{name}", n)
        return item
