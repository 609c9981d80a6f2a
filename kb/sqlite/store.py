"""The embedded SQLite backend.

Concurrency model: one writer connection, serialised by a lock, and one
read-only connection per thread (FastAPI runs sync endpoints in a thread
pool). WAL mode lets those readers proceed while a write transaction is open;
``busy_timeout`` covers the moments SQLite still needs the lock (checkpoints,
another process ingesting). Every upsert batch is one ``BEGIN IMMEDIATE``
transaction, FTS rows and figures included, so a failed record leaves the
file exactly as it was.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from extract.records import Article, Figure
from kb.base import (
    LATEST_MENTIONS,
    ArticleHit,
    ArticleQuery,
    ContextManagedKB,
    EntityDetail,
    EntityHit,
    EntityMention,
    EntityQuery,
    EventHit,
    EventQuery,
    FigureHit,
    FigureQuery,
    InvalidCursorError,
    KBError,
    MonthCount,
    Page,
    PlaceLevel,
    PlaceNode,
    PlaceUnit,
    SourceInfo,
    StoredArticle,
    UpsertResult,
    validate_article,
    validate_entity_query,
    validate_figure_query,
    validate_limit,
)
from kb.codec import (
    event_from_json,
    event_to_json,
    figure_to_json,
    offset_map_from_json,
    offset_map_to_json,
    records_from_json,
    records_to_json,
)
from kb.cursor import (
    decode_cursor,
    encode_cursor,
    entity_query_fingerprint,
    event_query_fingerprint,
    figure_query_fingerprint,
    query_fingerprint,
)
from kb.derived import (
    UnitRow,
    activity_units,
    entity_mentions,
    event_date_key,
    event_units,
    is_code,
    iter_entities,
    programme_needle,
)
from kb.query import ascii_lower, parse_query
from kb.snippet import make_snippet
from kb.sqlite.fts import BODY_WEIGHT, HEADLINE_WEIGHT, compile_search, index_text
from kb.sqlite.schema import migrate
from kb.tree import TreeCounts as _TreeCounts
from kb.values import decimal_key

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 5000
MIN_SQLITE = (3, 35, 0)  # RETURNING, MATERIALIZED CTEs

_ARTICLE_COLUMNS = """
    a.pk, a.id, a.paper, a.issue_date, i.number AS issue_number, p.number AS page_number,
    p.name AS page_name, p.pdf_url AS page_pdf_url, a.seq, a.kicker, a.title, a.subtitle, a.body,
    a.reporters, a.correspondents, a.byline_end, a.photo_credits, a.body_map, a.extra,
    a.source_kind, a.source_url, a.source_path, a.raw_sha256, a.fetched_at, a.ingested_at, a.records
"""
_ARTICLE_FROM = "articles a JOIN pages p ON p.pk = a.page_pk JOIN issues i ON i.pk = p.issue_pk"

_UPSERT_ARTICLE = """
INSERT INTO articles (
    id, page_pk, paper, issue_date, seq, kicker, title, subtitle, body, reporters, correspondents,
    byline_end, photo_credits, body_map, extra, source_kind, source_url, source_path, raw_sha256,
    fetched_at, ingested_at, content_hash, records
) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (id) DO UPDATE SET
    page_pk = excluded.page_pk, paper = excluded.paper, issue_date = excluded.issue_date,
    seq = excluded.seq, kicker = excluded.kicker, title = excluded.title, subtitle = excluded.subtitle,
    body = excluded.body, reporters = excluded.reporters, correspondents = excluded.correspondents,
    byline_end = excluded.byline_end, photo_credits = excluded.photo_credits, body_map = excluded.body_map,
    extra = excluded.extra, source_kind = excluded.source_kind, source_url = excluded.source_url,
    source_path = excluded.source_path, raw_sha256 = excluded.raw_sha256, fetched_at = excluded.fetched_at,
    ingested_at = excluded.ingested_at, content_hash = excluded.content_hash, records = excluded.records
WHERE articles.content_hash IS NOT excluded.content_hash
RETURNING pk
"""

_INSERT_FIGURE = """
INSERT INTO figures (
    article_pk, ord, text, value, unit, approx, start, "end", sentence, field, measure, cumulative,
    period, period_from, period_to, subject, per, is_duration, value_key
) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
"""


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)


def _headline(article: Article) -> str:
    return "\n".join(p for p in (article.kicker, article.title, article.subtitle) if p)


def _issue_key(item: StoredArticle) -> str:
    if item.issue_date is not None:
        return item.issue_date.isoformat()
    return f"no:{item.issue_number}" if item.issue_number else "undated"


def _connect(path: Path, *, read_only: bool) -> sqlite3.Connection:
    conn = sqlite3.connect(
        path, isolation_level=None, check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000
    )
    conn.row_factory = sqlite3.Row
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS:d}")
    conn.execute("PRAGMA foreign_keys = ON")
    if read_only:
        conn.execute("PRAGMA query_only = ON")
    return conn


def _check_sqlite(conn: sqlite3.Connection) -> None:
    if sqlite3.sqlite_version_info < MIN_SQLITE:
        raise KBError(
            f"SQLite {sqlite3.sqlite_version} is too old: unionkb needs {'.'.join(map(str, MIN_SQLITE))}+"
        )
    try:
        conn.execute("CREATE VIRTUAL TABLE temp.fts5_probe USING fts5(x)")
        conn.execute("DROP TABLE temp.fts5_probe")
    except sqlite3.OperationalError as exc:
        raise KBError(f"SQLite {sqlite3.sqlite_version} was built without FTS5: {exc}") from exc


class SqliteKnowledgeBase(ContextManagedKB):
    backend = "sqlite"

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._write_lock = threading.Lock()
        self._local = threading.local()
        self._readers: list[sqlite3.Connection] = []
        self._readers_lock = threading.Lock()
        self._closed = False
        try:
            self._writer = _connect(self.path, read_only=False)
        except sqlite3.Error as exc:
            raise KBError(f"cannot open knowledge base {self.path}: {exc}") from exc
        try:
            mode = self._writer.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if mode.lower() != "wal":
                raise KBError(f"cannot switch {self.path} to WAL mode (journal_mode is {mode})")
            self._writer.execute("PRAGMA synchronous = NORMAL")
            _check_sqlite(self._writer)
            with self._write_lock:
                migrate(self._writer)
        except sqlite3.DatabaseError as exc:
            self._writer.close()
            raise KBError(f"{self.path} is not a usable unionkb knowledge base: {exc}") from exc
        except BaseException:
            self._writer.close()
            raise

    # -- connections -------------------------------------------------------------------------

    def _reader(self) -> sqlite3.Connection:
        if self._closed:
            raise KBError("knowledge base is closed")
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = _connect(self.path, read_only=True)
            self._local.conn = conn
            with self._readers_lock:
                self._readers.append(conn)
        return conn

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        with self._readers_lock:
            for conn in self._readers:
                conn.close()
            self._readers.clear()
        with self._write_lock:
            self._writer.close()

    # -- writes ------------------------------------------------------------------------------

    def upsert_articles(self, articles: Sequence[StoredArticle]) -> UpsertResult:
        if self._closed:
            raise KBError("knowledge base is closed")
        new = updated = unchanged = 0
        with self._write_lock:
            conn = self._writer
            conn.execute("BEGIN IMMEDIATE")
            try:
                for item in articles:
                    validate_article(item)
                    digest = item.content_hash()
                    row = conn.execute(
                        "SELECT content_hash FROM articles WHERE id = ?", (item.id,)
                    ).fetchone()
                    if row is not None and row[0] == digest:
                        unchanged += 1
                        continue
                    self._write_article(conn, item, digest)
                    if row is None:
                        new += 1
                    else:
                        updated += 1
                conn.execute("COMMIT")
            except sqlite3.Error as exc:
                conn.execute("ROLLBACK")
                raise KBError(f"upsert failed, nothing was stored: {exc}") from exc
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        return UpsertResult(new=new, updated=updated, unchanged=unchanged)

    def _write_article(self, conn: sqlite3.Connection, item: StoredArticle, digest: str) -> None:
        art = item.article
        page_pk = self._ensure_page(conn, item)
        row = conn.execute(
            _UPSERT_ARTICLE,
            (
                item.id,
                page_pk,
                item.paper,
                item.issue_date.isoformat() if item.issue_date else None,
                item.seq,
                art.kicker,
                art.title,
                art.subtitle,
                art.body,
                _dumps(list(art.reporters)),
                _dumps(list(art.correspondents)),
                art.byline_end,
                _dumps(list(art.photo_credits)),
                None if art.body_map is None else _dumps(offset_map_to_json(art.body_map)),
                _dumps(art.extra),
                item.source.kind,
                item.source.url,
                item.source.path,
                item.source.raw_sha256,
                item.source.fetched_at.isoformat() if item.source.fetched_at else None,
                item.ingested_at.isoformat(),
                digest,
                _dumps(records_to_json(art)),
            ),
        ).fetchone()
        if row is None:  # content hash equal after all: the conflict clause wrote nothing
            return
        pk = int(row[0])
        conn.execute("DELETE FROM articles_fts WHERE rowid = ?", (pk,))
        conn.execute(
            "INSERT INTO articles_fts (rowid, headline, body) VALUES (?, ?, ?)",
            (pk, index_text(_headline(art)), index_text(art.body)),
        )
        conn.execute("DELETE FROM figures WHERE article_pk = ?", (pk,))
        conn.executemany(_INSERT_FIGURE, [_figure_row(pk, n, f) for n, f in enumerate(art.figures)])
        self._write_records(conn, pk, item)

    def _write_records(self, conn: sqlite3.Connection, pk: int, item: StoredArticle) -> None:
        """Replace the article's place, event and mention rows (same transaction as the article row).

        Rows are deleted and re-inserted rather than diffed: an article has a
        handful of each, and replacing makes duplicates after re-ingest impossible.
        Entities left without mentions are dropped so searches never list ghosts.
        """
        art = item.article
        conn.execute("DELETE FROM article_units WHERE article_pk = ?", (pk,))
        conn.executemany(
            "INSERT INTO article_units VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(pk, n, *_unit_values(u)) for n, u in enumerate(activity_units(art))],
        )
        conn.execute("DELETE FROM events WHERE article_pk = ?", (pk,))  # cascades to units and names
        for n, event in enumerate(art.events):
            event_pk = conn.execute(
                "INSERT INTO events (article_pk, ord, type, date_key, data) VALUES (?, ?, ?, ?, ?)"
                " RETURNING pk",
                (pk, n, event.type, event_date_key(event, item.issue_date), _dumps(event_to_json(event))),
            ).fetchone()[0]
            conn.executemany(
                "INSERT INTO event_units VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [(event_pk, k, *_unit_values(u)) for k, u in enumerate(event_units(art, event))],
            )
            names = [("organiser", x) for x in event.organisers]
            names += [("participant", x) for x in event.participants]
            names += [("programme", x) for x in event.programmes]
            conn.executemany(
                "INSERT INTO event_names (event_pk, kind, name) VALUES (?, ?, ?)",
                [(event_pk, kind, name) for kind, name in names],
            )
        old_sql = "SELECT DISTINCT entity_id FROM mentions WHERE article_pk = ?"
        old = [r[0] for r in conn.execute(old_sql, (pk,))]
        conn.execute("DELETE FROM mentions WHERE article_pk = ?", (pk,))
        rows = entity_mentions(art)
        conn.executemany(
            "INSERT INTO entities (id, kind, name) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING",
            list(iter_entities(rows)),
        )
        conn.executemany(
            'INSERT INTO mentions (article_pk, ord, entity_id, role, text, field, start, "end", detail) '
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(pk, r.ord, r.entity_id, r.role, r.text, r.field, r.start, r.end, r.detail) for r in rows],
        )
        current = {r.entity_id for r in rows}
        gone = [e for e in old if e not in current]
        if gone:
            conn.execute(
                f"DELETE FROM entities WHERE id IN ({','.join('?' * len(gone))}) "
                "AND NOT EXISTS (SELECT 1 FROM mentions m WHERE m.entity_id = entities.id)",
                gone,
            )

    def _ensure_page(self, conn: sqlite3.Connection, item: StoredArticle) -> int:
        conn.execute("INSERT INTO papers (code) VALUES (?) ON CONFLICT (code) DO NOTHING", (item.paper,))
        key = _issue_key(item)
        issue = conn.execute(
            "SELECT pk, number FROM issues WHERE paper = ? AND issue_key = ?", (item.paper, key)
        ).fetchone()
        if issue is None:
            issue_pk = conn.execute(
                "INSERT INTO issues (paper, issue_key, issue_date, number) VALUES (?, ?, ?, ?) RETURNING pk",
                (
                    item.paper,
                    key,
                    item.issue_date.isoformat() if item.issue_date else None,
                    item.issue_number,
                ),
            ).fetchone()[0]
        else:
            issue_pk = issue["pk"]
            if item.issue_number and issue["number"] != item.issue_number:
                conn.execute("UPDATE issues SET number = ? WHERE pk = ?", (item.issue_number, issue_pk))
        page_key = item.page_number or ""
        page = conn.execute(
            "SELECT pk, name, pdf_url FROM pages WHERE issue_pk = ? AND page_key = ?", (issue_pk, page_key)
        ).fetchone()
        if page is None:
            return int(
                conn.execute(
                    "INSERT INTO pages (issue_pk, page_key, number, name, pdf_url) "
                    "VALUES (?, ?, ?, ?, ?) RETURNING pk",
                    (issue_pk, page_key, item.page_number, item.page_name, item.page_pdf_url),
                ).fetchone()[0]
            )
        name = item.page_name or page["name"]
        pdf_url = item.page_pdf_url or page["pdf_url"]
        if (name, pdf_url) != (page["name"], page["pdf_url"]):
            conn.execute("UPDATE pages SET name = ?, pdf_url = ? WHERE pk = ?", (name, pdf_url, page["pk"]))
        return int(page["pk"])

    # -- reads -------------------------------------------------------------------------------

    def get_article(self, article_id: str) -> StoredArticle | None:
        conn = self._reader()
        conn.execute("BEGIN")  # the article row and its figures from one snapshot
        try:
            found = self._load(conn, "a.id = ?", [article_id])
        finally:
            conn.execute("COMMIT")
        return found[0][1] if found else None

    def count_articles(self) -> int:
        return int(self._reader().execute("SELECT count(*) FROM articles").fetchone()[0])

    def papers(self) -> list[str]:
        rows = self._reader().execute(
            "SELECT code FROM papers WHERE EXISTS (SELECT 1 FROM articles WHERE paper = code) ORDER BY code"
        )
        return [r[0] for r in rows]

    def _load(
        self, conn: sqlite3.Connection, where: str, params: list[Any]
    ) -> list[tuple[int, StoredArticle]]:
        rows = conn.execute(
            f"SELECT {_ARTICLE_COLUMNS} FROM {_ARTICLE_FROM} WHERE {where}", params
        ).fetchall()
        if not rows:
            return []
        pks = [r["pk"] for r in rows]
        figures: dict[int, list[Figure]] = {pk: [] for pk in pks}
        marks = ",".join("?" * len(pks))
        for f in conn.execute(
            f"SELECT * FROM figures WHERE article_pk IN ({marks}) ORDER BY article_pk, ord", pks
        ):
            figures[f["article_pk"]].append(_figure_from_row(f))
        return [(r["pk"], _article_from_row(r, figures[r["pk"]])) for r in rows]

    def search_articles(self, query: ArticleQuery) -> Page[ArticleHit]:
        if query.limit < 1:
            raise ValueError(f"limit must be at least 1, got {query.limit}")
        fingerprint = query_fingerprint(query, self.backend)
        position = decode_cursor(query.cursor, fingerprint) if query.cursor else None
        parsed = parse_query(query.q) if query.q is not None else None
        compiled = compile_search(parsed) if parsed is not None else None

        params: list[Any] = []
        where: list[str] = []
        if compiled is not None and compiled.match is not None:
            source = (
                "WITH m AS MATERIALIZED (SELECT rowid AS pk, "
                f"bm25(articles_fts, {HEADLINE_WEIGHT}, {BODY_WEIGHT}) AS rank "
                "FROM articles_fts WHERE articles_fts MATCH ?) "
            )
            params.append(compiled.match)
            from_sql, rank_sql = "m JOIN articles a ON a.pk = m.pk", "m.rank"
        else:
            source, from_sql, rank_sql = "", "articles a", "0.0"
        if compiled is not None:
            where.append(compiled.verify_sql)
            params.extend(compiled.verify_params)
        if query.paper is not None:
            where.append("a.paper = ?")
            params.append(query.paper)
        if query.date_from is not None:
            where.append("a.issue_date >= ?")
            params.append(query.date_from.isoformat())
        if query.date_to is not None:
            where.append("a.issue_date <= ?")
            params.append(query.date_to.isoformat())
        unit_sql, unit_params = _unit_match("u", query.province, query.city, query.county)
        if unit_sql:
            where.append(f"EXISTS (SELECT 1 FROM article_units u WHERE u.article_pk = a.pk AND {unit_sql})")
            params.extend(unit_params)

        by_relevance = query.effective_sort == "relevance"
        sort_sql = rank_sql if by_relevance else "ifnull(a.issue_date, '')"
        order = f"{sort_sql}, a.id" if by_relevance else f"{sort_sql} DESC, a.id"
        page_where, page_params = list(where), list(params)
        if position is not None:
            key = position.key
            if len(key) != 1 or not isinstance(key[0], float | int if by_relevance else str):
                raise InvalidCursorError("cursor is not valid: it was damaged or not made by this server")
            op = ">" if by_relevance else "<"
            page_where.append(f"({sort_sql} {op} ? OR ({sort_sql} = ? AND a.id > ?))")
            page_params.extend([key[0], key[0], position.last_id])

        def where_sql(clauses: list[str]) -> str:
            return " WHERE " + " AND ".join(clauses) if clauses else ""

        conn = self._reader()
        count_sql = f"{source}SELECT count(*) FROM {from_sql}{where_sql(where)}"
        page_sql = (
            f"{source}SELECT a.pk, a.id, {sort_sql} AS sort_key, {rank_sql} AS rank FROM {from_sql}"
            f"{where_sql(page_where)} ORDER BY {order} LIMIT ?"
        )
        try:
            conn.execute("BEGIN")  # one snapshot: total, page and records agree even while ingest commits
            try:
                total = int(conn.execute(count_sql, params).fetchone()[0])
                rows = conn.execute(page_sql, [*page_params, query.limit + 1]).fetchall()
                page_rows = rows[: query.limit]
                pks = [r["pk"] for r in page_rows]
                loaded = dict(self._load(conn, f"a.pk IN ({','.join('?' * len(pks))})", pks))
            finally:
                conn.execute("COMMIT")
        except sqlite3.Error as exc:
            raise KBError(f"search failed: {exc}") from exc

        needles = [atom.needle for atom in parsed.positive_atoms] if parsed is not None else []
        scored = by_relevance and compiled is not None and compiled.match is not None
        items = [
            ArticleHit(
                article=loaded[r["pk"]],
                snippet=make_snippet(loaded[r["pk"]].article.body, needles),
                score=-float(r["rank"]) if scored else None,
            )
            for r in page_rows
        ]
        next_cursor = None
        if len(rows) > query.limit:
            last = page_rows[-1]
            next_cursor = encode_cursor(fingerprint, [last["sort_key"]], last["id"])
        return Page(items=items, next_cursor=next_cursor, total=total)

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
        if query.date_from is not None:
            where.append("a.issue_date >= ?")
            params.append(query.date_from.isoformat())
        if query.date_to is not None:
            where.append("a.issue_date <= ?")
            params.append(query.date_to.isoformat())

        date_sql = "ifnull(a.issue_date, '')"
        page_where, page_params = list(where), list(params)
        if position is not None:
            key = position.key
            if len(key) != 2 or not isinstance(key[0], str) or type(key[1]) is not int:
                raise InvalidCursorError("cursor is not valid: it was damaged or not made by this server")
            page_where.append(
                f"({date_sql} < ? OR ({date_sql} = ? AND (a.id > ? OR (a.id = ? AND f.ord > ?))))"
            )
            page_params.extend([key[0], key[0], position.last_id, position.last_id, key[1]])

        def where_sql(clauses: list[str]) -> str:
            return " WHERE " + " AND ".join(clauses) if clauses else ""

        count_sql = f"{source}SELECT count(*) FROM {from_sql}{where_sql(where)}"
        page_sql = (
            f"{source}SELECT f.*, a.id AS article_id, a.paper, a.issue_date, a.kicker, a.title, a.subtitle,"
            f" a.source_url, p.number AS page_number, {date_sql} AS date_key"
            f" FROM {from_sql} JOIN pages p ON p.pk = a.page_pk{where_sql(page_where)}"
            f" ORDER BY {date_sql} DESC, a.id, f.ord LIMIT ?"
        )
        conn = self._reader()
        try:
            conn.execute("BEGIN")  # total and page from one snapshot, even while ingest commits
            try:
                total = int(conn.execute(count_sql, params).fetchone()[0])
                rows = conn.execute(page_sql, [*page_params, query.limit + 1]).fetchall()
            finally:
                conn.execute("COMMIT")
        except sqlite3.Error as exc:
            raise KBError(f"figure search failed: {exc}") from exc

        page_rows = rows[: query.limit]
        items = [
            FigureHit(
                figure=_figure_from_row(r),
                article_id=r["article_id"],
                paper=r["paper"],
                issue_date=date.fromisoformat(r["issue_date"]) if r["issue_date"] else None,
                headline=" ".join(part for part in (r["kicker"], r["title"], r["subtitle"]) if part),
                url=r["source_url"],
                page_number=r["page_number"],
            )
            for r in page_rows
        ]
        next_cursor = None
        if len(rows) > query.limit:
            last = page_rows[-1]
            next_cursor = encode_cursor(fingerprint, [last["date_key"], last["ord"]], last["article_id"])
        return Page(items=items, next_cursor=next_cursor, total=total)

    # -- events, places, entities (issue 4) -------------------------------------------------

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
        unit_sql, unit_params = _unit_match("x", query.province, query.city, query.county)
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
        if query.date_from is not None:
            where.append("e.date_key >= ?")
            params.append(query.date_from.isoformat())
        if query.date_to is not None:
            where.append("e.date_key <= ?")
            params.append(query.date_to.isoformat())

        date_sql = "ifnull(e.date_key, '')"
        page_where, page_params = list(where), list(params)
        if position is not None:
            key = position.key
            if len(key) != 2 or not isinstance(key[0], str) or type(key[1]) is not int:
                raise InvalidCursorError("cursor is not valid: it was damaged or not made by this server")
            page_where.append(
                f"({date_sql} < ? OR ({date_sql} = ? AND (a.id > ? OR (a.id = ? AND e.ord > ?))))"
            )
            page_params.extend([key[0], key[0], position.last_id, position.last_id, key[1]])
        from_sql = "events e JOIN articles a ON a.pk = e.article_pk"
        count_sql = f"SELECT count(*) FROM {from_sql}{_where(where)}"
        page_sql = (
            f"SELECT e.pk, e.ord, e.date_key, e.data, a.id AS article_id, a.paper, a.issue_date, a.kicker,"
            f" a.title, a.subtitle, a.source_url, {date_sql} AS sort_key FROM {from_sql}{_where(page_where)}"
            f" ORDER BY {date_sql} DESC, a.id, e.ord LIMIT ?"
        )
        conn = self._reader()
        try:
            conn.execute("BEGIN")  # total, page and event places from one snapshot
            try:
                total = int(conn.execute(count_sql, params).fetchone()[0])
                rows = conn.execute(page_sql, [*page_params, query.limit + 1]).fetchall()
                page_rows = rows[: query.limit]
                units: dict[int, list[PlaceUnit]] = {r["pk"]: [] for r in page_rows}
                if units:
                    marks = ",".join("?" * len(units))
                    for u in conn.execute(
                        "SELECT event_pk, province, city, county FROM event_units"
                        f" WHERE event_pk IN ({marks}) ORDER BY event_pk, ord",
                        list(units),
                    ):
                        units[u["event_pk"]].append(PlaceUnit(u["province"], u["city"], u["county"]))
            finally:
                conn.execute("COMMIT")
        except sqlite3.Error as exc:
            raise KBError(f"event search failed: {exc}") from exc
        items = [
            EventHit(
                event=event_from_json(json.loads(r["data"])),
                ord=r["ord"],
                date=_date(r["date_key"]),
                places=tuple(units[r["pk"]]),
                article_id=r["article_id"],
                paper=r["paper"],
                issue_date=_date(r["issue_date"]),
                headline=_joined_headline(r),
                url=r["source_url"],
            )
            for r in page_rows
        ]
        next_cursor = None
        if len(rows) > query.limit:
            last = page_rows[-1]
            next_cursor = encode_cursor(fingerprint, [last["sort_key"], last["ord"]], last["article_id"])
        return Page(items=items, next_cursor=next_cursor, total=total)

    def place_tree(
        self, paper: str | None = None, date_from: date | None = None, date_to: date | None = None
    ) -> list[PlaceNode]:
        """Counts per unit by ``GROUP BY`` at each level, so a parent counts distinct articles/events."""
        art_where, art_params = _article_filters(paper, date_from, date_to, "a.issue_date")
        ev_where, ev_params = _article_filters(paper, date_from, date_to, "e.date_key")
        art_from = "article_units u JOIN articles a ON a.pk = u.article_pk"
        ev_from = "event_units u JOIN events e ON e.pk = u.event_pk JOIN articles a ON a.pk = e.article_pk"
        counts = _TreeCounts()
        conn = self._reader()
        try:
            conn.execute("BEGIN")
            try:
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
                            f"{_where([*where, present, 'u.province IS NOT NULL'])} GROUP BY {cols}"
                        )
                        for r in conn.execute(sql, params):
                            counts.add(level, tuple(r[k] for k in keys), r["code"], metric, r["n"])
            finally:
                conn.execute("COMMIT")
        except sqlite3.Error as exc:
            raise KBError(f"place tree failed: {exc}") from exc
        return counts.tree()

    def search_entities(self, query: EntityQuery) -> Page[EntityHit]:
        """Entities with their counts, most-mentioned (by articles) first; keyset on (articles, id)."""
        validate_entity_query(query)
        fingerprint = entity_query_fingerprint(query, self.backend)
        position = decode_cursor(query.cursor, fingerprint) if query.cursor else None
        where: list[str] = []
        params: list[Any] = []
        if query.kind is not None:
            where.append("e.kind = ?")
            params.append(query.kind)
        if query.q is not None and query.q.strip():
            where.append("instr(lower(e.name), ?) > 0")
            params.append(ascii_lower(query.q.strip()))
        stats = (
            "WITH s AS (SELECT e.id, e.kind, e.name, count(*) AS mentions,"
            " count(DISTINCT m.article_pk) AS articles, min(a.issue_date) AS first_date,"
            " max(a.issue_date) AS last_date FROM entities e JOIN mentions m ON m.entity_id = e.id"
            f" JOIN articles a ON a.pk = m.article_pk{_where(where)} GROUP BY e.id) "
        )
        page_where: list[str] = []
        page_params = list(params)
        if position is not None:
            key = position.key
            if len(key) != 1 or type(key[0]) is not int:
                raise InvalidCursorError("cursor is not valid: it was damaged or not made by this server")
            page_where.append("(s.articles < ? OR (s.articles = ? AND s.id > ?))")
            page_params.extend([key[0], key[0], position.last_id])
        conn = self._reader()
        try:
            conn.execute("BEGIN")
            try:
                total = int(conn.execute(f"{stats}SELECT count(*) FROM s", params).fetchone()[0])
                rows = conn.execute(
                    f"{stats}SELECT * FROM s{_where(page_where)} ORDER BY s.articles DESC, s.id LIMIT ?",
                    [*page_params, query.limit + 1],
                ).fetchall()
            finally:
                conn.execute("COMMIT")
        except sqlite3.Error as exc:
            raise KBError(f"entity search failed: {exc}") from exc
        page_rows = rows[: query.limit]
        next_cursor = None
        if len(rows) > query.limit:
            last = page_rows[-1]
            next_cursor = encode_cursor(fingerprint, [last["articles"]], last["id"])
        return Page(items=[_entity_hit(r) for r in page_rows], next_cursor=next_cursor, total=total)

    def get_entity(self, entity_id: str) -> EntityDetail | None:
        conn = self._reader()
        try:
            conn.execute("BEGIN")
            try:
                row = conn.execute(
                    "SELECT e.id, e.kind, e.name, count(*) AS mentions,"
                    " count(DISTINCT m.article_pk) AS articles,"
                    " min(a.issue_date) AS first_date, max(a.issue_date) AS last_date FROM entities e"
                    " JOIN mentions m ON m.entity_id = e.id JOIN articles a ON a.pk = m.article_pk"
                    " WHERE e.id = ? GROUP BY e.id",
                    (entity_id,),
                ).fetchone()
                if row is None:
                    return None
                months = conn.execute(
                    "SELECT substr(a.issue_date, 1, 7) AS month, count(*) AS mentions,"
                    " count(DISTINCT m.article_pk) AS articles FROM mentions m"
                    " JOIN articles a ON a.pk = m.article_pk"
                    " WHERE m.entity_id = ? AND a.issue_date IS NOT NULL GROUP BY month ORDER BY month",
                    (entity_id,),
                ).fetchall()
                latest = conn.execute(
                    'SELECT m.role, m.text, m.field, m.start, m."end", m.detail, a.id AS article_id, a.paper,'
                    " a.issue_date, a.kicker, a.title, a.subtitle FROM mentions m"
                    " JOIN articles a ON a.pk = m.article_pk WHERE m.entity_id = ?"
                    " ORDER BY ifnull(a.issue_date, '') DESC, a.id, m.ord LIMIT ?",
                    (entity_id, LATEST_MENTIONS),
                ).fetchall()
            finally:
                conn.execute("COMMIT")
        except sqlite3.Error as exc:
            raise KBError(f"entity lookup failed: {exc}") from exc
        return EntityDetail(
            entity=_entity_hit(row),
            months=tuple(MonthCount(r["month"], r["mentions"], r["articles"]) for r in months),
            latest=tuple(
                EntityMention(
                    article_id=r["article_id"],
                    paper=r["paper"],
                    issue_date=_date(r["issue_date"]),
                    headline=_joined_headline(r),
                    role=r["role"],
                    text=r["text"],
                    field=r["field"],
                    start=r["start"],
                    end=r["end"],
                    detail=r["detail"],
                )
                for r in latest
            ),
        )


_TREE_LEVELS: tuple[tuple[PlaceLevel, tuple[str, ...]], ...] = (
    ("province", ("province",)),
    ("city", ("province", "city")),
    ("county", ("province", "city", "county")),
)


def _where(clauses: list[str]) -> str:
    return " WHERE " + " AND ".join(clauses) if clauses else ""


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _joined_headline(row: sqlite3.Row) -> str:
    return " ".join(part for part in (row["kicker"], row["title"], row["subtitle"]) if part)


def _unit_match(
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


def _article_filters(
    paper: str | None, date_from: date | None, date_to: date | None, date_column: str
) -> tuple[list[str], list[Any]]:
    where: list[str] = []
    params: list[Any] = []
    if paper is not None:
        where.append("a.paper = ?")
        params.append(paper)
    if date_from is not None:
        where.append(f"{date_column} >= ?")
        params.append(date_from.isoformat())
    if date_to is not None:
        where.append(f"{date_column} <= ?")
        params.append(date_to.isoformat())
    return where, params


def _entity_hit(row: sqlite3.Row) -> EntityHit:
    return EntityHit(
        id=row["id"],
        kind=row["kind"],
        name=row["name"],
        mentions=row["mentions"],
        articles=row["articles"],
        first_date=_date(row["first_date"]),
        last_date=_date(row["last_date"]),
    )


def _unit_values(u: UnitRow) -> tuple[str | None, ...]:
    return (u.province, u.city, u.county, u.province_code, u.city_code, u.county_code)


def _figure_row(article_pk: int, ord_: int, figure: Figure) -> tuple[Any, ...]:
    data = figure_to_json(figure)
    years = figure.period_years
    return (
        article_pk,
        ord_,
        data["text"],
        data["value"],
        data["unit"],
        data["approx"],
        data["start"],
        data["end"],
        data["sentence"],
        data["field"],
        data["measure"],
        int(figure.cumulative),
        data["period"],
        years[0] if years else None,
        years[1] if years else None,
        data["subject"],
        data["per"],
        int(figure.is_duration),
        decimal_key(figure.value),
    )


def _figure_from_row(row: sqlite3.Row) -> Figure:
    has_years = row["period_from"] is not None and row["period_to"] is not None
    return Figure(
        text=row["text"],
        value=Decimal(row["value"]),
        unit=row["unit"],
        approx=row["approx"],
        start=row["start"],
        end=row["end"],
        sentence=row["sentence"],
        field=row["field"],
        measure=row["measure"],
        cumulative=bool(row["cumulative"]),
        period=row["period"],
        period_years=(row["period_from"], row["period_to"]) if has_years else None,
        subject=row["subject"],
        per=row["per"],
        is_duration=bool(row["is_duration"]),
    )


def _article_from_row(row: sqlite3.Row, figures: list[Figure]) -> StoredArticle:
    body_map = json.loads(row["body_map"]) if row["body_map"] is not None else None
    article = Article(
        title=row["title"],
        body=row["body"],
        kicker=row["kicker"],
        subtitle=row["subtitle"],
        reporters=tuple(json.loads(row["reporters"])),
        correspondents=tuple(json.loads(row["correspondents"])),
        byline_end=row["byline_end"],
        photo_credits=tuple(json.loads(row["photo_credits"])),
        body_map=offset_map_from_json(body_map),
        figures=tuple(figures),
        extra=json.loads(row["extra"]),
        **records_from_json(json.loads(row["records"])),
    )
    return StoredArticle(
        id=row["id"],
        paper=row["paper"],
        issue_date=date.fromisoformat(row["issue_date"]) if row["issue_date"] else None,
        issue_number=row["issue_number"],
        page_number=row["page_number"],
        page_name=row["page_name"],
        page_pdf_url=row["page_pdf_url"],
        seq=row["seq"],
        article=article,
        source=SourceInfo(
            kind=row["source_kind"],
            url=row["source_url"],
            path=row["source_path"],
            raw_sha256=row["raw_sha256"],
            fetched_at=datetime.fromisoformat(row["fetched_at"]) if row["fetched_at"] else None,
        ),
        ingested_at=datetime.fromisoformat(row["ingested_at"]),
    )
