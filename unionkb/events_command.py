"""``unionkb events``: the event search of ``GET /events`` on the command line.

Kept out of ``unionkb/cli.py`` so the parser gains it with one ``register``
call. Filters and checks are the API's (an unknown ``--type`` is a usage
error listing the taxonomy); ``date`` is the event's date, else the issue's.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from unionkb.settings import Settings

EXAMPLES = """example:
  unionkb events --city 佛山市            (also finds events that only say 南海 or 顺德)
  unionkb events --type 慰问 --from 2025-01-01 --to 2025-02-28
  unionkb events --programme 二次医保 --json
  unionkb events --org 南海区总工会 --limit 50"""


def register(subparsers: Any) -> argparse.ArgumentParser:
    """Add the ``events`` sub-command to ``unionkb``'s sub-parsers."""
    from unionkb.cliutil import iso_date

    p: argparse.ArgumentParser = subparsers.add_parser(
        "events",
        help="list stored events (who did what, where, when) with their articles",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=EXAMPLES,
    )
    p.add_argument("--type", dest="event_type", help="event type from docs/events.md: 赠送, 慰问, 培训…")
    p.add_argument("--province", help="province name or 6-digit code")
    p.add_argument("--city", help="city name or code")
    p.add_argument("--county", help="county-level unit name or code")
    p.add_argument("--org", help="part of an organiser's or participant's name")
    p.add_argument("--programme", help="programme name or alias (二次医保)")
    p.add_argument("--from", dest="date_from", type=iso_date, metavar="YYYY-MM-DD", help="earliest date")
    p.add_argument("--to", dest="date_to", type=iso_date, metavar="YYYY-MM-DD", help="latest date")
    p.add_argument("--paper", metavar="CODE", help="only this paper")
    p.add_argument("--limit", type=int, default=20, help="events per page (1-100)")
    p.add_argument("--cursor", help="continue after a previous page")
    p.add_argument("--json", action="store_true", help="print JSON (the shape of GET /events)")
    p.set_defaults(func=cmd_events)
    return p


def cmd_events(args: argparse.Namespace, settings: Settings) -> int:
    from api.routers.events import event_types, item_from_hit
    from kb.base import EventQuery
    from kb.factory import open_kb
    from unionkb.cliutil import EXIT_OK, EXIT_USAGE, CLIError
    from unionkb.figures_command import format_table

    if args.date_from and args.date_to and args.date_from > args.date_to:
        raise CLIError(f"--from {args.date_from} is after --to {args.date_to}", EXIT_USAGE)
    if args.event_type and args.event_type not in event_types():
        raise CLIError(f"--type must be one of {', '.join(event_types())}", EXIT_USAGE)
    if not 1 <= args.limit <= 100:
        raise CLIError(f"--limit must be between 1 and 100, got {args.limit}", EXIT_USAGE)
    query = EventQuery(
        type=args.event_type or None,
        province=args.province or None,
        city=args.city or None,
        county=args.county or None,
        org=args.org or None,
        programme=args.programme or None,
        date_from=args.date_from,
        date_to=args.date_to,
        paper=args.paper or None,
        limit=args.limit,
        cursor=args.cursor or None,
    )
    with open_kb(settings) as kb:
        page = kb.search_events(query)
    if args.json:
        items = [item_from_hit(hit).model_dump(mode="json") for hit in page.items]
        out = {"items": items, "total": page.total, "next_cursor": page.next_cursor, "limit": args.limit}
        print(json.dumps(out, ensure_ascii=False))
        return EXIT_OK
    rows = [
        [
            hit.date.isoformat() if hit.date else "????-??-??",
            hit.event.type,
            "、".join("/".join(x for x in (u.city, u.county) if x) for u in hit.places) or "-",
            "、".join(hit.event.organisers) or "-",
            hit.headline,
        ]
        for hit in page.items
    ]
    if rows:
        print(format_table(["date", "type", "places", "organisers", "headline"], rows))
    more = f"; more with --cursor {page.next_cursor}" if page.next_cursor else ""
    print(f"{len(page.items)} of {page.total} events{more}")
    return EXIT_OK
