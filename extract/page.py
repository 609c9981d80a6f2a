"""Page text in, articles with their records out: the extractor's single entry point."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from extract.bylines import parse_opener
from extract.dates import find_event_dates
from extract.figures import FigureContext, find_figures
from extract.masthead import printed_date
from extract.nlp import build_nlp
from extract.normalize import normalize_chars
from extract.places import PlaceContext, find_places
from extract.records import Article, Figure, Place
from extract.segment import SegmentedArticle, segment_page

#: The home province assumed when a caller names none: the project's first paper is 南方工报 (Guangdong).
DEFAULT_HOME_PROVINCE = "广东省"


@dataclass(frozen=True, slots=True)
class PageExtraction:
    articles: tuple[Article, ...]
    printed_date: date | None  # the issue date the page itself prints, if any


def _figures(seg: SegmentedArticle, context: FigureContext) -> tuple[Figure, ...]:
    """Headline figures first (offsets into their field), then the body's, found by the spaCy pipeline."""
    found: list[Figure] = []
    for field, text in (("kicker", seg.kicker), ("title", seg.title), ("subtitle", seg.subtitle)):
        if text:
            found.extend(find_figures(normalize_chars(text), context, field=field))  # type: ignore[arg-type]
    doc = build_nlp()(seg.body.text, component_cfg={"unionkb_figures": {"context": context}})
    found.extend(doc._.figures)
    return tuple(found)


def _home_city(places: list[Place]) -> str | None:
    """The city an article is about (全市 refers to it): its first activity place, else its first city."""
    for pool in ([p for p in places if p.role == "activity"], places):
        for place in pool:
            if place.city:
                return place.city
    return None


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
    year = anchor.year if anchor else issue_year
    articles = []
    place_context = PlaceContext(home_province=home_province)
    for seg in page.articles:
        byline = parse_opener(seg.body.text)
        places = find_places(
            normalize_chars(seg.title),
            seg.body.text,
            place_context,
            subtitle=normalize_chars(seg.subtitle) if seg.subtitle else None,
            kicker=normalize_chars(seg.kicker) if seg.kicker else None,
        )
        context = FigureContext(city=_home_city(places), province=home_province, issue_year=year)
        articles.append(
            Article(
                title=seg.title,
                body=seg.body.text,
                kicker=seg.kicker,
                subtitle=seg.subtitle,
                reporters=byline.reporters,
                correspondents=byline.correspondents,
                byline_end=seg.byline_end,
                photo_credits=seg.photo_credits,
                body_map=seg.body.map,
                figures=_figures(seg, context),
                places=tuple(places),
                event_dates=tuple(find_event_dates(seg.body.text, issue_date=anchor, issue_year=issue_year)),
            )
        )
    return PageExtraction(articles=tuple(articles), printed_date=printed)


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
    }
