"""Exact number parsing for Arabic, Chinese and mixed numerals.

Values are ``Decimal`` end to end: editors compare printed amounts to the
cent, and ``9897.25 万元`` must become exactly 98972500, which binary floats
cannot promise. Pure Chinese integers go through cn2an (the maintained
converter); we only bring the colloquial forms it rejects (两千, 百余, 一万二)
into the strict shape it accepts.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from functools import lru_cache
from itertools import pairwise

import cn2an

CN_DIGIT_CHARS = "零〇一二两三四五六七八九"
CN_UNIT_CHARS = "十百千万亿"
CN_NUMERAL_CHARS = CN_DIGIT_CHARS + CN_UNIT_CHARS

_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000}
# The unit a trailing bare digit stands for after each unit (一万二 = 一万二千).
_NEXT_LOWER = {"亿": "千万", "万": "千", "千": "百", "百": "十"}


def multiplier_value(mult: str) -> Decimal:
    """万/千万/百万/亿 written after a number multiply it; an empty multiplier is 1."""
    value = Decimal(1)
    for ch in mult:
        value *= _UNITS[ch]
    return value


def parse_arabic(text: str) -> Decimal | None:
    """Digits with thousands separators and stray spaces, e.g. ``1,300`` / ``1，300`` / ``98.19``."""
    cleaned = text.replace(",", "").replace("，", "").replace(" ", "")
    if not cleaned or cleaned.startswith(".") or cleaned.endswith("."):
        return None
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        return None


@lru_cache(maxsize=4096)
def parse_chinese(text: str) -> Decimal | None:
    """A Chinese numeral (``三万``, ``两千``, ``一万二千``, ``百``, ``三点五``), or None when malformed.

    Malformed runs such as ``百千万`` (a programme name) must yield None rather
    than a guess: a wrong number is worse than a missing one.
    """
    if not text:
        return None
    integer, _, fraction = text.partition("点")
    if fraction and any(ch not in _DIGITS for ch in fraction):
        return None
    value = _parse_cn_integer(integer)
    if value is None:
        return None
    if fraction:
        digits = "".join(str(_DIGITS[ch]) for ch in fraction)
        value += Decimal("0." + digits)
    return value


def _parse_cn_integer(text: str) -> Decimal | None:
    if not text or any(ch not in CN_NUMERAL_CHARS for ch in text):
        return None
    if len(text) == 1 and text in _DIGITS:
        return Decimal(_DIGITS[text])
    strict = text.replace("两", "二").replace("〇", "零")
    if strict[0] in "百千万亿":
        strict = "一" + strict
    # 一万二 / 三千五 / 两百五: a bare last digit right after a unit counts the next lower unit.
    if len(strict) >= 3 and strict[-1] in _DIGITS and strict[-2] in _NEXT_LOWER and strict[-3] != "零":
        strict += _NEXT_LOWER[strict[-2]]
    if any(a in _UNITS and b in _UNITS and _UNITS[a] < _UNITS[b] < 10_000 for a, b in pairwise(strict)):
        return None  # 百千 / 十百: not a number
    if _has_bare_digit_run(strict):
        return None
    try:
        result = cn2an.cn2an(strict, "strict")
    except (ValueError, KeyError, IndexError):
        return None
    if isinstance(result, float) and not result.is_integer():
        return None
    return Decimal(int(result))


def _has_bare_digit_run(text: str) -> bool:
    """二三 / 三四十 are approximate ranges or phone-style digit strings, not one number."""
    return any(a in "一二三四五六七八九" and b in "一二三四五六七八九" for a, b in pairwise(text))


def is_round_chinese(text: str) -> bool:
    """万 / 千万 / 百: numerals made only of units, typical of slogans and headline round numbers."""
    return bool(text) and all(ch in CN_UNIT_CHARS for ch in text)
