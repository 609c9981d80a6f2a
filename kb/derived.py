"""Queryable rows derived from an article's extraction records, shared by every backend.

The article JSON (``kb.codec``) is the record of truth; the place, event and
entity rows here are projections of it made at write time. Deriving them in
one place means SQLite and Elasticsearch index exactly the same units, event
places and entity ids, so the contract tests can hold both to one answer.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from extract.records import Article, Event, Organisation, Person, Place, Programme
from kb.base import EntityKind, PlaceUnit, entity_id


@dataclass(frozen=True, slots=True)
class UnitRow:
    """A distinct activity unit of one article, with codes for the tree and code filters."""

    province: str | None
    city: str | None
    county: str | None
    province_code: str | None
    city_code: str | None
    county_code: str | None


@dataclass(frozen=True, slots=True)
class MentionRow:
    entity_id: str
    kind: EntityKind
    name: str
    ord: int  # position among the article's mentions, so re-ingest replaces rather than adds
    role: str
    text: str
    field: str
    start: int
    end: int
    detail: str | None


def _unit(p: Place) -> UnitRow:
    return UnitRow(p.province, p.city, p.county, p.province_code, p.city_code, p.county_code)


def activity_units(article: Article) -> list[UnitRow]:
    """Distinct (province, city, county) of the article's activity places, in text order.

    Towns are not a level of the tree: a place resolved to a town counts for
    its county and city. Places that resolved no province are kept (they may
    still name a city) but never appear in the tree.
    """
    seen: dict[tuple[str | None, str | None, str | None], UnitRow] = {}
    for p in article.places:
        if p.role != "activity" or not (p.province or p.city or p.county):
            continue
        seen.setdefault((p.province, p.city, p.county), _unit(p))
    return list(seen.values())


def event_units(article: Article, event: Event) -> list[UnitRow]:
    """The event's (city, county) pairs completed with province and codes from the article's places.

    Events store only (city, county); the article's own places (activity
    first, then mentions) carry the province and codes of the same unit.
    A pair no place explains keeps its names and no province.
    """
    by_pair: dict[tuple[str | None, str | None], Place] = {}
    by_city: dict[str, Place] = {}
    for p in sorted(article.places, key=lambda p: p.role != "activity"):
        by_pair.setdefault((p.city, p.county), p)
        if p.city:
            by_city.setdefault(p.city, p)
    out: dict[tuple[str | None, str | None], UnitRow] = {}
    for city, county in event.places:
        if (city, county) in out:
            continue
        match = by_pair.get((city, county))
        if match is not None:
            out[(city, county)] = _unit(match)
            continue
        near = by_city.get(city) if city else None
        out[(city, county)] = UnitRow(
            near.province if near else None,
            city,
            county,
            near.province_code if near else None,
            near.city_code if near else None,
            None,
        )
    return list(out.values())


def unit_of(row: UnitRow) -> PlaceUnit:
    return PlaceUnit(province=row.province, city=row.city, county=row.county)


def event_date_key(event: Event, issue_date: date | None) -> str | None:
    """The date an event is filtered and sorted by: its own, else the issue's (ISO), else None."""
    if event.date:
        return event.date
    return issue_date.isoformat() if issue_date else None


def entity_mentions(article: Article) -> list[MentionRow]:
    """Every organisation, programme and person occurrence as an entity mention, in record order."""
    rows: list[MentionRow] = []

    def add(
        kind: EntityKind, name: str, role: str, rec: Organisation | Programme | Person, detail: str | None
    ) -> None:
        name = name.strip()
        if not name:
            return
        rows.append(
            MentionRow(
                entity_id=entity_id(kind, name),
                kind=kind,
                name=name,
                ord=len(rows),
                role=role,
                text=rec.text,
                field=rec.field,
                start=rec.start,
                end=rec.end,
                detail=detail,
            )
        )

    for o in article.organisations:
        add("organisation", o.name, o.role, o, o.kind)
    for g in article.programmes:
        add("programme", g.name, "mention", g, None)
    for person in article.people:
        add("person", person.name, person.role, person, person.title)
    return rows


def iter_entities(rows: list[MentionRow]) -> Iterator[tuple[str, EntityKind, str]]:
    """Distinct (id, kind, name) of an article's mentions."""
    seen: set[str] = set()
    for r in rows:
        if r.entity_id not in seen:
            seen.add(r.entity_id)
            yield r.entity_id, r.kind, r.name


def is_code(value: str) -> bool:
    """GB/T 2260 codes are six digits; anything else is a name."""
    return len(value) == 6 and value.isascii() and value.isdigit()


def programme_needle(text: str) -> str:
    """An alias (``二次医保``) becomes its canonical name; unknown text is matched as given."""
    from extract.entities.programmes import canonical_programme

    return canonical_programme(text.strip()) or text.strip()
