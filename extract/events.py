"""Event records: what kind of union activity an article reports, and its when, where, who and figures.

The type comes from the taxonomy in ``extract/data/entities/events.json``
(documented in docs/events.md): each type has weighted cue words, and a cue
counts three times in the headline, twice in the lead sentence and half
elsewhere, because a report's headline and first sentence say what happened
while later paragraphs wander into background (a 会议 report quotes the
赠送 figures of last year). All cues of all types are one compiled
alternation, so classifying costs one scan per text.

An article normally reports one activity. A roundup (``####`` sub-reports, which
the page segmenter leaves as short heading lines naming the reporting body) reports
several: each sub-report becomes its own event, with its own date, places,
organisers and figures.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from extract.entities.data import events_data
from extract.records import Event, EventDate, Figure, Organisation, Place, Programme

__all__ = ["TAXONOMY", "build_events", "classify", "sections"]

_HEADLINE, _LEAD, _REST = 3.0, 2.0, 0.5
_REST_CAP = 3.0  # background mentions may tip a close call but never outvote the headline
_OPENER = re.compile(r"^\s*(?:本报讯|本报)?\s*(?:[（(][^）)]{0,60}[）)])?\s*")
_SENTENCE = re.compile(r"[。！？!?\n]")
_HEADING_PUNCT = re.compile(r"[，。！？；：,.!?;:“”\"]")


@dataclass(frozen=True, slots=True)
class _Taxonomy:
    regex: re.Pattern[str]  # every cue, no capture groups: one fast scan
    literal: dict[str, tuple[str, float]]  # cue text -> (type, weight)
    patterns: tuple[tuple[re.Pattern[str], str, float], ...]  # cues that are patterns, told apart after a hit
    anchored: tuple[tuple[re.Pattern[str], str, float], ...]  # ^cues: only at the start of a headline
    order: dict[str, int]
    fallback: str
    min_score: float


@lru_cache(maxsize=1)
def _taxonomy() -> _Taxonomy:
    data = events_data()
    cues: list[tuple[str, str, float]] = []
    for entry in data["types"]:
        for cue, weight in entry["cues"].items():
            cues.append((cue, entry["type"], float(weight)))
    # longer cues first so 启动仪式 wins over 启动 at the same position
    cues.sort(key=lambda c: len(c[0]), reverse=True)
    # cues anchored at the headline start (^现场) would stop re from skipping ahead by first character,
    # so they are matched apart, once per headline
    anchored = tuple((re.compile(cue), t, w) for cue, t, w in cues if cue.startswith("^"))
    cues = [c for c in cues if not c[0].startswith("^")]
    regex = re.compile("|".join(f"(?:{cue})" for cue, _, _ in cues))
    literal = {cue: (t, w) for cue, t, w in cues if re.escape(cue) == cue}
    patterns = tuple((re.compile(cue), t, w) for cue, t, w in cues if re.escape(cue) != cue)
    order = {entry["type"]: i for i, entry in enumerate(data["types"])}
    return _Taxonomy(regex, literal, patterns, anchored, order, data["fallback"], float(data["min_score"]))


def _cue(tax: _Taxonomy, hit: str) -> tuple[str, float]:
    found = tax.literal.get(hit)
    if found is not None:
        return found
    return next(((t, w) for p, t, w in tax.patterns if p.fullmatch(hit)), ("", 0.0))


#: Event types in priority order (ties go to the earlier type).
TAXONOMY: tuple[str, ...] = tuple(entry["type"] for entry in events_data()["types"])


def _score(
    text: str, factor: float, scores: dict[str, float], cues: list[str], cap: float | None = None
) -> None:
    tax = _taxonomy()
    local: dict[str, float] = {}
    for m in tax.regex.finditer(text):
        kind, weight = _cue(tax, m.group())
        if not kind:
            continue
        local[kind] = local.get(kind, 0.0) + weight * factor
        if factor >= _LEAD:
            cues.append(m.group())
    for kind, value in local.items():
        scores[kind] = scores.get(kind, 0.0) + (min(value, cap) if cap is not None else value)


def lead_span(body: str, start: int = 0, end: int | None = None) -> tuple[int, int]:
    """The first sentence after the opener (本报讯（记者…）) of ``body[start:end]``."""
    end = len(body) if end is None else end
    m = _OPENER.match(body, start, end)
    s = m.end() if m else start
    stop = _SENTENCE.search(body, s, end)
    return s, (stop.end() if stop else end)


def classify(headline: str, body: str, start: int = 0, end: int | None = None) -> tuple[str, tuple[str, ...]]:
    """The event type of ``body[start:end]`` under ``headline``, and the cues that decided it."""
    end = len(body) if end is None else end
    tax = _taxonomy()
    scores: dict[str, float] = {}
    cues: list[str] = []
    _score(headline, _HEADLINE, scores, cues)
    for pattern, kind, weight in tax.anchored:
        m = pattern.match(headline)
        if m:
            scores[kind] = scores.get(kind, 0.0) + weight * _HEADLINE
            cues.append(m.group())
    ls, le = lead_span(body, start, end)
    _score(body[ls:le], _LEAD, scores, cues)
    _score(body[le:end], _REST, scores, cues, cap=_REST_CAP)
    if not scores:
        return tax.fallback, ()
    best = max(scores, key=lambda k: (scores[k], -tax.order[k]))
    if scores[best] < tax.min_score:
        return tax.fallback, tuple(cues)
    return best, tuple(dict.fromkeys(cues))


def sections(body: str, orgs: Sequence[Organisation] = ()) -> list[tuple[int, int, str]]:
    """Sub-reports of a roundup: (start, end, heading) per short heading line naming a body.

    A heading is a whole line without sentence punctuation that is one of the
    body's organisations (or ends in 工会); the text before the first heading
    is the roundup's introduction and belongs to no sub-report.
    """
    heads: list[tuple[int, int, str]] = []
    pos = 0
    for line in body.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        text = line.strip()
        if not text or start == 0 or len(text) > 24 or _HEADING_PUNCT.search(text):
            continue
        whole = any(o.field == "body" and o.start <= start + 1 and o.end >= end - 1 for o in orgs)
        if whole or text.endswith("工会"):
            heads.append((start, end, text))
    return [(s, heads[i + 1][0] if i + 1 < len(heads) else len(body), h) for i, (s, _, h) in enumerate(heads)]


def _unique(items: Iterable[str | None]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(i for i in items if i))


def _date(dates: Sequence[EventDate]) -> EventDate | None:
    explicit = [d for d in dates if not d.relative]
    return (explicit or list(dates) or [None])[0]


def build_events(
    *,
    headline: str,
    body: str,
    places: Sequence[Place],
    event_dates: Sequence[EventDate],
    figures: Sequence[Figure],
    organisations: Sequence[Organisation],
    programmes: Sequence[Programme],
) -> tuple[Event, ...]:
    """One event per article, or one per sub-report of a roundup (see :func:`sections`)."""
    parts = sections(body, organisations)
    article_type, article_cues = classify(headline, body)
    if not parts:
        return (
            _event(
                article_type,
                article_cues,
                0,
                len(body),
                True,
                places,
                event_dates,
                figures,
                organisations,
                programmes,
            ),
        )
    events = []
    for start, end, _heading in parts:
        text_start = body.find("\n", start, end) + 1 or start  # the sub-report's text, below its heading
        kind, cues = classify("", body, text_start, end)
        if not cues:
            kind, cues = article_type, article_cues
        events.append(
            _event(kind, cues, start, end, False, places, event_dates, figures, organisations, programmes)
        )
    return tuple(events)


def _event(
    kind: str,
    cues: tuple[str, ...],
    start: int,
    end: int,
    whole: bool,
    places: Sequence[Place],
    event_dates: Sequence[EventDate],
    figures: Sequence[Figure],
    organisations: Sequence[Organisation],
    programmes: Sequence[Programme],
) -> Event:
    def inside(field: str, s: int) -> bool:
        return (field == "body" and start <= s < end) or (whole and field != "body")

    date = _date([d for d in event_dates if start <= d.start < end]) or _date(event_dates)
    active = [p for p in places if p.role == "activity" and inside(p.field, p.start)]
    if not active and not whole:
        active = [p for p in places if p.field == "body" and start <= p.start < end and p.city]
    if not active:
        active = [p for p in places if p.role == "activity"]
    orgs = [o for o in organisations if inside(o.field, o.start)]
    organisers = _unique(o.name for o in orgs if o.role == "organiser")
    participants = _unique(
        o.name for o in orgs if o.role == "participant" or (o.kind == "platform" and o.role == "mention")
    )
    return Event(
        type=kind,
        date=date.date if date else None,
        month_day=date.month_day if date else None,
        date_text=date.text if date else None,
        date_precision=date.precision if date else None,
        places=tuple(dict.fromkeys((p.city, p.county) for p in active)),
        organisers=organisers,
        participants=tuple(p for p in participants if p not in organisers),
        programmes=_unique(p.name for p in programmes if inside(p.field, p.start)),
        figure_indexes=tuple(i for i, f in enumerate(figures) if inside(f.field, f.start)),
        start=start,
        end=end,
        cues=cues,
    )
