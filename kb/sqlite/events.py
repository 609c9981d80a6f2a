"""Event search and the place tree: both count what happened where, by keyset or ``GROUP BY``."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from kb.base import EventHit, EventQuery, Page, PlaceLevel, PlaceNode, PlaceUnit, validate_limit
from kb.codec import event_from_json
from kb.cursor import decode_cursor, event_query_fingerprint
from kb.derived import programme_needle
from kb.sqlite.connection import SqliteConnections
from kb.sqlite.rows import joined_headline, parse_date
from kb.sqlite.sql import after_date_id_ord, article_filters, date_range, next_page, unit_match, where_sql
from kb.tree import TreeCounts

_TREE_LEVELS: tuple[tuple[PlaceLevel, tuple[str, ...]], ...] = (
    ("province", ("province",)),
    ("city", ("province", "city")),
    ("county", ("province", "city", "county")),
)


class EventReads(SqliteConnections):
    """``search_events`` and ``place_tree``."""

    def search_events(self, query: EventQuery) -> Page[EventHit]:
        """Events joined to their articles; keyset order (date key desc, undated last; article id; ord)."""
        validate_limit(query.limit)
        fingerprint = event_query_fingerprint(query, self.backend)
        position = decode_cursor(query.cursor, fingerprint) if query.cursor else None
        where: list[str] = []
        params: list[Any] = []
        if query.type is not None:
            where.append("e.type = ?")
            params.append(query.type)
        if query.paper is not None:
            where.append("a.paper = ?")
            params.append(query.paper)
        unit_sql, unit_params = unit_match("x", query.province, query.city, query.county)
        if unit_sql:
            where.append(f"EXISTS (SELECT 1 FROM event_units x WHERE x.event_pk = e.pk AND {unit_sql})")
            params.extend(unit_params)
        if query.org is not None:
            where.append(
                "EXISTS (SELECT 1 FROM event_names n WHERE n.event_pk = e.pk "
                "AND n.kind IN ('organiser', 'participant') AND instr(n.name, ?) > 0)"
            )
            params.append(query.org.strip())
        if query.programme is not None:
            where.append(
                "EXISTS (SELECT 1 FROM event_names n WHERE n.event_pk = e.pk "
                "AND n.kind = 'programme' AND instr(n.name, ?) > 0)"
            )
            params.append(programme_needle(query.programme))
        dates_where, dates_params = date_range(query.date_from, query.date_to, "e.date_key")
        where += dates_where
        params += dates_params

        date_sql = "ifnull(e.date_key, '')"
        after_where, after_params = after_date_id_ord(position, date_sql, "e.ord")
        page_where, page_params = where + after_where, params + after_params
        from_sql = "events e JOIN articles a ON a.pk = e.article_pk"
        count_sql = f"SELECT count(*) FROM {from_sql}{where_sql(where)}"
        page_sql = (
            f"SELECT e.pk, e.ord, e.date_key, e.data, a.id AS article_id, a.paper, a.issue_date, a.kicker,"
            f" a.title, a.subtitle, a.source_url, {date_sql} AS sort_key"
            f" FROM {from_sql}{where_sql(page_where)}"
            f" ORDER BY {date_sql} DESC, a.id, e.ord LIMIT ?"
        )
        with self._snapshot("event search") as conn:  # total, page and event places agree
            total = int(conn.execute(count_sql, params).fetchone()[0])
            rows = conn.execute(page_sql, [*page_params, query.limit + 1]).fetchall()
            page_rows, next_cursor = next_page(
                rows, query.limit, fingerprint, lambda last: [last["sort_key"], last["ord"]], "article_id"
            )
            units: dict[int, list[PlaceUnit]] = {r["pk"]: [] for r in page_rows}
            if units:
                marks = ",".join("?" * len(units))
                for u in conn.execute(
                    "SELECT event_pk, province, city, county FROM event_units"
                    f" WHERE event_pk IN ({marks}) ORDER BY event_pk, ord",
                    list(units),
                ):
                    units[u["event_pk"]].append(PlaceUnit(u["province"], u["city"], u["county"]))
        items = [
            EventHit(
                event=event_from_json(json.loads(r["data"])),
                ord=r["ord"],
                date=parse_date(r["date_key"]),
                places=tuple(units[r["pk"]]),
                article_id=r["article_id"],
                paper=r["paper"],
                issue_date=parse_date(r["issue_date"]),
                headline=joined_headline(r),
                url=r["source_url"],
            )
            for r in page_rows
        ]
        return Page(items=items, next_cursor=next_cursor, total=total)

    def place_tree(
        self, paper: str | None = None, date_from: date | None = None, date_to: date | None = None
    ) -> list[PlaceNode]:
        """Counts per unit by ``GROUP BY`` at each level, so a parent counts distinct articles/events."""
        art_where, art_params = article_filters(paper, date_from, date_to, "a.issue_date")
        ev_where, ev_params = article_filters(paper, date_from, date_to, "e.date_key")
        art_from = "article_units u JOIN articles a ON a.pk = u.article_pk"
        ev_from = "event_units u JOIN events e ON e.pk = u.event_pk JOIN articles a ON a.pk = e.article_pk"
        counts = TreeCounts()
        with self._snapshot("place tree") as conn:
            for level, keys in _TREE_LEVELS:
                cols = ", ".join(f"u.{k}" for k in keys)
                codes = f"max(u.{level}_code)"
                present = f"u.{level} IS NOT NULL"
                for metric, from_sql, where, params, counted in (
                    ("articles", art_from, art_where, art_params, "u.article_pk"),
                    ("events", ev_from, ev_where, ev_params, "u.event_pk"),
                ):
                    sql = (
                        f"SELECT {cols}, {codes} AS code, count(DISTINCT {counted}) AS n FROM {from_sql}"
                        f"{where_sql([*where, present, 'u.province IS NOT NULL'])} GROUP BY {cols}"
                    )
                    for r in conn.execute(sql, params):
                        counts.add(level, tuple(r[k] for k in keys), r["code"], metric, r["n"])
        return counts.tree()
