"""Records produced by extraction.

They are plain frozen dataclasses so the storage and API layers can serialise
them without knowing how they were found. Offsets are character offsets into
the article's normalised ``body`` (or into the headline field named by
``field``), end-exclusive, so ``body[start:end] == text`` always holds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

Approx = Literal["exact", "over", "about", "under"]
FigureField = Literal["kicker", "title", "subtitle", "body"]


def decimal_to_json(value: Decimal) -> int | float:
    """JSON has no decimal type: integral values become ints so 98972500 never prints as 9.89725e7."""
    if value == value.to_integral_value():
        return int(value)
    return float(value)


@dataclass(frozen=True, slots=True)
class Figure:
    """One quantity as printed, with its exact value and where it stands."""

    text: str
    value: Decimal
    unit: str
    approx: Approx
    start: int
    end: int
    sentence: str
    field: FigureField = "body"
    measure: str | None = None
    cumulative: bool = False
    period: str | None = None
    period_years: tuple[int, int] | None = None
    subject: str | None = None
    per: str | None = None
    is_duration: bool = False

    def to_dict(self) -> dict[str, object]:
        return {
            "text": self.text,
            "value": decimal_to_json(self.value),
            "unit": self.unit,
            "approx": self.approx,
            "measure": self.measure,
            "cumulative": self.cumulative,
            "period": self.period,
            "period_years": list(self.period_years) if self.period_years else None,
            "subject": self.subject,
            "per": self.per,
            "is_duration": self.is_duration,
            "field": self.field,
            "start": self.start,
            "end": self.end,
            "sentence": self.sentence,
        }


@dataclass(frozen=True, slots=True)
class OffsetMap:
    """Maps offsets in a normalised string back to the source text.

    ``runs`` holds ``(norm_start, src_start, length)`` triples of characters
    copied one-to-one; characters outside every run were synthesised by
    normalisation (a joining space, a paragraph break) and map to the nearest
    preceding source offset.
    """

    runs: tuple[tuple[int, int, int], ...]

    def to_source(self, offset: int) -> int:
        best = 0
        for norm_start, src_start, length in self.runs:
            if norm_start > offset:
                break
            if offset < norm_start + length:
                return src_start + (offset - norm_start)
            best = src_start + length
        return best


@dataclass(frozen=True, slots=True)
class Article:
    """One news item found on a page."""

    title: str
    body: str
    kicker: str | None = None
    subtitle: str | None = None
    reporters: tuple[str, ...] = ()
    correspondents: tuple[str, ...] = ()
    byline_end: str | None = None
    photo_credits: tuple[str, ...] = ()
    body_map: OffsetMap | None = None
    figures: tuple[Figure, ...] = ()
    places: tuple[Place, ...] = ()
    event_dates: tuple[EventDate, ...] = ()
    organisations: tuple[Organisation, ...] = ()
    programmes: tuple[Programme, ...] = ()
    people: tuple[Person, ...] = ()
    events: tuple[Event, ...] = ()
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def headline(self) -> str:
        """Kicker, title and subtitle as one line, the way readers cite a headline."""
        return " ".join(p for p in (self.kicker, self.title, self.subtitle) if p)


PlaceRole = Literal["activity", "mention"]


@dataclass(frozen=True, slots=True)
class Place:
    """A place named in an article, resolved to the admin-division tree (codes are GB/T 2260 adcodes)."""

    text: str
    start: int
    end: int
    province: str | None
    city: str | None
    county: str | None = None
    town: str | None = None
    province_code: str | None = None
    city_code: str | None = None
    county_code: str | None = None
    role: PlaceRole = "mention"
    field: FigureField = "body"

    def to_dict(self) -> dict[str, object]:
        return {
            "text": self.text,
            "province": self.province,
            "city": self.city,
            "county": self.county,
            "town": self.town,
            "codes": {"province": self.province_code, "city": self.city_code, "county": self.county_code},
            "role": self.role,
            "field": self.field,
            "start": self.start,
            "end": self.end,
        }


DatePrecision = Literal["day", "approximate"]


@dataclass(frozen=True, slots=True)
class EventDate:
    """A date of the reported activity; ``date`` is None when the year cannot be fixed."""

    text: str
    start: int
    end: int
    month_day: str | None  # "MM-DD"
    date: str | None  # ISO "YYYY-MM-DD"
    precision: DatePrecision = "day"
    relative: bool = False  # 近日, 日前, 昨日…: resolved against the issue date, never exact

    def to_dict(self) -> dict[str, object]:
        return {
            "text": self.text,
            "month_day": self.month_day,
            "date": self.date,
            "precision": self.precision,
            "relative": self.relative,
            "start": self.start,
            "end": self.end,
        }


OrgKind = Literal["union", "mutual_aid", "company", "platform", "government", "other"]
OrgRole = Literal["organiser", "participant", "mention"]


@dataclass(frozen=True, slots=True)
class Organisation:
    """An organisation named in an article; ``name`` is the full name, ``text`` the surface form.

    ``区总工会`` in an article about 佛山市南海区 has ``name`` 佛山市南海区总工会, so
    mentions of one body under different forms can be counted together.
    """

    text: str
    start: int
    end: int
    field: FigureField
    name: str
    kind: OrgKind
    role: OrgRole = "mention"

    def to_dict(self) -> dict[str, object]:
        return {
            "text": self.text,
            "name": self.name,
            "kind": self.kind,
            "role": self.role,
            "field": self.field,
            "start": self.start,
            "end": self.end,
        }


@dataclass(frozen=True, slots=True)
class Programme:
    """A union programme (互助保障计划, campaign) found under one of its aliases; ``name`` is canonical."""

    text: str
    start: int
    end: int
    field: FigureField
    name: str
    aliases: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, object]:
        return {
            "text": self.text,
            "name": self.name,
            "aliases": list(self.aliases),
            "field": self.field,
            "start": self.start,
            "end": self.end,
        }


PersonRole = Literal["official", "reporter", "beneficiary", "other"]


@dataclass(frozen=True, slots=True)
class Person:
    """A named person: an official with title and organisation, a reporter, or a named beneficiary."""

    text: str
    start: int
    end: int
    field: FigureField
    name: str
    title: str | None = None
    org: str | None = None
    role: PersonRole = "other"

    def to_dict(self) -> dict[str, object]:
        return {
            "text": self.text,
            "name": self.name,
            "title": self.title,
            "org": self.org,
            "role": self.role,
            "field": self.field,
            "start": self.start,
            "end": self.end,
        }


@dataclass(frozen=True, slots=True)
class Event:
    """One reported activity: what kind, when, where, run by whom, for whom, with which figures.

    ``start``/``end`` are the body offsets of the text the event was read from (the
    whole body, or one sub-report of a roundup); ``figure_indexes`` index
    ``Article.figures``; ``places`` are (city, county) pairs of activity places.
    """

    type: str
    date: str | None = None  # ISO; approximate when ``date_precision`` says so
    month_day: str | None = None
    date_text: str | None = None
    date_precision: DatePrecision | None = None
    places: tuple[tuple[str | None, str | None], ...] = ()
    organisers: tuple[str, ...] = ()
    participants: tuple[str, ...] = ()
    programmes: tuple[str, ...] = ()
    figure_indexes: tuple[int, ...] = ()
    start: int = 0
    end: int = 0
    cues: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, object]:
        return {
            "type": self.type,
            "date": self.date,
            "month_day": self.month_day,
            "date_text": self.date_text,
            "date_precision": self.date_precision,
            "places": [{"city": c, "county": k} for c, k in self.places],
            "organisers": list(self.organisers),
            "participants": list(self.participants),
            "programmes": list(self.programmes),
            "figure_indexes": list(self.figure_indexes),
            "cues": list(self.cues),
            "start": self.start,
            "end": self.end,
        }
