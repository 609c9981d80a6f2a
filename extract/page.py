"""Page text in, articles with their records out: the extractor's single entry point."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from extract.bylines import parse_opener
from extract.dates import find_event_dates
from extract.entities import article_entities
from extract.events import build_events
from extract.figures import FigureContext, find_figures
from extract.masthead import printed_date
from extract.nlp import build_nlp
from extract.normalize import normalize_chars
from extract.places import PlaceContext, find_places
from extract.records import Article, Figure, FigureField, Place
from extract.segment import segment_page

#: The home province assumed when a caller names none: the project's first paper is 南方工报 (Guangdong).
DEFAULT_HOME_PROVINCE = "广东省"


@dataclass(frozen=True, slots=True)
class PageExtraction:
    articles: tuple[Article, ...]
    printed_date: date | None  # the issue date the page itself prints, if any


#: Bodies longer than this go through spaCy in paragraph-aligned pieces: spaCy's alignment of
#: jieba's words is quadratic in the text length, and its default guard refuses 1M characters.
SPACY_CHUNK_CHARS = 50_000


def _chunks(text: str) -> list[tuple[int, str]]:
    """(offset, piece) pairs cut after a paragraph break, else after a full stop, else hard."""
    if len(text) <= SPACY_CHUNK_CHARS:
        return [(0, text)]
    out: list[tuple[int, str]] = []
    start = 0
    while start < len(text):
        end = min(len(text), start + SPACY_CHUNK_CHARS)
        if end < len(text):
            cut = max(text.rfind("\n", start, end), text.rfind("。", start, end))
            end = cut + 1 if cut > start else end
        out.append((start, text[start:end]))
        start = end
    return out


def _figures(article: Article, context: FigureContext) -> tuple[Figure, ...]:
    """Headline figures first (offsets into their field), then the body's, found by the spaCy pipeline."""
    found: list[Figure] = []
    for field, text in _headline_fields(article):
        found.extend(find_figures(text, context, field=field))
    nlp = build_nlp()
    for offset, piece in _chunks(article.body):
        doc = nlp(piece, component_cfg={"unionkb_figures": {"context": context}})
        found.extend(replace(f, start=f.start + offset, end=f.end + offset) for f in doc._.figures)
    return tuple(found)


def _headline_fields(article: Article) -> list[tuple[FigureField, str]]:
    """Headline parts, normalised like bodies (same length, so offsets hold for the printed text too)."""
    heads: tuple[tuple[FigureField, str | None], ...] = (
        ("kicker", article.kicker),
        ("title", article.title),
        ("subtitle", article.subtitle),
    )
    return [(name, normalize_chars(text)) for name, text in heads if text]


def _home_city(places: list[Place]) -> str | None:
    """The city an article is about (全市 refers to it): its first activity place, else its first city."""
    for pool in ([p for p in places if p.role == "activity"], places):
        for place in pool:
            if place.city:
                return place.city
    return None


def enrich_article(
    article: Article,
    *,
    issue_date: date | None = None,
    issue_year: int | None = None,
    home_province: str | None = DEFAULT_HOME_PROVINCE,
) -> Article:
    """Every record of one article whose headline and body are known (from a page dump or a web page).

    Bylines are read from the body's 本报讯 opener unless the article already
    carries names (a web page may print them in a byline field instead).
    """
    year = issue_date.year if issue_date else issue_year
    heads = _headline_fields(article)
    body = article.body
    reporters, correspondents = article.reporters, article.correspondents
    if not reporters and not correspondents:
        byline = parse_opener(body)
        reporters, correspondents = byline.reporters, byline.correspondents
    fields = dict(heads)
    places = find_places(
        fields.get("title", ""),
        body,
        PlaceContext(home_province=home_province),
        subtitle=fields.get("subtitle"),
        kicker=fields.get("kicker"),
    )
    context = FigureContext(city=_home_city(places), province=home_province, issue_year=year)
    enriched = replace(article, reporters=reporters, correspondents=correspondents)
    figures = _figures(enriched, context)
    event_dates = tuple(find_event_dates(body, issue_date=issue_date, issue_year=issue_year))
    orgs, programmes, people = article_entities(
        [*heads, ("body", body)],
        places,
        province=home_province,
        reporter_names=reporters,
        correspondent_names=correspondents,
    )
    events = build_events(
        headline=" ".join(text for _, text in heads),
        body=body,
        places=places,
        event_dates=event_dates,
        figures=figures,
        organisations=orgs,
        programmes=programmes,
    )
    return replace(
        enriched,
        figures=figures,
        places=tuple(places),
        event_dates=event_dates,
        organisations=orgs,
        programmes=programmes,
        people=people,
        events=events,
    )


def extract_page(
    text: str,
    *,
    issue_date: date | None = None,
    issue_year: int | None = None,
    home_province: str | None = DEFAULT_HOME_PROVINCE,
) -> PageExtraction:
    """Segment a page dump and extract every article's records.

    ``issue_date`` (or failing that ``issue_year``) anchors relative dates; when
    neither is given, a date printed in the page's masthead is used.
    ``home_province`` is the paper's province (None for a national paper).
    """
    page = segment_page(text)
    printed = printed_date(page.preface)
    anchor = issue_date or printed
    articles = tuple(
        enrich_article(
            Article(
                title=seg.title,
                body=seg.body.text,
                kicker=seg.kicker,
                subtitle=seg.subtitle,
                byline_end=seg.byline_end,
                photo_credits=seg.photo_credits,
                body_map=seg.body.map,
            ),
            issue_date=anchor,
            issue_year=issue_year,
            home_province=home_province,
        )
        for seg in page.articles
    )
    return PageExtraction(articles=articles, printed_date=printed)


def article_to_dict(article: Article) -> dict[str, object]:
    """The JSON shape of ``unionkb extract --json`` for one article."""
    return {
        "kicker": article.kicker,
        "title": article.title,
        "subtitle": article.subtitle,
        "headline": article.headline,
        "reporters": list(article.reporters),
        "correspondents": list(article.correspondents),
        "byline_end": article.byline_end,
        "photo_credits": list(article.photo_credits),
        "body": article.body,
        "figures": [f.to_dict() for f in article.figures],
        "places": [p.to_dict() for p in article.places],
        "event_dates": [d.to_dict() for d in article.event_dates],
        "organisations": [o.to_dict() for o in article.organisations],
        "programmes": [p.to_dict() for p in article.programmes],
        "people": [p.to_dict() for p in article.people],
        "events": [e.to_dict() for e in article.events],
    }
