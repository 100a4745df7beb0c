"""Accuracy and speed share of the `claims_attribution` component.

Accuracy, on the annotated articles in tests/data/attribution/ (articles.jsonl: records
{"id", "title", "text"}; annotations.jsonl: one attribution a line, {"article_id", "content",
"source", "source_type", "cue", "speech", "pattern"}). As the issue's held-out corpus is scored:
an annotation is found when the claim sentence covering its content credits a source of the
annotated name; a credited sentence that covers no annotation with that source is a false
positive. Precision, recall and F1 per article and overall, plus, of the found ones, the share
whose type, cue and speech agree. Then the seed gold (../shared/eval/score_gold.py on a real load
of seeds/): its attribution and source lines.

Speed, on the Lee news corpus (../shared/data/news/lee/lee_background.cor, one article a line):
every component's time in one run over the same docs, and the whole pipeline timed with and
without claims_attribution, alternating, in the same run (the fastest round of each counts:
the machine may be shared).

    python benchmarks/attribution_accuracy.py [--misses] [--no-speed] [--rounds N]
"""
import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from datasette_claims.nlp.pipeline import build_nlp
from datasette_claims.nlp.units import claim_sentences

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "attribution"
SHARED = ROOT.parent / "shared"
LEE = SHARED / "data" / "news" / "lee" / "lee_background.cor"


def norm(text):
    text = (text or "").replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    return " ".join(text.split()).lower()


def read_jsonl(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def score_article(doc, article_id, notes):
    """(true positives, predictions, annotations, agreement counts, misses) for one article."""
    credited = [(sent, doc._.attributions.get(sent.start_char)) for sent in claim_sentences(doc)]
    credited = [(sent, found) for sent, found in credited if found]
    matched_sentences, found_notes, agree, misses = set(), 0, defaultdict(int), []
    for note in notes:
        covering = [(sent, found) for sent, found in credited if norm(note["content"]) in norm(sent.text)]
        hit = next(((s, f) for s, f in covering if norm(f["source"]["name"]) == norm(note["source"])), None)
        if hit is None:
            got = covering[0][1]["source"]["name"] if covering else None
            misses.append(f"{note['article_id']}: {note['content']!r} wanted {note['source']!r}, got {got!r} ({note['pattern']})")
            continue
        sent, found = hit
        found_notes += 1
        matched_sentences.add(sent.start_char)
        agree["type"] += found["source"]["type"] == note["source_type"]
        if found["source"]["type"] != note["source_type"]:
            misses.append(f"{article_id}: {note['source']!r} typed {found['source']['type']!r}, wanted {note['source_type']!r}")
        agree["cue"] += norm(note["cue"]) in norm(found["cue"])
        agree["speech"] += found["speech"] == note["speech"]
    for sent, found in credited:
        if sent.start_char not in matched_sentences:
            misses.append(f"{article_id}: credited {found['source']['name']!r} for {sent.text[:60]!r} (no such annotation)")
    return found_notes, len(credited), len(notes), matched_sentences, agree, misses


def prf(tp_found, tp_pred, predicted, annotated):
    precision = tp_pred / predicted if predicted else 0.0
    recall = tp_found / annotated if annotated else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def accuracy(nlp, show_misses):
    articles = read_jsonl(DATA / "articles.jsonl")
    notes = defaultdict(list)
    for note in read_jsonl(DATA / "annotations.jsonl"):
        notes[note["article_id"]].append(note)
    print(f"{'article':<14}{'annot.':>7}{'pred.':>7}{'P':>7}{'R':>7}{'F1':>7}{'type':>7}{'cue':>7}{'speech':>7}")
    totals, agree_total, all_misses = [0, 0, 0, 0], defaultdict(int), []
    for article in articles:
        doc = nlp(article["text"])
        found, predicted, annotated, matched, agree, misses = score_article(doc, article["id"], notes[article["id"]])
        row = [found, len(matched), predicted, annotated]
        totals = [a + b for a, b in zip(totals, row)]
        for key, value in agree.items():
            agree_total[key] += value
        all_misses += misses
        p, r, f = prf(*row)
        shares = [agree[k] / found if found else 0.0 for k in ("type", "cue", "speech")]
        print(f"{article['id']:<14}{annotated:>7}{predicted:>7}{p:>7.2f}{r:>7.2f}{f:>7.2f}" + "".join(f"{s:>7.2f}" for s in shares))
    p, r, f = prf(*totals)
    shares = [agree_total[k] / totals[0] if totals[0] else 0.0 for k in ("type", "cue", "speech")]
    print(f"{'ALL':<14}{totals[3]:>7}{totals[2]:>7}{p:>7.2f}{r:>7.2f}{f:>7.2f}" + "".join(f"{s:>7.2f}" for s in shares))
    if show_misses:
        print("\n".join(["", "misses:", *all_misses]))


def seed_gold():
    scorer = SHARED / "eval" / "score_gold.py"
    gold = sorted((SHARED / "gold").glob("*.gold.json"))
    if not scorer.exists() or not gold:
        print("seed gold: ../shared/eval or ../shared/gold not available")
        return
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "seed.db"
        datasette = Path(sys.executable).with_name("datasette")
        subprocess.run([datasette, "claims", "load", db, ROOT / "seeds", "--processes", "1"], check=True, capture_output=True)
        result = subprocess.run([sys.executable, scorer, db, *gold], capture_output=True, text=True)
    print("\nseed gold (score_gold.py):")
    for line in result.stdout.splitlines():
        if any(word in line.lower() for word in ("attribution", "source", "gold:")):
            print("  " + line)


def speed(nlp, rounds):
    texts = [line for line in LEE.read_text(encoding="utf-8", errors="replace").splitlines() if line.strip()]
    words = sum(len(text.split()) for text in texts)
    per_component = defaultdict(float)
    for _ in range(rounds):
        docs = [nlp.make_doc(text) for text in texts]
        for name, component in nlp.pipeline:
            started = time.perf_counter()
            docs = [component(doc) for doc in docs]
            per_component[name] += time.perf_counter() - started
    ours = {"claims_paragraphs", "claims_numbers", "claims_attribution", "claims_checkworthiness"}
    spacy_time = sum(t for name, t in per_component.items() if name not in ours)
    print(f"\nspeed on {LEE.name}: {len(texts)} articles, {words} words, {rounds} round(s), components one by one")
    print(f"{'component':<24}{'seconds':>9}{'% of spaCy':>12}")
    for name, seconds in per_component.items():
        print(f"{name:<24}{seconds:>9.2f}{100 * seconds / spacy_time:>11.1f}%")
    timings = {"with": [], "without": []}
    for round_number in range(rounds):  # alternating which goes first; the fastest round of each counts
        for setting in (("with", "without") if round_number % 2 == 0 else ("without", "with")):
            disabled = ["claims_attribution"] if setting == "without" else []
            with nlp.select_pipes(disable=disabled):
                started = time.perf_counter()
                list(nlp.pipe(texts))
                timings[setting].append(time.perf_counter() - started)
    with_time, without_time = min(timings["with"]), min(timings["without"])
    print(f"\nnlp.pipe, fastest of {rounds} round(s): with claims_attribution {with_time:.2f}s, without {without_time:.2f}s: "
          f"attribution adds {100 * (with_time - without_time) / without_time:.1f}% to the pipeline")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list missed and spurious attributions")
    parser.add_argument("--no-speed", action="store_true", help="skip the Lee speed measurement")
    parser.add_argument("--rounds", type=int, default=3, help="speed rounds (alternating with/without)")
    options = parser.parse_args()
    nlp = build_nlp()
    accuracy(nlp, options.misses)
    seed_gold()
    if not options.no_speed:
        if LEE.exists():
            speed(nlp, options.rounds)
        else:
            print(f"\nspeed: {LEE} not available")


if __name__ == "__main__":
    main()
