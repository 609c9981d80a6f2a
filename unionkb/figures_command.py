"""``unionkb figures``: the figure search of ``GET /figures`` on the command line.

Kept out of ``unionkb/cli.py`` so the lead's parser gains it with one
``register(sub)`` call. Filters, bounds parsing and errors are the API's:
``--min 9897.25万`` is the exact decimal 98972500, ``--min`` above ``--max``
is a usage error, and the cursor printed at the end continues the listing.
The table pads by display width, since most cells are Chinese.
"""

from __future__ import annotations

import argparse
import json
import unicodedata
from decimal import Decimal
from typing import Any

from unionkb.settings import Settings

EXAMPLES = """example:
  unionkb figures --unit 元 --min 1万 --from 2025-01-01
  unionkb figures 二次医保 --measure 受益总金额 --cumulative
  unionkb figures --unit 人次 --paper nfgb --json --limit 50

QUERY selects the articles (same syntax as `unionkb search`); every figure of each
matching article is listed. --min/--max are inclusive and exact; write 98972500,
9897.25万, 1.5亿 or 1e8. Units are normalised: money is in 元, people in 人."""


def _bound(text: str) -> Decimal:
    from kb.values import parse_bound

    try:
        return parse_bound(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def register(subparsers: Any) -> argparse.ArgumentParser:
    """Add the ``figures`` sub-command to ``unionkb``'s sub-parsers."""
    from unionkb.cliutil import iso_date as _iso_date

    p: argparse.ArgumentParser = subparsers.add_parser(
        "figures",
        help="list stored figures (amounts, counts, rates) with their articles",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=EXAMPLES,
    )
    p.add_argument("query", nargs="?", help="only figures of articles matching this search")
    p.add_argument("--unit", help="normalised unit, exactly: 元, 人, 人次, 户, 份, %%…")
    p.add_argument("--measure", help="what is counted, exactly: 受益总金额, 参保人次…")
    p.add_argument("--min", dest="min_value", type=_bound, metavar="N", help="value at least N (inclusive)")
    p.add_argument("--max", dest="max_value", type=_bound, metavar="N", help="value at most N (inclusive)")
    cumulative = p.add_mutually_exclusive_group()
    cumulative.add_argument(
        "--cumulative", dest="cumulative", action="store_const", const=True, help="only running totals"
    )
    cumulative.add_argument(
        "--not-cumulative", dest="cumulative", action="store_const", const=False, help="no running totals"
    )
    p.add_argument(
        "--from", dest="date_from", type=_iso_date, metavar="YYYY-MM-DD", help="earliest issue date"
    )
    p.add_argument("--to", dest="date_to", type=_iso_date, metavar="YYYY-MM-DD", help="latest issue date")
    p.add_argument("--paper", metavar="CODE", help="only this paper")
    p.add_argument("--limit", type=int, default=20, help="figures per page (1-100)")
    p.add_argument("--cursor", help="continue after a previous page")
    p.add_argument("--json", action="store_true", help="print JSON (the shape of GET /figures)")
    p.set_defaults(func=cmd_figures)
    return p


def cmd_figures(args: argparse.Namespace, settings: Settings) -> int:
    from api.routers.figures import item_from_hit
    from kb.base import FigureQuery
    from kb.factory import open_kb
    from unionkb.cliutil import EXIT_OK, EXIT_USAGE, CLIError

    if args.min_value is not None and args.max_value is not None and args.min_value > args.max_value:
        raise CLIError(f"--min {args.min_value} is greater than --max {args.max_value}", EXIT_USAGE)
    if args.date_from and args.date_to and args.date_from > args.date_to:
        raise CLIError(f"--from {args.date_from} is after --to {args.date_to}", EXIT_USAGE)
    query = FigureQuery(
        q=args.query if args.query and args.query.strip() else None,
        unit=args.unit or None,
        measure=args.measure or None,
        min=args.min_value,
        max=args.max_value,
        cumulative=args.cumulative,
        date_from=args.date_from,
        date_to=args.date_to,
        paper=args.paper or None,
        limit=args.limit,
        cursor=args.cursor or None,
    )
    with open_kb(settings) as kb:
        page = kb.search_figures(query)
    if args.json:
        items = [item_from_hit(hit).model_dump(mode="json") for hit in page.items]
        out = {"items": items, "total": page.total, "next_cursor": page.next_cursor, "limit": args.limit}
        print(json.dumps(out, ensure_ascii=False))
        return EXIT_OK
    rows = [
        [
            hit.issue_date.isoformat() if hit.issue_date else "????-??-??",
            str(hit.figure.value),
            hit.figure.unit,
            hit.figure.approx,
            hit.figure.measure or "-",
            hit.figure.text,
            hit.headline,
        ]
        for hit in page.items
    ]
    if rows:
        print(format_table(["date", "value", "unit", "approx", "measure", "text", "headline"], rows))
    more = f"; more with --cursor {page.next_cursor}" if page.next_cursor else ""
    print(f"{len(page.items)} of {page.total} figures{more}")
    return EXIT_OK


def display_width(text: str) -> int:
    """Terminal columns: wide and full-width characters (all of Chinese) take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def format_table(header: list[str], rows: list[list[str]]) -> str:
    """Columns padded to display width; numbers right-aligned; the last column is never padded."""
    table = [header, *rows]
    widths = [max(display_width(row[i]) for row in table) for i in range(len(header) - 1)]
    lines = []
    for row in table:
        cells = []
        for i, cell in enumerate(row[:-1]):
            pad = " " * (widths[i] - display_width(cell))
            cells.append(pad + cell if i == 1 and row is not header else cell + pad)
        lines.append("  ".join([*cells, row[-1]]).rstrip())
    return "\n".join(lines)
