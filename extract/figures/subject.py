"""Who or where a figure is about, normalised to a full name.

Readers search figures by body or place, so 省总工会 in a Guangdong paper must
be stored as 广东省总工会 and 全市 as the article's city. The nearest body or
place named before the figure in its sentence wins; failing that, the last
one named earlier in the paragraph carries over.
"""

from __future__ import annotations

import bisect
import itertools
import re
from typing import TYPE_CHECKING

from extract.figures.textspans import Spans

if TYPE_CHECKING:
    pass

_ORG_SUFFIX = "|".join(
    (
        "总工会",
        "工会联合会",
        "工联会",
        "职工保障互助会",
        "保障互助会",
        "互助会",
        "工会",
        "有限公司",
        "股份公司",
        "公司",
        "集团",
        "委员会",
        "协会",
        "代办处",
    )
)
_STOP = "在由向为和与的了是对将从等及经据、，。；：！？“”‘’《》（）()\n 中已也共达还把被让给并又再更"
_ORG = re.compile(f"(?:{_ORG_SUFFIX})")
_AREA = re.compile(r"(全市|我市|本市|全省|我省|本省|全区|全县)")
_STOP_WORDS = (
    "组织",
    "动员",
    "举办",
    "开展",
    "推进",
    "通过",
    "表示",
    "指导",
    "联合",
    "带动",
    "成立",
    "组建",
    "全力以赴",
    "携手",
)
_LEADING = (
    "我们",
    "这次",
    "此次",
    "本次",
    "今年",
    "去年",
    "全年",
    "目前",
    "该",
    "各",
    "全体",
    "有关",
    "相关",
    "其",
)
_PLACE_MARK = "省市区县镇街村"


def _org_name(text: str, suffix_start: int, suffix_end: int, floor: int) -> str | None:
    """The name ending in an organisation suffix, or None when it is a generic word (各级工会)."""
    i = suffix_start
    while i > floor and suffix_start - i < 14 and text[i - 1] not in _STOP:
        if any(text.startswith(w, i - len(w)) for w in _STOP_WORDS):
            break
        i -= 1
    name = text[i:suffix_end]
    for word in _LEADING:
        if name.startswith(word):
            name = name[len(word) :]
    suffix = text[suffix_start:suffix_end]
    if any(ch.isdigit() for ch in name) or len(name) <= len(suffix):
        return None
    if suffix in ("工会", "公司", "集团", "委员会") and not any(
        ch in _PLACE_MARK for ch in name[: -len(suffix)]
    ):
        return None if not name.endswith("有限公司") else name
    return name


def normalise(name: str, city: str | None, province: str | None) -> str:
    """省总工会 → 广东省总工会, 市总工会 → 湛江市总工会, 全市 → 湛江市."""
    if name in ("全市", "我市", "本市"):
        return city or name
    if name in ("全省", "我省", "本省"):
        return province or name
    if name.startswith("省") and province:
        return province + name[1:]
    if name.startswith("市") and city:
        return city + name[1:]
    return name


class SubjectFinder:
    """Finds the nearest named body or area before an offset, within its paragraph."""

    def __init__(self, text: str, spans: Spans, city: str | None, province: str | None) -> None:
        self._text = text
        self._spans = spans
        self._city = city
        self._province = province
        mentions: list[tuple[int, int, str]] = []
        prev_end = 0
        for m in _ORG.finditer(text):
            floor = max(spans.paragraph_start(m.start()), prev_end)
            name = _org_name(text, m.start(), m.end(), floor)
            if name is not None:
                mentions.append((m.end() - len(name), m.end(), name))
                prev_end = m.end()
        for m in _AREA.finditer(text):
            mentions.append((m.start(), m.end(), m.group()))
        mentions.sort()
        self._mentions = mentions
        # Running maximum of mention ends: bisecting it finds the first mention ending after an
        # offset, so a lookup costs O(log n + chain) instead of a scan (huge articles stay linear).
        self._max_ends = list(itertools.accumulate((m[1] for m in mentions), max))

    def at(self, pos: int) -> str | None:
        """The 、-joined run of mentions that ends last before ``pos`` in its paragraph."""
        para = self._spans.paragraph_start(pos)
        j = bisect.bisect_right(self._max_ends, pos) - 1
        if j < 0 or self._mentions[j][0] < para:
            return None
        chosen = [self._mentions[j]]
        while j > 0:
            prev = self._mentions[j - 1]
            if prev[0] < para or self._text[prev[1] : chosen[0][0]] != "、":
                break
            chosen.insert(0, prev)
            j -= 1
        names = [normalise(n, self._city, self._province) for _, _, n in chosen]
        return "、".join(dict.fromkeys(names))
