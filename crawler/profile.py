"""Site profiles: what to fetch for a paper on a date, and which selectors find what — kept as data.

A profile (``crawler/profiles/<paper>.json``) names its paper, base URL and one
or more *layouts*, each on a *platform* (``profiles/platforms/<name>.json``)
with optional overrides. Papers move between platforms over the years, so each
layout carries the date range it applies to. Keeping all of this as data means
fixing a site that changed its HTML is an edit to a JSON file, checked with
``unionkb crawl --check``.

Selectors are CSS unless prefixed ``xpath:``. A selector ending in ``::text``
or ``::attr(x)`` yields strings; any other yields elements whose whole text is
taken.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

PROFILE_DIR = Path(__file__).resolve().parent / "profiles"
PLATFORM_DIR = PROFILE_DIR / "platforms"
ARTICLE_FIELDS = ("kicker", "title", "subtitle", "byline", "paragraphs", "images", "captions")
_REQUIRED_LAYOUT = (
    "issue_url",
    "issue_prefix",
    "page_links",
    "page_link_pattern",
    "page_label",
    "article_links",
)


class ProfileError(ValueError):
    """A profile that cannot drive a crawl; the message names the file and the problem."""


@dataclass(frozen=True)
class Layout:
    platform: str
    since: date | None
    until: date | None
    issue_url: str
    issue_prefix: str
    page_links: str
    page_link_pattern: re.Pattern[str]
    page_label: str
    page_label_regex: re.Pattern[str]
    page_pdf: str | None
    issue_number: str | None
    article_links: tuple[str, ...]
    article_link_pattern: re.Pattern[str]
    article: dict[str, str | None]
    meta_comment: str | None

    def covers(self, day: date) -> bool:
        return (self.since is None or day >= self.since) and (self.until is None or day <= self.until)


@dataclass(frozen=True)
class Profile:
    paper: str
    name: str
    base_url: str
    verified: bool
    note: str
    layouts: tuple[Layout, ...]
    source: Path | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    province: str | None = None  # the paper's home province: resolves 省总工会, breaks place-name ties

    def layout_for(self, day: date) -> Layout | None:
        return next((lay for lay in self.layouts if lay.covers(day)), None)

    def issue_url(self, day: date) -> str | None:
        layout = self.layout_for(day)
        return urljoin(self.base_url, layout.issue_url.format(date=day)) if layout else None

    def belongs_to_day(self, url: str, day: date) -> bool:
        """False when the site answered with another day's issue (a redirect to the latest one)."""
        layout = self.layout_for(day)
        return bool(layout) and urljoin(self.base_url, layout.issue_prefix.format(date=day)) in url

    def url_key(self, url: str) -> str:
        """The URL relative to the base, so ids survive a mirror, a port change or http→https."""
        base = urlsplit(self.base_url)
        parts = urlsplit(url)
        if parts.path.startswith(base.path):
            key = parts.path[len(base.path) :]
            return key + (f"?{parts.query}" if parts.query else "")
        return url

    @property
    def host(self) -> str:
        return urlsplit(self.base_url).hostname or ""

    def with_base_url(self, base_url: str) -> Profile:
        base = base_url if base_url.endswith("/") else base_url + "/"
        return replace(self, base_url=base)


def _date(value: object, where: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ProfileError(f"{where}: {value!r} is not a YYYY-MM-DD date") from None


def _regex(value: object, where: str) -> re.Pattern[str]:
    try:
        return re.compile(str(value))
    except re.error as exc:
        raise ProfileError(f"{where}: bad regular expression {value!r}: {exc}") from None


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ProfileError(f"{path}: no such profile file") from None
    except json.JSONDecodeError as exc:
        raise ProfileError(f"{path}: not valid JSON ({exc})") from None
    if not isinstance(data, dict):
        raise ProfileError(f"{path}: a profile must be a JSON object")
    return data


def _layout(spec: dict[str, Any], where: str) -> Layout:
    platform = spec.get("platform")
    merged: dict[str, Any] = {}
    if platform:
        merged.update(_read_json(PLATFORM_DIR / f"{platform}.json"))
    merged.update({k: v for k, v in spec.items() if k != "article"})
    article = dict(merged.get("article") or {})
    article.update(spec.get("article") or {})
    missing = [k for k in _REQUIRED_LAYOUT if not merged.get(k)]
    if not article.get("title") or not article.get("paragraphs"):
        missing.append("article.title/article.paragraphs")
    if missing:
        raise ProfileError(f"{where}: missing {', '.join(missing)}")
    links = merged["article_links"]
    return Layout(
        platform=str(platform or "custom"),
        since=_date(merged.get("since"), where),
        until=_date(merged.get("until"), where),
        issue_url=str(merged["issue_url"]),
        issue_prefix=str(merged["issue_prefix"]),
        page_links=str(merged["page_links"]),
        page_link_pattern=_regex(merged["page_link_pattern"], where),
        page_label=str(merged["page_label"]),
        page_label_regex=_regex(merged.get("page_label_regex") or r"(?P<number>\d+)\D*(?P<name>.*)", where),
        page_pdf=merged.get("page_pdf"),
        issue_number=merged.get("issue_number"),
        article_links=tuple(links if isinstance(links, list) else [links]),
        article_link_pattern=_regex(merged.get("article_link_pattern") or ".", where),
        article={k: article.get(k) for k in ARTICLE_FIELDS},
        meta_comment=article.get("meta_comment"),
    )


def load_profile_file(path: Path) -> Profile:
    data = _read_json(path)
    for key in ("paper", "base_url", "layouts"):
        if not data.get(key):
            raise ProfileError(f"{path}: missing {key!r}")
    layouts = tuple(_layout(spec, f"{path} layout {n}") for n, spec in enumerate(data["layouts"]))
    base = str(data["base_url"])
    return Profile(
        paper=str(data["paper"]),
        name=str(data.get("name") or data["paper"]),
        base_url=base if base.endswith("/") else base + "/",
        verified=bool(data.get("verified", False)),
        note=str(data.get("note") or ""),
        layouts=layouts,
        source=path,
        extra={
            k: v
            for k, v in data.items()
            if k not in {"paper", "name", "base_url", "verified", "note", "layouts", "province"}
        },
        province=data.get("province") or None,
    )


def available_papers() -> list[str]:
    return sorted(p.stem for p in PROFILE_DIR.glob("*.json"))


def load_profile(paper: str, base_url: str | None = None) -> Profile:
    if not re.fullmatch(r"[a-z0-9_-]+", paper):
        raise ProfileError(f"bad paper code {paper!r}")
    path = PROFILE_DIR / f"{paper}.json"
    if not path.exists():
        raise ProfileError(f"no crawl profile for {paper!r} (have: {', '.join(available_papers())})")
    profile = load_profile_file(path)
    return profile.with_base_url(base_url) if base_url else profile
