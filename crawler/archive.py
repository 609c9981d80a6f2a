"""Content-addressed store of every raw response, so extraction can be rerun without the network.

Bodies live under ``<raw_dir>/sha256/ab/cdef…`` (written once, identical bodies
shared); ``<raw_dir>/index.sqlite`` records each fetch: URL, status, headers,
fetch time, sha256 and the paper/issue date the request was made for. The
index also keeps the outcome of each issue date ("no issue that day"), which
is what a daily run and ``reextract`` need to know.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

_SCHEMA = """
CREATE TABLE IF NOT EXISTS fetches (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL,
    status INTEGER NOT NULL,
    headers TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    size INTEGER NOT NULL,
    fetched_at TEXT NOT NULL,
    paper TEXT,
    issue_date TEXT
);
CREATE INDEX IF NOT EXISTS fetches_url ON fetches(url, id);
CREATE INDEX IF NOT EXISTS fetches_issue ON fetches(paper, issue_date);
CREATE TABLE IF NOT EXISTS issues (
    paper TEXT NOT NULL,
    issue_date TEXT NOT NULL,
    status TEXT NOT NULL,
    reason TEXT,
    checked_at TEXT NOT NULL,
    PRIMARY KEY (paper, issue_date)
);
"""


@dataclass(frozen=True, slots=True)
class Fetch:
    url: str
    status: int
    headers: dict[str, list[str]]
    sha256: str
    fetched_at: str
    paper: str | None
    issue_date: str | None


class RawArchive:
    """One writer per process; SQLite's WAL lets a reextract read while a crawl writes."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.root / "index.sqlite", isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.executescript(_SCHEMA)

    def close(self) -> None:
        self._db.close()

    def body_path(self, sha256: str) -> Path:
        return self.root / "sha256" / sha256[:2] / sha256[2:]

    def put_body(self, body: bytes) -> str:
        digest = hashlib.sha256(body).hexdigest()
        path = self.body_path(digest)
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            with os.fdopen(fd, "wb") as fh:
                fh.write(body)
            os.replace(tmp, path)  # atomic: a crash never leaves a half-written body under its hash
        return digest

    def record(
        self,
        url: str,
        status: int,
        headers: dict[str, list[str]],
        body: bytes,
        *,
        paper: str | None = None,
        issue_date: str | None = None,
        fetched_at: datetime | None = None,
    ) -> str:
        digest = self.put_body(body)
        when = (fetched_at or datetime.now(UTC)).isoformat()
        self._db.execute(
            "INSERT INTO fetches (url, status, headers, sha256, size, fetched_at, paper, issue_date) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                url,
                status,
                json.dumps(headers, ensure_ascii=False),
                digest,
                len(body),
                when,
                paper,
                issue_date,
            ),
        )
        return digest

    def latest(self, url: str) -> Fetch | None:
        row = self._db.execute(
            "SELECT url, status, headers, sha256, fetched_at, paper, issue_date FROM fetches "
            "WHERE url = ? ORDER BY id DESC LIMIT 1",
            (url,),
        ).fetchone()
        if row is None:
            return None
        return Fetch(row[0], row[1], json.loads(row[2]), row[3], row[4], row[5], row[6])

    def body(self, sha256: str) -> bytes:
        return self.body_path(sha256).read_bytes()

    def issue_dates(
        self, paper: str | None = None, date_from: date | None = None
    ) -> Iterator[tuple[str, date]]:
        """Every (paper, issue date) the archive has fetches for — what ``reextract`` replays."""
        sql = (
            "SELECT DISTINCT paper, issue_date FROM fetches "
            "WHERE paper IS NOT NULL AND issue_date IS NOT NULL"
        )
        args: list[str] = []
        if paper:
            sql += " AND paper = ?"
            args.append(paper)
        if date_from:
            sql += " AND issue_date >= ?"
            args.append(date_from.isoformat())
        for p, d in self._db.execute(sql + " ORDER BY paper, issue_date", args):
            yield p, date.fromisoformat(d)

    def count(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM fetches").fetchone()[0])

    def note_issue(self, paper: str, issue_date: str, status: str, reason: str | None = None) -> None:
        self._db.execute(
            "INSERT INTO issues (paper, issue_date, status, reason, checked_at) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (paper, issue_date) DO UPDATE SET status = excluded.status, "
            "reason = excluded.reason, "
            "checked_at = excluded.checked_at",
            (paper, issue_date, status, reason, datetime.now(UTC).isoformat()),
        )

    def issue_status(self, paper: str, issue_date: str) -> tuple[str, str | None] | None:
        row = self._db.execute(
            "SELECT status, reason FROM issues WHERE paper = ? AND issue_date = ?", (paper, issue_date)
        ).fetchone()
        return (row[0], row[1]) if row else None
