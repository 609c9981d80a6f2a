"""Decide which place mentions locate the reported activity (gold: "where it happens, not every place named").

A union report almost always opens by naming the unit that acted, in the
headline (``湛江市赤坎区总工会 试点…``) and again as the subject of the lead
sentence (``X市Y区总工会…``); that unit's seat is the activity place unless the
text says the activity happened somewhere specific:

* a venue inside the seat makes it more precise (江门市总工会 … ``到蓬江区开展`` →
  蓬江区; the city alone is then dropped);
* a *strong* venue outside every seat replaces the seat (端州区 women visit
  ``在塘口镇，…`` → 塘口镇, in 开平): the organiser's home is not where it happened;
* a roundup with sub-report headings is read section by section, and every
  section contributes its own place (江门 / 清远清新 / 惠州惠城).

Only city-level or finer places qualify: "广东工会" or 省总工会 locate nothing
more precisely than the paper's whole readership. Names inside quotes or
brackets, company names, and a person's origin never locate the activity.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from extract.places import cues
from extract.places.cues import VenueStrength

_COORD_RE = re.compile(r"^[、和与及暨\s]{1,2}$|^以及$")


@dataclass(slots=True)
class Site:
    """One resolved mention, with the cues the activity rules read."""

    field: str
    start: int
    end: int
    city: str | None
    county: str | None
    rank: int
    eligible: bool  # may be a seat: city-level or finer, not quoted/bracketed/passing/company
    venue: VenueStrength | None = None  # as read anywhere in a section
    lead_venue: VenueStrength | None = None  # as read in a section's lead paragraph

    @property
    def pair(self) -> tuple[str | None, str | None]:
        return (self.city, self.county)


def _compatible(a: Site, b: Site) -> bool:
    return a.city == b.city and (a.county is None or b.county is None or a.county == b.county)


def share_venues(body: str, sites: Sequence[Site]) -> None:
    """``到雷州市、徐闻县慰问``: names coordinated with a venue are venues too."""
    for prev, site in itertools.pairwise(sites):
        if (
            site.rank >= 2
            and site.venue is None
            and site.lead_venue is None
            and prev.lead_venue
            and _COORD_RE.match(body[prev.end : site.start])
        ):
            site.venue, site.lead_venue = prev.venue, prev.lead_venue


def _lead_subjects(body: str, sites: Sequence[Site], start: int, end: int) -> list[Site]:
    """The first eligible name of the first sentence that has one, plus names coordinated with it."""
    inside = [s for s in sites if start <= s.start < end]
    for s_start, s_end in cues.sentences(body, start, end):
        in_sentence = [s for s in inside if s_start <= s.start < s_end]
        for k, site in enumerate(in_sentence):
            if not site.eligible:
                continue
            chosen = [site]
            last = site
            for nxt in in_sentence[k + 1 :]:
                if nxt.eligible and _COORD_RE.match(body[last.end : nxt.start]):
                    chosen.append(nxt)
                    last = nxt
                else:
                    break
            return chosen
    return []


def _sections(body: str, sites: Sequence[Site]) -> list[tuple[list[Site], int, int]]:
    """(heading sites, lead start, section end) for the main text and each sub-report."""
    paras = cues.paragraphs(body)
    out: list[tuple[list[Site], int, int]] = []
    heading: list[Site] = []
    lead = paras[0][0] if paras else 0
    for i, (p_start, p_end) in enumerate(paras):
        here = [s for s in sites if p_start <= s.start < p_end]
        if i > 0 and cues.is_heading(body[p_start:p_end]) and any(s.eligible for s in here):
            out.append((heading, lead, p_start))
            heading = [s for s in here if s.eligible]
            lead = paras[i + 1][0] if i + 1 < len(paras) else p_end
    out.append((heading, lead, len(body)))
    return out


def _section_places(subjects: list[Site], venues: list[tuple[Site, VenueStrength]]) -> list[Site]:
    strong = [v for v, strength in venues if strength == "strong"]
    if any(not any(_compatible(v, s) for s in subjects) for v in strong):
        return strong
    chosen: list[Site] = []
    for subject in subjects:
        finer = [v for v, _ in venues if v.city == subject.city and subject.county is None and v.county]
        chosen.extend(finer or [subject])
    return chosen


def choose(headline: Sequence[Site], body: str, body_sites: Sequence[Site]) -> list[Site]:
    """The sites that locate the activity; several for a roundup, none when the text names no place."""
    headline_subjects = [s for s in headline if s.eligible]
    chosen: list[Site] = []
    for k, (heading, lead, end) in enumerate(_sections(body, body_sites)):
        paras = [p for p in cues.paragraphs(body) if lead <= p[0] < end]
        lead_end = paras[0][1] if paras else end
        subjects = (
            (headline_subjects if k == 0 else []) + heading + _lead_subjects(body, body_sites, lead, lead_end)
        )
        venues = []
        for s in body_sites:
            if lead <= s.start < end and s.rank >= 2:
                strength = s.lead_venue if s.start < lead_end else s.venue
                if strength:
                    venues.append((s, strength))
        chosen.extend(_section_places(subjects, venues))
    detailed = {s.city for s in chosen if s.county}
    return [s for s in chosen if s.county or s.city not in detailed]
