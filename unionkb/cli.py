"""The ``unionkb`` command line.

Each sub-command is a small function that wires settings, the extractor and
the knowledge base; expected failures print one ``unionkb: …`` line on stderr
and exit non-zero, never a traceback (set UNIONKB_DEBUG=1 to see one).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from unionkb.cliutil import (
    EXIT_FAILED,
    EXIT_INTERNAL,
    EXIT_OK,
    EXIT_USAGE,
    CLIError,
    add_paging,
    add_range_filters,
    check_date_range,
    iso_date,
    print_json_page,
    print_page_footer,
)
from unionkb.settings import Settings, get_settings

log = logging.getLogger("unionkb")


# ---------------------------------------------------------------- commands


def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    from kb.factory import open_kb
    from unionkb.ingest import ingest_files
    from unionkb.papers import UnknownPaperError, paper_for

    try:
        paper = paper_for(args.paper)
    except UnknownPaperError as exc:
        raise CLIError(str(exc), EXIT_USAGE) from exc
    with open_kb(settings) as kb:
        report = ingest_files(
            kb,
            [Path(p) for p in args.paths],
            paper=paper,
            issue_date=args.issue_date,
            max_bytes=settings.max_file_bytes,
        )
    for path, reason in report.skipped:
        print(f"unionkb: skipped {path}: {reason}", file=sys.stderr)
    print(report.summary())
    return EXIT_FAILED if report.failed else EXIT_OK


def _plain_snippet(snippet: str) -> str:
    import html

    return html.unescape(snippet.replace("<mark>", "【").replace("</mark>", "】"))


def cmd_search(args: argparse.Namespace, settings: Settings) -> int:
    from kb.base import ArticleQuery
    from kb.factory import open_kb

    check_date_range(args)
    query = ArticleQuery(
        q=args.query,
        date_from=args.date_from,
        date_to=args.date_to,
        paper=args.paper,
        sort=args.sort,
        limit=args.limit,
        cursor=args.cursor,
    )
    with open_kb(settings) as kb:
        page = kb.search_articles(query)
    if args.json:
        items = [
            {
                "id": hit.article.id,
                "paper": hit.article.paper,
                "issue_date": hit.article.issue_date.isoformat() if hit.article.issue_date else None,
                "page": hit.article.page_number,
                "headline": hit.article.article.headline,
                "snippet": hit.snippet,
                "score": hit.score,
            }
            for hit in page.items
        ]
        print_json_page(items, page)
        return EXIT_OK
    for hit in page.items:
        a = hit.article
        when = a.issue_date.isoformat() if a.issue_date else "????-??-??"
        print(f"{when}  {a.paper}  {a.article.headline}  [{a.id}]")
        print(f"    {_plain_snippet(hit.snippet)}")
    print_page_footer(page, "articles")
    return EXIT_OK


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    from api.app import create_app

    host, port = args.host or settings.host, args.port or settings.port
    print(
        f"unionkb API on http://{host}:{port}/  (OpenAPI docs: http://{host}:{port}/docs; Ctrl-C stops)",
        flush=True,
    )
    uvicorn.run(create_app(), host=host, port=port, log_level=settings.log_level.lower())
    return EXIT_OK


def cmd_eval(args: argparse.Namespace, settings: Settings) -> int:
    from unionkb.evalrun import evaluate
    from unionkb.evaluation import GoldFormatError, format_report, load_gold

    try:
        gold = load_gold(Path(args.gold))
    except GoldFormatError as exc:
        raise CLIError(str(exc), EXIT_USAGE) from exc
    report = evaluate(gold)
    print(json.dumps(report, ensure_ascii=False) if args.json else format_report(report))
    return EXIT_OK


def cmd_extract(args: argparse.Namespace, settings: Settings) -> int:
    from extract.page import article_to_dict, extract_page
    from unionkb.sources import SourceError, load_page

    if args.file == "-":
        text = sys.stdin.read()
    else:
        try:
            text = load_page(Path(args.file), max_bytes=settings.max_file_bytes).text
        except SourceError as exc:
            raise CLIError(f"{args.file}: {exc}") from exc
    page = extract_page(text, issue_date=args.issue_date)
    if args.json:
        out = {
            "printed_date": page.printed_date.isoformat() if page.printed_date else None,
            "articles": [article_to_dict(a) for a in page.articles],
        }
        print(json.dumps(out, ensure_ascii=False, indent=1))
        return EXIT_OK
    for n, a in enumerate(page.articles):
        print(f"[{n}] {a.headline}")
        names = "、".join(a.reporters) or "-"
        others = "、".join(a.correspondents) or "-"
        print(f"    reporters: {names}; correspondents: {others}; end: {a.byline_end or '-'}")
        where = "、".join(
            dict.fromkeys((p.city or "") + (p.county or "") for p in a.places if p.role == "activity")
        )
        when = "、".join(d.date or d.text for d in a.event_dates if not d.relative)
        print(f"    where: {where or '-'}; when: {when or '-'}")
        for e in a.events:
            print(f"    event: {e.type}; organisers: {'、'.join(e.organisers) or '-'}")
        for f in a.figures:
            print(f"    {f.text!s:<16} = {f.value} {f.unit} ({f.approx}) {f.measure or ''}")
    print(f"{len(page.articles)} articles")
    return EXIT_OK


# ---------------------------------------------------------------- parser


class _Parser(argparse.ArgumentParser):
    """argparse exits with a multi-line usage on error; we keep it to one readable line."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise CLIError(f"{self.prog}: {message} (see --help)", EXIT_USAGE)


def build_parser() -> argparse.ArgumentParser:
    fmt = argparse.RawDescriptionHelpFormatter
    parser = _Parser(
        prog="unionkb", description="Knowledge base of Chinese trade-union newspapers.", formatter_class=fmt
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress to stderr")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    p = sub.add_parser(
        "ingest",
        help="read page dumps (.txt/.md/.pdf) into the knowledge base",
        formatter_class=fmt,
        epilog="example:\n  unionkb ingest ../shared/seeds/*.txt --paper nfgb\n"
        "  unionkb ingest unionkb/samples/pages/ --paper lngr",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="page files or directories")
    p.add_argument("--paper", required=True, metavar="CODE", help="paper code, e.g. nfgb (南方工报)")
    p.add_argument("--issue-date", type=iso_date, metavar="YYYY-MM-DD", help="issue date of all given pages")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser(
        "search",
        help="full-text search of articles",
        formatter_class=fmt,
        epilog="example:\n  unionkb search 二次医保 --from 2025-01-01\n"
        "  unionkb search '\"9897.25 万元\"' --json\n\n"
        'query syntax: words are ANDed; OR between words; -word or NOT word excludes; "quoted" = exact text',
    )
    p.add_argument("query", help="search words")
    add_range_filters(p)
    p.add_argument("--sort", choices=("relevance", "date"), default="relevance")
    add_paging(p, noun="results", json_help="print JSON")
    p.set_defaults(func=cmd_search)

    p = sub.add_parser(
        "serve",
        help="start the HTTP API",
        formatter_class=fmt,
        epilog="example:\n  unionkb serve --port 8000   # then open http://127.0.0.1:8000/docs",
    )
    p.add_argument("--host", help="bind address (default 127.0.0.1)")
    p.add_argument("--port", type=int, help="port (default 8000)")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser(
        "eval",
        help="score extraction against a gold file",
        formatter_class=fmt,
        epilog="example:\n  unionkb eval --gold ../shared/gold/seeds.jsonl\n"
        "  unionkb eval --gold unionkb/samples/gold.jsonl --json",
    )
    p.add_argument("--gold", required=True, metavar="FILE", help="gold JSON Lines file")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.set_defaults(func=cmd_eval)

    p = sub.add_parser(
        "extract",
        help="extract articles and records from one page, without storing",
        formatter_class=fmt,
        epilog="example:\n  unionkb extract ../shared/seeds/000_09e307ce4eb25b67.txt --json\n"
        "  cat page.txt | unionkb extract -",
    )
    p.add_argument("file", metavar="FILE|-", help="page file, or - for standard input")
    p.add_argument("--issue-date", type=iso_date, metavar="YYYY-MM-DD")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_extract)

    from unionkb.crawl_commands import register as register_crawl

    register_crawl(sub)
    from unionkb.figures_command import register as register_figures

    register_figures(sub)
    from unionkb.events_command import register as register_events

    register_events(sub)
    return parser


def _check_limit(args: argparse.Namespace, settings: Settings) -> None:
    limit = getattr(args, "limit", None)
    if limit is not None and not 1 <= limit <= settings.page_size_max:
        raise CLIError(f"--limit must be between 1 and {settings.page_size_max}, got {limit}", EXIT_USAGE)


def main(argv: Sequence[str] | None = None) -> int:
    debug = bool(os.environ.get("UNIONKB_DEBUG"))
    try:
        args = build_parser().parse_args(argv)
        logging.basicConfig(
            level=logging.DEBUG if debug else logging.INFO if args.verbose else logging.WARNING,
            format="%(levelname)s %(name)s: %(message)s",
        )
        settings = get_settings()
        _check_limit(args, settings)
        handler: Callable[[argparse.Namespace, Settings], int] = args.func
        return handler(args, settings)
    except CLIError as exc:
        print(f"unionkb: {exc}" if not str(exc).startswith("unionkb") else str(exc), file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        print("unionkb: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # the last line of defence: one line, not a traceback
        if debug:
            raise
        from kb.base import KBError

        if isinstance(exc, KBError):
            print(f"unionkb: {exc}", file=sys.stderr)
            return EXIT_FAILED
        if isinstance(exc, OSError):
            print(f"unionkb: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "), file=sys.stderr)
            return EXIT_FAILED
        print(
            f"unionkb: internal error: {type(exc).__name__}: {exc} (UNIONKB_DEBUG=1 shows a traceback)",
            file=sys.stderr,
        )
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
