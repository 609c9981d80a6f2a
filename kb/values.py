"""Exact decimal values for figure range filters: an order-preserving text key and a bound parser.

Why a text key and not a REAL column: a binary float cannot hold most
decimals, so ``value >= 0.1`` on floats is only "probably right", and two
distinct decimals with 17+ significant digits can collapse into one double.
``decimal_key`` instead maps every finite ``Decimal`` to an ASCII string whose
byte order *is* numeric order, and equal values (``98972500``, ``9.897250E+7``)
to the same string. SQLite compares TEXT with ``memcmp`` and Elasticsearch
compares ``keyword`` terms by UTF-8 bytes, so both backends filter exactly,
with an ordinary index, and agree with each other by construction.

Layout: a sign class (``0`` negative, ``1`` zero, ``2`` positive), then the
adjusted exponent (the power of ten of the leading digit) offset into six
fixed-width digits, then the significant digits without trailing zeros. For
negatives the exponent and digits are complemented and a ``~`` terminator
(above every digit) makes a shorter digit string sort *after* its
extensions, as -1.2 > -1.25 requires.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation, localcontext

_EXP_OFFSET = 100_000
_EXP_LIMIT = 99_999
_NINES = str.maketrans("0123456789", "9876543210")
# Chinese multipliers a user may type in a bound ("1.5万", "2亿"), as the newspapers print amounts.
_MULTIPLIERS = {"万": Decimal(10) ** 4, "亿": Decimal(10) ** 8, "万亿": Decimal(10) ** 12}
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d{1,4})?")
MAX_BOUND_CHARS = 40


def decimal_key(value: Decimal) -> str:
    """The sortable key of a finite decimal; ``ValueError`` for NaN, infinities and absurd exponents."""
    if not value.is_finite():
        raise ValueError(f"{value} is not a finite number")
    if value.is_zero():
        return "1"
    sign, digits, _ = value.as_tuple()
    exponent = value.adjusted()
    if not -_EXP_LIMIT <= exponent <= _EXP_LIMIT:
        raise ValueError(f"{value} is out of range")
    mantissa = "".join(map(str, digits)).rstrip("0")
    if not sign:
        return f"2{exponent + _EXP_OFFSET:06d}{mantissa}"
    return f"0{_EXP_OFFSET - exponent:06d}{mantissa.translate(_NINES)}~"


def parse_bound(text: str) -> Decimal:
    """A user-typed number for ``min``/``max``: ``98972500``, ``1,300``, ``9897.25万``, ``1e8``.

    Raises ``ValueError`` with a message fit for the user. Thousands separators
    and a trailing 万/亿 are accepted because that is how the papers print
    amounts; anything else that is not a plain finite number is refused rather
    than guessed at.
    """
    raw = text.strip().replace(",", "").replace("，", "")
    if not raw:
        raise ValueError("empty number")
    if len(raw) > MAX_BOUND_CHARS:
        raise ValueError(f"number is too long ({len(raw)} characters, at most {MAX_BOUND_CHARS})")
    factor = Decimal(1)
    for suffix in sorted(_MULTIPLIERS, key=len, reverse=True):
        if raw.endswith(suffix):
            raw, factor = raw[: -len(suffix)].strip(), _MULTIPLIERS[suffix]
            break
    if not _NUMBER.fullmatch(raw):
        raise ValueError(f"{text!r} is not a number (write e.g. 98972500, 9897.25万 or 1e8)")
    with localcontext() as ctx:
        ctx.prec = 4 * MAX_BOUND_CHARS  # never round: a bound must be the number typed
        try:
            value = Decimal(raw) * factor
        except InvalidOperation as exc:  # pragma: no cover - the pattern admits only valid literals
            raise ValueError(f"{text!r} is not a number") from exc
        decimal_key(value)  # range check, same limits as stored values
        if value.is_zero():
            return Decimal(0)
        value = value.normalize()  # 9897.25万 → 98972500, not 98972500.00 or 9.89725E+7
        exponent = value.as_tuple().exponent
        return value.quantize(Decimal(1)) if isinstance(exponent, int) and exponent > 0 else value
