"""``unionkb crawl``, ``unionkb reextract`` and ``unionkb demo``: the crawler's command line.

``register(subparsers)`` adds the three sub-commands to the main parser. Each
handler runs at most one Scrapy crawl, because the Twisted reactor can start
only once per process. ``python -m unionkb.crawl_commands …`` runs them on
their own (the tests use it).
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from typing import Any

from unionkb.settings import Settings

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
DEMO_FROM, DEMO_TO = date(2025, 3, 6), date(2025, 3, 11)


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date in YYYY-MM-DD form") from None


def _setting(text: str) -> tuple[str, Any]:
    """``NAME=VALUE`` with the value read as JSON when it parses (0, false, 1.5), else as a string."""
    import json

    name, sep, value = text.partition("=")
    if not sep or not name:
        raise argparse.ArgumentTypeError(f"{text!r} is not NAME=VALUE")
    try:
        return name, json.loads(value)
    except ValueError:
        return name, value


def _cli_error(message: str, code: int = EXIT_FAILED) -> Exception:
    from unionkb.cliutil import CLIError

    return CLIError(message, code)


def _load_profile(paper: str, base_url: str | None) -> Any:
    from crawler.profile import ProfileError, load_profile

    try:
        return load_profile(paper, base_url)
    except ProfileError as exc:
        raise _cli_error(str(exc), EXIT_USAGE) from exc


def _print_summary(summary: Any, as_json: bool) -> None:
    for line in summary.lines():
        print(line, file=sys.stderr if as_json else sys.stdout)
    if as_json:
        print(summary.to_json())


# ---------------------------------------------------------------- handlers


def cmd_crawl(args: argparse.Namespace, settings: Settings) -> int:
    from crawler.runner import CrawlOptions, run_crawl

    profile = _load_profile(args.paper, args.base_url)
    overrides = dict(args.set or [])
    if args.check:
        day = args.date or args.date_from or date.today()
        opts = CrawlOptions(paper=args.paper, date_from=day, date_to=day, base_url=args.base_url, check=True)
        opts.overrides = overrides
        return _report_check(profile, run_crawl(settings, opts), day)
    if args.date and not args.date_from:
        args.date_from = args.date_to = args.date
    if not args.date_from:
        raise _cli_error("give --from (and --to), or --date", EXIT_USAGE)
    date_to = args.date_to or args.date_from
    if date_to < args.date_from:
        raise _cli_error(f"--from {args.date_from} is after --to {date_to}", EXIT_USAGE)
    if not profile.verified:
        print(f"unionkb: note: the {args.paper} profile is unverified — {profile.note}", file=sys.stderr)
    opts = CrawlOptions(
        paper=args.paper,
        date_from=args.date_from,
        date_to=date_to,
        base_url=args.base_url,
        refresh=args.refresh,
        resume=not args.no_resume,
        overrides=overrides,
        verbose=bool(getattr(args, "verbose", False)),
    )
    summary = run_crawl(settings, opts)
    _print_summary(summary, args.json)
    return EXIT_OK if summary.ok else EXIT_FAILED


def _report_check(profile: Any, summary: Any, day: date) -> int:
    from crawler.parsing import trace_summary

    status = "verified" if profile.verified else "UNVERIFIED"
    print(f"check {profile.paper} ({profile.name}, {status} profile) for {day}: {profile.issue_url(day)}")
    if summary.no_issue:
        print(f"  no issue that day: {next(iter(summary.no_issue.values()))}")
    trace = summary.trace
    ok = True
    for part in ("page", "article"):
        found = trace.get(part)
        label = trace.get("article_url", "") if part == "article" else ""
        print(f"{part} selectors {label}".rstrip() + ":")
        if not found:
            print("  (not reached)")
            ok = False
            continue
        print("\n".join(trace_summary(found)))
        essential = ("page_links", "article_links") if part == "page" else ("title", "paragraphs")
        ok &= all(any(k.startswith(e) and v for k, v in found.items()) for e in essential)
    for kind, count in sorted(summary.errors.items()):
        print(f"  error: {kind} ×{count}")
    print(
        "result: "
        + (
            "the essential selectors match"
            if ok
            else "some essential selectors did not match — fix the profile"
        )
    )
    return EXIT_OK if ok and not summary.errors else EXIT_FAILED


def cmd_reextract(args: argparse.Namespace, settings: Settings) -> int:
    from crawler.archive import RawArchive
    from crawler.runner import CrawlOptions, run_crawl

    if not (settings.raw_dir / "index.sqlite").exists():
        raise _cli_error(f"no raw archive at {settings.raw_dir} (UNIONKB_RAW_DIR); crawl something first")
    archive = RawArchive(settings.raw_dir)
    try:
        by_paper: dict[str, list[date]] = {}
        for paper, day in archive.issue_dates(args.paper, args.date_from):
            by_paper.setdefault(paper, []).append(day)
    finally:
        archive.close()
    if not by_paper:
        raise _cli_error("the archive has nothing for that paper/date")
    if len(by_paper) > 1:
        names = ", ".join(sorted(by_paper))
        raise _cli_error(f"the archive holds several papers ({names}); pick one with --paper", EXIT_USAGE)
    ((paper, days),) = by_paper.items()
    profile = _load_profile(paper, None)
    opts = CrawlOptions(
        paper=paper,
        dates=days,
        base_url=args.base_url or _archived_base(settings, profile, days),
        replay=True,
    )
    opts.overrides = {"UNIONKB_PROGRESS_INTERVAL": 0}
    summary = run_crawl(settings, opts)
    _print_summary(summary, args.json)
    return EXIT_OK if summary.ok else EXIT_FAILED


def _archived_base(settings: Settings, profile: Any, days: list[date]) -> str | None:
    """The base URL the archive was crawled from (a local mirror, another port), found via an issue URL."""
    import sqlite3
    from urllib.parse import urlsplit

    layout = profile.layout_for(days[0])
    if layout is None:
        return None
    tail = layout.issue_url.format(date=days[0])
    con = sqlite3.connect(settings.raw_dir / "index.sqlite")
    try:
        row = con.execute(
            "SELECT url FROM fetches WHERE url LIKE ? ORDER BY id DESC LIMIT 1", (f"%/{tail}",)
        ).fetchone()
    finally:
        con.close()
    if not row:
        return None
    parts = urlsplit(row[0])
    return f"{parts.scheme}://{parts.netloc}{parts.path[: -len(tail)]}"


def cmd_demo(args: argparse.Namespace, settings: Settings) -> int:
    from crawler.runner import NO_DELAYS, CrawlOptions, run_crawl
    from unionkb.samples.epaper_server import EpaperServer

    server = EpaperServer(0).start()
    print(
        f"sample e-paper 《岭南工人报》 served on {server.base_url}; crawling it into {settings.db}",
        flush=True,
    )
    try:
        opts = CrawlOptions(
            paper="lngr",
            date_from=DEMO_FROM,
            date_to=DEMO_TO,
            base_url=server.base_url,
            resume=False,
            overrides={**NO_DELAYS, "UNIONKB_PROGRESS_INTERVAL": 1.0},
        )
        summary = run_crawl(settings, opts)
    finally:
        server.stop()
    _print_summary(summary, False)
    if not summary.ok:
        raise _cli_error("the demo crawl did not finish cleanly (see the summary above)")
    if args.no_serve:
        return EXIT_OK
    import uvicorn

    from api.app import create_app

    port = args.port or settings.port
    print(
        f"unionkb API on http://127.0.0.1:{port}/  "
        "(try /articles?q=工会二次医保 ; docs at /docs; Ctrl-C stops)"
    )
    uvicorn.run(create_app(), host="127.0.0.1", port=port, log_level="warning")
    return EXIT_OK


# ---------------------------------------------------------------- parser


def register(subparsers: Any) -> None:
    fmt = argparse.RawDescriptionHelpFormatter
    p = subparsers.add_parser(
        "crawl",
        help="fetch e-paper issues politely into the knowledge base",
        formatter_class=fmt,
        epilog="example:\n  unionkb crawl --paper grrb --from 2025-03-01 --to 2025-03-07\n"
        "  unionkb crawl --paper nfgb --date 2025-03-06 --refresh\n"
        "  unionkb crawl --check --paper grrb --date 2025-03-06   # which selectors match\n"
        "  unionkb crawl --paper lngr --from 2025-03-06 --to 2025-03-11 \\\n"
        "      --base-url http://127.0.0.1:8765/ \\\n"
        "      --set DOWNLOAD_DELAY=0 --set AUTOTHROTTLE_ENABLED=false   # a local test site only\n\n"
        "profiles: crawler/profiles/*.json; raw bodies go to UNIONKB_RAW_DIR; an interrupted crawl\n"
        "resumes when the same command is run again (state in UNIONKB_JOBS_DIR).",
    )
    p.add_argument("--paper", required=True, metavar="CODE", help="profile name, e.g. grrb, nfgb, lngr")
    p.add_argument("--from", dest="date_from", type=_iso_date, metavar="YYYY-MM-DD", help="first issue date")
    p.add_argument("--to", dest="date_to", type=_iso_date, metavar="YYYY-MM-DD", help="last issue date")
    p.add_argument(
        "--date", type=_iso_date, metavar="YYYY-MM-DD", help="one issue (with --check, the one checked)"
    )
    p.add_argument("--refresh", action="store_true", help="fetch and re-extract articles already stored")
    p.add_argument(
        "--check", action="store_true", help="fetch one issue, report selector by selector, store nothing"
    )
    p.add_argument(
        "--base-url", metavar="URL", help="crawl a mirror/local copy of the site instead of the profile's"
    )
    p.add_argument("--no-resume", action="store_true", help="ignore and do not keep JOBDIR state")
    p.add_argument(
        "--set", action="append", type=_setting, metavar="NAME=VALUE", help="override a Scrapy setting"
    )
    p.add_argument("--json", action="store_true", help="print the summary as JSON on stdout")
    p.set_defaults(func=cmd_crawl)

    p = subparsers.add_parser(
        "reextract",
        help="rebuild the articles from the raw archive, without the network",
        formatter_class=fmt,
        epilog="example:\n  unionkb reextract --paper lngr\n"
        "  unionkb reextract --paper grrb --from 2025-03-01",
    )
    p.add_argument("--paper", metavar="CODE", help="only this paper")
    p.add_argument(
        "--from", dest="date_from", type=_iso_date, metavar="YYYY-MM-DD", help="only issues from this date"
    )
    p.add_argument(
        "--base-url", metavar="URL", help="base URL the archive was crawled from (default: detected)"
    )
    p.add_argument("--json", action="store_true", help="print the summary as JSON on stdout")
    p.set_defaults(func=cmd_reextract)

    p = subparsers.add_parser(
        "demo",
        help="serve the sample e-paper on loopback, crawl it, store it, start the API",
        formatter_class=fmt,
        epilog="example:\n  unionkb demo              # then open http://127.0.0.1:8000/docs\n"
        "  unionkb demo --no-serve   # crawl and load only, print the summary",
    )
    p.add_argument("--no-serve", action="store_true", help="stop after loading")
    p.add_argument("--port", type=int, help="API port (default 8000)")
    p.set_defaults(func=cmd_demo)


def main(argv: list[str] | None = None) -> int:
    """Standalone entry (``python -m unionkb.crawl_commands``), handling errors as ``unionkb`` does."""
    import logging
    import os

    from unionkb.cliutil import CLIError
    from unionkb.settings import get_settings

    parser = argparse.ArgumentParser(prog="unionkb")
    parser.add_argument("-v", "--verbose", action="store_true")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG
        if os.environ.get("UNIONKB_DEBUG")
        else logging.INFO
        if args.verbose
        else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    try:
        return int(args.func(args, get_settings()))
    except CLIError as exc:
        print(f"unionkb: {exc}", file=sys.stderr)
        return exc.code


if __name__ == "__main__":
    sys.exit(main())
