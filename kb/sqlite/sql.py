"""SQL fragments the searches share: WHERE assembly, place and date filters, keyset pages.

Every search pages by keyset (the cursor holds the last row's sort key and
id) and fetches ``limit + 1`` rows to know whether a next page exists; the
helpers here are that logic once, so the four searches cannot drift apart.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from kb.cursor import CursorPosition, SortKey, checked_key, encode_cursor, is_int, is_str
from kb.derived import is_code


def where_sql(clauses: list[str]) -> str:
    return " WHERE " + " AND ".join(clauses) if clauses else ""


def unit_match(
    alias: str, province: str | None, city: str | None, county: str | None
) -> tuple[str, list[Any]]:
    """Conditions on one unit row: each given level by name, or by code when the value is six digits."""
    clauses: list[str] = []
    params: list[Any] = []
    for level, value in (("province", province), ("city", city), ("county", county)):
        if value is None:
            continue
        column = f"{level}_code" if is_code(value) else level
        clauses.append(f"{alias}.{column} = ?")
        params.append(value.strip())
    return " AND ".join(clauses), params


def article_filters(
    paper: str | None, date_from: date | None, date_to: date | None, date_column: str
) -> tuple[list[str], list[Any]]:
    """``a.paper`` and a date range on ``date_column`` (the article's issue date or the event's date)."""
    where, params = (["a.paper = ?"], [paper]) if paper is not None else ([], [])
    dates_where, dates_params = date_range(date_from, date_to, date_column)
    return where + dates_where, params + dates_params


def after_date_id_ord(
    position: CursorPosition | None, date_sql: str, ord_sql: str
) -> tuple[list[str], list[Any]]:
    """The keyset condition for the order (date desc, article id, position): rows after the cursor."""
    if position is None:
        return [], []
    key = checked_key(position, is_str, is_int)
    clause = f"({date_sql} < ? OR ({date_sql} = ? AND (a.id > ? OR (a.id = ? AND {ord_sql} > ?))))"
    return [clause], [key[0], key[0], position.last_id, position.last_id, key[1]]


def next_page(
    rows: Sequence[sqlite3.Row],
    limit: int,
    fingerprint: str,
    key_of: Callable[[sqlite3.Row], SortKey],
    id_column: str,
) -> tuple[Sequence[sqlite3.Row], str | None]:
    """The page's rows (of the ``limit + 1`` fetched) and the cursor to the next page, if any."""
    page_rows = rows[:limit]
    next_cursor = None
    if len(rows) > limit:
        last = page_rows[-1]
        next_cursor = encode_cursor(fingerprint, key_of(last), last[id_column])
    return page_rows, next_cursor


def date_range(date_from: date | None, date_to: date | None, column: str) -> tuple[list[str], list[Any]]:
    """``column`` between the two dates (each end optional), as ISO strings."""
    where: list[str] = []
    params: list[Any] = []
    if date_from is not None:
        where.append(f"{column} >= ?")
        params.append(date_from.isoformat())
    if date_to is not None:
        where.append(f"{column} <= ?")
        params.append(date_to.isoformat())
    return where, params
