"""``find_places``: every admin-division mention in an article, resolved, with the activity place marked."""

from __future__ import annotations

from dataclasses import dataclass

from extract.places import activity, cues, resolve
from extract.places.activity import Site
from extract.places.gazetteer import CITY, Gazetteer, Unit, gazetteer
from extract.places.mentions import RawMention, scan
from extract.records import FigureField, Place


@dataclass(frozen=True)
class PlaceContext:
    """What the article does not say but its places depend on: whose paper it is."""

    home_province: str | None = "广东省"


@dataclass(slots=True)
class _Found:
    field: FigureField
    raw: RawMention
    unit: Unit
    site: Site


def find_places(
    title: str,
    body: str,
    context: PlaceContext | None = None,
    *,
    subtitle: str | None = None,
    kicker: str | None = None,
) -> list[Place]:
    """All place mentions of an article (headline fields first, then body, in text order).

    Offsets are into the field named by ``Place.field``. ``role="activity"``
    marks the mentions that locate the reported activity; every other mention
    is ``"mention"``. Pure apart from loading the packaged gazetteer once.
    """
    ctx = context or PlaceContext()
    gaz = gazetteer(ctx.home_province)
    fields: list[tuple[FigureField, str]] = [
        (name, text)
        for name, text in (("kicker", kicker), ("title", title), ("subtitle", subtitle), ("body", body))
        if text
    ]
    scanned = [(name, text, scan(text, gaz)) for name, text in fields]
    known = resolve.anchors([m.candidates for _, _, ms in scanned for m in ms if not m.deixis], gaz)

    found: list[_Found] = []
    deictic: list[tuple[FigureField, RawMention]] = []
    for name, text, mentions in scanned:
        sp = cues.spans(text)
        for m in mentions:
            if m.deixis:
                deictic.append((name, m))
                continue
            code = resolve.choose(m.candidates, known, gaz)
            if code is None:
                continue
            unit = gaz.unit(code)
            found.append(_Found(name, m, unit, _site(name, text, m, unit, sp)))

    headline = [f.site for f in found if f.field in ("title", "subtitle")]
    body_sites = [f.site for f in found if f.field == "body"]
    activity.share_venues(body, body_sites)
    active = {id(s) for s in activity.choose(headline, body, body_sites)}

    places = [_place(f.field, dict(fields)[f.field], f.raw, f.unit, gaz, id(f.site) in active) for f in found]
    for name, m in deictic:
        unit = _deixis_unit(m, name, found, active, gaz)
        if unit is not None:
            places.append(_place(name, dict(fields)[name], m, unit, gaz, False))
    order = {"kicker": 0, "title": 1, "subtitle": 2, "body": 3}
    return sorted(places, key=lambda p: (order[p.field], p.start))


def _site(name: FigureField, text: str, m: RawMention, unit: Unit, sp: cues.Spans) -> Site:
    aside = (
        sp.in_quote(m.start, m.end) or sp.in_brackets(m.start, m.end) or cues.is_passing(text, m.start, m.end)
    )
    eligible = (
        name != "kicker" and unit.rank >= CITY and not aside and not cues.in_institution_name(text, m.end)
    )
    site = Site(name, m.start, m.end, unit.city, unit.county, unit.rank, eligible)
    if name == "body" and not aside and unit.rank >= CITY:
        site.venue = cues.venue(text, m.start, m.end, in_lead=False)
        site.lead_venue = cues.venue(text, m.start, m.end, in_lead=True)
    return site


def _deixis_unit(
    m: RawMention, name: str, found: list[_Found], active: set[int], gaz: Gazetteer
) -> Unit | None:
    """全市/我区/本县 mean the unit the article is about; 全省 the paper's province."""
    if m.deixis == "省":
        return gaz.unit(gaz.home_code) if gaz.home_code else None
    before = [f for f in found if f.field == name and f.raw.end <= m.start and f.site.eligible]
    ref = before[-1] if before else next((f for f in found if id(f.site) in active), None)
    if ref is None:
        return None
    u = ref.unit
    county = gaz.unit(u.county) if u.county else None
    if m.deixis == "市":
        if county is not None and county.name.endswith("市"):
            return county
        return gaz.unit(u.city) if u.city else None
    if county is not None and county.name.endswith(m.deixis or ""):
        return county
    return None


def _place(name: FigureField, text: str, m: RawMention, unit: Unit, gaz: Gazetteer, active: bool) -> Place:
    def nm(code: str | None) -> str | None:
        return gaz.unit(code).name if code else None

    return Place(
        text=text[m.start : m.end],
        start=m.start,
        end=m.end,
        province=nm(unit.province),
        city=nm(unit.city),
        county=nm(unit.county),
        town=nm(unit.town),
        province_code=unit.province,
        city_code=unit.city,
        county_code=unit.county,
        role="activity" if active else "mention",
        field=name,
    )


__all__ = ["PlaceContext", "find_places"]
