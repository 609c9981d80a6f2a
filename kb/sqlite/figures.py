"""Figure search: stored figures joined to their articles, filtered and paged by keyset."""

from __future__ import annotations

from typing import Any

from kb.base import FigureHit, FigureQuery, Page, validate_figure_query
from kb.cursor import decode_cursor, figure_query_fingerprint
from kb.query import parse_query
from kb.sqlite.connection import SqliteConnections
from kb.sqlite.fts import compile_search
from kb.sqlite.rows import figure_from_row, joined_headline, parse_date
from kb.sqlite.sql import after_date_id_ord, date_range, next_page, where_sql
from kb.values import decimal_key


class FigureReads(SqliteConnections):
    """``search_figures``."""

    def search_figures(self, query: FigureQuery) -> Page[FigureHit]:
        """Figures joined to their articles; ``q`` runs the article search (FTS candidates + exact check).

        Keyset order is (issue date desc with undated last, article id, figure
        position): the cursor carries the date key and position, its ``last_id``
        the article id, so a page starts strictly after the previous one.
        """
        validate_figure_query(query)
        fingerprint = figure_query_fingerprint(query, self.backend)
        position = decode_cursor(query.cursor, fingerprint) if query.cursor else None
        compiled = compile_search(parse_query(query.q)) if query.q is not None else None

        params: list[Any] = []
        where: list[str] = []
        if compiled is not None and compiled.match is not None:
            source = (
                "WITH m AS MATERIALIZED (SELECT rowid AS pk FROM articles_fts WHERE articles_fts MATCH ?) "
            )
            params.append(compiled.match)
            from_sql = "m JOIN articles a ON a.pk = m.pk JOIN figures f ON f.article_pk = a.pk"
        else:
            source, from_sql = "", "articles a JOIN figures f ON f.article_pk = a.pk"
        if compiled is not None:
            where.append(compiled.verify_sql)
            params.extend(compiled.verify_params)
        for column, value in (("f.unit", query.unit), ("f.measure", query.measure), ("a.paper", query.paper)):
            if value is not None:
                where.append(f"{column} = ?")
                params.append(value)
        if query.min is not None:
            where.append("f.value_key >= ?")
            params.append(decimal_key(query.min))
        if query.max is not None:
            where.append("f.value_key <= ?")
            params.append(decimal_key(query.max))
        if query.cumulative is not None:
            where.append("f.cumulative = ?")
            params.append(int(query.cumulative))
        dates_where, dates_params = date_range(query.date_from, query.date_to, "a.issue_date")
        where += dates_where
        params += dates_params

        date_sql = "ifnull(a.issue_date, '')"
        after_where, after_params = after_date_id_ord(position, date_sql, "f.ord")
        page_where, page_params = where + after_where, params + after_params
        count_sql = f"{source}SELECT count(*) FROM {from_sql}{where_sql(where)}"
        page_sql = (
            f"{source}SELECT f.*, a.id AS article_id, a.paper, a.issue_date, a.kicker, a.title, a.subtitle,"
            f" a.source_url, p.number AS page_number, {date_sql} AS date_key"
            f" FROM {from_sql} JOIN pages p ON p.pk = a.page_pk{where_sql(page_where)}"
            f" ORDER BY {date_sql} DESC, a.id, f.ord LIMIT ?"
        )
        with self._snapshot("figure search") as conn:  # total and page agree even while ingest commits
            total = int(conn.execute(count_sql, params).fetchone()[0])
            rows = conn.execute(page_sql, [*page_params, query.limit + 1]).fetchall()

        page_rows, next_cursor = next_page(
            rows, query.limit, fingerprint, lambda last: [last["date_key"], last["ord"]], "article_id"
        )
        items = [
            FigureHit(
                figure=figure_from_row(r),
                article_id=r["article_id"],
                paper=r["paper"],
                issue_date=parse_date(r["issue_date"]),
                headline=joined_headline(r),
                url=r["source_url"],
                page_number=r["page_number"],
            )
            for r in page_rows
        ]
        return Page(items=items, next_cursor=next_cursor, total=total)
