"""The one e-paper spider: issue → pages (版面) → page PDF → articles, driven by a site profile.

The page PDF is fetched before the page's articles and its text travels with
each article request, so an article whose HTML body is truncated can be
completed from the PDF in the extract pipeline — without any cross-request
state, which keeps a JOBDIR resume exact. Articles already in the knowledge
base are not requested again unless ``refresh`` is set.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import time
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any, Self

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from crawler.items import ArticleItem
from crawler.middlewares import NOT_IN_ARCHIVE, shared_archive
from crawler.parsing import UndecodableError, decode_html, parse_article, parse_page
from crawler.profile import Profile, load_profile

log = logging.getLogger(__name__)
_REDIRECTS = (301, 302, 303, 307, 308)


def article_id(paper: str, url_key: str) -> str:
    """Stable across crawls: derived from the paper and the article's URL relative to the site base."""
    return hashlib.sha256(f"{paper}|{url_key}".encode()).hexdigest()[:20]


def date_range(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def _timed(method: Callable[..., Iterator[Any]]) -> Callable[..., Iterator[Any]]:
    """Adds the callback's own time (not its consumers') to ``unionkb/time/parse``."""

    @functools.wraps(method)
    def wrapper(self: EpaperSpider, response: Response) -> Iterator[Any]:
        started = time.perf_counter()
        out = list(method(self, response))
        self._stats.inc_value("unionkb/time/parse", time.perf_counter() - started, start=0.0)
        return iter(out)

    return wrapper


def _truthy(value: object) -> bool:
    return str(value).lower() in {"1", "true", "yes", "on"}


class EpaperSpider(Spider):
    name = "epaper"

    def __init__(
        self,
        paper: str = "lngr",
        date_from: str | None = None,
        date_to: str | None = None,
        dates: str | None = None,
        base_url: str | None = None,
        refresh: str | bool = False,
        check: str | bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.profile: Profile = load_profile(paper, base_url)
        if dates:
            self.days = sorted({date.fromisoformat(d) for d in str(dates).split(",") if d})
        else:
            first = date.fromisoformat(date_from) if date_from else date.today()
            self.days = date_range(first, date.fromisoformat(date_to) if date_to else first)
        self.refresh = _truthy(refresh)
        self.check = _truthy(check)
        self.allowed_domains = [self.profile.host]
        self.no_issue: dict[str, str] = {}
        self.trace: dict[str, Any] = {}  # --check: what each selector matched
        self.kb: Any = None

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider._closed, signal=signals.spider_closed)
        return spider

    # ------------------------------------------------------------ helpers

    @property
    def _stats(self) -> Any:
        return self.crawler.stats

    def _archive(self) -> Any:
        return shared_archive(self.crawler) if self.settings.get("UNIONKB_RAW_DIR") else None

    def _is_stored(self, url: str) -> bool:
        if self.refresh or self.check or not self.settings.getbool("UNIONKB_SKIP_STORED", True):
            return False
        if self.kb is None:
            from kb.factory import open_kb
            from unionkb.settings import Settings

            self.kb = open_kb(Settings(**self.settings.getdict("UNIONKB_SETTINGS")))
        return self.kb.get_article(article_id(self.profile.paper, self.profile.url_key(url))) is not None

    def _closed(self, spider: Spider, reason: str) -> None:
        if self.kb is not None:
            self.kb.close()

    def _no_issue(self, day: str, reason: str) -> None:
        self.no_issue[day] = reason
        self._stats.inc_value("unionkb/no_issue")
        log.info("%s %s: no issue that day (%s)", self.profile.paper, day, reason)
        if archive := self._archive():
            archive.note_issue(self.profile.paper, day, "no_issue", reason)

    def _error(self, kind: str, detail: str) -> None:
        self._stats.inc_value(f"unionkb/errors/{kind}")
        log.warning("%s: %s", kind, detail)

    def _meta(self, day: str, **extra: Any) -> dict[str, Any]:
        return {"paper": self.profile.paper, "day": day, **extra}

    # ------------------------------------------------------------ issues and pages

    async def start(self) -> AsyncIterator[Request]:
        for day in self.days:
            url = self.profile.issue_url(day)
            if url is None:
                self._no_issue(day.isoformat(), "no layout in the profile covers this date")
                continue
            yield self._issue_request(url, day.isoformat())

    def _issue_request(self, url: str, day: str) -> Request:
        """Redirects are handled here, not by Scrapy: a redirect to another day is "no issue that day"."""
        meta = self._meta(day, role="issue", dont_redirect=True, handle_httpstatus_list=list(_REDIRECTS))
        return Request(url, callback=self.parse_issue, errback=self.issue_failed, meta=meta)

    def issue_failed(self, failure: Failure) -> None:
        request = failure.request  # type: ignore[attr-defined]
        day = request.meta["day"]
        if failure.check(HttpError) and failure.value.response.status in (404, 410):
            self._no_issue(day, f"HTTP {failure.value.response.status}")
        elif failure.check(HttpError):
            self._error(f"http_{failure.value.response.status}", f"issue {day}: {request.url}")
        else:
            self._error(
                failure.type.__name__ if failure.type else "error",
                f"issue {day}: {failure.getErrorMessage()}",
            )

    def _fetched(self, response: Response) -> None:
        """Download latency per response, for the end-of-crawl timing breakdown (bench/crawl.py)."""
        self._stats.inc_value(
            "unionkb/time/fetch", float(response.meta.get("download_latency", 0.0)), start=0.0
        )

    def _decode(self, response: Response) -> tuple[str, str] | None:
        self._fetched(response)
        try:
            text, encoding = decode_html(
                response.body, response.headers.get("Content-Type", b"").decode("latin-1")
            )
        except UndecodableError as exc:
            self._error("undecodable", f"{response.url}: {exc}")
            return None
        self._stats.inc_value(f"unionkb/encoding/{encoding}")
        return text, encoding

    @_timed
    def parse_issue(self, response: Response) -> Iterator[Any]:
        day = response.meta["day"]
        if response.status in _REDIRECTS:
            target = response.urljoin(response.headers.get("Location", b"").decode("latin-1"))
            hops = response.meta.get("redirect_hops", 0)
            if self.profile.belongs_to_day(target, date.fromisoformat(day)) and hops < 5:
                request = self._issue_request(target, day)
                request.meta["redirect_hops"] = hops + 1
                yield request
            else:
                self._no_issue(day, f"redirected to {target}")
            return
        if not self.profile.belongs_to_day(response.url, date.fromisoformat(day)):
            self._no_issue(day, f"answered with {response.url}")
            return
        decoded = self._decode(response)
        if decoded is None:
            return
        layout = self.profile.layout_for(date.fromisoformat(day))
        assert layout is not None
        trace = self.trace.setdefault("page", {}) if self.check else None
        page = parse_page(layout, response.url, decoded[0], trace)
        if not page.page_urls and not page.article_urls:
            self._no_issue(day, "empty page list")
            return
        self._stats.inc_value("unionkb/issues")
        if archive := self._archive():
            archive.note_issue(self.profile.paper, day, "ok")
        yield from self._page_requests(response, page, day)
        if self.check:
            return
        for url in page.page_urls:
            if url != response.url:
                yield Request(
                    url, callback=self.parse_page, errback=self.page_failed, meta=self._meta(day, role="page")
                )

    def page_failed(self, failure: Failure) -> None:
        request = failure.request  # type: ignore[attr-defined]
        status = failure.value.response.status if failure.check(HttpError) else None
        self._error(f"http_{status}" if status else "page", f"page {request.url}")

    @_timed
    def parse_page(self, response: Response) -> Iterator[Any]:
        decoded = self._decode(response)
        if decoded is None:
            return
        day = response.meta["day"]
        layout = self.profile.layout_for(date.fromisoformat(day))
        assert layout is not None
        yield from self._page_requests(response, parse_page(layout, response.url, decoded[0]), day)

    def _page_requests(self, response: Response, page: Any, day: str) -> Iterator[Request]:
        self._stats.inc_value("unionkb/pages")
        articles = []
        for seq, url in enumerate(page.article_urls[:1] if self.check else page.article_urls):
            if self._is_stored(url):
                self._stats.inc_value("unionkb/articles/skipped_stored")
            else:
                articles.append((seq, url))
        ctx = {
            "page_number": page.number,
            "page_name": page.name,
            "page_pdf_url": page.pdf_url,
            "issue_number": page.issue_number,
        }
        if page.pdf_url and articles and not self.check:
            meta = self._meta(day, role="pdf", ctx=ctx, articles=articles)
            yield Request(page.pdf_url, callback=self.parse_pdf, errback=self.pdf_failed, meta=meta)
        else:
            yield from self._article_requests(day, ctx, articles, None, None)

    def _article_requests(
        self,
        day: str,
        ctx: dict[str, Any],
        articles: list[tuple[int, str]],
        pdf_text: str | None,
        pdf_sha: str | None,
    ) -> Iterator[Request]:
        for seq, url in articles:
            meta = self._meta(day, role="article", ctx=ctx, seq=seq, pdf_text=pdf_text, pdf_sha256=pdf_sha)
            yield Request(url, callback=self.parse_article, errback=self.article_failed, meta=meta)

    # ------------------------------------------------------------ PDFs and articles

    @_timed
    def parse_pdf(self, response: Response) -> Iterator[Request]:
        from unionkb.sources import SourceError, pdf_text

        self._fetched(response)
        meta = response.meta
        self._stats.inc_value("unionkb/pdfs")
        try:
            text: str | None = pdf_text(response.body)
        except SourceError as exc:
            self._error("pdf", f"{response.url}: {exc}")
            text = None
        sha = hashlib.sha256(response.body).hexdigest()
        yield from self._article_requests(meta["day"], meta["ctx"], meta["articles"], text, sha)

    def pdf_failed(self, failure: Failure) -> Iterator[Request]:
        request = failure.request  # type: ignore[attr-defined]
        status = failure.value.response.status if failure.check(HttpError) else None
        self._error(f"http_{status}" if status else "pdf", f"page PDF {request.url}")
        meta = request.meta
        yield from self._article_requests(meta["day"], meta["ctx"], meta["articles"], None, None)

    def article_failed(self, failure: Failure) -> None:
        request = failure.request  # type: ignore[attr-defined]
        if failure.check(IgnoreRequest):
            message = failure.getErrorMessage()
            if "robots.txt" not in message and NOT_IN_ARCHIVE not in message:  # both counted elsewhere
                self._error("ignored", f"{request.url}: {message}")
            return
        status = failure.value.response.status if failure.check(HttpError) else None
        self._error(
            f"http_{status}" if status else failure.type.__name__ if failure.type else "article", request.url
        )

    @_timed
    def parse_article(self, response: Response) -> Iterator[ArticleItem]:
        decoded = self._decode(response)
        if decoded is None:
            return
        text, encoding = decoded
        meta = response.meta
        day = meta["day"]
        layout = self.profile.layout_for(date.fromisoformat(day))
        assert layout is not None
        trace = self.trace.setdefault("article", {}) if self.check else None
        fields = parse_article(layout, response.url, text, trace)
        if self.check:
            self.trace["article_url"] = response.url
        ctx = meta["ctx"]
        yield ArticleItem(
            paper=self.profile.paper,
            issue_date=day,
            url=response.url,
            url_key=self.profile.url_key(response.url),
            seq=meta["seq"],
            title=fields.title,
            kicker=fields.kicker,
            subtitle=fields.subtitle,
            byline=fields.byline,
            paragraphs=fields.paragraphs,
            images=fields.images,
            meta=fields.meta,
            issue_number=ctx.get("issue_number"),
            page_number=ctx.get("page_number"),
            page_name=ctx.get("page_name"),
            page_pdf_url=ctx.get("page_pdf_url"),
            encoding=encoding,
            raw_sha256=hashlib.sha256(response.body).hexdigest(),
            fetched_at=datetime.now(UTC).isoformat(),
            pdf_text=meta.get("pdf_text"),
            pdf_sha256=meta.get("pdf_sha256"),
            province=self.profile.province,
        )
