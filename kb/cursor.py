"""Opaque keyset cursors: where the previous page stopped, bound to the query that made it.

A cursor carries the last row's sort key and id, so the next page starts
strictly after it (stable under ties, no OFFSET scans), plus a fingerprint of
the query. Reusing a cursor with different filters would silently skip or
repeat rows, so a fingerprint mismatch is an error rather than a guess. The
cursor is not signed: forging one only moves the start of a page the caller
could have asked for anyway.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass

from kb.base import ArticleQuery, EntityQuery, EventQuery, FigureQuery, InvalidCursorError
from kb.values import decimal_key

_VERSION = 1
SortKey = list[str | float | int | None]


DAMAGED = "cursor is not valid: it was damaged or not made by this server"


@dataclass(frozen=True, slots=True)
class CursorPosition:
    key: SortKey
    last_id: str


def _digest(material: list[object]) -> str:
    """16 hex digits of the canonical JSON of a query's ordering-relevant fields."""
    raw = json.dumps(material, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:16]


def is_any(_: object) -> bool:
    return True


def is_str(value: object) -> bool:
    return isinstance(value, str)


def is_int(value: object) -> bool:
    """An integer and not a bool: positions and counts are never ``true``."""
    return type(value) is int


def is_number(value: object) -> bool:
    return isinstance(value, float | int)


def checked_key(position: CursorPosition, *accepts: Callable[[object], bool]) -> SortKey:
    """The cursor's sort key if it has one value per check and each passes; a damaged cursor otherwise.

    ``decode_cursor`` only knows the generic shape; each search knows how many
    sort values it wrote and of which type, and a forged or stale key must be
    a 400, not a SQL type error or a silently wrong page.
    """
    key = position.key
    if len(key) != len(accepts) or not all(ok(value) for ok, value in zip(accepts, key, strict=True)):
        raise InvalidCursorError(DAMAGED)
    return key


def query_fingerprint(query: ArticleQuery, backend: str) -> str:
    """Everything that decides the row order and membership; ``limit`` may change between pages."""
    material = [
        backend,
        query.q,
        query.date_from.isoformat() if query.date_from else None,
        query.date_to.isoformat() if query.date_to else None,
        query.paper,
        query.effective_sort,
        query.province,
        query.city,
        query.county,
    ]
    return _digest(material)


def figure_query_fingerprint(query: FigureQuery, backend: str) -> str:
    """As ``query_fingerprint``, for figure searches; tagged so an article cursor never passes here."""
    material = [
        backend,
        "figures",
        query.q,
        query.unit,
        query.measure,
        None if query.min is None else decimal_key(query.min),  # canonical: 1.00 and 1 are one bound
        None if query.max is None else decimal_key(query.max),
        query.cumulative,
        query.date_from.isoformat() if query.date_from else None,
        query.date_to.isoformat() if query.date_to else None,
        query.paper,
    ]
    return _digest(material)


def event_query_fingerprint(query: EventQuery, backend: str) -> str:
    """As ``query_fingerprint``, for event searches."""
    material = [
        backend,
        "events",
        query.type,
        query.province,
        query.city,
        query.county,
        query.org,
        query.programme,
        query.date_from.isoformat() if query.date_from else None,
        query.date_to.isoformat() if query.date_to else None,
        query.paper,
    ]
    return _digest(material)


def entity_query_fingerprint(query: EntityQuery, backend: str) -> str:
    """As ``query_fingerprint``, for entity searches."""
    material = [backend, "entities", query.q, query.kind]
    return _digest(material)


def encode_cursor(fingerprint: str, key: SortKey, last_id: str) -> str:
    payload = json.dumps({"v": _VERSION, "f": fingerprint, "k": key, "i": last_id}, separators=(",", ":"))
    return base64.urlsafe_b64encode(payload.encode("utf-8")).decode("ascii").rstrip("=")


def decode_cursor(token: str, fingerprint: str) -> CursorPosition:
    try:
        padded = token + "=" * (-len(token) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")).decode("utf-8"))
    except (ValueError, UnicodeError, binascii.Error) as exc:
        raise InvalidCursorError(DAMAGED) from exc
    if (
        not isinstance(data, dict)
        or data.get("v") != _VERSION
        or not isinstance(data.get("i"), str)
        or not isinstance(data.get("k"), list)
        or not all(v is None or isinstance(v, str | int | float) for v in data["k"])
    ):
        raise InvalidCursorError(DAMAGED)
    if data.get("f") != fingerprint:
        raise InvalidCursorError(
            "cursor belongs to a different query: repeat the same q, filters and sort, or drop the cursor"
        )
    return CursorPosition(key=list(data["k"]), last_id=data["i"])
