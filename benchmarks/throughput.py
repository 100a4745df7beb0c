"""Loader throughput against bare spaCy, timed as whole processes in one run.

    python benchmarks/throughput.py [--corpus seed|lee] [--repeat N] [--processes 1 2] [--no-bare] [--rounds N]

Writes the corpus as one JSONL file of clean texts, then times, each as a separate process:
  bare      python -c "spacy.load(model); list(nlp.pipe(texts))"  (the model's default pipeline)
  bare xN   N such processes at once, each on every N-th article: what the machine gives N
            independent processes at the time, the yardstick for --processes N
  load -pN  datasette-claims load DB corpus.jsonl --processes N   (fresh database)
  reload    the same load again on the unchanged corpus
and prints articles/s, the ratios to bare and to the first load, CPU time, and peak memory.
Ratios in one run are what to compare; absolute times on shared machines are noise, and when
other work loads the machine, the CPU-time ratio is the steadier figure for one process.
Memory: run with --repeat 10 --no-bare and compare with --repeat 1 (flat means within 10%).
"""
import argparse
import compileall
import json
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

import datasette_claims
from datasette_claims.models import default_model

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
BIN = Path(sys.executable).parent

# Runs CMD as a child and prints as JSON its wall time, its CPU time (user + system, the child
# and every process it waited for: the workers) and the peak memory of its whole process tree
# (the sum of the tree's proportional set sizes, sampled every 200 ms: a forked worker's pages
# shared with its parent count once). One fresh parent per measurement so RUSAGE_CHILDREN is
# that command's alone. CPU time is the figure to trust when others load the machine.
MEASURE = """
import json, os, resource, subprocess, sys, time

def tree(root):
    parents = {}
    for pid in filter(str.isdigit, os.listdir('/proc')):
        try:
            with open(f'/proc/{pid}/stat') as stat:
                parents[int(pid)] = int(stat.read().rsplit(')', 1)[1].split()[1])
        except OSError:
            pass
    found, frontier = {root}, [root]
    while frontier:
        frontier = [pid for pid, parent in parents.items() if parent in frontier and pid not in found]
        found.update(frontier)
    return found

def pss_mb(pids):
    total = 0
    for pid in pids:
        try:
            with open(f'/proc/{pid}/smaps_rollup') as rollup:
                total += next(int(line.split()[1]) for line in rollup if line.startswith('Pss:'))
        except (OSError, StopIteration):
            pass
    return total / 1024

start = time.monotonic()
child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
peak = 0.0
while child.poll() is None:
    peak = max(peak, pss_mb(tree(child.pid)))
    time.sleep(0.2)
seconds = time.monotonic() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"seconds": seconds, "cpu": usage.ru_utime + usage.ru_stime, "pss_mb": peak,
                  "rss_mb": usage.ru_maxrss / 1024, "exit": child.returncode}))
"""

# Bare spaCy over shard K of N of the corpus (every N-th line from the K-th), importing nothing
# of this package: the yardstick pays only for Python, spaCy and the model.
BARE = """
import json, sys, spacy
nlp = spacy.load(sys.argv[4])
shard, shards = int(sys.argv[2]), int(sys.argv[3])
texts = (json.loads(line)["text"] for i, line in enumerate(open(sys.argv[1], encoding="utf-8")) if i % shards == shard)
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
    parser.add_argument("--no-bare", action="store_true", help="skip bare nlp.pipe (for the memory runs)")
    parser.add_argument("--rounds", type=int, default=1,
                        help="run everything N times, interleaved; each run's fastest round counts (a shared machine)")
    args = parser.parse_args()
    texts = corpus_texts(args.corpus) * args.repeat
    model = default_model()
    # As `pip install` leaves it: byte-compiled. An editable install where PYTHONDONTWRITEBYTECODE
    # is set would compile this package from source at every start (~45 ms a process).
    compileall.compile_dir(Path(datasette_claims.__file__).parent, quiet=1)
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        corpus.write_text("".join(json.dumps({"id": f"a{i}", "title": f"Article {i}", "text": t}) + "\n"
                                  for i, t in enumerate(texts)), encoding="utf-8")
        runs = []  # (name, command, fresh database or None), in the order they run in each round
        if not args.no_bare:
            runs.append(("bare nlp.pipe", [sys.executable, "-c", BARE, str(corpus), "0", "1", model], None))
            for n in args.processes[1:]:
                # What this machine gives N independent processes right now: the yardstick for -pN.
                shards = " & ".join(shlex.join([sys.executable, "-c", BARE, str(corpus), str(k), str(n), model]) for k in range(n))
                runs.append((f"bare, {n} shards in parallel", ["sh", "-c", f"{shards} & wait"], None))
        for n in args.processes:
            db = Path(tmp) / f"p{n}.db"
            load = [str(BIN / "datasette-claims"), "load", str(db), str(corpus), "--processes", str(n)]
            runs.append((f"load --processes {n}", load, db))
            if n == args.processes[0]:
                runs.append((f"reload unchanged (-p {n})", load, None))
        best = {}
        for _ in range(args.rounds):
            for name, command, fresh in runs:
                if fresh:
                    for path in (fresh, *fresh.parent.glob(fresh.name + "-*")):
                        path.unlink(missing_ok=True)
                result = measure(command)
                if name not in best or result["seconds"] < best[name]["seconds"]:
                    best[name] = result
        rows = [(name, best[name]) for name, _, _ in runs]
    bare = rows[0][1] if not args.no_bare else None
    one = next((r for name, r in rows if name == f"load --processes {args.processes[0]}"), None)
    print(f"corpus: {args.corpus} x{args.repeat}, {len(texts)} articles, {sum(map(len, texts)):,} characters; "
          f"fastest of {args.rounds} round(s)\n")
    by_name = dict(rows)
    print("| run | seconds | articles/s | vs bare | vs its yardstick | vs first load | CPU s | CPU vs bare | "
          "peak PSS MB (tree) | peak RSS MB (largest) | exit |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, r in rows:
        ratio = f"{bare['seconds'] / r['seconds']:.2f}" if bare else "-"
        cpu_ratio = f"{bare['cpu'] / r['cpu']:.2f}" if bare else "-"
        # -pN against N bare shards in parallel (what the machine gives N processes), -p1 against bare
        n = name.split()[-1] if name.startswith("load") else None
        yardstick = by_name.get("bare nlp.pipe" if n == "1" else f"bare, {n} shards in parallel") if n else None
        against = f"{yardstick['seconds'] / r['seconds']:.2f}" if yardstick else "-"
        print(f"| {name} | {r['seconds']:.2f} | {len(texts) / r['seconds']:.1f} | {ratio} | {against} | "
              f"{one['seconds'] / r['seconds']:.2f} | {r['cpu']:.2f} | {cpu_ratio} | {r['pss_mb']:.0f} | "
              f"{r['rss_mb']:.0f} | {r['exit']} |")
    reload = next((r for name, r in rows if name.startswith("reload")), None)
    if reload:
        print("\nreload of the unchanged corpus: " + ", ".join(
            f"{100 * reload['seconds'] / r['seconds']:.1f}% of {name}" for name, r in rows if name.startswith("load")))


if __name__ == "__main__":
    main()
