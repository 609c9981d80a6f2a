"""Ranges written with one measure word (``5至10人``, ``3-5万元``) yield one figure per end.

When both ends carry their own unit (``8500元到3万元``) the scanner already
sees two figures; this module only supplies the bare first end.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

from extract.figures.numerals import multiplier_value, parse_arabic, parse_chinese
from extract.figures.scanner import Candidate

_FIRST_END = re.compile(
    r"(?P<num>\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千]+)(?P<mult>万|亿|千)?"
    r"[ ]?(?:至|到|—|–|-|~|～)[ ]?$"
)


def expand_ranges(text: str, figures: list[Candidate]) -> list[Candidate]:
    out: list[Candidate] = []
    for c in figures:
        first = _first_end(text, c)
        if first is not None:
            out.append(first)
        out.append(c)
    return out


def _first_end(text: str, c: Candidate) -> Candidate | None:
    window = text[max(0, c.start - 16) : c.start]
    m = _FIRST_END.search(window)
    if m is None or c.approx != "exact":
        return None
    offset = c.start - len(window)
    num_start = offset + m.start("num")
    if num_start > 0 and (text[num_start - 1].isalnum() and not _is_cjk(text[num_start - 1])):
        return None
    if num_start > 0 and text[num_start - 1] in "第届.":
        return None
    num = m.group("num")
    arabic = num[0].isdigit()
    if arabic != (c.numeral_kind == "arabic"):
        return None
    value = parse_arabic(num) if arabic else parse_chinese(num)
    if value is None:
        return None
    own_mult = m.group("mult") or ""
    scale = multiplier_value(own_mult) if own_mult else _shared_scale(value, c)
    if c.spec is not None:
        scale *= Decimal(c.spec.factor)
    end = offset + (m.end("mult") if own_mult else m.end("num"))
    first_value = value * scale
    if first_value > c.value:
        return None
    return replace(
        c,
        start=num_start,
        end=end,
        num_start=num_start,
        num_end=offset + m.end("num"),
        value=first_value,
        numeral=num,
        multiplier=own_mult,
        unit_start=end,
        unit_end=end,
    )


def _shared_scale(value: Decimal, c: Candidate) -> Decimal:
    """``3至5万元`` means 3万 to 5万, but ``8500到3万元`` cannot mean 8500万: keep the ordered reading."""
    mult = multiplier_value(c.multiplier) if c.multiplier else Decimal(1)
    return mult if value * mult <= c.value else Decimal(1)


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"
