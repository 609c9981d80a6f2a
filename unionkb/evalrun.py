"""Glue for ``unionkb eval``: run the extractor on each gold document and score it.

Parts whose extractor has not landed yet are left out of the predictions, so
the evaluator reports them as not scored instead of as zero.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from extract.dates import scored
from extract.page import article_to_dict, extract_page
from unionkb.evaluation import GoldDocument, score

# Keys of an article prediction that the extractor really produces today, and the parts they score.
PRODUCED_KEYS = frozenset(
    {
        "kicker",
        "title",
        "subtitle",
        "reporters",
        "correspondents",
        "byline_end",
        "figures",
        "places",
        "event_dates",
    }
)
SCORED_PARTS = ("articles", "reporters", "correspondents", "figures", "places", "event_dates")


def predict(doc: GoldDocument) -> dict[str, object]:
    """Gold places are activity places and gold dates explicit ones, so only those are predicted."""
    issue_date = date.fromisoformat(doc.issue_date) if doc.issue_date else None
    page = extract_page(doc.text, issue_date=issue_date, issue_year=doc.issue_year)
    articles = []
    for article in page.articles:
        row = {k: v for k, v in article_to_dict(article).items() if k in PRODUCED_KEYS}
        row["places"] = [p.to_dict() for p in article.places if p.role == "activity"]
        row["event_dates"] = [d.to_dict() for d in scored(list(article.event_dates))]
        # Reported leniently only: organiser names as printed, and the first event's type.
        row["organizers"] = [o.text for o in article.organisations if o.role == "organiser"]
        row["event_type"] = article.events[0].type if article.events else None
        articles.append(row)
    return {"articles": articles}


def evaluate(gold: Sequence[GoldDocument]) -> Mapping[str, object]:
    return score(gold, [predict(doc) for doc in gold], parts=SCORED_PARTS)
