"""Page text in, articles with their records out: the extractor's single entry point."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from extract.bylines import parse_opener
from extract.masthead import printed_date
from extract.records import Article
from extract.segment import segment_page


@dataclass(frozen=True, slots=True)
class PageExtraction:
    articles: tuple[Article, ...]
    printed_date: date | None  # the issue date the page itself prints, if any


def extract_page(
    text: str, *, issue_date: date | None = None, issue_year: int | None = None
) -> PageExtraction:
    """Segment a page dump and extract every article's records.

    ``issue_date`` (or failing that ``issue_year``) anchors relative dates; when
    neither is given, a date printed in the page's masthead is used.
    """
    page = segment_page(text)
    printed = printed_date(page.preface)
    articles = []
    for seg in page.articles:
        byline = parse_opener(seg.body.text)
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
    }
