"""Article records to and from plain JSON values, shared by every backend.

One canonical encoding serves three purposes: the content hash (so two
backends agree on "unchanged"), SQLite's JSON columns and Elasticsearch's
stored ``_source``. Decimals travel as strings because a figure's value must
come back exactly as extracted (9897.25 must never become 9897.249999…).
"""

from __future__ import annotations

import dataclasses
import json
from decimal import Decimal
from typing import Any

from extract.records import (
    Article,
    Event,
    EventDate,
    Figure,
    OffsetMap,
    Organisation,
    Person,
    Place,
    Programme,
)


def figure_to_json(figure: Figure) -> dict[str, Any]:
    return {
        "text": figure.text,
        "value": str(figure.value),
        "unit": figure.unit,
        "approx": figure.approx,
        "start": figure.start,
        "end": figure.end,
        "sentence": figure.sentence,
        "field": figure.field,
        "measure": figure.measure,
        "cumulative": figure.cumulative,
        "period": figure.period,
        "period_years": list(figure.period_years) if figure.period_years else None,
        "subject": figure.subject,
        "per": figure.per,
        "is_duration": figure.is_duration,
    }


def figure_from_json(data: dict[str, Any]) -> Figure:
    years = data.get("period_years")
    return Figure(
        text=data["text"],
        value=Decimal(data["value"]),
        unit=data["unit"],
        approx=data["approx"],
        start=int(data["start"]),
        end=int(data["end"]),
        sentence=data["sentence"],
        field=data.get("field", "body"),
        measure=data.get("measure"),
        cumulative=bool(data.get("cumulative", False)),
        period=data.get("period"),
        period_years=(int(years[0]), int(years[1])) if years else None,
        subject=data.get("subject"),
        per=data.get("per"),
        is_duration=bool(data.get("is_duration", False)),
    )


def offset_map_to_json(body_map: OffsetMap | None) -> list[list[int]] | None:
    return None if body_map is None else [list(run) for run in body_map.runs]


def offset_map_from_json(data: list[list[int]] | None) -> OffsetMap | None:
    if data is None:
        return None
    return OffsetMap(runs=tuple((int(a), int(b), int(c)) for a, b, c in data))


def programme_from_json(data: dict[str, Any]) -> Programme:
    return Programme(**{**data, "aliases": tuple(data.get("aliases") or ())})


def event_from_json(data: dict[str, Any]) -> Event:
    """JSON has only lists: tuple fields (and the (city, county) pairs in ``places``) come back as tuples."""
    tuples = ("organisers", "participants", "programmes", "figure_indexes", "cues")
    return Event(
        **{
            **data,
            **{k: tuple(data.get(k) or ()) for k in tuples},
            "places": tuple((city, county) for city, county in data.get("places") or ()),
        }
    )


def article_to_json(article: Article) -> dict[str, Any]:
    return {
        "title": article.title,
        "body": article.body,
        "kicker": article.kicker,
        "subtitle": article.subtitle,
        "reporters": list(article.reporters),
        "correspondents": list(article.correspondents),
        "byline_end": article.byline_end,
        "photo_credits": list(article.photo_credits),
        "body_map": offset_map_to_json(article.body_map),
        "figures": [figure_to_json(f) for f in article.figures],
        "places": [dataclasses.asdict(p) for p in article.places],
        "event_dates": [dataclasses.asdict(d) for d in article.event_dates],
        "organisations": [dataclasses.asdict(o) for o in article.organisations],
        "programmes": [dataclasses.asdict(p) for p in article.programmes],
        "people": [dataclasses.asdict(p) for p in article.people],
        "events": [event_to_json(e) for e in article.events],
        "extra": article.extra,
    }


def article_from_json(data: dict[str, Any]) -> Article:
    return Article(
        title=data["title"],
        body=data["body"],
        kicker=data.get("kicker"),
        subtitle=data.get("subtitle"),
        reporters=tuple(data.get("reporters") or ()),
        correspondents=tuple(data.get("correspondents") or ()),
        byline_end=data.get("byline_end"),
        photo_credits=tuple(data.get("photo_credits") or ()),
        body_map=offset_map_from_json(data.get("body_map")),
        figures=tuple(figure_from_json(f) for f in data.get("figures") or ()),
        places=tuple(Place(**p) for p in data.get("places") or ()),
        event_dates=tuple(EventDate(**d) for d in data.get("event_dates") or ()),
        organisations=tuple(Organisation(**o) for o in data.get("organisations") or ()),
        programmes=tuple(programme_from_json(p) for p in data.get("programmes") or ()),
        people=tuple(Person(**p) for p in data.get("people") or ()),
        events=tuple(event_from_json(e) for e in data.get("events") or ()),
        extra=dict(data.get("extra") or {}),
    )


#: The extraction records beyond text and figures; backends with their own columns for the rest
#: store these as one JSON value (``records_to_json``) and restore them with ``records_from_json``.
RECORD_FIELDS: tuple[str, ...] = ("places", "event_dates", "organisations", "programmes", "people", "events")


def event_to_json(event: Event) -> dict[str, Any]:
    return dataclasses.asdict(event)


def records_to_json(article: Article) -> dict[str, Any]:
    encoded = article_to_json(article)
    return {name: encoded[name] for name in RECORD_FIELDS}


def records_from_json(data: dict[str, Any]) -> dict[str, Any]:
    """Keyword arguments for ``dataclasses.replace(article, **...)``; missing fields come back empty."""
    decoded = article_from_json({"title": "", "body": "", **data})
    return {name: getattr(decoded, name) for name in RECORD_FIELDS}


def canonical_json(value: Any) -> str:
    """Key-sorted, compact, non-ASCII kept: equal content always gives equal bytes."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
