"""Numbers in general text with physical units: value recall and unit accuracy, set by set and
by the category of the unit.

The sets (development data: we read their misses and fix mechanisms, never sentences):

- `quantulum3`, `quantulum3-ambiguity`: the test sentences of the quantulum3 package (MIT; the
  files `_lang/en_US/tests/quantities.json` and `quantities.ambiguity.json`: a sentence `req` and
  its quantities `res`, each with `surface`, `value`, `unit` and, for a range, `uncertainty`). They
  are read at run time from the installed package (`pip install quantulum3`, in the `benchmarks`
  extra) or from `--quantulum PATH`, a wheel from `pip download --no-deps quantulum3` or an
  unpacked copy; nothing of them is copied into this repository. Without them the sets are
  skipped.
- `rt-dimension`, `rt-temperature`: the Recognizers-Text NumberWithUnit specifications in
  ../shared/data (the same cases benchmarks/numbers_accuracy.py scores with the component alone).

Every sentence becomes one record {id, title, text} of one JSONL file, loaded with the real
loader (`datasette claims load`), as the project's held-out sets are; the numbers table is read
back. A reference quantity is found when a row overlaps its span:

- value: an overlapping row has the reference value (a range, `3 to 4 L`: its low and high);
- unit: of the found quantities that have a unit (not `dimensionless`), the share whose row's unit
  is the same under ../shared/eval/units.py `same_unit`, the project's way of comparing units.
  A dimensionless quantity is counted apart (`plain`): right when the row carries no physical
  unit, currency or percent.

    python benchmarks/numbers_general_text.py [--quantulum PATH] [--misses]
"""
import argparse
import importlib.util
import json
import tempfile
import zipfile
from collections import defaultdict
from pathlib import Path

from attribution_real_news import article_id, load, locate
from numbers_accuracy import DATA, UNITS, close, load_units, reference_bounds

QUANTULUM_TESTS = "quantulum3/_lang/en_US/tests/"
QUANTULUM_SETS = {"quantulum3": "quantities.json", "quantulum3-ambiguity": "quantities.ambiguity.json"}
RT_SETS = {"rt-dimension": "NumberWithUnit/DimensionModel.json",
           "rt-temperature": "NumberWithUnit/TemperatureModel.json"}
RANGE_MARKS = (" to ", "-", "\u2013", "between")
UNITED_KINDS = {"quantity", "money", "percent"}  # kinds whose unit is a unit, not a counted noun
# pint dimensionality -> category of a physical unit
DIMENSIONS = {"[length]": "length", "[mass]": "mass", "[temperature]": "temperature", "[time]": "time",
              "[length] ** 2": "area", "[length] ** 3": "volume"}


def quantulum_files(path):
    """{set name: text of its JSON file} from PATH (a wheel or a folder holding quantulum3/) or the
    installed package; {} when there is none."""
    if path is None:
        spec = importlib.util.find_spec("quantulum3")  # finds the package without importing it
        if spec is None or not spec.submodule_search_locations:
            return {}
        path = Path(next(iter(spec.submodule_search_locations))).parent
    path = Path(path)
    files = {}
    print(f"quantulum3 test sentences from {path}")
    for name, file in QUANTULUM_SETS.items():
        inner = QUANTULUM_TESTS + file
        if path.is_file():
            with zipfile.ZipFile(path) as wheel:
                files[name] = wheel.read(inner).decode("utf-8")
        elif (path / inner).is_file():
            files[name] = (path / inner).read_text(encoding="utf-8")
    return files


def quantulum_cases(text):
    """[(sentence, [(start, end, value, low, high, unit)])] of one quantulum3 test file; a surface
    is looked for after the one before it, so a repeated figure finds its own place."""
    cases = []
    for case in json.loads(text):
        sentence, golds, cursor = case["req"], [], 0
        for result in case["res"]:
            start = sentence.find(result["surface"], cursor)
            if start < 0:
                start = sentence.find(result["surface"])
            if start < 0:
                continue
            end = start + len(result["surface"])
            cursor = end
            value, low, high = result["value"], None, None
            spread = result.get("uncertainty")
            if spread and any(mark in result["surface"] for mark in RANGE_MARKS) and "\u00b1" not in result["surface"] \
                    and "+/-" not in result["surface"]:
                value, low, high = None, result["value"] - spread, result["value"] + spread
            unit = None if result["unit"] == "dimensionless" else result["unit"]
            golds.append((start, end, value, low, high, unit))
        cases.append((sentence, golds))
    return cases


def rt_cases(file):
    cases = []
    for case in json.loads((DATA / file).read_text(encoding="utf-8")):
        golds = []
        for result in case["Results"]:
            resolution = result.get("Resolution") or {}
            value, low, high = reference_bounds(str(resolution["value"])) if resolution.get("value") else (None,) * 3
            if (value, low, high) != (None, None, None):
                golds.append((result["Start"], result["End"] + 1, value, low, high, resolution.get("unit")))
        cases.append((case["Input"], golds))
    return cases


def category(unit, units) -> str:
    """What the unit measures: plain (no unit), money, percent, compound (a rate), or pint's
    dimension of it (length, mass, temperature, time, area, volume, other)."""
    if unit is None:
        return "plain"
    key = units.canon_unit(unit)
    if key == "percent":
        return "percent"
    if key in ("cent", "pence", "dime") or key and key.isupper():
        return "money"
    if " per " in unit or "/" in unit:
        return "compound"
    for written in (unit, unit.lower(), key):
        _, parsed = units._pint_units(written)
        if parsed is not None:
            return DIMENSIONS.get(str(parsed.dimensionality), "other")
    return "other"


def value_right(row, value, low, high) -> bool:
    if value is not None:
        return close(row["value"], value)
    return close(row["low"], low) and close(row["high"], high)


def read_rows(conn, aid):
    keys = ("start_char", "end_char", "text", "value", "low", "high", "unit", "kind")
    return [dict(zip(keys, row)) for row in conn.execute(
        f"select {', '.join(keys)} from numbers where article_id = ? order by start_char", [aid])]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quantulum", type=Path, default=None,
                        help="quantulum3 wheel or folder (default: the installed package)")
    parser.add_argument("--misses", action="store_true", help="list every quantity not found or with a wrong unit")
    parser.add_argument("--processes", type=int, default=None, help="loader worker processes")
    options = parser.parse_args()
    sets = {name: quantulum_cases(text) for name, text in quantulum_files(options.quantulum).items()}
    if not sets:
        print("quantulum3 sets skipped: install quantulum3 (the benchmarks extra) or pass --quantulum")
    if DATA.is_dir():
        sets.update((name, rt_cases(file)) for name, file in RT_SETS.items())
    if not sets or not UNITS.exists():
        print(f"skipped: no data (quantulum3, {DATA}) or no {UNITS}")
        return
    units = load_units()
    texts = {(name, n): sentence for name, cases in sets.items() for n, (sentence, _) in enumerate(cases)}
    by_set, by_category = defaultdict(lambda: defaultdict(int)), defaultdict(lambda: defaultdict(int))
    misses = []
    with tempfile.TemporaryDirectory() as folder:
        conn = load(texts, options.processes, folder)
        stored = dict(conn.execute("select id, text from articles"))
        failed = conn.execute("select count(*) from load_errors").fetchone()[0]
        if failed:
            print(f"{failed} records failed to load (their quantities count as missed)")
        for name, cases in sets.items():
            for n, (sentence, golds) in enumerate(cases):
                aid = article_id(name, n)
                rows = read_rows(conn, aid) if aid in stored else []
                for start, end, value, low, high, unit in golds:
                    # the loader tidies whitespace ("from  a scan"): find the span in the stored text
                    start, end = locate({"start": start, "end": end}, sentence, stored.get(aid, "")) or (0, 0)
                    hits = [row for row in rows if row["start_char"] < end and start < row["end_char"]]
                    good = [row for row in hits if value_right(row, value, low, high)]
                    if unit is None:
                        unit_ok = any(row["kind"] not in UNITED_KINDS for row in good)
                    else:
                        unit_ok = any(units.same_unit(row["unit"], unit) for row in good)
                    for counts in (by_set[name], by_category[category(unit, units)]):
                        counts["gold"] += 1
                        counts["value"] += bool(good)
                        counts["united"] += bool(good) and unit is not None
                        counts["unit"] += unit_ok and unit is not None
                        counts["plain"] += bool(good) and unit is None
                        counts["plain_ok"] += unit_ok and unit is None
                    if not (good and unit_ok):
                        got = [(row["text"], row["value"], row["low"], row["high"], row["unit"], row["kind"])
                               for row in hits]
                        misses.append(f"{name} {stored.get(aid, '')[start:end]!r} value={value} low={low} high={high} "
                                      f"unit={unit!r}: {got or 'nothing'} | {sentence[:100]!r}")
    ratio = lambda part, whole: f"{part / whole:.3f}" if whole else "  -  "  # noqa: E731
    header = f"{'':22}{'gold':>6}{'value':>8}{'unit':>8}{'(of)':>6}{'plain':>8}{'(of)':>6}"
    for title, table in (("set", by_set), ("category", by_category)):
        print(f"{title:22}{header[22:]}")
        total = defaultdict(int)
        for label, counts in sorted(table.items()):
            for key, count in counts.items():
                total[key] += count
        for label, counts in [*sorted(table.items()), ("ALL", total)]:
            print(f"{label:22}{counts['gold']:>6}{ratio(counts['value'], counts['gold']):>8}"
                  f"{ratio(counts['unit'], counts['united']):>8}{counts['united']:>6}"
                  f"{ratio(counts['plain_ok'], counts['plain']):>8}{counts['plain']:>6}")
        print()
    print("value: value recall; unit: same_unit accuracy of the found quantities that have a unit (of: how many);\n"
          "plain: of the found dimensionless ones, the share without a physical unit, currency or percent")
    if options.misses:
        print("\n".join(["", "misses:", *misses]))


if __name__ == "__main__":
    main()
