"""Run one crawl in-process and turn its stats into a summary a person can read.

Scrapy's reactor runs once per process, so a caller gets exactly one
``run_crawl`` per process; the CLI commands and the tests (which start a
subprocess per crawl) are built around that.
"""

from __future__ import annotations

import json
import logging
import shutil
import time
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings as ScrapySettings

from unionkb.settings import Settings

# Settings that make a loopback test site fast; never used for a real site unless asked for explicitly.
NO_DELAYS: dict[str, Any] = {
    "DOWNLOAD_DELAY": 0,
    "DOWNLOAD_DELAY_JITTER": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "UNIONKB_RETRY_BACKOFF_BASE": 0,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 4,
}


@dataclass
class CrawlOptions:
    paper: str
    date_from: date | None = None
    date_to: date | None = None
    dates: list[date] | None = None  # explicit days (reextract) instead of a range
    base_url: str | None = None
    refresh: bool = False
    check: bool = False
    replay: bool = False
    resume: bool = True  # keep Scrapy JOBDIR state so a killed crawl continues where it stopped
    overrides: dict[str, Any] = field(default_factory=dict)
    verbose: bool = False


@dataclass
class CrawlSummary:
    paper: str
    days: list[str]
    reason: str
    elapsed: float
    issues: int = 0
    pages: int = 0
    pdfs: int = 0
    requests: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped_stored: int = 0
    filled_from_pdf: int = 0
    robots_disallowed: int = 0
    not_in_archive: int = 0
    retries: int = 0
    no_issue: dict[str, str] = field(default_factory=dict)
    dropped: dict[str, int] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)
    blocked: str | None = None
    jobdir: str | None = None
    trace: dict[str, Any] = field(default_factory=dict)
    responses: int = 0
    timings: dict[str, float] = field(default_factory=dict)  # seconds in fetch/parse/extract/store

    @property
    def ok(self) -> bool:
        return self.reason == "finished" and not self.errors and not self.blocked

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)

    def lines(self) -> list[str]:
        span = f"{self.days[0]}..{self.days[-1]}" if self.days else "no dates"
        out = [
            f"crawl {self.paper} {span}: {self.reason} in {self.elapsed:.1f} s",
            f"  issues {self.issues}, pages {self.pages}, PDFs {self.pdfs}, requests {self.requests}",
            f"  articles: {self.new} new, {self.updated} updated, {self.unchanged} unchanged, "
            f"{self.skipped_stored} already stored (not fetched), "
            f"{self.filled_from_pdf} filled from page PDF",
        ]
        if self.no_issue:
            out.append("  no issue: " + ", ".join(f"{d} ({r})" for d, r in sorted(self.no_issue.items())))
        out.append("  dropped: " + (", ".join(f"{k} {v}" for k, v in sorted(self.dropped.items())) or "none"))
        out.append("  errors: " + (", ".join(f"{k} {v}" for k, v in sorted(self.errors.items())) or "none"))
        if self.retries or self.robots_disallowed:
            out.append(
                f"  retried {self.retries} requests; {self.robots_disallowed} URLs disallowed by robots.txt"
            )
        if self.not_in_archive:
            out.append(f"  {self.not_in_archive} linked URLs were never fetched, so are not in the archive")
        if self.blocked:
            out.append(f"  STOPPED — {self.blocked}")
        elif self.reason != "finished" and self.jobdir:
            out.append(f"  unfinished: run the same command again to resume (state in {self.jobdir})")
        return out


def user_agent(contact: str) -> str:
    from unionkb import __version__

    who = contact or "not configured — set UNIONKB_CRAWL_CONTACT"
    return f"unionkb/{__version__} (research crawler of trade-union newspapers; contact: {who})"


def jobdir_for(settings: Settings, opts: CrawlOptions) -> Path | None:
    if not opts.resume or opts.check or opts.replay:
        return None
    first = opts.date_from.isoformat() if opts.date_from else "today"
    last = opts.date_to.isoformat() if opts.date_to else first
    return settings.jobs_dir / f"{opts.paper}-{first}-{last}{'-refresh' if opts.refresh else ''}"


def scrapy_settings(settings: Settings, opts: CrawlOptions, jobdir: Path | None) -> ScrapySettings:
    s = ScrapySettings()
    s.setmodule("crawler.settings", priority="project")
    s.set("UNIONKB_SETTINGS", settings.model_dump(mode="json"), priority="project")
    s.set("UNIONKB_RAW_DIR", str(settings.raw_dir), priority="project")
    s.set("USER_AGENT", user_agent(settings.crawl_contact), priority="project")
    s.set("DOWNLOAD_DELAY", settings.crawl_delay, priority="project")
    s.set("AUTOTHROTTLE_START_DELAY", max(settings.crawl_delay, 3.0), priority="project")
    s.set("LOG_LEVEL", "INFO" if opts.verbose else "WARNING", priority="project")
    s.set("LOG_INSTALL_ROOT_HANDLER", False, priority="project")  # the CLI's logging config stays in charge
    if jobdir is not None:
        s.set("JOBDIR", str(jobdir), priority="project")
    if opts.replay:
        s.update(
            {"UNIONKB_REPLAY": True, "ROBOTSTXT_OBEY": False, "UNIONKB_SKIP_STORED": False},
            priority="project",
        )
        s.update(NO_DELAYS, priority="project")
    if opts.check:
        s.update({"UNIONKB_STORE_ENABLED": False, "UNIONKB_PROGRESS_INTERVAL": 0}, priority="project")
    s.update(opts.overrides, priority="cmdline")
    return s


def summarise(
    stats: dict[str, Any], spider: Any, reason: str, elapsed: float, opts: CrawlOptions
) -> CrawlSummary:
    def n(key: str) -> int:
        return int(stats.get(key, 0) or 0)

    def prefixed(prefix: str) -> dict[str, int]:
        return {
            k[len(prefix) :]: int(v) for k, v in stats.items() if k.startswith(prefix) and isinstance(v, int)
        }

    errors = prefixed("unionkb/errors/")
    for name, count in prefixed("spider_exceptions/").items():
        if name != "count":
            errors[f"exception {name}"] = count
    return CrawlSummary(
        paper=opts.paper,
        days=[d.isoformat() for d in getattr(spider, "days", [])],
        reason=reason,
        elapsed=elapsed,
        issues=n("unionkb/issues"),
        pages=n("unionkb/pages"),
        pdfs=n("unionkb/pdfs"),
        requests=n("downloader/request_count"),
        new=n("unionkb/articles/new"),
        updated=n("unionkb/articles/updated"),
        unchanged=n("unionkb/articles/unchanged"),
        skipped_stored=n("unionkb/articles/skipped_stored"),
        filled_from_pdf=n("unionkb/articles/filled_from_pdf"),
        robots_disallowed=n("robotstxt/forbidden"),
        not_in_archive=n("unionkb/not_in_archive"),
        retries=n("retry/count"),
        no_issue=dict(getattr(spider, "no_issue", {})),
        dropped=prefixed("unionkb/dropped/"),
        errors=errors,
        blocked=stats.get("unionkb/blocked"),
        trace=dict(getattr(spider, "trace", {})),
        responses=n("response_received_count"),
        timings={
            k[len("unionkb/time/") :]: float(v) for k, v in stats.items() if k.startswith("unionkb/time/")
        },
    )


def run_crawl(settings: Settings, opts: CrawlOptions) -> CrawlSummary:
    """Blocks until the crawl ends; one call per process (the Twisted reactor cannot restart)."""
    from crawler.spiders.epaper import EpaperSpider

    jobdir = jobdir_for(settings, opts)
    level = logging.INFO if opts.verbose else logging.WARNING
    if not opts.verbose:
        logging.disable(logging.INFO)  # Scrapy's start-up banner
    try:
        process = CrawlerProcess(scrapy_settings(settings, opts, jobdir))
    finally:
        logging.disable(logging.NOTSET)
    for name in ("scrapy", "twisted", "protego", "crawler", "py.warnings"):
        logging.getLogger(name).setLevel(level)  # Scrapy sets its loggers to DEBUG; the CLI's -v decides
    crawler = process.create_crawler(EpaperSpider)
    result: dict[str, str] = {"reason": "not started"}

    def closed(spider: Any, reason: str) -> None:
        result["reason"] = reason

    from scrapy import signals

    crawler.signals.connect(closed, signal=signals.spider_closed)
    kwargs: dict[str, Any] = {
        "paper": opts.paper,
        "base_url": opts.base_url,
        "refresh": opts.refresh,
        "check": opts.check,
    }
    if opts.dates is not None:
        kwargs["dates"] = ",".join(d.isoformat() for d in opts.dates)
    else:
        kwargs["date_from"] = opts.date_from.isoformat() if opts.date_from else None
        kwargs["date_to"] = opts.date_to.isoformat() if opts.date_to else None
    started = time.perf_counter()
    process.crawl(crawler, **kwargs)
    process.start()
    elapsed = time.perf_counter() - started
    assert crawler.stats is not None
    summary = summarise(crawler.stats.get_stats(), crawler.spider, result["reason"], elapsed, opts)
    archive = getattr(crawler, "_unionkb_archive", None)
    if archive is not None:
        archive.close()
    if jobdir is not None:
        if result["reason"] == "finished":
            shutil.rmtree(jobdir, ignore_errors=True)  # a finished range starts afresh next time
        else:
            summary.jobdir = str(jobdir)
    return summary
