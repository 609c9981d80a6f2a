"""Split a page into articles: headlines, bodies, captions and bylines.

The dumps carry no fonts or boxes, so the segmenter works from the page's
conventions: an article body opens with 本报讯, headlines are the short
unpunctuated lines above it (or markdown headings), captions are ■ lines or
lines followed by a photo credit, and a body may end in a bracketed author.
PDF dumps sometimes print headlines far from their article (after the last
article, or after a photo caption); such stray headline lines are given to
the headline-less article whose body they echo most.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extract.lines import Kind, Line, ends_sentence, headline_like, is_unit_line, split_lines
from extract.normalize import is_cjk
from extract.records import OffsetMap

_MAX_HEADLINE_LINES = 4
_INLINE_BYLINE_RE = re.compile(r"\s*[（(]\s*([^（）()\s，,。]{2,8})\s*[）)]\s*$")
_CREDIT_NAME_RE = re.compile(r"(?:全媒体)?(?:记者|通讯员)\s*([^\s/／]{2,4})\s*[/／]?\s*摄")
_ORPHAN_MIN_AFFINITY = 0.34
_OWN_MAX_AFFINITY = 0.3


@dataclass(slots=True)
class Segment:
    """An article as cut from the page, before any field extraction."""

    headline: list[Line] = field(default_factory=list)
    body: list[Line] = field(default_factory=list)
    headless: bool = False
    kicker_override: str | None = None
    photo_credits: list[str] = field(default_factory=list)
    byline_end: str | None = None


@dataclass(frozen=True, slots=True)
class Body:
    text: str
    map: OffsetMap


@dataclass(frozen=True, slots=True)
class SegmentedArticle:
    kicker: str | None
    title: str
    subtitle: str | None
    body: Body
    byline_end: str | None
    photo_credits: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SegmentedPage:
    articles: tuple[SegmentedArticle, ...]
    preface: tuple[str, ...]  # lines before the first article: masthead and the like


def _closer(line: Line) -> bool:
    if line.kind in (Kind.BYLINE, Kind.CAPTION, Kind.CREDIT, Kind.MASTHEAD) or ends_sentence(line.text):
        return True
    m = _INLINE_BYLINE_RE.search(line.text)
    return m is not None and ends_sentence(line.text[: m.start()])


def _headline_block(lines: list[Line], opener: int, floor: int) -> int:
    """Index of the first headline line above ``opener`` (== opener when there is none)."""
    j = opener
    while j - 1 >= floor and opener - (j - 1) <= _MAX_HEADLINE_LINES and headline_like(lines[j - 1]):
        j -= 1
    if j < opener and j - 1 >= floor and not _closer(lines[j - 1]) and lines[j - 1].kind is not Kind.HEADING:
        # No article end above the block: the top lines are more likely body text
        # that lost its punctuation in a column break; keep only the nearest two.
        j = max(j, opener - 2)
    return j


def _starts(lines: list[Line]) -> list[tuple[int, int]]:
    """(headline start, body start) for every article, in page order."""
    starts: list[tuple[int, int]] = []
    floor = 0
    top_level = 0  # heading level of the current article's first heading
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.kind is Kind.OPENER:
            h = _headline_block(lines, i, floor)
            starts.append((h, i))
            top_level = min((x.level for x in lines[h:i] if x.kind is Kind.HEADING), default=0)
            floor = i + 1
        elif line.kind is Kind.SIDEBAR:
            starts.append((i, i + 1))
            top_level = 0
            floor = i + 1
        elif line.kind is Kind.HEADING:
            k = i
            while k + 1 < len(lines) and lines[k + 1].kind is Kind.HEADING:
                k += 1
            followed_by_opener = k + 1 < len(lines) and lines[k + 1].kind is Kind.OPENER
            if not followed_by_opener and (not starts or top_level == 0 or line.level <= top_level):
                starts.append((i, k + 1))
                top_level = line.level
                floor = k + 1
            i = k + 1
            continue
        i += 1
    return starts


def _affinity(fragment: str, body: str) -> float:
    """Share of the fragment's Chinese character pairs that the body also contains."""
    pairs = {
        fragment[i : i + 2]
        for i in range(len(fragment) - 1)
        if is_cjk(fragment[i]) and is_cjk(fragment[i + 1])
    }
    if not pairs:
        return 0.0
    return sum(1 for p in pairs if p in body) / len(pairs)


def _split_trailing_orphans(seg: Segment) -> list[Line]:
    """Headline lines printed after the last article's end (PDF dumps put them there)."""
    body = seg.body
    k = len(body)
    while k > 0 and headline_like(body[k - 1]) and len(body) - k < 6:
        k -= 1
    if k == len(body) or k == 0 or not _closer(body[k - 1]):
        return []
    orphans = body[k:]
    del body[k:]
    return orphans


def _reassign(segments: list[Segment], orphans: list[Line]) -> None:
    headless = [s for s in segments if s.headless]
    if not headless:
        return
    texts = {id(s): "".join(x.text for x in s.body) for s in segments}
    candidates: list[tuple[Line, Segment | None]] = [(o, None) for o in orphans]
    for seg in segments:
        if not seg.headless:
            candidates.extend((h, seg) for h in seg.headline if h.kind is not Kind.HEADING)
    assigned: dict[int, list[Line]] = {id(s): [] for s in headless}
    for line, owner in candidates:
        scores = sorted(
            ((_affinity(line.text, texts[id(s)]), n, s) for n, s in enumerate(headless)), reverse=True
        )
        best, _, target = scores[0]
        if best < _ORPHAN_MIN_AFFINITY:
            continue
        if owner is not None:
            if _affinity(line.text, texts[id(owner)]) >= _OWN_MAX_AFFINITY or best < 0.5:
                continue
            owner.headline.remove(line)
        shared = [s for score, _, s in scores if score >= 0.6 and best - score <= 0.15]
        if owner is None and len(shared) > 1 and not is_unit_line(line.text):
            for s in shared:
                if s.kicker_override is None:
                    s.kicker_override = " ".join(line.printed.split())
            continue
        assigned[id(target)].append(line)
    for seg in headless:
        lines = assigned[id(seg)]
        units = [x for x in lines if is_unit_line(x.text)]
        seg.headline = units + [x for x in lines if x not in units]
        seg.headless = not seg.headline


def _headline_fields(seg: Segment) -> tuple[str | None, str, str | None]:
    texts = [" ".join(x.printed.lstrip("#").split()) for x in seg.headline]
    kicker = seg.kicker_override
    if seg.headline and seg.headline[0].kind is Kind.SIDEBAR:
        mark_free = texts[0].lstrip("●◆▲★■").strip()
        head, _, rest = mark_free.partition(" ")
        if rest and len(head) <= 6:
            return head, rest.strip(), None
        return None, mark_free, None
    if not texts:
        return kicker, "", None
    if len(texts) >= 3:
        kicker, texts = texts[0], texts[1:]
    elif (
        len(texts) == 2
        and all(x.kind is Kind.HEADING for x in seg.headline)
        and seg.headline[0].level < seg.headline[1].level
    ):
        return texts[0], texts[1], None
    if len(texts) == 1:
        return kicker, texts[0], None
    if is_unit_line(texts[0]):
        title = f"{texts[0]} {texts[1]}"
        return kicker, title, " ".join(texts[2:]) or None
    return kicker, texts[0], " ".join(texts[1:])


def _clean_body(seg: Segment) -> None:
    """Drop captions and credits, and lift a trailing bracketed author into ``byline_end``."""
    kept: list[Line] = []
    for n, line in enumerate(seg.body):
        nxt = seg.body[n + 1] if n + 1 < len(seg.body) else None
        if line.kind is Kind.CREDIT:
            if m := _CREDIT_NAME_RE.search(line.text):
                seg.photo_credits.append(m.group(1))
            continue
        if line.kind is Kind.CAPTION:
            continue
        if nxt is not None and nxt.kind is Kind.CREDIT and line.kind is Kind.TEXT and len(line.text) <= 60:
            continue  # a caption printed without ■, identified by the credit under it
        kept.append(line)
    while kept and kept[-1].kind is Kind.BYLINE:
        seg.byline_end = kept.pop().text.strip("（）() ")
    m = _INLINE_BYLINE_RE.search(kept[-1].text) if seg.byline_end is None and kept else None
    if m is not None and ends_sentence(kept[-1].text[: m.start()]):
        last = kept[-1]
        seg.byline_end = m.group(1)
        cut = len(last.text[: m.start()].rstrip())
        kept[-1] = Line(text=last.text[:cut], start=last.start, kind=last.kind, printed=last.printed[:cut])
    seg.body = kept


def _assemble(lines: list[Line]) -> Body:
    """Join lines broken inside a sentence; keep a paragraph break after a finished one."""
    parts: list[str] = []
    runs: list[tuple[int, int, int]] = []
    length = 0
    prev: Line | None = None
    for line in lines:
        text = line.text.lstrip("#").strip() if line.kind is Kind.HEADING else line.text
        offset = (
            line.start + (len(line.text) - len(line.text.lstrip("#").lstrip()))
            if line.kind is Kind.HEADING
            else line.start
        )
        if prev is not None:
            join = (
                prev.kind in (Kind.TEXT, Kind.OPENER)
                and line.kind is Kind.TEXT
                and not ends_sentence(prev.text)
            )
            if not join:
                parts.append("\n")
                length += 1
        runs.append((length, offset, len(text)))
        parts.append(text)
        length += len(text)
        prev = line
    return Body(text="".join(parts), map=OffsetMap(tuple(runs)))


def segment_page(source: str) -> SegmentedPage:
    lines = [x for x in split_lines(source) if x.kind is not Kind.BLANK]
    starts = _starts(lines)
    if not starts:
        body_lines = [x for x in lines if x.kind not in (Kind.MASTHEAD,)]
        if not body_lines:
            return SegmentedPage(articles=(), preface=tuple(x.text for x in lines))
        # A single story without a 本报讯 opener: a leading headline-like line is its title.
        starts = [(0, 1)] if len(lines) > 1 and headline_like(lines[0]) else [(0, 0)]
    segments: list[Segment] = []
    for n, (h, b) in enumerate(starts):
        end = starts[n + 1][0] if n + 1 < len(starts) else len(lines)
        segments.append(Segment(headline=list(lines[h:b]), body=list(lines[b:end]), headless=h == b))
    preface = tuple(x.text for x in lines[: starts[0][0]])
    orphans = _split_trailing_orphans(segments[-1])
    for seg in segments:
        _clean_body(seg)
    _reassign(segments, orphans)
    articles = []
    for seg in segments:
        if not seg.body:
            continue
        kicker, title, subtitle = _headline_fields(seg)
        articles.append(
            SegmentedArticle(
                kicker=kicker,
                title=title,
                subtitle=subtitle,
                body=_assemble(seg.body),
                byline_end=seg.byline_end,
                photo_credits=tuple(seg.photo_credits),
            )
        )
    return SegmentedPage(articles=tuple(articles), preface=preface)
