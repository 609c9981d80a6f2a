"""Round trips: render a random quantity the way papers print it, parse it back exactly.

A value is never wrong in a way a test can catch: Arabic with separators and
stray spaces, Chinese numerals (rendered by cn2an), and mixed forms such as
2.5万 / 3万多 / 190多万, each with a random measure word and approximation.
"""

from __future__ import annotations

from decimal import Decimal

import cn2an
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.figures import find_figures

UNITS = {
    "元": "元",
    "人": "人",
    "名": "人",
    "位": "人",
    "人次": "人次",
    "户": "户",
    "份": "份",
    "家": "家",
    "个": "个",
    "场": "场",
    "次": "次",
    "件": "件",
    "项": "项",
    "条": "条",
    "幅": "幅",
    "棵": "棵",
    "册": "册",
    "篇": "篇",
}
PREFIX = {
    "": "exact",
    "超过": "over",
    "逾": "over",
    "超": "over",
    "约": "about",
    "近": "about",
    "不足": "under",
}
SUFFIX = {"": "exact", "以上": "over", "左右": "about", "以下": "under"}
MULT = {
    "万": Decimal(10_000),
    "亿": Decimal(100_000_000),
    "千万": Decimal(10_000_000),
    "百万": Decimal(1_000_000),
}

settings.register_profile("unionkb", max_examples=150, deadline=None)
settings.load_profile("unionkb")


def _sentence(figure: str) -> str:
    return f"据统计，此次活动共{figure}，工作取得实效。"


def _check(figure: str, value: Decimal, unit: str, approx: str) -> None:
    text = _sentence(figure)
    found = find_figures(text)
    assert [(f.text, f.value, f.unit, f.approx) for f in found] == [(figure, value, unit, approx)], text
    assert text[found[0].start : found[0].end] == figure


def _group(n: int, sep: str) -> str:
    return f"{n:,}".replace(",", sep)


approx_words = st.sampled_from(list(PREFIX)).flatmap(
    lambda p: st.sampled_from([s for s in SUFFIX if not (p and s)]).map(lambda s: (p, s))
)


def _approx(words: tuple[str, str]) -> str:
    p, s = words
    return PREFIX[p] if p else SUFFIX[s]


@given(
    n=st.integers(min_value=1, max_value=10**9),
    sep=st.sampled_from(["", ",", "，"]),
    space=st.sampled_from(["", " "]),
    unit=st.sampled_from(sorted(UNITS)),
    words=approx_words,
)
def test_arabic_integers(n: int, sep: str, space: str, unit: str, words: tuple[str, str]) -> None:
    digits = _group(n, sep) if sep and n >= 1000 else str(n)
    _check(f"{words[0]}{digits}{space}{unit}{words[1]}", Decimal(n), UNITS[unit], _approx(words))


@given(
    value=st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999.99"), places=2),
    mult=st.sampled_from(sorted(MULT)),
    space=st.sampled_from(["", " "]),
    unit=st.sampled_from(["元", "人次", "人", "份", "户"]),
    words=approx_words,
)
def test_arabic_decimals_with_multiplier(
    value: Decimal, mult: str, space: str, unit: str, words: tuple[str, str]
) -> None:
    text_value = format(value.normalize(), "f")
    figure = f"{words[0]}{text_value}{space}{mult}{space}{unit}{words[1]}"
    _check(figure, value * MULT[mult], UNITS[unit], _approx(words))


@given(
    n=st.integers(min_value=3, max_value=99_999_999),
    unit=st.sampled_from(sorted(UNITS)),
    liang=st.booleans(),
    words=approx_words,
)
def test_chinese_numerals(n: int, unit: str, liang: bool, words: tuple[str, str]) -> None:
    numeral = cn2an.an2cn(str(n))
    if liang and numeral.startswith("二") and len(numeral) > 1 and numeral[1] in "百千万亿":
        numeral = "两" + numeral[1:]
    _check(f"{words[0]}{numeral}{unit}{words[1]}", Decimal(n), UNITS[unit], _approx(words))


@given(
    n=st.integers(min_value=1, max_value=9999),
    mult=st.sampled_from(["万", "亿"]),
    inner=st.sampled_from(["多", "余"]),
    before=st.booleans(),
    unit=st.sampled_from(["元", "人", "名", "人次", "份"]),
)
def test_mixed_over_forms(n: int, mult: str, inner: str, before: bool, unit: str) -> None:
    """2万多名 / 190多万元: the marker sits before or after the multiplier; value is the lower bound."""
    figure = f"{n}{inner}{mult}{unit}" if before else f"{n}{mult}{inner}{unit}"
    _check(figure, Decimal(n) * MULT[mult], UNITS[unit], "over")


ROUND = {"十": 10, "百": 100, "千": 1000, "万": 10_000, "十万": 100_000, "百万": 1_000_000}


@given(
    n=st.integers(min_value=1, max_value=9),
    tail=st.sampled_from(sorted(ROUND)),
    marker=st.sampled_from(["余", "多"]),
    liang=st.booleans(),
    unit=st.sampled_from(["人", "名", "家", "份", "元"]),
)
def test_chinese_round_over(n: int, tail: str, marker: str, liang: bool, unit: str) -> None:
    """两千余名 / 三十多家 / 百余份 / 十几: Chinese round numbers with an over marker."""
    head = "两" if n == 2 and liang and tail != "十" else cn2an.an2cn(str(n))
    numeral = tail if n == 1 and tail in ("十", "百", "千", "万") else head + tail
    _check(f"{numeral}{marker}{unit}", Decimal(n * ROUND[tail]), UNITS[unit], "over")


@given(value=st.decimals(min_value=Decimal("0.1"), max_value=Decimal("999.99"), places=2))
def test_percentages(value: Decimal) -> None:
    text_value = format(value.normalize(), "f")
    _check(f"{text_value}%", Decimal(text_value), "%", "exact")


@given(n=st.integers(min_value=1, max_value=100))
def test_percent_in_words(n: int) -> None:
    _check(f"百分之{cn2an.an2cn(str(n))}", Decimal(n), "%", "exact")


@given(
    mult=st.sampled_from(["万", "千", "百", "十万", "百万", "千万", "亿"]),
    unit=st.sampled_from(["元", "人", "家", "份"]),
)
def test_vague_shu(mult: str, unit: str) -> None:
    """数万元 = at least 1万: the vague digit counts as 1, approx over."""
    value = Decimal(cn2an.cn2an("一" + mult, "strict"))
    _check(f"数{mult}{unit}", value, UNITS[unit], "over")
