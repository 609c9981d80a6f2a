"""``unionkb events``: the event search of ``GET /events`` on the command line.

Kept out of ``unionkb/cli.py`` so the parser gains it with one ``register``
call. Filters and checks are the API's (an unknown ``--type`` is a usage
error listing the taxonomy); ``date`` is the event's date, else the issue's.
"""

from __future__ import annotations

import argparse
from typing import Any

from unionkb.cliutil import (
    EXIT_OK,
    EXIT_USAGE,
    CLIError,
    add_paging,
    add_range_filters,
    check_date_range,
    format_table,
    print_json_page,
    print_page_footer,
)
from unionkb.settings import Settings

EXAMPLES = """example:
  unionkb events --city 佛山市            (also finds events that only say 南海 or 顺德)
  unionkb events --type 慰问 --from 2025-01-01 --to 2025-02-28
  unionkb events --programme 二次医保 --json
  unionkb events --org 南海区总工会 --limit 50"""


def register(subparsers: Any) -> argparse.ArgumentParser:
    """Add the ``events`` sub-command to ``unionkb``'s sub-parsers."""
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
    add_range_filters(p, dates="date")
    add_paging(p, noun="events", json_help="print JSON (the shape of GET /events)")
    p.set_defaults(func=cmd_events)
    return p


def cmd_events(args: argparse.Namespace, settings: Settings) -> int:
    from api.routers.events import event_types, item_from_hit
    from kb.base import EventQuery
    from kb.factory import open_kb

    check_date_range(args)
    if args.event_type and args.event_type not in event_types():
        raise CLIError(f"--type must be one of {', '.join(event_types())}", EXIT_USAGE)
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
        print_json_page(items, page, args.limit)
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
    print_page_footer(page, "events")
    return EXIT_OK
