"""Entities: organisations, programmes and people named in an article.

Each finder is pure (text and the article's places in, records out; data
files come from ``extract/data/entities``) and scans a text once with
precompiled alternations, so entity extraction adds little to the cost of
segmentation. See docs/events.md for the rules and data files.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from extract.entities.organisations import EntityContext, find_organisations, normalise_name, place_name
from extract.entities.people import find_people, reporters
from extract.entities.programmes import find_programmes
from extract.entities.roles import assign_roles
from extract.records import FigureField, Organisation, Person, Place, Programme

__all__ = [
    "EntityContext",
    "article_entities",
    "assign_roles",
    "find_organisations",
    "find_people",
    "find_programmes",
    "normalise_name",
]


# 汕头市金平区召开…: a place that convenes a meeting stands for its local government (在湛江召开 is a venue)
_PLACE_ACTS = re.compile(r"召开")
_VENUE_BEFORE = ("在", "于", "到")


def _acting_places(
    text: str, field: FigureField, places: Sequence[Place], orgs: Sequence[Organisation]
) -> list[Organisation]:
    out = []
    for p in places:
        if p.field != field or p.role != "activity" or not _PLACE_ACTS.match(text, p.end):
            continue
        if text[max(0, p.start - 1) : p.start] in _VENUE_BEFORE:
            continue
        if any(o.start <= p.start < o.end for o in orgs):
            continue
        out.append(Organisation(p.text, p.start, p.end, field, place_name(p), "government", "organiser"))
    return out


def article_entities(
    fields: Sequence[tuple[FigureField, str]],
    places: Sequence[Place],
    *,
    province: str | None,
    reporter_names: Sequence[str] = (),
    correspondent_names: Sequence[str] = (),
) -> tuple[tuple[Organisation, ...], tuple[Programme, ...], tuple[Person, ...]]:
    """Organisations (with roles), programmes and people of one article.

    ``fields`` are (field, text) pairs: headline fields and the body, texts as the
    places were found in. When no organiser is found anywhere, a union or
    government body leading the title is taken as the organiser: headlines like
    ``X总工会 推进…`` name who acted even when the body never says 举办.
    """
    ctx = EntityContext.from_places(places, province)
    orgs: list[Organisation] = []
    progs: list[Programme] = []
    people: list[Person] = []
    for field, text in fields:
        found = assign_roles(text, find_organisations(text, field, ctx, places))
        found.extend(_acting_places(text, field, places, found))
        orgs.extend(sorted(found, key=lambda o: o.start))
        progs.extend(find_programmes(text, field))
        people.extend(find_people(text, field, found))
        if field == "body":
            people.extend(reporters(text, reporter_names, "记者"))
            people.extend(reporters(text, correspondent_names, "通讯员"))
    if not any(o.role == "organiser" for o in orgs):
        lead = next(
            (o for o in orgs if o.field == "title" and o.start <= 1 and o.kind in ("union", "government")),
            None,
        )
        if lead is not None:
            orgs = [replace(o, role="organiser") if o is lead else o for o in orgs]
    return tuple(orgs), tuple(progs), tuple(people)
