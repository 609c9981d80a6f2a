"""SQLite schema as an ordered list of forward migrations, versioned by ``PRAGMA user_version``.

Each migration runs in its own transaction together with the version bump, so
a crash leaves the file at the previous version, never half-migrated. A file
written by a newer unionkb is refused instead of being guessed at. Later
issues append steps here (figures queries, places, events, entities) and never
edit a released one.

Model (issue 2): ``papers`` ← ``issues`` (paper, date, number) ← ``pages``
(number, name, PDF URL) ← ``articles``; extraction records (``figures`` now,
places/events later) hang off ``articles`` with character offsets into its
body. ``articles.paper`` and ``articles.issue_date`` repeat the issue's values
so the paper/date filters and the date sort use one index; both are written in
the same statement as the page link, so they cannot drift.

Natural keys make re-ingest idempotent: an issue is (paper, ``issue_key``),
where the key is the ISO date, else ``no:<number>``, else ``undated``; a page
is (issue, ``page_key`` = its number or ``''``); an article is its stable id.
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from decimal import Decimal

from kb.base import KBError
from kb.values import decimal_key

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    description: str
    sql: str


_V1_CORE = """
CREATE TABLE papers (
    code TEXT PRIMARY KEY,
    name TEXT
) WITHOUT ROWID;

CREATE TABLE issues (
    pk INTEGER PRIMARY KEY,
    paper TEXT NOT NULL REFERENCES papers(code),
    issue_key TEXT NOT NULL,
    issue_date TEXT,
    number TEXT,
    UNIQUE (paper, issue_key)
);

CREATE TABLE pages (
    pk INTEGER PRIMARY KEY,
    issue_pk INTEGER NOT NULL REFERENCES issues(pk),
    page_key TEXT NOT NULL,
    number TEXT,
    name TEXT,
    pdf_url TEXT,
    UNIQUE (issue_pk, page_key)
);

-- pk is an INTEGER PRIMARY KEY so the FTS rowid that points at it survives VACUUM.
CREATE TABLE articles (
    pk INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    page_pk INTEGER NOT NULL REFERENCES pages(pk),
    paper TEXT NOT NULL REFERENCES papers(code),
    issue_date TEXT,
    seq INTEGER NOT NULL,
    kicker TEXT,
    title TEXT NOT NULL,
    subtitle TEXT,
    body TEXT NOT NULL,
    reporters TEXT NOT NULL DEFAULT '[]',
    correspondents TEXT NOT NULL DEFAULT '[]',
    byline_end TEXT,
    photo_credits TEXT NOT NULL DEFAULT '[]',
    body_map TEXT,
    extra TEXT NOT NULL DEFAULT '{}',
    source_kind TEXT NOT NULL CHECK (source_kind IN ('html', 'pdf', 'text')),
    source_url TEXT,
    source_path TEXT,
    raw_sha256 TEXT NOT NULL,
    fetched_at TEXT,
    ingested_at TEXT NOT NULL,
    content_hash TEXT NOT NULL
);
CREATE INDEX articles_by_date ON articles (ifnull(issue_date, '') DESC, id);
CREATE INDEX articles_by_paper_date ON articles (paper, issue_date);
CREATE INDEX articles_by_page ON articles (page_pk, seq);

-- Indexed text is the jieba token list joined by spaces (kb.sqlite.fts), not the raw text:
-- unicode61 then keeps every CJK word whole. rowid = articles.pk.
CREATE VIRTUAL TABLE articles_fts USING fts5(
    headline, body, tokenize = 'unicode61 remove_diacritics 0'
);
"""

_V2_FIGURES = """
CREATE TABLE figures (
    pk INTEGER PRIMARY KEY,
    article_pk INTEGER NOT NULL REFERENCES articles(pk) ON DELETE CASCADE,
    ord INTEGER NOT NULL,
    text TEXT NOT NULL,
    value TEXT NOT NULL,            -- Decimal as text: exact, and sortable via CAST when needed
    unit TEXT NOT NULL,
    approx TEXT NOT NULL CHECK (approx IN ('exact', 'over', 'about', 'under')),
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    sentence TEXT NOT NULL,
    field TEXT NOT NULL DEFAULT 'body',
    measure TEXT,
    cumulative INTEGER NOT NULL DEFAULT 0,
    period TEXT,
    period_from INTEGER,
    period_to INTEGER,
    subject TEXT,
    per TEXT,
    is_duration INTEGER NOT NULL DEFAULT 0,
    UNIQUE (article_pk, ord)
);
CREATE INDEX figures_by_unit_measure ON figures (unit, measure);
-- Articles stored before figures had a table must be rewritten by the next ingest.
UPDATE articles SET content_hash = '';
"""

# Issue 3 (figure queries): ``value_key`` is ``kb.values.decimal_key(value)``, a string whose byte
# order is numeric order, so ``min``/``max`` filter exactly with an index (TEXT ``value`` sorts as
# text, a REAL column would round). Rows already stored are keyed in place by a SQL function that
# ``migrate`` registers, so no re-ingest is needed.
_V3_FIGURE_VALUES = """
ALTER TABLE figures ADD COLUMN value_key TEXT;
UPDATE figures SET value_key = unionkb_decimal_key(value);
CREATE INDEX figures_by_unit_value ON figures (unit, value_key);
CREATE INDEX figures_by_value ON figures (value_key);
"""

# Issue 4 (events, places, entities). ``articles.records`` keeps the extraction records the columns
# above do not hold (places, event dates, organisations, programmes, people, events) as the
# ``kb.codec`` JSON, so ``get_article`` returns them and later migrations can re-derive from it.
# The tables below are projections of it (``kb.derived``), rewritten with the article in one
# transaction:
# - ``article_units``: the distinct admin units of an article's *activity* places (the filter
#   and tree counts ignore places mentioned in passing);
# - ``events`` with ``event_units`` (the event's (city, county) pairs completed with province and
#   codes) and ``event_names`` (organisers, participants, programmes); ``date_key`` is the
#   event's date, else the issue date, so one indexed column serves filter and sort;
# - ``entities`` (id = ``kb.base.entity_id``: kind + normalised name, durable) and ``mentions``
#   (entity → article, role, offsets; the date is the article's issue date).
# Versions 1-3 never stored these records (the article row had no column for them), so there is
# nothing to backfill from: the content hashes are cleared, as in version 2, and the next ingest
# of the same pages rewrites every article with its records instead of reporting "unchanged".
_V4_EVENTS_PLACES_ENTITIES = """
ALTER TABLE articles ADD COLUMN records TEXT NOT NULL DEFAULT '{}';

CREATE TABLE article_units (
    article_pk INTEGER NOT NULL REFERENCES articles(pk) ON DELETE CASCADE,
    ord INTEGER NOT NULL,
    province TEXT,
    city TEXT,
    county TEXT,
    province_code TEXT,
    city_code TEXT,
    county_code TEXT,
    PRIMARY KEY (article_pk, ord)
) WITHOUT ROWID;
CREATE INDEX article_units_by_province ON article_units (province, article_pk);
CREATE INDEX article_units_by_city ON article_units (city, article_pk);
CREATE INDEX article_units_by_county ON article_units (county, article_pk);

CREATE TABLE events (
    pk INTEGER PRIMARY KEY,
    article_pk INTEGER NOT NULL REFERENCES articles(pk) ON DELETE CASCADE,
    ord INTEGER NOT NULL,
    type TEXT NOT NULL,
    date_key TEXT,
    data TEXT NOT NULL,
    UNIQUE (article_pk, ord)
);
CREATE INDEX events_by_date ON events (ifnull(date_key, '') DESC, article_pk, ord);
CREATE INDEX events_by_type ON events (type, date_key);

CREATE TABLE event_units (
    event_pk INTEGER NOT NULL REFERENCES events(pk) ON DELETE CASCADE,
    ord INTEGER NOT NULL,
    province TEXT,
    city TEXT,
    county TEXT,
    province_code TEXT,
    city_code TEXT,
    county_code TEXT,
    PRIMARY KEY (event_pk, ord)
) WITHOUT ROWID;
CREATE INDEX event_units_by_city ON event_units (city, event_pk);
CREATE INDEX event_units_by_county ON event_units (county, event_pk);
CREATE INDEX event_units_by_province ON event_units (province, event_pk);

CREATE TABLE event_names (
    event_pk INTEGER NOT NULL REFERENCES events(pk) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('organiser', 'participant', 'programme')),
    name TEXT NOT NULL
);
CREATE INDEX event_names_by_event ON event_names (event_pk, kind);

CREATE TABLE entities (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('organisation', 'programme', 'person')),
    name TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX entities_by_kind_name ON entities (kind, name);

CREATE TABLE mentions (
    article_pk INTEGER NOT NULL REFERENCES articles(pk) ON DELETE CASCADE,
    ord INTEGER NOT NULL,
    entity_id TEXT NOT NULL REFERENCES entities(id),
    role TEXT NOT NULL,
    text TEXT NOT NULL,
    field TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    detail TEXT,
    PRIMARY KEY (article_pk, ord)
) WITHOUT ROWID;
CREATE INDEX mentions_by_entity ON mentions (entity_id, article_pk);

UPDATE articles SET content_hash = '';
"""

MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "papers, issues, pages, articles and their full-text index", _V1_CORE),
    Migration(2, "figures extracted from article bodies", _V2_FIGURES),
    Migration(3, "exact sortable keys of figure values for range queries", _V3_FIGURE_VALUES),
    Migration(4, "activity places, events and entity mentions", _V4_EVENTS_PLACES_ENTITIES),
)
SCHEMA_VERSION = MIGRATIONS[-1].version


def current_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlite3.Connection, target: int = SCHEMA_VERSION) -> int:
    """Bring the file up to ``target``; the connection must be in autocommit mode (isolation_level=None)."""
    version = current_version(conn)
    conn.create_function("unionkb_decimal_key", 1, _decimal_key_sql, deterministic=True)
    if version > SCHEMA_VERSION:
        raise KBError(
            f"knowledge base schema version {version} is newer than this unionkb supports "
            f"({SCHEMA_VERSION}); upgrade unionkb to open it"
        )
    for step in MIGRATIONS:
        if step.version <= version or step.version > target:
            continue
        log.info("migrating knowledge base to schema %d: %s", step.version, step.description)
        conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in _statements(step.sql):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {step.version:d}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        version = step.version
    return version


def _decimal_key_sql(value: str | None) -> str | None:
    """``decimal_key`` for SQL: figure values are stored as exact decimal text."""
    return None if value is None else decimal_key(Decimal(value))


def _statements(script: str) -> list[str]:
    """Split a script on complete statements (``executescript`` would commit our transaction)."""
    out: list[str] = []
    buf = ""
    for line in script.splitlines(keepends=True):
        if line.lstrip().startswith("--") and not buf.strip():
            continue
        buf += line
        if sqlite3.complete_statement(buf):
            out.append(buf.strip())
            buf = ""
    if buf.strip():
        out.append(buf.strip())
    return out
