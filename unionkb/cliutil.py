"""What every sub-command module shares: the expected-failure exception, exit codes, argument types,
and the options and output of the list commands.

Kept apart from ``unionkb.cli`` so command modules can import it at the top
and ``python -m unionkb.cli`` (which loads cli.py twice) sees one class.
"""

from __future__ import annotations

import argparse
import json
import unicodedata
from datetime import date
from typing import Any

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 70


class CLIError(Exception):
    """An expected failure: printed as one line, exit code ``code``."""

    def __init__(self, message: str, code: int = EXIT_FAILED) -> None:
        super().__init__(message)
        self.code = code


def iso_date(text: str) -> date:
    """argparse type for YYYY-MM-DD that names the bad value."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date in YYYY-MM-DD form") from None


# ------------------------------------------------- list commands (search, figures, events)
# The three list commands mirror list endpoints of the API; these helpers keep
# their shared options, checks and output in one place so they cannot drift.


def add_range_filters(p: argparse.ArgumentParser, *, dates: str = "issue date") -> None:
    """``--from``/``--to``/``--paper``; ``dates`` names what the range filters in the help."""
    p.add_argument("--from", dest="date_from", type=iso_date, metavar="YYYY-MM-DD", help=f"earliest {dates}")
    p.add_argument("--to", dest="date_to", type=iso_date, metavar="YYYY-MM-DD", help=f"latest {dates}")
    p.add_argument("--paper", metavar="CODE", help="only this paper")


def add_paging(p: argparse.ArgumentParser, *, noun: str, json_help: str) -> None:
    """``--limit``/``--cursor``/``--json``, after any command-specific options."""
    p.add_argument("--limit", type=int, default=20, help=f"{noun} per page (1-100)")
    p.add_argument("--cursor", help="continue after a previous page")
    p.add_argument("--json", action="store_true", help=json_help)


def check_date_range(args: argparse.Namespace) -> None:
    """``--from`` after ``--to`` is a usage error, as ``from`` after ``to`` is a 422 in the API."""
    if args.date_from and args.date_to and args.date_from > args.date_to:
        raise CLIError(f"--from {args.date_from} is after --to {args.date_to}", EXIT_USAGE)


def print_json_page(items: list[dict[str, Any]], page: Any, limit: int | None = None) -> None:
    """One JSON line in the shape of the matching list endpoint (``limit`` only when given)."""
    out: dict[str, Any] = {"items": items, "total": page.total, "next_cursor": page.next_cursor}
    if limit is not None:
        out["limit"] = limit
    print(json.dumps(out, ensure_ascii=False))


def print_page_footer(page: Any, noun: str) -> None:
    """The last line of a table: how many were shown and the cursor that continues."""
    more = f"; more with --cursor {page.next_cursor}" if page.next_cursor else ""
    print(f"{len(page.items)} of {page.total} {noun}{more}")


def display_width(text: str) -> int:
    """Terminal columns: wide and full-width characters (all of Chinese) take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def format_table(header: list[str], rows: list[list[str]]) -> str:
    """Columns padded to display width; numbers right-aligned; the last column is never padded.

    The second column is the one right-aligned (``figures``' value; ``events``
    inherits it for its type column).
    """
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
