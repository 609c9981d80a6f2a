"""Real Scrapy crawls of the sample e-paper served on 127.0.0.1.

Each crawl runs in a subprocess (Scrapy's reactor starts once per process);
the server runs in this process so the tests can read exactly which paths
were requested and flip its failure hooks. Delays are turned off by settings
overrides only — the same code path a real crawl takes.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from crawler.archive import RawArchive
from crawler.spiders.epaper import article_id
from extract.normalize import normalize_chars
from kb.base import ArticleQuery
from kb.sqlite import SqliteKnowledgeBase
from unionkb.samples import epaper_build
from unionkb.samples.epaper_server import EpaperServer, Hooks

ROOT = Path(__file__).resolve().parents[2]
FAST = [
    "--set", "DOWNLOAD_DELAY=0",
    "--set", "AUTOTHROTTLE_ENABLED=false",
    "--set", "UNIONKB_RETRY_BACKOFF_BASE=0",
    "--set", "UNIONKB_PROGRESS_INTERVAL=0",
]  # fmt: skip
RANGE = ["--from", "2025-03-06", "--to", "2025-03-11"]
FAILS_ONCE = "/html/2025-03/06/content_100005.htm"
ROBOTS_BLOCKED = "/html/2025-03/06/content_199999.htm"


@pytest.fixture
def server() -> Iterator[EpaperServer]:
    srv = EpaperServer(0, hooks=Hooks(fail_once={FAILS_ONCE})).start()
    yield srv
    srv.stop()


def env_for(tmp: Path, name: str = "run") -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("UNIONKB_")}
    env.update(
        UNIONKB_DB=str(tmp / name / "kb.sqlite"),
        UNIONKB_RAW_DIR=str(tmp / name / "raw"),
        UNIONKB_JOBS_DIR=str(tmp / name / "jobs"),
    )
    return env


def cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "unionkb.crawl_commands", *args],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=90,
    )  # fmt: skip


def crawl(env: dict[str, str], base: str, *extra: str) -> tuple[int, dict[str, Any], str]:
    proc = cli(env, "crawl", "--paper", "lngr", *RANGE, "--base-url", base, *FAST, "--json", *extra)
    lines = proc.stdout.strip().splitlines()
    assert lines, proc.stderr
    return proc.returncode, json.loads(lines[-1]), proc.stderr


def records(db: str) -> dict[str, dict[str, Any]]:
    """Every stored article's content (timestamps excluded), by id."""
    out: dict[str, dict[str, Any]] = {}
    with SqliteKnowledgeBase(db) as kb:
        cursor = None
        while True:
            page = kb.search_articles(ArticleQuery(sort="date", limit=50, cursor=cursor))
            out.update({hit.article.id: hit.article.content_json() for hit in page.items})
            if not page.next_cursor:
                return out
            cursor = page.next_cursor


def expected_articles() -> dict[str, tuple[epaper_build.SampleIssue, epaper_build.SampleArticle]]:
    out = {}
    for issue in epaper_build.load_issues():
        d = issue.day
        for page in issue.pages:
            for art in page.articles:
                if issue.layout == "old":
                    key = f"html/{d:%Y-%m}/{d:%d}/content_{art.article_id}.htm"
                else:
                    key = f"pc/content/{d:%Y%m}/{d:%d}/content_{art.article_id}.html"
                out[article_id("lngr", key)] = (issue, art)
    return out


def test_crawl_store_recrawl_and_reextract_offline(server: EpaperServer, tmp_path: Path) -> None:
    env = env_for(tmp_path)
    rc, summary, err = crawl(env, server.base_url)
    assert rc == 0, err
    assert summary["errors"] == {} and summary["dropped"] == {}, summary
    assert (summary["issues"], summary["pages"], summary["pdfs"], summary["new"]) == (4, 9, 5, 30), summary
    # a 404 day and a redirect-to-latest day are "no issue", not errors
    assert summary["no_issue"]["2025-03-08"] == "HTTP 404"
    assert summary["no_issue"]["2025-03-09"].startswith("redirected to")
    # the 500 was retried and recovered
    statuses = [s for p, s in server.hooks.requests if p == FAILS_ONCE]
    assert statuses == [500, 200] and summary["retries"] == 1
    # robots.txt disallow respected
    assert ROBOTS_BLOCKED not in server.hooks.paths() and summary["robots_disallowed"] == 1
    assert "/robots.txt" in server.hooks.paths()

    stored = records(env["UNIONKB_DB"])
    expected = expected_articles()
    assert set(stored) == set(expected)
    for aid, (issue, art) in expected.items():
        rec = stored[aid]["article"]
        assert rec["title"] == art.title
        assert rec["kicker"] == (art.kicker or None)
        assert rec["subtitle"] == (art.subtitle or None)
        assert stored[aid]["issue_date"] == issue.day.isoformat()
        assert stored[aid]["issue_number"] == issue.number
        full = "\n".join(normalize_chars(p) for p in art.paragraphs)
        if art.truncated:  # filled from the page PDF, and says so
            assert rec["extra"]["body_source"] == "pdf" and stored[aid]["source"]["kind"] == "pdf"
            assert rec["body"].replace("\n", "") == full.replace("\n", "")
        else:
            assert rec["body"] == full and rec["extra"]["body_source"] == "html"
        assert rec["extra"]["encoding"] == ("gb18030" if issue.encoding == "gbk" else "utf-8")
        assert rec["extra"]["meta"]["articleid"] == str(art.article_id)
        assert rec["reporters"] or rec["correspondents"], art.title
    gbk = next(r for r in stored.values() if r["article"]["title"] == "深圳为8000名女职工免费体检")
    assert gbk["article"]["reporters"] == ["王丽娜"] and "“两癌”筛查" in gbk["article"]["body"]

    archive = RawArchive(Path(env["UNIONKB_RAW_DIR"]))
    assert archive.issue_status("lngr", "2025-03-08") == ("no_issue", "HTTP 404")
    failed = archive.latest(server.base_url + FAILS_ONCE.lstrip("/"))
    assert failed is not None and failed.status == 200
    archive.close()

    # a second run adds nothing and does not even fetch the stored articles
    before = len(server.hooks.requests)
    rc, again, err = crawl(env, server.base_url)
    assert rc == 0, err
    assert (again["new"], again["updated"], again["skipped_stored"]) == (0, 0, 30)
    assert not [p for p, _ in server.hooks.requests[before:] if "content_" in p]
    assert records(env["UNIONKB_DB"]) == stored

    # with the server gone, the archive alone rebuilds identical records in a fresh database
    server.stop()
    offline = dict(env, UNIONKB_DB=str(tmp_path / "rebuilt.sqlite"))
    proc = cli(offline, "reextract", "--paper", "lngr", "--json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout.strip().splitlines()[-1])["new"] == 30
    assert records(offline["UNIONKB_DB"]) == stored


def test_killed_crawl_resumes_to_identical_records(server: EpaperServer, tmp_path: Path) -> None:
    whole = env_for(tmp_path, "whole")
    assert crawl(whole, server.base_url)[0] == 0
    killed = env_for(tmp_path, "killed")
    rc, first, _ = crawl(killed, server.base_url, "--set", "CLOSESPIDER_ITEMCOUNT=7")
    assert rc == 1 and first["reason"] == "closespider_itemcount" and first["jobdir"]
    assert 7 <= first["new"] < 30
    assert Path(first["jobdir"]).is_dir()
    rc, second, err = crawl(killed, server.base_url)
    assert rc == 0, err
    assert second["reason"] == "finished" and first["new"] + second["new"] == 30
    assert records(killed["UNIONKB_DB"]) == records(whole["UNIONKB_DB"])
    assert not Path(first["jobdir"]).exists()  # a finished crawl leaves no resume state


def test_blocked_site_stops_cleanly(server: EpaperServer, tmp_path: Path) -> None:
    server.hooks.block = True
    rc, summary, _ = crawl(env_for(tmp_path), server.base_url)
    assert rc == 1
    assert summary["reason"] == "blocked" and "consecutive HTTP 403" in summary["blocked"]
    assert summary["new"] == 0
    assert sum(1 for p in server.hooks.paths() if p != "/robots.txt") <= 6


def test_check_reports_each_selector(server: EpaperServer, tmp_path: Path) -> None:
    env = env_for(tmp_path)
    proc = cli(
        env,
        "crawl",
        "--check",
        "--paper",
        "lngr",
        "--date",
        "2025-03-10",
        "--base-url",
        server.base_url,
        *FAST,
    )
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "page selectors" in out and "article selectors" in out
    assert "ok   title  [.newsdetatit h3]: 1 match" in out
    assert "MISS subtitle" in out  # this article has no 副题, and the report says so
    assert "result: the essential selectors match" in out
    assert not Path(env["UNIONKB_DB"]).exists()  # --check stores nothing


def test_demo_loads_the_sample_paper(tmp_path: Path) -> None:
    env = env_for(tmp_path)
    proc = subprocess.run(
        [sys.executable, "-m", "unionkb.crawl_commands", "demo", "--no-serve"],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=90,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert "30 new" in proc.stdout and "errors: none" in proc.stdout
    assert len(records(env["UNIONKB_DB"])) == 30


def _stored(db: str) -> int:
    import sqlite3

    if not Path(db).exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
            return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
    except sqlite3.Error:
        return 0


def test_hard_killed_crawl_recovers_to_identical_records(server: EpaperServer, tmp_path: Path) -> None:
    """SIGKILL mid-crawl (no graceful shutdown, JOBDIR possibly half-written): the next run completes it."""
    import signal
    import time

    whole = env_for(tmp_path, "whole")
    assert crawl(whole, server.base_url)[0] == 0
    killed = env_for(tmp_path, "killed")
    proc = subprocess.Popen(
        [sys.executable, "-m", "unionkb.crawl_commands", "crawl", "--paper", "lngr", *RANGE,
         "--base-url", server.base_url, *FAST, "--json"],
        env=killed, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while _stored(killed["UNIONKB_DB"]) < 5 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    before = _stored(killed["UNIONKB_DB"])
    assert 5 <= before < 30, before
    rc, summary, err = crawl(killed, server.base_url)
    assert rc == 0, err
    assert summary["new"] + before == 30
    assert records(killed["UNIONKB_DB"]) == records(whole["UNIONKB_DB"])
