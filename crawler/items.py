"""What the spider hands to the pipelines: one item per article, as found on the site.

A plain dataclass (Scrapy accepts them as items) so the pipelines get typed
attributes; the extract pipeline fills ``stored`` with the knowledge-base record.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class ArticleItem:
    paper: str
    issue_date: str  # ISO date of the issue the article was printed in
    url: str
    url_key: str  # the URL relative to the profile's base: the article's stable identity
    seq: int  # position in the page's article list
    title: str
    kicker: str | None = None
    subtitle: str | None = None
    byline: str | None = None
    paragraphs: list[str] = field(default_factory=list)
    images: list[dict[str, str | None]] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    issue_number: str | None = None
    page_number: str | None = None
    page_name: str | None = None
    page_pdf_url: str | None = None
    encoding: str | None = None
    raw_sha256: str = ""
    fetched_at: str | None = None
    pdf_text: str | None = None  # text layer of the page PDF, when the page has one
    pdf_sha256: str | None = None
    province: str | None = None  # the paper's home province, for place and organisation resolution
    stored: Any = None  # kb.base.StoredArticle, set by the extract pipeline
