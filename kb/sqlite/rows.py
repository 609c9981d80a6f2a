"""Conversions between records and SQLite rows, shared by the write and read mixins.

Kept in one place so the column order of ``figures`` and ``articles`` and
the JSON encoding of stored values exist once for writing and once for
reading, next to each other.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from extract.records import Article, Figure
from kb.base import EntityHit, SourceInfo, StoredArticle
from kb.codec import figure_to_json, offset_map_from_json, records_from_json
from kb.derived import UnitRow
from kb.values import decimal_key

ARTICLE_COLUMNS = """
    a.pk, a.id, a.paper, a.issue_date, i.number AS issue_number, p.number AS page_number,
    p.name AS page_name, p.pdf_url AS page_pdf_url, a.seq, a.kicker, a.title, a.subtitle, a.body,
    a.reporters, a.correspondents, a.byline_end, a.photo_credits, a.body_map, a.extra,
    a.source_kind, a.source_url, a.source_path, a.raw_sha256, a.fetched_at, a.ingested_at, a.records
"""
ARTICLE_FROM = "articles a JOIN pages p ON p.pk = a.page_pk JOIN issues i ON i.pk = p.issue_pk"


def dumps(value: Any) -> str:
    """Compact JSON for a TEXT column; ``default=str`` covers dates and decimals in ``extra``."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)


def parse_date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def joined_headline(row: sqlite3.Row) -> str:
    """The headline a hit shows: kicker, title and subtitle of the row, space-joined."""
    return " ".join(part for part in (row["kicker"], row["title"], row["subtitle"]) if part)


def unit_values(u: UnitRow) -> tuple[str | None, ...]:
    return (u.province, u.city, u.county, u.province_code, u.city_code, u.county_code)


def entity_hit(row: sqlite3.Row) -> EntityHit:
    return EntityHit(
        id=row["id"],
        kind=row["kind"],
        name=row["name"],
        mentions=row["mentions"],
        articles=row["articles"],
        first_date=parse_date(row["first_date"]),
        last_date=parse_date(row["last_date"]),
    )


def figure_row(article_pk: int, ord_: int, figure: Figure) -> tuple[Any, ...]:
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


def figure_from_row(row: sqlite3.Row) -> Figure:
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


def article_from_row(row: sqlite3.Row, figures: list[Figure]) -> StoredArticle:
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
        issue_date=parse_date(row["issue_date"]),
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
