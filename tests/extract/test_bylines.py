import pytest

from extract.bylines import parse_opener


@pytest.mark.parametrize(
    ("body", "reporters", "correspondents"),
    [
        ("本报讯（全媒体记者甲乙 通讯员丙丁 戊己）3月1日，", ("甲乙",), ("丙丁", "戊己")),
        (
            "本报讯（全媒体记者许一 王二 通讯员江门工 潘三 沈四）近日，",
            ("许一", "王二"),
            ("江门工", "潘三", "沈四"),
        ),
        ("本报讯（全媒体记者徐五）中国", ("徐五",), ()),
        ("本报讯（记者 司马相如 通讯员 海珠工）", ("司马相如",), ("海珠工",)),
        ("本报讯（通讯员张三、李四）近日", (), ("张三", "李四")),
        ("本报讯 近日，某某总工会", (), ()),
        ("活动现场，职工代表发言", (), ()),
    ],
)
def test_opener_names(body: str, reporters: tuple[str, ...], correspondents: tuple[str, ...]) -> None:
    byline = parse_opener(body)
    assert byline.reporters == reporters
    assert byline.correspondents == correspondents
