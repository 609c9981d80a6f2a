"""``unionkb figures``: the figure search of ``GET /figures`` on the command line.

Kept out of ``unionkb/cli.py`` so the lead's parser gains it with one
``register(sub)`` call. Filters, bounds parsing and errors are the API's:
``--min 9897.25万`` is the exact decimal 98972500, ``--min`` above ``--max``
is a usage error, and the cursor printed at the end continues the listing.
The table pads by display width, since most cells are Chinese.
"""

from __future__ import annotations

import argparse
from decimal import Decimal
from typing import Any

from unionkb.cliutil import (
    EXIT_OK,
    EXIT_USAGE,
    CLIError,
    add_paging,
    add_range_filters,
    check_date_range,
    display_width,
    format_table,
    print_json_page,
    print_page_footer,
)
from unionkb.settings import Settings

__all__ = ["cmd_figures", "display_width", "format_table", "register"]

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
    add_range_filters(p)
    add_paging(p, noun="figures", json_help="print JSON (the shape of GET /figures)")
    p.set_defaults(func=cmd_figures)
    return p


def cmd_figures(args: argparse.Namespace, settings: Settings) -> int:
    from api.routers.figures import item_from_hit
    from kb.base import FigureQuery
    from kb.factory import open_kb

    if args.min_value is not None and args.max_value is not None and args.min_value > args.max_value:
        raise CLIError(f"--min {args.min_value} is greater than --max {args.max_value}", EXIT_USAGE)
    check_date_range(args)
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
        print_json_page(items, page, args.limit)
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
    print_page_footer(page, "figures")
    return EXIT_OK
