"""Opening the SQLite file, and the connections every part of the backend reads and writes through.

Concurrency model: one writer connection, serialised by a lock, and one
read-only connection per thread (FastAPI runs sync endpoints in a thread
pool). WAL mode lets those readers proceed while a write transaction is open;
``busy_timeout`` covers the moments SQLite still needs the lock (checkpoints,
another process ingesting).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kb.base import KBError
from kb.sqlite.schema import migrate

BUSY_TIMEOUT_MS = 5000
MIN_SQLITE = (3, 35, 0)  # RETURNING, MATERIALIZED CTEs


def connect(path: Path, *, read_only: bool) -> sqlite3.Connection:
    conn = sqlite3.connect(
        path, isolation_level=None, check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000
    )
    conn.row_factory = sqlite3.Row
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS:d}")
    conn.execute("PRAGMA foreign_keys = ON")
    if read_only:
        conn.execute("PRAGMA query_only = ON")
    return conn


def check_sqlite(conn: sqlite3.Connection) -> None:
    if sqlite3.sqlite_version_info < MIN_SQLITE:
        raise KBError(
            f"SQLite {sqlite3.sqlite_version} is too old: unionkb needs {'.'.join(map(str, MIN_SQLITE))}+"
        )
    try:
        conn.execute("CREATE VIRTUAL TABLE temp.fts5_probe USING fts5(x)")
        conn.execute("DROP TABLE temp.fts5_probe")
    except sqlite3.OperationalError as exc:
        raise KBError(f"SQLite {sqlite3.sqlite_version} was built without FTS5: {exc}") from exc


class SqliteConnections:
    """The writer (migrated on open), the per-thread readers, and read snapshots over them."""

    backend = "sqlite"

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._write_lock = threading.Lock()
        self._local = threading.local()
        self._readers: list[sqlite3.Connection] = []
        self._readers_lock = threading.Lock()
        self._closed = False
        try:
            self._writer = connect(self.path, read_only=False)
        except sqlite3.Error as exc:
            raise KBError(f"cannot open knowledge base {self.path}: {exc}") from exc
        try:
            mode = self._writer.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if mode.lower() != "wal":
                raise KBError(f"cannot switch {self.path} to WAL mode (journal_mode is {mode})")
            self._writer.execute("PRAGMA synchronous = NORMAL")
            check_sqlite(self._writer)
            with self._write_lock:
                migrate(self._writer)
        except sqlite3.DatabaseError as exc:
            self._writer.close()
            raise KBError(f"{self.path} is not a usable unionkb knowledge base: {exc}") from exc
        except BaseException:
            self._writer.close()
            raise

    def _reader(self) -> sqlite3.Connection:
        if self._closed:
            raise KBError("knowledge base is closed")
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = connect(self.path, read_only=True)
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

    @contextmanager
    def _snapshot(self, what: str) -> Iterator[sqlite3.Connection]:
        """This thread's reader inside one read transaction, so a total, its page and the page's
        related rows agree even while ingest commits; SQLite errors become ``KBError("{what} failed")``.
        """
        conn = self._reader()
        try:
            conn.execute("BEGIN")
            try:
                yield conn
            finally:
                conn.execute("COMMIT")
        except sqlite3.Error as exc:
            raise KBError(f"{what} failed: {exc}") from exc
