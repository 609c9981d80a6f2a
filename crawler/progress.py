"""A one-line progress display while crawling, from the crawl's stats."""

from __future__ import annotations

import sys
from typing import Self

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from twisted.internet import task


def progress_text(stats: dict[str, object]) -> str:
    def n(key: str) -> int:
        value = stats.get(key, 0)
        return int(value) if isinstance(value, int | float) else 0

    errors = sum(int(v) for k, v in stats.items() if k.startswith("unionkb/errors/") and isinstance(v, int))
    return (
        f"issues {n('unionkb/issues')}  pages {n('unionkb/pages')}  pdfs {n('unionkb/pdfs')}  "
        f"articles +{n('unionkb/articles/new')} ~{n('unionkb/articles/updated')} "
        f"={n('unionkb/articles/unchanged')} skip {n('unionkb/articles/skipped_stored')}  "
        f"requests {n('downloader/request_count')}  errors {errors}"
    )


class ProgressLine:
    """Every UNIONKB_PROGRESS_INTERVAL seconds, one line on stderr (redrawn in place on a terminal)."""

    def __init__(self, crawler: Crawler, interval: float) -> None:
        self.crawler = crawler
        self.interval = interval
        self.loop: task.LoopingCall | None = None
        self.tty = sys.stderr.isatty()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        interval = crawler.settings.getfloat("UNIONKB_PROGRESS_INTERVAL", 5.0)
        if interval <= 0:
            raise NotConfigured
        ext = cls(crawler, interval)
        crawler.signals.connect(ext.opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.closed, signal=signals.spider_closed)
        return ext

    def show(self) -> None:
        assert self.crawler.stats is not None
        line = "crawl: " + progress_text(self.crawler.stats.get_stats())
        sys.stderr.write(f"\r{line}\x1b[K" if self.tty else line + "\n")
        sys.stderr.flush()

    def opened(self) -> None:
        self.loop = task.LoopingCall(self.show)
        self.loop.start(self.interval, now=False)

    def closed(self) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        if self.tty:
            sys.stderr.write("\n")
