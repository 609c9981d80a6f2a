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
from dataclasses import dataclass

from kb.base import ArticleQuery, EntityQuery, EventQuery, FigureQuery, InvalidCursorError
from kb.values import decimal_key

_VERSION = 1
SortKey = list[str | float | int | None]


@dataclass(frozen=True, slots=True)
class CursorPosition:
    key: SortKey
    last_id: str


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
    raw = json.dumps(material, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:16]


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
    raw = json.dumps(material, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:16]


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
    raw = json.dumps(material, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:16]


def entity_query_fingerprint(query: EntityQuery, backend: str) -> str:
    """As ``query_fingerprint``, for entity searches."""
    material = [backend, "entities", query.q, query.kind]
    raw = json.dumps(material, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:16]


def encode_cursor(fingerprint: str, key: SortKey, last_id: str) -> str:
    payload = json.dumps({"v": _VERSION, "f": fingerprint, "k": key, "i": last_id}, separators=(",", ":"))
    return base64.urlsafe_b64encode(payload.encode("utf-8")).decode("ascii").rstrip("=")


def decode_cursor(token: str, fingerprint: str) -> CursorPosition:
    try:
        padded = token + "=" * (-len(token) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")).decode("utf-8"))
    except (ValueError, UnicodeError, binascii.Error) as exc:
        raise InvalidCursorError("cursor is not valid: it was damaged or not made by this server") from exc
    if (
        not isinstance(data, dict)
        or data.get("v") != _VERSION
        or not isinstance(data.get("i"), str)
        or not isinstance(data.get("k"), list)
        or not all(v is None or isinstance(v, str | int | float) for v in data["k"])
    ):
        raise InvalidCursorError("cursor is not valid: it was damaged or not made by this server")
    if data.get("f") != fingerprint:
        raise InvalidCursorError(
            "cursor belongs to a different query: repeat the same q, filters and sort, or drop the cursor"
        )
    return CursorPosition(key=list(data["k"]), last_id=data["i"])
