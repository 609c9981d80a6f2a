"""The spaCy component yields exactly the pure function's figures, on a blank jieba pipeline."""

from __future__ import annotations

import spacy
from spacy.language import Language

from extract.figures import FigureContext, find_figures
from extract.nlp import build_nlp, new_nlp

TEXT = (
    "十年来，全市职工参保98.19 万人次，参保总金额 9897.25 万元；今年更为新业态劳动者赠送 1.5 万份保障。\n"
    "“去年，我们集团有职工67369人次参保，申领理赔互助金203万元，惠及930名职工。”"
)


def test_factory_registered_and_pipeline_built() -> None:
    nlp = build_nlp()
    assert "unionkb_figures" in nlp.pipe_names
    assert build_nlp() is nlp  # cached
    assert nlp.tokenizer.segmenter == "jieba"  # type: ignore[attr-defined]


def test_component_matches_pure_function() -> None:
    doc = build_nlp()(TEXT)
    assert doc._.figures == find_figures(TEXT)
    assert [s.text for s in doc.spans["figures"]] == [f.text for f in doc._.figures]
    for span in doc.spans["figures"]:
        fig = span._.figure
        assert span.start_char <= fig.start and fig.end <= span.end_char


def test_component_on_blank_pipeline_with_config() -> None:
    import extract.figures.component  # noqa: F401  (registers the factory)

    nlp: Language = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    nlp.add_pipe("unionkb_figures", config={"city": "湛江市", "issue_year": 2025, "make_spans": False})
    doc = nlp(TEXT)
    expected = find_figures(TEXT, FigureContext(city="湛江市", issue_year=2025))
    assert doc._.figures == expected
    assert doc._.figures[0].subject == "湛江市"
    assert "figures" not in doc.spans


def test_context_per_call_overrides_config() -> None:
    nlp = new_nlp()
    ctx = FigureContext(city="佛山市", province="广东省", issue_year=2025)
    doc = nlp(TEXT, component_cfg={"unionkb_figures": {"context": ctx}})
    assert doc._.figures == find_figures(TEXT, ctx)
    assert doc._.figures[-1].period_years == (2024, 2024)


def test_empty_and_figureless_docs() -> None:
    nlp = build_nlp()
    assert nlp("")._.figures == []
    assert nlp("学习贯彻党的二十届三中全会精神")._.figures == []
