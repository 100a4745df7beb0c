"""What matching costs the loader: `datasette-claims load --processes 1` of the Lee corpus into a
fresh database with no fact-checks, and with the 10,375 CLEF-2020 fact-checks loaded first;
optionally also with an older copy of the package (``--before DIR``, a folder holding an older
``datasette_claims``, e.g. from ``git archive``), to show that with no fact-checks the loader's
throughput did not drop. Rounds are interleaved; each variant's fastest round counts; CPU time
(the load and its workers) is the steadier figure on a shared machine.

Usage: python benchmarks/loader_with_fact_checks.py [--before DIR] [--rounds 2]
"""
import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from clef_matching import FACT_CHECKS  # noqa: E402
from throughput import corpus_texts  # noqa: E402

COMMAND = str(Path(sys.executable).parent / "datasette-claims")


def timed(command: list[str], env: dict) -> tuple[float, float]:
    """Wall and CPU seconds (this child and the workers it waited for) of COMMAND."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, env=env, check=True, capture_output=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.perf_counter() - started, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--before", help="folder holding an older datasette_claims package")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    texts = corpus_texts("lee")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        corpus = tmp / "corpus.jsonl"
        corpus.write_text("".join(json.dumps({"id": f"a{i}", "title": f"Article {i}", "text": t}) + "\n"
                                  for i, t in enumerate(texts)), encoding="utf-8")
        checked = tmp / "with_fact_checks.db"
        subprocess.run([COMMAND, "load-fact-checks", str(checked), str(FACT_CHECKS)], check=True, capture_output=True)
        variants = {"no fact-checks": (None, os.environ)}
        if args.before:
            variants["no fact-checks, before (--before)"] = (None, {**os.environ, "PYTHONPATH": args.before})
        variants["10,375 fact-checks loaded first"] = (checked, os.environ)
        best = {}
        for _ in range(args.rounds):
            for name, (template, env) in variants.items():
                db = tmp / "run.db"
                for path in tmp.glob("run.db*"):
                    path.unlink()
                if template:
                    shutil.copy(template, db)
                wall, cpu = timed([COMMAND, "load", str(db), str(corpus), "--processes", "1"], env)
                best[name] = min(best.get(name, (wall, cpu)), (wall, cpu))
        base_wall, base_cpu = best["no fact-checks"]
        print(f"{len(texts)} articles of the Lee corpus, --processes 1, fastest of {args.rounds} rounds")
        print("| load | wall | articles/s | CPU | CPU vs no fact-checks |\n| --- | ---: | ---: | ---: | ---: |")
        for name, (wall, cpu) in best.items():
            print(f"| {name} | {wall:.1f}s | {len(texts) / wall:.2f} | {cpu:.1f}s | {cpu / base_cpu:.2f} |")


if __name__ == "__main__":
    main()
