"""Numbers accuracy on real news, annotated blind (benchmarks/data/numbers_blind/).

The texts stay in ../shared (they belong to their publishers): Lee ABC news articles
(data/news/lee/lee_background.cor, `doc` = 0-based line) and Zyte ground-truth pages
(data/html/zyte/ground-truth.json, `doc` = key, text = "articleBody"). The annotations hold only
character offsets into those texts and what a journalist reads there: `value` (or `low` and
`high` for a range), `unit`, `kind`, `qualifier` and, for a count, `counted` (the noun the text
names as counted, or null when it names none).

The texts go through the real loader (`datasette claims load` on a temporary JSONL of {id,
title, text} records, as the held-out corpus is loaded) and the numbers table is read back. An
annotation is found when a row overlaps its span; of the rows overlapping it, the best is scored:

- value (lenient): the row's value is the annotated one (a range: its low and high);
- strict: value, unit and kind all right (a proportion, 0.2, is the same reading as 20 percent). Units compare through ../shared/eval/units.py
  `same_unit`; a count's unit is its counted noun, compared as words (case and a plural `s`
  aside), and right when the head noun (its last word) is the annotated noun's;
- unit-less named counts: of the annotated counts whose text names the counted noun, the share
  found as a count row without a unit (the issue's "count rows without a unit where the text
  names what is counted"); lower is better.

    python benchmarks/numbers_real_news.py [--set numbers_blind|numbers_blind2|PATH] [--misses] [--check]
"""
import argparse
import csv
import json
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

from attribution_real_news import LEE, SHARED, ZYTE, article_id, load, locate
from attribution_real_news import read_texts as read_news_texts
from numbers_accuracy import UNITS, load_units

ROOT = Path(__file__).resolve().parents[1]
SETS = {name: ROOT / "benchmarks" / "data" / name / "annotations.jsonl" for name in ("numbers_blind", "numbers_blind2")}
ANNOTATIONS = SETS["numbers_blind"]
FACT_CHECKS = SHARED / "data" / "fact_checks" / "clef2020_task2"
# The general-text corpora of numbers_blind2 (its README): (file, id column, text column) of a
# tab-separated file read with csv's default quoting, or a reader of its own.
TSV_CORPORA = {
    "snopes_vclaim": (FACT_CHECKS / "verified_claims.docs.tsv", 0, 1),
    "snopes_title": (FACT_CHECKS / "verified_claims.docs.tsv", 0, 2),
    "tweets_dev": (FACT_CHECKS / "dev" / "tweets.queries.tsv", 0, 1),
    "tweets_train": (FACT_CHECKS / "train" / "tweets.queries.tsv", 0, 1),
}
KINDS = {"count", "money", "percent", "quantity", "ordinal", "year", "date", "time", "duration", "age",
         "score", "multiplier", "proportion"}
NEWS_CORPORA = ("zyte", "lee")
CORPORA = (*NEWS_CORPORA, *TSV_CORPORA, "lee_cor", "claimbuster_kfold_25ncs")


def read_corpus(name: str) -> dict:
    """{doc: text} of one general-text corpus, read as its annotator read it."""
    if name in TSV_CORPORA:
        path, id_column, text_column = TSV_CORPORA[name]
        csv.field_size_limit(sys.maxsize)
        with path.open(newline="", encoding="utf-8") as file:
            rows = csv.reader(file, delimiter="\t")
            next(rows)
            return {int(row[id_column]): row[text_column] for row in rows}
    if name == "lee_cor":  # Latin-1, one article a line
        lines = (LEE.parent / "lee.cor").read_text(encoding="latin-1").split("\n")
        return {number: line.rstrip("\r") for number, line in enumerate(lines)}
    sentences = json.loads((SHARED / "data" / "checkworthiness" / f"{name}.json").read_text(encoding="utf-8"))
    return {sentence["sentence_id"]: sentence["text"] for sentence in sentences}


def read_texts(notes) -> dict:
    """{(corpus, doc): text exactly as the annotation offsets index it}."""
    texts = read_news_texts([key for key in notes if key[0] in NEWS_CORPORA])
    corpora = {corpus: read_corpus(corpus) for corpus, _ in notes if corpus not in NEWS_CORPORA}
    texts.update({(corpus, doc): corpora[corpus][doc] for corpus, doc in notes if corpus in corpora})
    return texts


def read_notes(path: Path):
    """Annotations by (corpus, doc); a malformed line stops the run with its line number and reason."""
    notes = defaultdict(list)
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            note = json.loads(line)
        except json.JSONDecodeError as error:
            sys.exit(f"{path}:{number}: not JSON: {error}")
        problem = (note.get("corpus") not in CORPORA and f"corpus must be one of {', '.join(CORPORA)}"
                   or not (isinstance(note.get("start"), int) and isinstance(note.get("end"), int)
                           and note["start"] < note["end"]) and "start and end must be integers, start < end"
                   or note.get("kind") not in KINDS and f"kind {note.get('kind')!r} not one of {sorted(KINDS)}")
        if problem:
            sys.exit(f"{path}:{number}: {problem}")
        note["line"] = number
        notes[note["corpus"], note["doc"]].append(note)
    return notes


def check_offsets(path, notes, texts):
    """Every span lies inside its text (and is the text the annotation names, when it names one)."""
    for key, note_list in notes.items():
        for note in note_list:
            written = texts[key][note["start"]:note["end"]]
            if not written.strip() or note.setdefault("text", written) != written:
                sys.exit(f"{path}:{note['line']}: span {note['start']}:{note['end']} of {key} is {written!r}, "
                         f"not {note['text']!r}")


def close(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= 1e-6 * max(1.0, abs(b))


def as_percent(row, note):
    """ROW as a percent when NOTE reads a proportion as one: the issue lets "one in five" be the
    proportion 0.2 or 20 percent, and the two are the same reading."""
    if row["kind"] == "proportion" and note["kind"] == "percent":
        return dict(row, kind="percent", unit="percent",
                    **{key: row[key] * 100 for key in ("value", "low", "high") if row[key] is not None})
    return row


def value_right(row, note) -> bool:
    row = as_percent(row, note)
    if note.get("value") is not None:
        return close(row["value"], note["value"]) or (
            row["value"] is None and close(row["low"], note["value"]) and close(row["high"], note["value"]))
    return close(row["low"], note.get("low")) and close(row["high"], note.get("high"))


def words(noun):
    return [word[:-1] if word.endswith("s") and len(word) > 3 else word
            for word in (noun or "").lower().replace("\u2019", "'").split()]


def noun_right(found, wanted) -> bool:
    found, wanted = words(found), words(wanted)
    return bool(found and wanted) and (found == wanted or found[-1] == wanted[-1])


def unit_right(row, note, same_unit) -> bool:
    if note["kind"] == "count":
        wanted = note.get("counted") or note.get("unit")
        return noun_right(row["unit"], wanted) if wanted else row["unit"] is None
    return same_unit(row["unit"], note.get("unit"))


def score_note(note, rows, span, same_unit):
    """(found, value right, strict right, unit right, the row scored) for one annotation."""
    hits = [row for row in rows if row["start_char"] < span[1] and span[0] < row["end_char"]]
    if not hits:
        return False, False, False, False, None

    def grade(row):
        value = value_right(row, note)
        row = as_percent(row, note)
        return value and row["kind"] == note["kind"] and unit_right(row, note, same_unit), value
    best = max(hits, key=grade)
    strict, value = grade(best)
    return True, value, strict, unit_right(as_percent(best, note), note, same_unit), best


def read_rows(conn, aid):
    keys = ("start_char", "end_char", "text", "value", "low", "high", "unit", "kind", "qualifier")
    return [dict(zip(keys, row)) for row in conn.execute(
        f"select {', '.join(keys)} from numbers where article_id = ? order by start_char", [aid])]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", default="numbers_blind", type=lambda name: SETS.get(name) or Path(name),
                        help=f"{' or '.join(SETS)} (benchmarks/data/), or an annotations JSONL (default: %(default)s)")
    parser.add_argument("--misses", action="store_true", help="list every annotation not strictly right")
    parser.add_argument("--check", action="store_true", help="only check the annotations against the texts")
    parser.add_argument("--processes", type=int, default=None, help="loader worker processes")
    options = parser.parse_args()
    if not (ZYTE.exists() and LEE.exists() and UNITS.exists() and options.set.exists()):
        print(f"skipped: needs {ZYTE}, {LEE}, {UNITS} and {options.set}")
        return
    notes = read_notes(options.set)
    texts = read_texts(notes)
    check_offsets(options.set, notes, texts)
    if options.check:
        print(f"{sum(map(len, notes.values()))} annotations in {len(notes)} documents: every span fits its text")
        return
    same_unit = load_units().same_unit
    totals, by_kind, by_corpus, misses = defaultdict(int), defaultdict(lambda: defaultdict(int)), defaultdict(lambda: defaultdict(int)), []
    with tempfile.TemporaryDirectory() as folder:
        conn = load(texts, options.processes, folder)
        stored = dict(conn.execute("select id, text from articles"))
        for (corpus, doc), note_list in sorted(notes.items(), key=lambda item: (item[0][0], str(item[0][1]))):
            aid = article_id(corpus, doc)
            rows = read_rows(conn, aid) if aid in stored else []
            for note in note_list:
                span = locate(note, texts[corpus, doc], stored[aid]) if aid in stored else None
                found, value, strict, unit, row = score_note(note, rows, span, same_unit) if span else (False,) * 4 + (None,)
                named = note["kind"] == "count" and bool(note.get("counted"))
                unitless = named and found and row["kind"] == "count" and row["unit"] is None
                for counts in (totals, by_kind[note["kind"]], by_corpus[corpus]):
                    counts["annotated"] += 1
                    counts["found"] += found
                    counts["value"] += value
                    counts["strict"] += strict
                    counts["unit"] += unit
                    counts["named"] += named
                    counts["unitless"] += unitless
                if not strict:
                    got = (f"{row['text']!r} value={row['value']} low={row['low']} high={row['high']} "
                           f"unit={row['unit']!r} kind={row['kind']}" if row else "nothing")
                    wanted = (f"value={note.get('value')} low={note.get('low')} high={note.get('high')} "
                              f"unit={note.get('unit')!r} counted={note.get('counted')!r} kind={note['kind']}")
                    misses.append(f"{corpus}:{str(doc)[:8]} {note['text']!r}: wanted {wanted}; got {got}")
    for heading, groups in (("kind", by_kind), ("corpus", by_corpus)):
        print(f"{heading:<24}{'annot.':>7}{'found':>7}{'value':>7}{'strict':>7}{'unit':>7}{'named':>7}{'unitless':>9}")
        for label, counts in [*sorted(groups.items()), ("ALL", totals)]:
            share = lambda part: f"{counts[part] / counts['annotated']:.3f}"  # noqa: E731
            unitless = f"{counts['unitless'] / counts['named']:.3f}" if counts["named"] else "-"
            unit = f"{counts['unit'] / counts['found']:.3f}" if counts["found"] else "-"
            print(f"{label:<24}{counts['annotated']:>7}{share('found'):>7}{share('value'):>7}{share('strict'):>7}{unit:>7}"
                  f"{counts['named']:>7}{unitless:>9}")
        print()
    print(f"strict (value, unit and kind) {totals['strict'] / totals['annotated']:.3f}, "
          f"value {totals['value'] / totals['annotated']:.3f}, "
          f"unit accuracy (of the found) {totals['unit'] / max(1, totals['found']):.3f}, "
          f"unit-less named counts {totals['unitless']}/{totals['named']}"
          f" ({totals['unitless'] / max(1, totals['named']):.3f}), over {totals['annotated']} figures in "
          f"{len(notes)} documents")
    if options.misses:
        print("\n".join(["", "not strictly right:", *misses]))


if __name__ == "__main__":
    main()
