"""Loader throughput against bare spaCy, timed as whole processes in one run.

    python benchmarks/throughput.py [--corpus seed|lee] [--repeat N] [--processes 1 2]

Writes the corpus as one JSONL file of clean texts, then times, each as a separate process:
  bare      python -c "spacy.load(model); list(nlp.pipe(texts))"  (the model's default pipeline)
  load -pN  datasette claims load DB corpus.jsonl --processes N   (fresh database)
  reload    the same load again on the unchanged corpus
and prints articles/s, the ratio to bare, and each process's peak RSS. Ratios in one run are
what to compare; absolute times on shared machines are noise.
"""
import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
BIN = Path(sys.executable).parent

# Runs CMD as a child and prints its wall time and peak RSS as JSON; one fresh parent per
# measurement so RUSAGE_CHILDREN is that command's alone.
MEASURE = """
import json, resource, subprocess, sys, time
start = time.monotonic()
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
print(json.dumps({"seconds": time.monotonic() - start, "rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, "exit": code}))
"""

BARE = """
import json, sys, spacy
from datasette_claims.nlp.pipeline import default_model
nlp = spacy.load(default_model())
texts = (json.loads(line)["text"] for line in open(sys.argv[1], encoding="utf-8"))
for doc in nlp.pipe(texts, batch_size=32):
    pass
"""


def corpus_texts(name: str) -> list[str]:
    if name == "seed":
        from datasette_claims import plugins, readers

        return [a.text for a in readers.read_articles([str(ROOT / "seeds")], plugins.readers())]
    path = SHARED / "data" / "news" / "lee" / "lee_background.cor"
    if not path.exists():
        sys.exit(f"{path} not available: run with --corpus seed")
    return [line.strip() for line in path.read_text(encoding="utf-8", errors="replace").splitlines() if line.strip()]


def measure(command: list[str]) -> dict:
    out = subprocess.run([sys.executable, "-c", MEASURE, *command], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", choices=["seed", "lee"], default="lee")
    parser.add_argument("--repeat", type=int, default=1, help="repeat the corpus N times (distinct ids)")
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    texts = corpus_texts(args.corpus) * args.repeat
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        corpus.write_text("".join(json.dumps({"id": f"a{i}", "title": f"Article {i}", "text": t}) + "\n"
                                  for i, t in enumerate(texts)), encoding="utf-8")
        rows = [("bare nlp.pipe", measure([sys.executable, "-c", BARE, str(corpus)]))]
        for n in args.processes:
            db = Path(tmp) / f"p{n}.db"
            load = [str(BIN / "datasette"), "claims", "load", str(db), str(corpus), "--processes", str(n)]
            rows.append((f"load --processes {n}", measure(load)))
            if n == args.processes[0]:
                rows.append((f"reload unchanged (-p {n})", measure(load)))
    bare = rows[0][1]["seconds"]
    print(f"corpus: {args.corpus} x{args.repeat}, {len(texts)} articles, {sum(map(len, texts)):,} characters\n")
    print(f"| {'run':<26} | {'seconds':>8} | {'articles/s':>10} | {'vs bare':>7} | {'peak RSS MB':>11} | exit |")
    print(f"|{'-' * 28}|{'-' * 10}:|{'-' * 12}:|{'-' * 9}:|{'-' * 13}:|------|")
    for name, r in rows:
        print(f"| {name:<26} | {r['seconds']:8.2f} | {len(texts) / r['seconds']:10.1f} | "
              f"{bare / r['seconds']:7.2f} | {r['rss_mb']:11.0f} | {r['exit']:>4} |")


if __name__ == "__main__":
    main()
