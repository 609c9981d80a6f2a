"""``unionkb ingest``: page dumps on disk → extraction → knowledge base.

Each file is stored in one transaction, so a failure leaves no half-written
page, and articles are keyed by content-derived ids so re-ingesting is a no-op.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from extract.page import extract_page
from kb.base import KBError, KnowledgeBase, SourceInfo, StoredArticle
from unionkb.papers import Paper
from unionkb.sources import PDF_SUFFIXES, TEXT_SUFFIXES, SourceError, load_page

log = logging.getLogger(__name__)

_DATE_IN_NAME_RE = re.compile(r"(20\d{2}|19\d{2})-(\d{2})-(\d{2})")
_WHITESPACE_RE = re.compile(r"\s+")


@dataclass
class IngestReport:
    files: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: list[tuple[Path, str]] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return bool(self.skipped)

    def summary(self) -> str:
        ingested = self.new + self.updated
        reasons = Counter(reason for _, reason in self.skipped)
        skipped = f"{len(self.skipped)} skipped"
        if reasons:
            skipped += ": " + ", ".join(f"{n} {reason}" for reason, n in reasons.most_common())
        return (
            f"ingested {ingested} articles from {self.files - len(self.skipped)} files "
            f"({self.new} new, {self.updated} updated, {self.unchanged} unchanged, {skipped})"
        )


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Directories contribute their page files (sorted), so ``ingest pages/`` works like a glob."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out.extend(
                sorted(
                    x
                    for x in p.rglob("*")
                    if x.is_file() and x.suffix.lower() in TEXT_SUFFIXES | PDF_SUFFIXES
                )
            )
        else:
            out.append(p)
    return out


def date_from_name(path: Path) -> date | None:
    if m := _DATE_IN_NAME_RE.search(path.stem):
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
    return None


def page_key(path: Path, issue_date: date | None) -> str:
    """The page's label: what follows the issue date in the file name (``lngr-2025-03-07-01`` → ``01``)."""
    stem = path.stem
    if issue_date is not None:
        _, found, rest = stem.partition(issue_date.isoformat())
        if found and rest.strip("-_ "):
            return rest.strip("-_ ")
    return stem


def article_id(paper: str, issue_date: date | None, page: str, headline: str, occurrence: int) -> str:
    """Stable across re-ingests: derived from where the article was printed and its headline."""
    compact = _WHITESPACE_RE.sub("", headline)
    key = f"{paper}|{issue_date.isoformat() if issue_date else ''}|{page}|{compact}|{occurrence}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]


def build_articles(
    path: Path, text: str, kind: str, raw_sha256: str, paper: Paper, issue_date: date | None, now: datetime
) -> list[StoredArticle]:
    known = issue_date or date_from_name(path)
    page = extract_page(text, issue_date=known, home_province=paper.province)
    when = known or page.printed_date
    label = page_key(path, when)
    seen: Counter[str] = Counter()
    out = []
    for seq, article in enumerate(page.articles):
        seen[article.headline] += 1
        out.append(
            StoredArticle(
                id=article_id(paper.code, when, label, article.headline, seen[article.headline]),
                paper=paper.code,
                issue_date=when,
                issue_number=None,
                page_number=label,
                page_name=None,
                page_pdf_url=None,
                seq=seq,
                article=article,
                source=SourceInfo(
                    kind=kind, url=None, path=str(path), raw_sha256=raw_sha256, fetched_at=None
                ),
                ingested_at=now,
            )
        )
    return out


def ingest_files(
    kb: KnowledgeBase, paths: Sequence[Path], *, paper: Paper, issue_date: date | None, max_bytes: int
) -> IngestReport:
    report = IngestReport()
    now = datetime.now(UTC)
    for path in expand_paths(paths):
        report.files += 1
        try:
            loaded = load_page(path, max_bytes=max_bytes)
            articles = build_articles(
                path, loaded.text, loaded.kind, loaded.raw_sha256, paper, issue_date, now
            )
            if not articles:
                raise SourceError("no articles found")
            result = kb.upsert_articles(articles)
        except (SourceError, KBError) as exc:
            log.warning("%s: skipped: %s", path, exc)
            report.skipped.append((path, str(exc)))
            continue
        except Exception as exc:  # an extractor bug on one page must not abort the batch
            log.debug("%s: extraction failed", path, exc_info=True)
            report.skipped.append((path, f"extraction failed ({type(exc).__name__}: {exc})"))
            continue
        report.new += result.new
        report.updated += result.updated
        report.unchanged += result.unchanged
    return report
