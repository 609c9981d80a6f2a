"""Pure parsing of e-paper pages and articles with a profile's selectors.

Kept free of the spider so it runs on saved pages in unit tests, in
``--check`` (which wants to know what each selector matched, hence ``trace``)
and on archived bodies during ``reextract``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin

from parsel import Selector
from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding, resolve_encoding

from crawler.profile import Layout

Trace = dict[str, list[str]]
_WS_RE = re.compile(r"[ \t\r\n\u3000\xa0]+")
_META_TAG_RE = re.compile(r"<(\w+)>(.*?)</\1>", re.S)
_GB_FAMILY = {"gbk", "gb2312", "gb_2312-80", "cp936", "x-gbk", "gb18030"}


class UndecodableError(ValueError):
    """Bytes that are neither in their declared encoding, UTF-8 nor GB18030."""


def decode_html(body: bytes, content_type: str | None = None) -> tuple[str, str]:
    """Text and the encoding that decoded it, strictly: declared, then UTF-8, then GB18030.

    Strict decoding is what rules out mojibake: a page that lies about its
    charset fails the declared codec and falls through to the next candidate,
    instead of being decoded with replacement characters.
    """
    candidates: list[str] = []
    for declared in (http_content_type_encoding(content_type or ""), html_body_declared_encoding(body)):
        if declared:
            name = (resolve_encoding(declared) or declared).lower()
            candidates.append("gb18030" if name in _GB_FAMILY else name)
    candidates += ["utf-8", "gb18030"]
    for enc in dict.fromkeys(candidates):
        try:
            text = body.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
        return text.removeprefix("\ufeff"), enc
    raise UndecodableError("neither the declared encoding, UTF-8 nor GB18030 decodes this page")


def clean(text: str) -> str:
    return _WS_RE.sub(" ", text).strip()


def select(sel: Selector, spec: str | None) -> list[str]:
    """Every match of a selector as cleaned text (empty strings dropped)."""
    if not spec:
        return []
    nodes = sel.xpath(spec[6:]) if spec.startswith("xpath:") else sel.css(spec)
    out = []
    for node in nodes:
        value = node.get() if isinstance(node.root, str) else "".join(node.xpath(".//text()").getall())
        if value and (value := clean(value)):
            out.append(value)
    return out


def _record(trace: Trace | None, name: str, spec: str | None, values: list[str]) -> None:
    if trace is not None:
        trace[f"{name}  [{spec}]"] = values


@dataclass(frozen=True)
class PageInfo:
    number: str | None
    name: str | None
    pdf_url: str | None
    issue_number: str | None
    page_urls: list[str]
    article_urls: list[str]


@dataclass(frozen=True)
class ArticleFields:
    kicker: str | None
    title: str
    subtitle: str | None
    byline: str | None
    paragraphs: list[str]
    images: list[dict[str, str | None]]
    meta: dict[str, str] = field(default_factory=dict)


def parse_page(layout: Layout, url: str, text: str, trace: Trace | None = None) -> PageInfo:
    sel = Selector(text=text)
    hrefs = select(sel, layout.page_links)
    _record(trace, "page_links", layout.page_links, hrefs)
    page_urls = list(dict.fromkeys(urljoin(url, h) for h in hrefs if layout.page_link_pattern.search(h)))
    label = " ".join(select(sel, layout.page_label))
    _record(trace, "page_label", layout.page_label, [label] if label else [])
    number = name = None
    if m := layout.page_label_regex.search(label):
        number, name = m.group("number"), clean(m.group("name")) or None
    pdf = select(sel, layout.page_pdf)
    _record(trace, "page_pdf", layout.page_pdf, pdf)
    issue_no = select(sel, layout.issue_number)
    _record(trace, "issue_number", layout.issue_number, issue_no)
    articles: list[str] = []
    for spec in layout.article_links:
        found = select(sel, spec)
        _record(trace, "article_links", spec, found)
        articles += [urljoin(url, h) for h in found if layout.article_link_pattern.search(h)]
    return PageInfo(
        number=number,
        name=name,
        pdf_url=urljoin(url, pdf[0]) if pdf else None,
        issue_number=issue_no[0] if issue_no else None,
        page_urls=page_urls,
        article_urls=list(dict.fromkeys(articles)),
    )


def parse_meta_comment(text: str, name: str | None) -> dict[str, str]:
    """The ``<!--enpproperty <articleid>…</articleid>…/enpproperty-->`` block some platforms embed."""
    if not name:
        return {}
    m = re.search(rf"<!--\s*{re.escape(name)}(.*?)/{re.escape(name)}\s*-->", text, re.S)
    if not m:
        return {}
    return {k: clean(v) for k, v in _META_TAG_RE.findall(m.group(1))}


def parse_article(layout: Layout, url: str, text: str, trace: Trace | None = None) -> ArticleFields:
    sel = Selector(text=text)
    spec = layout.article
    values: dict[str, list[str]] = {}
    for name in ("kicker", "title", "subtitle", "byline", "paragraphs", "images", "captions"):
        values[name] = select(sel, spec.get(name))
        _record(trace, name, spec.get(name), values[name])
    meta = parse_meta_comment(text, layout.meta_comment)
    _record(trace, "meta_comment", layout.meta_comment, [f"{k}={v}" for k, v in meta.items()])

    def one(name: str) -> str | None:
        return " ".join(values[name]) or None

    captions = values["captions"]
    images = [
        {"src": urljoin(url, src), "caption": captions[n] if n < len(captions) else None}
        for n, src in enumerate(values["images"])
    ]
    return ArticleFields(
        kicker=one("kicker"),
        title=one("title") or meta.get("title") or "",
        subtitle=one("subtitle"),
        byline=one("byline"),
        paragraphs=values["paragraphs"],
        images=images,
        meta=meta,
    )


def trace_summary(trace: dict[str, Any]) -> list[str]:
    """One line per selector: how many matches and the first one, for ``--check``."""
    lines = []
    for key, found in trace.items():
        first = f"  e.g. {found[0][:60]!r}" if found else ""
        mark = "ok  " if found else "MISS"
        lines.append(f"  {mark} {key}: {len(found)} match{'es' if len(found) != 1 else ''}{first}")
    return lines
