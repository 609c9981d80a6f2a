"""Scoring of extractor output against a gold file (``unionkb eval --gold FILE``).

The rules are the normative section "Scoring" of the gold README (``shared/gold/README.md``); they are
implemented here once so that scores on different gold files stay comparable. This module is pure: it
never imports the extractor, so a broken extractor can still be scored (and an evaluator bug cannot
hide behind an extractor import).

Decisions the README leaves open, fixed here so that every run gives the same numbers:

* **Not scored.** A part whose prediction key (``figures``, ``places``, ``event_dates``, ``articles``,
  ``reporters``, ``correspondents``) occurs in *no* prediction, neither at top level nor in any predicted
  article, is treated as a stage the extractor does not have yet. Its README key stays in the report
  with the value ``null`` and its name is listed in the extra top-level key ``"not_scored"``. ``null``
  without a ``"not_scored"`` entry means "the gold has no items for this part". Callers who know which
  stages ran can pass ``parts=`` to :func:`score` instead of relying on detection (an extractor that
  found no articles anywhere would otherwise look like one without those stages).
* **Where items come from.** On both sides a document's figures are its top-level ``figures`` followed
  by the ``figures`` of each article; places and event dates are the union of the top-level list and
  the articles' lists (they are sets, so a document that carries both is not double counted).
* **Conventions.** Micro-averaged: true positives, predictions and gold items are summed over all
  documents first. A part with no gold items is ``null``. Precision with no predictions is 0.0
  (the gold has items, so nothing found is no precision). F1 is 0.0 when P + R = 0. Secondary numbers
  (``recall_digit``, ``recall_numeral``, ``approx_accuracy``, ``cumulative_accuracy``,
  ``date_accuracy``) are ``null`` when their denominator is 0.
* **Figure matching.** Per document and per unit, a maximum matching under the value tolerance
  (see :func:`_match_figures`); among items with equal keys the i-th gold item is paired with the
  i-th prediction, so ``approx``/``cumulative`` accuracy does not depend on an arbitrary choice.
* **Article matching.** The maximum *in-order* one-to-one matching (an LCS-style dynamic programme
  over the two headline sequences, with "headlines match" in place of equality). It is unique in
  size and, with the tie-break documented in :func:`_align_articles`, unique in pairs.
* **Normalisation.** Headlines lose all whitespace (README rule). Names, cities, counties and units
  are only stripped of surrounding whitespace; an empty string counts as missing. A place with
  neither city nor county carries nothing to compare and is ignored on both sides.
* **Extras.** Beyond the README keys the report carries ``"not_scored"`` (list),
  ``"counts"`` (the gold/predicted/matched numbers behind every score, for the table) and
  ``"lenient"`` (label agreement that is never part of a quality gate).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

__all__ = [
    "PARTS",
    "TIME_UNITS",
    "GoldDocument",
    "GoldFormatError",
    "format_report",
    "load_gold",
    "score",
]

#: Durations are never scored: annotators disagree on them (README, rule 1).
TIME_UNITS: frozenset[str] = frozenset({"年", "月", "个月", "周", "天", "日", "小时", "分钟"})

#: The scored parts, in report order; each name is also the prediction key whose presence makes it scored.
PARTS: tuple[str, ...] = ("figures", "places", "event_dates", "articles", "reporters", "correspondents")

_MIN_CONTAINED = 6
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_MONTH_DAY = re.compile(r"\d{2}-\d{2}")
_ASCII_DIGIT = re.compile(r"[0-9]")


class GoldFormatError(ValueError):
    """Raised for a gold file that cannot be scored; the message is one line naming file, line and problem."""


@dataclass(frozen=True)
class GoldDocument:
    """One line of a gold file. ``raw`` keeps the whole object because scoring reads its nested lists."""

    doc: str
    text: str
    issue_date: str | None
    issue_year: int | None
    raw: dict[str, Any]


# --------------------------------------------------------------------------------------------------
# Loading


def load_gold(path: Path) -> list[GoldDocument]:
    """Read and validate a gold file up front, so that a typo fails with its line number, not mid-score.

    Only the fields scoring relies on are checked; unknown fields are kept in ``raw`` untouched.
    ``doc`` defaults to ``"<file name>:<line>"`` when missing; a missing or null ``figures`` is an empty list.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise GoldFormatError(f"{path}: cannot read gold file: {exc.strerror or exc}") from exc
    # Split on "\n" only: JSON strings written with ensure_ascii=False may contain U+2028 and friends.
    documents: list[GoldDocument] = []
    for lineno, line_bytes in enumerate(data.split(b"\n"), start=1):
        if lineno == 1 and line_bytes.startswith(b"\xef\xbb\xbf"):
            line_bytes = line_bytes[3:]
        try:
            line = line_bytes.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise GoldFormatError(f"{path}:{lineno}: not valid UTF-8 (byte {exc.start})") from exc
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise GoldFormatError(f"{path}:{lineno}: invalid JSON: {exc.msg} (column {exc.colno})") from exc
        where = f"{path}:{lineno}"
        if not isinstance(obj, dict):
            raise GoldFormatError(f"{where}: expected a JSON object, got {_type_name(obj)}")
        documents.append(_validate_document(obj, where, default_doc=f"{path.name}:{lineno}"))
    if not documents:
        raise GoldFormatError(f"{path}: no gold documents (the file is empty)")
    return documents


def _type_name(value: object) -> str:
    """JSON vocabulary reads better than Python's in an error about a JSON file."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def _fail(where: str, field: str, expected: str, value: object) -> GoldFormatError:
    return GoldFormatError(f"{where}: field `{field}` must be {expected}, got {_type_name(value)}")


def _check_str(obj: Mapping[str, Any], key: str, where: str, prefix: str, *, nullable: bool) -> None:
    value = obj.get(key)
    if value is None and nullable:
        return
    if not isinstance(value, str):
        raise _fail(where, prefix + key, "a string" + (" or null" if nullable else ""), value)


def _check_list(obj: Mapping[str, Any], key: str, where: str, prefix: str) -> list[Any]:
    value = obj.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise _fail(where, prefix + key, "an array or null", value)
    return value


def _check_objects(obj: Mapping[str, Any], key: str, where: str, prefix: str) -> list[dict[str, Any]]:
    items = _check_list(obj, key, where, prefix)
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            raise _fail(where, f"{prefix}{key}[{i}]", "an object", item)
    return items


def _validate_document(obj: dict[str, Any], where: str, default_doc: str) -> GoldDocument:
    if "text" not in obj:
        raise GoldFormatError(f"{where}: missing required field `text`")
    _check_str(obj, "text", where, "", nullable=False)
    if "doc" in obj:
        _check_str(obj, "doc", where, "", nullable=False)
    _check_str(obj, "notes", where, "", nullable=True)
    issue_date = obj.get("issue_date")
    if issue_date is not None and not (isinstance(issue_date, str) and _is_iso_date(issue_date)):
        raise GoldFormatError(f"{where}: field `issue_date` must be YYYY-MM-DD or null, got {issue_date!r}")
    issue_year = obj.get("issue_year")
    if issue_year is not None and (isinstance(issue_year, bool) or not isinstance(issue_year, int)):
        raise _fail(where, "issue_year", "an integer or null", issue_year)

    _validate_places(_check_objects(obj, "places", where, ""), where, "places")
    _validate_event_dates(_check_objects(obj, "event_dates", where, ""), where, "event_dates")
    _validate_figures(_check_objects(obj, "figures", where, ""), where, "figures")
    if obj.get("articles") is not None:
        for i, article in enumerate(_check_objects(obj, "articles", where, "")):
            prefix = f"articles[{i}]."
            _check_str(article, "title", where, prefix, nullable=False)
            _check_str(article, "kicker", where, prefix, nullable=True)
            _check_str(article, "subtitle", where, prefix, nullable=True)
            for key in ("reporters", "correspondents", "organizers"):
                for j, name in enumerate(_check_list(article, key, where, prefix)):
                    if not isinstance(name, str):
                        raise _fail(where, f"{prefix}{key}[{j}]", "a string", name)
            _validate_places(_check_objects(article, "places", where, prefix), where, prefix + "places")
            _validate_event_dates(
                _check_objects(article, "event_dates", where, prefix), where, prefix + "event_dates"
            )
            _validate_figures(_check_objects(article, "figures", where, prefix), where, prefix + "figures")

    return GoldDocument(
        doc=obj.get("doc", default_doc),
        text=obj["text"],
        issue_date=issue_date,
        issue_year=issue_year,
        raw=obj,
    )


def _is_iso_date(value: str) -> bool:
    if not _ISO_DATE.fullmatch(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _validate_places(places: list[dict[str, Any]], where: str, field: str) -> None:
    for i, place in enumerate(places):
        for key in ("city", "county"):
            _check_str(place, key, where, f"{field}[{i}].", nullable=True)


def _validate_event_dates(items: list[dict[str, Any]], where: str, field: str) -> None:
    for i, item in enumerate(items):
        full = item.get("date")
        if full is not None and (not isinstance(full, str) or not _is_iso_date(full)):
            raise GoldFormatError(
                f"{where}: field `{field}[{i}].date` must be YYYY-MM-DD or null, got {full!r}"
            )
        month_day = item.get("month_day")
        if month_day is None and full is None:
            raise GoldFormatError(f"{where}: field `{field}[{i}]` needs `month_day` (MM-DD) or `date`")
        if month_day is not None and (not isinstance(month_day, str) or not _MONTH_DAY.fullmatch(month_day)):
            raise GoldFormatError(f"{where}: field `{field}[{i}].month_day` must be MM-DD, got {month_day!r}")
        if month_day is not None and full is not None and full[5:] != month_day:
            raise GoldFormatError(
                f"{where}: field `{field}[{i}]`: month_day {month_day!r} disagrees with date {full!r}"
            )


def _validate_figures(figures: list[dict[str, Any]], where: str, field: str) -> None:
    for i, figure in enumerate(figures):
        prefix = f"{field}[{i}]."
        value = figure.get("value")
        if not _is_number(value):
            raise _fail(where, prefix + "value", "a finite number", value)
        _check_str(figure, "unit", where, prefix, nullable=False)
        _check_str(figure, "text", where, prefix, nullable=False)
        _check_str(figure, "approx", where, prefix, nullable=True)
        cumulative = figure.get("cumulative")
        if cumulative is not None and not isinstance(cumulative, bool):
            raise _fail(where, prefix + "cumulative", "a boolean or null", cumulative)


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


# --------------------------------------------------------------------------------------------------
# Extraction of comparable items (shared by gold and predictions, so both sides follow one rule)


def _articles(doc: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    articles = doc.get("articles")
    if not isinstance(articles, list):
        return []
    return [a for a in articles if isinstance(a, Mapping)]


def _collect(doc: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
    """Top-level items first, then each article's, in reading order."""
    out: list[Mapping[str, Any]] = []
    for holder in (doc, *_articles(doc)):
        items = holder.get(key)
        if isinstance(items, list):
            out.extend(item for item in items if isinstance(item, Mapping))
    return out


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    value = value.strip()
    return value or None


@dataclass(frozen=True)
class _Figure:
    unit: str
    value: float | None  # None: a malformed prediction, counted but never matched
    has_digit: bool
    raw: Mapping[str, Any]


def _figures(doc: Mapping[str, Any]) -> list[_Figure]:
    out: list[_Figure] = []
    for item in _collect(doc, "figures"):
        unit = _clean(item.get("unit")) or ""
        if unit in TIME_UNITS:
            continue
        value = item.get("value")
        text = item.get("text")
        out.append(
            _Figure(
                unit=unit,
                value=float(value) if _is_number(value) else None,
                has_digit=isinstance(text, str) and bool(_ASCII_DIGIT.search(text)),
                raw=item,
            )
        )
    return out


def _place_pairs(doc: Mapping[str, Any]) -> set[tuple[str | None, str | None]]:
    pairs = {(_clean(p.get("city")), _clean(p.get("county"))) for p in _collect(doc, "places")}
    pairs.discard((None, None))
    return pairs


def _event_dates(doc: Mapping[str, Any]) -> dict[str, set[str]]:
    """month_day -> the full dates given for it (possibly none)."""
    out: dict[str, set[str]] = {}
    for item in _collect(doc, "event_dates"):
        month_day = _clean(item.get("month_day"))
        full = _clean(item.get("date"))
        if month_day is None and full is not None and _ISO_DATE.fullmatch(full):
            month_day = full[5:]
        if month_day is None:
            continue
        dates = out.setdefault(month_day, set())
        if full is not None:
            dates.add(full)
    return out


def _names(doc: Mapping[str, Any], key: str) -> set[str]:
    names: set[str] = set()
    for article in _articles(doc):
        items = article.get(key)
        if isinstance(items, list):
            names.update(n for n in (_clean(x) for x in items) if n is not None)
    return names


def _headline(article: Mapping[str, Any]) -> str:
    parts = (article.get(k) for k in ("kicker", "title", "subtitle"))
    return "".join("".join(p.split()) for p in parts if isinstance(p, str))


def _produces(predicted: Sequence[Mapping[str, Any]], key: str) -> bool:
    for doc in predicted:
        if key in doc:
            return True
        if any(key in article for article in _articles(doc)):
            return True
    return False


# --------------------------------------------------------------------------------------------------
# Matching


def _values_equal(predicted: float, gold: float) -> bool:
    return abs(predicted - gold) <= 1e-6 * max(1.0, abs(gold))


def _match_figures(gold: list[_Figure], predicted: list[_Figure]) -> list[tuple[_Figure, _Figure]]:
    """Maximum multiset matching on (unit, value) with the README tolerance.

    Within one unit every gold value accepts the predicted values in a closed interval around it, so
    this is points-to-intervals matching: visiting gold items by the right end of their interval and
    giving each the smallest free predicted value inside it is optimal (the classic exchange argument).
    Ties are broken by position, so equal keys pair in order (first gold with first prediction).
    """
    pairs: list[tuple[_Figure, _Figure]] = []
    units = {f.unit for f in gold}
    for unit in sorted(units):
        gold_items = [(i, f) for i, f in enumerate(gold) if f.unit == unit and f.value is not None]
        pred_items = sorted(
            ((f.value, j, f) for j, f in enumerate(predicted) if f.unit == unit and f.value is not None),
            key=lambda t: (t[0], t[1]),
        )
        used = [False] * len(pred_items)

        def right_end(item: tuple[int, _Figure]) -> tuple[float, int]:
            value = item[1].value
            assert value is not None
            return value + 1e-6 * max(1.0, abs(value)), item[0]

        for _, g in sorted(gold_items, key=right_end):
            assert g.value is not None
            for k, (value, _, p) in enumerate(pred_items):
                if used[k] or not _values_equal(value, g.value):
                    continue
                used[k] = True
                pairs.append((g, p))
                break
    return pairs


def _headlines_match(gold: str, predicted: str) -> bool:
    if not gold or not predicted:
        return False
    if gold == predicted:
        return True
    shorter, longer = sorted((gold, predicted), key=len)
    return len(shorter) >= _MIN_CONTAINED and shorter in longer


def _align_articles(gold: Sequence[str], predicted: Sequence[str]) -> list[tuple[int, int]]:
    """Maximum in-order one-to-one matching of headlines (LCS with a match predicate).

    ``best[i][j]`` is the largest matching of ``gold[i:]`` with ``predicted[j:]``. The walk from (0, 0)
    takes a pair whenever taking it keeps the optimum, so among maximum matchings it returns the one
    that pairs each gold article with the earliest possible prediction.
    """
    n, m = len(gold), len(predicted)
    matches = [[_headlines_match(g, p) for p in predicted] for g in gold]
    best = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            take = best[i + 1][j + 1] + 1 if matches[i][j] else 0
            best[i][j] = max(take, best[i + 1][j], best[i][j + 1])
    pairs: list[tuple[int, int]] = []
    i = j = 0
    while i < n and j < m:
        if matches[i][j] and best[i][j] == best[i + 1][j + 1] + 1:
            pairs.append((i, j))
            i += 1
            j += 1
        elif best[i][j] == best[i][j + 1]:
            j += 1
        else:
            i += 1
    return pairs


# --------------------------------------------------------------------------------------------------
# Arithmetic


@dataclass
class _Tally:
    gold: int = 0
    predicted: int = 0
    matched: int = 0

    def add_sets(self, gold: set[Any], predicted: set[Any]) -> None:
        self.gold += len(gold)
        self.predicted += len(predicted)
        self.matched += len(gold & predicted)

    def counts(self) -> dict[str, int]:
        return {"gold": self.gold, "predicted": self.predicted, "matched": self.matched}

    def prf(self) -> dict[str, float] | None:
        """None when the gold has no items: nothing to score, and 0/0 is not a score."""
        if self.gold == 0:
            return None
        precision = self.matched / self.predicted if self.predicted else 0.0
        recall = self.matched / self.gold
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {"precision": precision, "recall": recall, "f1": f1}


def _ratio(hits: int, total: int) -> float | None:
    return hits / total if total else None


@dataclass
class _Agreement:
    """Accuracy of one attribute over matched pairs; pairs where it cannot be judged are not counted."""

    hits: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.hits += ok
        self.total += 1

    def value(self) -> float | None:
        return _ratio(self.hits, self.total)


def _loose_equal(a: str, b: str) -> bool:
    a, b = "".join(a.split()), "".join(b.split())
    return bool(a and b) and (a in b or b in a)


def _strict_equal(a: str, b: str) -> bool:
    return "".join(a.split()) == "".join(b.split())


def _compare_field(
    agreement: _Agreement,
    gold: Mapping[str, Any],
    predicted: Mapping[str, Any],
    key: str,
    equal: Callable[[str, str], bool] = _strict_equal,
) -> None:
    """Lenient fields count only where the gold sets them and the prediction has the key at all."""
    if key not in gold or key not in predicted:
        return
    g, p = gold[key], predicted[key]
    if g is None or p is None:
        agreement.add(g is None and p is None)
    elif isinstance(g, str) and isinstance(p, str):
        agreement.add(equal(g, p))
    else:
        agreement.add(g == p)


# --------------------------------------------------------------------------------------------------
# Scoring


def score(
    gold: Sequence[GoldDocument],
    predicted: Sequence[Mapping[str, Any]],
    *,
    parts: Iterable[str] | None = None,
) -> dict[str, Any]:
    """Score predictions (``predicted[i]`` is the extractor output for ``gold[i]``) by the README rules.

    Returns the README's JSON object plus ``not_scored``, ``counts`` and ``lenient`` (see the module
    docstring). ``parts`` names the parts to score; by default a part is scored when its key occurs
    anywhere in the predictions.
    """
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold documents but {len(predicted)} predictions")
    for i, prediction in enumerate(predicted):
        if not isinstance(prediction, Mapping):
            raise TypeError(f"prediction {i} ({gold[i].doc}) is {type(prediction).__name__}, not a mapping")
    if parts is None:
        scored = {part for part in PARTS if _produces(predicted, part)}
    else:
        scored = set(parts)
        unknown = scored - set(PARTS)
        if unknown:
            raise ValueError(f"unknown parts {sorted(unknown)}; known: {', '.join(PARTS)}")

    figures, digit, numeral = _Tally(), _Tally(), _Tally()
    approx, cumulative = _Agreement(), _Agreement()
    measure, period, subject = _Agreement(), _Agreement(), _Agreement()
    pairs, cities = _Tally(), _Tally()
    dates, full_dates = _Tally(), _Agreement()
    articles, reporters, correspondents, organizers = _Tally(), _Tally(), _Tally(), _Tally()
    roles, event_type, byline_end = _Agreement(), _Agreement(), _Agreement()

    for gold_doc, prediction in zip(gold, predicted, strict=True):
        g_raw: Mapping[str, Any] = gold_doc.raw

        g_figs, p_figs = _figures(g_raw), _figures(prediction)
        matched = _match_figures(g_figs, p_figs)
        figures.gold += len(g_figs)
        figures.predicted += len(p_figs)
        figures.matched += len(matched)
        matched_ids = {id(g) for g, _ in matched}
        for fig in g_figs:
            bucket = digit if fig.has_digit else numeral
            bucket.gold += 1
            bucket.matched += id(fig) in matched_ids
        for g, p in matched:
            for key, agreement in (("approx", approx), ("cumulative", cumulative)):
                if g.raw.get(key) is not None:  # a gold file may leave the attribute out
                    agreement.add(p.raw.get(key) == g.raw[key])
            _compare_field(measure, g.raw, p.raw, "measure")
            _compare_field(period, g.raw, p.raw, "period")
            _compare_field(subject, g.raw, p.raw, "subject", _loose_equal)

        g_pairs, p_pairs = _place_pairs(g_raw), _place_pairs(prediction)
        pairs.add_sets(g_pairs, p_pairs)
        cities.add_sets({c for c, _ in g_pairs if c}, {c for c, _ in p_pairs if c})

        g_dates, p_dates = _event_dates(g_raw), _event_dates(prediction)
        dates.add_sets(set(g_dates), set(p_dates))
        for month_day in sorted(set(g_dates) & set(p_dates)):
            if g_dates[month_day]:
                # The prediction is right only when every full date it gives for that day is the gold one.
                full_dates.add(bool(p_dates[month_day]) and p_dates[month_day] == g_dates[month_day])

        if not isinstance(g_raw.get("articles"), list):
            continue
        g_arts, p_arts = _articles(g_raw), _articles(prediction)
        aligned = _align_articles([_headline(a) for a in g_arts], [_headline(a) for a in p_arts])
        articles.gold += len(g_arts)
        articles.predicted += len(p_arts)
        articles.matched += len(aligned)
        for i, j in aligned:
            g_art, p_art = g_arts[i], p_arts[j]
            if any(k in p_art for k in ("kicker", "title", "subtitle")):
                roles.add(
                    all(
                        _strict_equal(g_art.get(k) or "", p_art.get(k) or "")
                        for k in ("kicker", "title", "subtitle")
                    )
                )
            _compare_field(event_type, g_art, p_art, "event_type")
            _compare_field(byline_end, g_art, p_art, "byline_end")
        reporters.add_sets(_names(g_raw, "reporters"), _names(prediction, "reporters"))
        correspondents.add_sets(_names(g_raw, "correspondents"), _names(prediction, "correspondents"))
        organizers.add_sets(_names(g_raw, "organizers"), _names(prediction, "organizers"))

    report: dict[str, Any] = {"documents": len(gold)}

    figure_prf = figures.prf()
    report["figures"] = (
        None
        if figure_prf is None
        else {
            **figures.counts(),
            **figure_prf,
            "recall_digit": _ratio(digit.matched, digit.gold),
            "recall_numeral": _ratio(numeral.matched, numeral.gold),
            "approx_accuracy": approx.value(),
            "cumulative_accuracy": cumulative.value(),
        }
    )
    pair_prf = pairs.prf()
    report["places"] = None if pair_prf is None else {"pairs": pair_prf, "cities": cities.prf()}
    date_prf = dates.prf()
    report["event_dates"] = None if date_prf is None else {**date_prf, "date_accuracy": full_dates.value()}
    report["articles"] = articles.prf()
    report["reporters"] = reporters.prf()
    report["correspondents"] = correspondents.prf()

    not_scored = [part for part in PARTS if part not in scored]
    for part in not_scored:
        report[part] = None
    report["not_scored"] = not_scored
    report["counts"] = {
        name: tally.counts()
        for name, tally in (
            ("figures", figures),
            ("places_pairs", pairs),
            ("places_cities", cities),
            ("event_dates", dates),
            ("articles", articles),
            ("reporters", reporters),
            ("correspondents", correspondents),
        )
    }
    # Recall-only splits: a prediction has no "text" class of its own, so there is no predicted count.
    report["counts"]["figures_digit"] = {"gold": digit.gold, "matched": digit.matched}
    report["counts"]["figures_numeral"] = {"gold": numeral.gold, "matched": numeral.matched}
    report["counts"]["figures_approx"] = {"correct": approx.hits, "judged": approx.total}
    report["counts"]["figures_cumulative"] = {"correct": cumulative.hits, "judged": cumulative.total}
    report["counts"]["event_dates_full"] = {"correct": full_dates.hits, "judged": full_dates.total}
    report["lenient"] = {
        "figures": (
            None
            if "figures" in not_scored
            else {
                "measure_accuracy": measure.value(),
                "period_accuracy": period.value(),
                "subject_accuracy": subject.value(),
            }
        ),
        "articles": (
            None
            if "articles" in not_scored
            else {
                "headline_roles_accuracy": roles.value(),
                "event_type_accuracy": event_type.value(),
                "byline_end_accuracy": byline_end.value(),
            }
        ),
        "organizers": organizers.prf() if _produces(predicted, "organizers") else None,
    }
    return report


# --------------------------------------------------------------------------------------------------
# Report


def _fmt(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def format_report(report: dict[str, Any]) -> str:
    """Render :func:`score` output as a fixed-width table for people; the JSON form is for machines."""
    not_scored = set(report.get("not_scored") or ())
    counts: Mapping[str, Mapping[str, int]] = report.get("counts") or {}
    rows: list[tuple[str, str, str, str, str, str, str, str]] = []

    def row(label: str, part: str, value: Mapping[str, Any] | None, count_key: str, extra: str = "") -> None:
        c = counts.get(count_key, {})
        n = (_fmt(c.get("gold")), _fmt(c.get("predicted")), _fmt(c.get("matched")))
        if part in not_scored:
            rows.append((label, "", "", "", "not scored", "", "", ""))
        elif value is None:
            rows.append((label, *n, "no gold items", "", "", ""))
        else:
            rows.append(
                (
                    label,
                    *n,
                    _fmt(value.get("precision")),
                    _fmt(value.get("recall")),
                    _fmt(value.get("f1")),
                    extra,
                )
            )

    fig = report.get("figures")
    fig_extra = ""
    if fig:
        fig_extra = (
            f"recall digit {_fmt(fig.get('recall_digit'))}, numeral {_fmt(fig.get('recall_numeral'))}; "
            f"approx acc {_fmt(fig.get('approx_accuracy'))}, "
            f"cumulative acc {_fmt(fig.get('cumulative_accuracy'))}"
        )
    row("figures", "figures", fig, "figures", fig_extra)
    places = report.get("places")
    row("places (city, county)", "places", places and places.get("pairs"), "places_pairs")
    row("places (city)", "places", places and places.get("cities"), "places_cities")
    dates = report.get("event_dates")
    row(
        "event dates",
        "event_dates",
        dates,
        "event_dates",
        f"date acc {_fmt(dates.get('date_accuracy'))}" if dates else "",
    )
    row("articles", "articles", report.get("articles"), "articles")
    row("reporters", "reporters", report.get("reporters"), "reporters")
    row("correspondents", "correspondents", report.get("correspondents"), "correspondents")

    header = ("part", "gold", "pred", "match", "precision", "recall", "f1", "")
    widths = [max(_width(r[k]) for r in (header, *rows)) for k in range(len(header))]
    lines = [f"documents: {report.get('documents', 0)}", ""]
    for r in (header, *rows):
        cells = [_pad(r[0], widths[0])] + [
            _pad(cell, widths[k], right=True) for k, cell in enumerate(r) if 0 < k < 7
        ]
        lines.append("  ".join(cells) + (f"  {r[7]}" if r[7] else ""))
    lenient = report.get("lenient") or {}
    notes = _lenient_lines(lenient)
    if notes:
        lines += ["", "lenient (never a quality gate):", *notes]
    return "\n".join(line.rstrip() for line in lines)


def _lenient_lines(lenient: Mapping[str, Any]) -> list[str]:
    out: list[str] = []
    for group in ("figures", "articles"):
        values = lenient.get(group)
        if values:
            shown = ", ".join(
                f"{k.removesuffix('_accuracy')} {_fmt(v)}" for k, v in values.items() if v is not None
            )
            if shown:
                out.append(f"  {group}: {shown}")
    organizers = lenient.get("organizers")
    if organizers:
        out.append(
            f"  organizers: P {_fmt(organizers['precision'])}, R {_fmt(organizers['recall'])}, "
            f"F1 {_fmt(organizers['f1'])}"
        )
    return out


def _width(text: str) -> int:
    """CJK characters take two terminal columns; counting them as one would skew the table."""
    return sum(2 if ord(ch) >= 0x1100 and not 0xFF61 <= ord(ch) <= 0xFFDC else 1 for ch in text)


def _pad(text: str, width: int, *, right: bool = False) -> str:
    fill = " " * (width - _width(text))
    return fill + text if right else text + fill
