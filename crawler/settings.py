"""Scrapy settings of the unionkb crawler: polite by default.

These defaults are for real newspaper sites: robots.txt obeyed, one request
at a time per host, AutoThrottle on top of a 1.5 s minimum delay, an honest
User-Agent with a contact, retries with back-off. Only explicit overrides
(``unionkb crawl --set``, or the tests and ``unionkb demo`` for the loopback
sample site) ever turn the delays off.
"""

from __future__ import annotations

BOT_NAME = "unionkb"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

# --- politeness
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 1
DOWNLOAD_DELAY = 1.5
DOWNLOAD_DELAY_JITTER = 0.5  # ±50 %, so requests do not arrive like clockwork
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 3.0
AUTOTHROTTLE_MAX_DELAY = 60.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = 30
USER_AGENT = "unionkb/0.1 (research crawler of trade-union newspapers; contact: see UNIONKB_CRAWL_CONTACT)"
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False

# --- retries: 5xx and timeouts, with exponential back-off (crawler.middlewares.BackoffRetryMiddleware)
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
UNIONKB_RETRY_BACKOFF_BASE = 2.0
UNIONKB_RETRY_BACKOFF_MAX = 60.0
UNIONKB_BLOCKED_THRESHOLD = 3  # consecutive 403/412/429 answers before a clean stop

DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.middlewares.BackoffRetryMiddleware": 550,
    "crawler.middlewares.BlockedStopMiddleware": 640,
    "crawler.middlewares.RawArchiveMiddleware": 650,
    "crawler.middlewares.ArchiveReplayMiddleware": 660,
}

ITEM_PIPELINES = {
    "crawler.pipelines.ValidatePipeline": 100,
    "crawler.pipelines.ExtractPipeline": 200,
    "crawler.pipelines.StorePipeline": 300,
}

EXTENSIONS = {
    "crawler.progress.ProgressLine": 500,
}

# --- unionkb wiring; crawler.runner fills these from unionkb.settings.Settings
UNIONKB_SETTINGS: dict[str, object] = {}
UNIONKB_RAW_DIR = "data/raw"
UNIONKB_REPLAY = False
UNIONKB_SKIP_STORED = True
UNIONKB_VALIDATE_ENABLED = True
UNIONKB_EXTRACT_ENABLED = True
UNIONKB_STORE_ENABLED = True
UNIONKB_PROGRESS_INTERVAL = 5.0

LOG_LEVEL = "INFO"
FEED_EXPORT_ENCODING = "utf-8"
