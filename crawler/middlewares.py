"""Downloader middlewares: keep every raw response, replay them offline, back off, and stop when blocked.

Order matters (``process_response`` runs from high numbers to low): the
blocked detector (640) and the archive (650) sit above the redirect (600) and
retry (550) middlewares, so they see every 3xx, 5xx and 403 exactly as the
site sent it — a 500 that is retried is archived too.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any, Self

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Response
from scrapy.responsetypes import responsetypes
from scrapy.utils.asyncio import sleep
from scrapy.utils.defer import deferred_from_coro

from crawler.archive import RawArchive

log = logging.getLogger(__name__)
BLOCKED_STATUSES = frozenset({403, 412, 429})
NOT_IN_ARCHIVE = "not in the archive"


def shared_archive(crawler: Crawler) -> RawArchive:
    """One archive handle per crawl, shared by the middlewares and the spider."""
    archive: RawArchive | None = getattr(crawler, "_unionkb_archive", None)
    if archive is None:
        archive = RawArchive(crawler.settings["UNIONKB_RAW_DIR"])
        crawler._unionkb_archive = archive  # type: ignore[attr-defined]
    return archive


def _headers(response: Response) -> dict[str, list[str]]:
    return {k.decode("latin-1"): [v.decode("latin-1") for v in vs] for k, vs in response.headers.items()}


class RawArchiveMiddleware:
    """Writes every response body (HTML, PDF, error pages, redirects) to the content-addressed archive."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.archive = shared_archive(crawler)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.get("UNIONKB_RAW_DIR") or crawler.settings.getbool("UNIONKB_REPLAY"):
            raise NotConfigured
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        if "archive" in response.flags:
            return response
        self.archive.record(
            response.url,
            response.status,
            _headers(response),
            response.body,
            paper=request.meta.get("paper"),
            issue_date=request.meta.get("day"),
            fetched_at=datetime.now(UTC),
        )
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value("unionkb/archived")
        return response


class ArchiveReplayMiddleware:
    """Answers every request from the archive instead of the network (``unionkb reextract``)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.archive = shared_archive(crawler)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.getbool("UNIONKB_REPLAY"):
            raise NotConfigured
        return cls(crawler)

    def process_request(self, request: Request) -> Response:
        fetch = self.archive.latest(request.url)
        assert self.crawler.stats is not None
        if fetch is None:
            self.crawler.stats.inc_value("unionkb/not_in_archive")  # e.g. refused by robots.txt when crawled
            raise IgnoreRequest(f"{NOT_IN_ARCHIVE}: {request.url}")
        body = self.archive.body(fetch.sha256)
        headers = {k: v for k, v in fetch.headers.items()}
        cls = responsetypes.from_args(headers=headers, url=fetch.url, body=body)
        self.crawler.stats.inc_value("unionkb/replayed")
        return cls(
            url=fetch.url, status=fetch.status, headers=headers, body=body, request=request, flags=["archive"]
        )


class BlockedStopMiddleware:
    """Stops the crawl cleanly after N consecutive 403/412/429 answers: the site is refusing us."""

    def __init__(self, crawler: Crawler, threshold: int) -> None:
        self.crawler = crawler
        self.threshold = threshold
        self.streak = 0
        self.stopping = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        threshold = crawler.settings.getint("UNIONKB_BLOCKED_THRESHOLD", 3)
        if threshold <= 0:
            raise NotConfigured
        return cls(crawler, threshold)

    def process_response(self, request: Request, response: Response) -> Response:
        if response.status not in BLOCKED_STATUSES:
            if response.status < 400:
                self.streak = 0
            return response
        self.streak += 1
        if self.streak < self.threshold:
            return response
        if not self.stopping:
            self.stopping = True
            stats = self.crawler.stats
            assert stats is not None and self.crawler.engine is not None
            message = (
                f"blocked: {self.streak} consecutive HTTP {response.status} answers (last {response.url}); "
                "stopped cleanly — wait before retrying and/or raise UNIONKB_CRAWL_DELAY"
            )
            stats.set_value("unionkb/blocked", message)
            log.error("%s", message)
            deferred_from_coro(self.crawler.engine.close_spider_async(reason="blocked"))
        raise IgnoreRequest(f"blocked (HTTP {response.status}): {response.url}")


class BackoffRetryMiddleware(RetryMiddleware):
    """Scrapy's retry, but a retried request waits base·2ⁿ seconds first, so a struggling site gets air."""

    def __init__(self, settings: Any) -> None:
        super().__init__(settings)
        self.base = settings.getfloat("UNIONKB_RETRY_BACKOFF_BASE", 2.0)
        self.cap = settings.getfloat("UNIONKB_RETRY_BACKOFF_MAX", 60.0)

    async def _wait(self, result: Request | Response | None, request: Request) -> None:
        if isinstance(result, Request) and result is not request and self.base > 0:
            tries = int(result.meta.get("retry_times", 1))
            await sleep(min(self.cap, self.base * 2 ** (tries - 1)))

    async def process_response(self, request: Request, response: Response) -> Request | Response:  # type: ignore[override]
        result = super().process_response(request, response)
        await self._wait(result, request)
        return result

    async def process_exception(self, request: Request, exception: Exception) -> Request | Response | None:  # type: ignore[override]
        result = super().process_exception(request, exception)
        await self._wait(result, request)
        return result
