"""The spaCy component ``unionkb_figures``: the pure scanner, run on ``doc.text``.

The component adds nothing to the rules; it exists so the figure extractor
sits in the same pipeline as later components (places, dates) and exposes
figures both as records (``doc._.figures``) and as token-aligned spans
(``doc.spans["figures"]``) for components that work on tokens.
"""

from __future__ import annotations

from typing import cast, get_args

from spacy.language import Language
from spacy.tokens import Doc, Span

from extract.figures import FigureContext, find_figures
from extract.records import FigureField

SPAN_KEY = "figures"

if not Doc.has_extension("figures"):
    Doc.set_extension("figures", default=None)
if not Doc.has_extension("figure_context"):
    Doc.set_extension("figure_context", default=None)
if not Span.has_extension("figure"):
    Span.set_extension("figure", default=None)


class FiguresComponent:
    """Stores ``find_figures(doc.text)`` on the doc; a per-doc context overrides the configured one."""

    def __init__(
        self,
        nlp: Language,
        name: str,
        city: str | None,
        province: str | None,
        issue_year: int | None,
        field: str,
        make_spans: bool,
    ) -> None:
        if field not in get_args(FigureField):
            raise ValueError(f"field must be one of {get_args(FigureField)}, not {field!r}")
        self.name = name
        self.context = FigureContext(city=city, province=province, issue_year=issue_year)
        self.field = cast(FigureField, field)
        self.make_spans = make_spans

    def __call__(self, doc: Doc, context: FigureContext | None = None) -> Doc:
        """A context may come per call, as ``component_cfg={"unionkb_figures": {"context": ctx}}``."""
        context = context or doc._.figure_context or self.context
        figures = find_figures(doc.text, context, field=self.field)
        doc._.figures = figures
        if self.make_spans:
            spans: list[Span] = []
            for fig in figures:
                span = doc.char_span(fig.start, fig.end, alignment_mode="expand")
                if span is not None:
                    span._.figure = fig
                    spans.append(span)
            doc.spans[SPAN_KEY] = spans
        return doc


@Language.factory(
    "unionkb_figures",
    default_config={"city": None, "province": None, "issue_year": None, "field": "body", "make_spans": True},
)
def make_figures_component(
    nlp: Language,
    name: str,
    city: str | None,
    province: str | None,
    issue_year: int | None,
    field: str,
    make_spans: bool,
) -> FiguresComponent:
    return FiguresComponent(nlp, name, city, province, issue_year, field, make_spans)
