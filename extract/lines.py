"""What each printed line of a page is: headline material, body, caption, credit or masthead.

Pages arrive as text dumps of e-paper pages, so layout is all we have to go
on; these predicates encode the conventions of Chinese union newspapers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from extract.normalize import normalize_chars


class Kind(Enum):
    BLANK = "blank"
    MASTHEAD = "masthead"
    HEADING = "heading"  # markdown heading
    SIDEBAR = "sidebar"  # ●现场 …: a boxed item with its own headline
    OPENER = "opener"  # 本报讯…: the first line of an article body
    CAPTION = "caption"
    CREDIT = "credit"
    BYLINE = "byline"  # a line holding only a trailing author: （梁瑜）
    TEXT = "text"


@dataclass(slots=True)
class Line:
    """One physical line, stripped, with the source offset of its first kept character."""

    text: str
    start: int
    kind: Kind
    level: int = 0  # markdown heading level
    printed: str = ""  # the line as printed (stripped), for fields quoted verbatim such as headlines


TERMINAL = frozenset("。！？!?…")
_CLOSERS = frozenset("”’」』）)")
OPENER_RE = re.compile(r"^本报(?:讯|讯息|消息)|^本报[^\s，。]{0,6}(?:电|讯)")
_HEADING_RE = re.compile(r"^(#{1,6})\s+(.*)$")
_SIDEBAR_RE = re.compile(r"^[●◆▲★]\s*\S")
_CREDIT_RE = re.compile(
    r"(?:单位|受访者|资料|网络|通讯员)?供图$|/\s*摄$|／\s*摄$|(?:记者|通讯员)\s*\S{2,4}\s+摄$|^(?:摄影|图)[:：]\S+$"
)
_BYLINE_RE = re.compile(r"^[（(]\s*([^（）()\s]{2,8}(?:\s[^（）()\s]{2,4}){0,2})\s*[）)]$")
_MASTHEAD_RES = (
    re.compile(
        r"今日\s*\d+\s*版|总第\s*\d+\s*期|统一刊号|国内统一|刊号|邮发代号|许可证|投稿邮箱|电子邮箱|主管主办|出版$"
    ),
    re.compile(r"https?://|www\.|@[\w.-]+\.\w+"),
    re.compile(r"^\d{4}\s*[.年/-]\s*\d{1,2}\s*月?$"),
    re.compile(r"^星期[一二三四五六日天]\s*\d{0,2}$|^周[一二三四五六日]$"),
    re.compile(r"^[\d\s:：-]{5,}$"),
)


def is_masthead(text: str) -> bool:
    return any(r.search(text) for r in _MASTHEAD_RES)


def ends_sentence(text: str) -> bool:
    """A line that closes a sentence; a closing quote or bracket counts only after a full stop."""
    t = text.rstrip()
    while t and t[-1] in _CLOSERS:
        if len(t) >= 2 and t[-2] in TERMINAL:
            return True
        t = t[:-1]
    return bool(t) and t[-1] in TERMINAL


def classify(text: str) -> tuple[Kind, int]:
    if not text:
        return Kind.BLANK, 0
    if m := _HEADING_RE.match(text):
        return Kind.HEADING, len(m.group(1))
    if text.startswith("■"):
        return Kind.CAPTION, 0
    if _CREDIT_RE.search(text) and len(text) <= 40:
        return Kind.CREDIT, 0
    if _SIDEBAR_RE.match(text):
        return Kind.SIDEBAR, 0
    if OPENER_RE.match(text):
        return Kind.OPENER, 0
    if _BYLINE_RE.match(text):
        return Kind.BYLINE, 0
    if is_masthead(text):
        return Kind.MASTHEAD, 0
    return Kind.TEXT, 0


def split_lines(source: str) -> list[Line]:
    """Split and classify, normalising characters but keeping each line's source offset."""
    lines: list[Line] = []
    pos = 0
    for raw in source.splitlines(keepends=True):
        body = raw.rstrip("\r\n")
        stripped = body.strip()
        lead = len(body) - len(body.lstrip())
        text = normalize_chars(stripped)
        kind, level = classify(text)
        lines.append(Line(text=text, start=pos + lead, kind=kind, level=level, printed=stripped))
        pos += len(raw)
    return lines


def headline_like(line: Line) -> bool:
    """Short, unpunctuated at the end, and not masthead or caption: what headline lines look like."""
    t = line.text
    return (
        line.kind in (Kind.TEXT, Kind.HEADING)
        and (2 <= len(t) <= 48 or (len(t) <= 100 and not any(c in t for c in "，；：")))
        and "。" not in t
        and t[-1] not in "，、；：,;:"
        and not ends_sentence(t)
    )


_UNIT_SUFFIX_RE = re.compile(r"(?:总工会|工会|工联会|联合会|委员会|互助会|[省市区县镇乡街道])$")


def is_unit_line(text: str) -> bool:
    """The first line of a 'unit / action' headline: a body or place name and nothing else."""
    return len(text) <= 16 and " " not in text and bool(_UNIT_SUFFIX_RE.search(text))
