"""Character-level normalisation that never changes a string's length.

Because every character maps to exactly one character, an offset into the
normalised text is also an offset into the source line, which is what lets
every extracted record point back at the bytes that were printed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Full-width ASCII variants (！ … ～) map to ASCII by a fixed offset.
_FULLWIDTH_START, _FULLWIDTH_END, _FULLWIDTH_SHIFT = 0xFF01, 0xFF5E, 0xFEE0
# Full-width forms we keep in CJK context because Chinese text prints them so.
_CJK_PUNCT = {",": "，", ";": "；", ":": "：", "!": "！", "?": "？", "(": "（", ")": "）"}
_KEEP_FULLWIDTH = frozenset("，；：！？（）")


def is_cjk(ch: str) -> bool:
    """Han characters plus CJK punctuation: the context in which ASCII punctuation becomes full-width."""
    if len(ch) != 1:
        return False
    code = ord(ch)
    return 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0x3000 <= code <= 0x303F or ch in "“”‘’"


def _nearest(text: str, i: int, step: int) -> str:
    j = i + step
    while 0 <= j < len(text) and text[j] == " ":
        j += step
    return text[j] if 0 <= j < len(text) else ""


def normalize_chars(text: str) -> str:
    """Unify full/half-width forms: ASCII digits, letters and %; full-width Chinese punctuation.

    A comma between two digits stays ASCII (``1,300``) and so does a full-width
    one (``1，300`` becomes ``1,300``), because it is a thousands separator.
    """
    out = list(text)
    for i, ch in enumerate(text):
        code = ord(ch)
        if ch == "\u3000":
            out[i] = " "
        elif _FULLWIDTH_START <= code <= _FULLWIDTH_END and ch not in _KEEP_FULLWIDTH:
            out[i] = chr(code - _FULLWIDTH_SHIFT)
    half = "".join(out)
    for i, ch in enumerate(half):
        if ch in _CJK_PUNCT or ch in _KEEP_FULLWIDTH:
            before, after = _nearest(half, i, -1), _nearest(half, i, 1)
            if ch in ",，" and before.isdigit() and after.isdigit() and _is_thousands(half, i):
                out[i] = ","
            elif ch in _CJK_PUNCT and (
                is_cjk(before) or is_cjk(after) or (ch in "()" and _paren_has_cjk(half, i))
            ):
                out[i] = _CJK_PUNCT[ch]
            else:
                out[i] = ch
        else:
            out[i] = half[i]
    return "".join(out)


_THOUSANDS_AFTER = re.compile(r"\d{3}(?!\d)")


def _is_thousands(text: str, i: int) -> bool:
    """A separator is followed by exactly three digits (1,300 / 12,500,000), unlike a list 3,5."""
    return bool(_THOUSANDS_AFTER.match(text, i + 1))


def _paren_has_cjk(text: str, i: int) -> bool:
    """Half-width brackets around Chinese (bylines like ``(全媒体记者王艳)``) become full-width."""
    if text[i] == "(":
        close = text.find(")", i)
        inner = text[i + 1 : close] if close != -1 else ""
    else:
        open_ = text.rfind("(", 0, i)
        inner = text[open_ + 1 : i] if open_ != -1 else ""
    return any(is_cjk(c) for c in inner)


@dataclass(frozen=True, slots=True)
class DecodedText:
    text: str
    encoding: str


class UndecodableError(ValueError):
    """The bytes are not text we can read (binary, or neither UTF-8 nor GB18030)."""


def decode_bytes(raw: bytes) -> DecodedText:
    """Try UTF-8 (with or without BOM), then GB18030, which covers GBK and GB2312 pages."""
    if b"\x00" in raw[:8192]:
        raise UndecodableError("binary file (contains NUL bytes)")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        controls = sum(1 for c in text[:8192] if ord(c) < 32 and c not in "\r\n\t\f")
        if controls > 8:
            raise UndecodableError("binary file (control characters)")
        return DecodedText(text=text, encoding="utf-8" if encoding == "utf-8-sig" else "gb18030")
    raise UndecodableError("not UTF-8 or GB18030 text")
