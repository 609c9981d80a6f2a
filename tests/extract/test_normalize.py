import pytest

from extract.normalize import UndecodableError, decode_bytes, normalize_chars


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("本报讯(全媒体记者张三 通讯员李四)3月2日,全市", "本报讯（全媒体记者张三 通讯员李四）3月2日，全市"),
        ("参保１２５００份，增长８０％", "参保12500份，增长80%"),
        ("超1,300份", "超1,300份"),
        ("超1，300份", "超1,300份"),
        ("第3，5项", "第3，5项"),
        ("全省第一! 东莞", "全省第一！ 东莞"),
        ("记者:王五", "记者：王五"),
        ("ABC (x) 1:2", "ABC (x) 1:2"),
        ("全角\u3000空格", "全角 空格"),
    ],
)
def test_normalize_chars(source: str, expected: str) -> None:
    assert normalize_chars(source) == expected


@pytest.mark.parametrize("source", ["本报讯(记者)1,300人:!?", "１２３ＡＢＣ％", "", "(()))", "，，，"])
def test_normalize_keeps_length(source: str) -> None:
    assert len(normalize_chars(source)) == len(source)


def test_decode_utf8_and_bom() -> None:
    assert decode_bytes("工会".encode()).encoding == "utf-8"
    assert decode_bytes(b"\xef\xbb\xbf" + "工会".encode()).text == "工会"


def test_decode_gbk_falls_back_to_gb18030() -> None:
    decoded = decode_bytes("本报讯 近日，湛江市总工会开展送温暖活动。".encode("gbk"))
    assert decoded.encoding == "gb18030"
    assert decoded.text.startswith("本报讯 近日，湛江市")


@pytest.mark.parametrize("raw", [b"\x00\x01\x02binary", bytes(range(1, 32)) * 4])
def test_decode_rejects_binary(raw: bytes) -> None:
    with pytest.raises(UndecodableError):
        decode_bytes(raw)
