"""MAP@5 of fact-check matching measured as the project is measured (DESIGN.md): the CLEF-2020
fact-checks written as JSONL {id, claim, title} and loaded with `datasette-claims
load-fact-checks`, then the dev tweets as JSONL articles {id, title, text} with `datasette-claims
load`, then `claim_matches` read back. A tweet becomes several claims; its ranking is its
claims' candidates by their best score.

--fact-checks-db DB starts from a copy of DB, made earlier by `load-fact-checks` from the same
JSONL (with the embeddings extra, embedding the 10,375 fact-checks takes 10-40 minutes here).

Usage: python benchmarks/fact_check_matching.py [--split dev] [--processes 1] [--fact-checks-db DB]
"""
import argparse
import json
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from clef_matching import FACT_CHECKS, map_at_5, tweets, verified_by  # noqa: E402

from datasette_claims import factchecks  # noqa: E402

COMMAND = Path(sys.executable).parent / "datasette-claims"


def write_jsonl(path: Path, records) -> None:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")


def rankings(db_path: Path) -> dict[str, list[str]]:
    """Article id -> fact-check ids by the best score any of its claims gives them."""
    best = {}
    with sqlite3.connect(db_path) as db:
        for article_id, fact_check_id, score in db.execute(
                """select claims.article_id, claim_matches.fact_check_id, max(claim_matches.score)
                   from claim_matches join claims on claims.id = claim_matches.claim_id
                   group by claims.article_id, claim_matches.fact_check_id"""):
            best.setdefault(article_id, []).append((score, fact_check_id))
    return {a: [f for _, f in sorted(found, key=lambda pair: (-pair[0], pair[1]))] for a, found in best.items()}


def run(command: list[str]) -> float:
    started = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode not in (0, 1):
        raise SystemExit(result.stderr)
    return time.perf_counter() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", default="dev")
    parser.add_argument("--processes", default="1")
    parser.add_argument("--fact-checks-db", help="a database load-fact-checks filled from the same fact-checks")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        fact_check_file, tweet_file, db = tmp / "fact_checks.jsonl", tmp / "tweets.jsonl", tmp / "claims.db"
        write_jsonl(fact_check_file, ({"id": f.id, "claim": f.claim, "title": f.title}
                                      for f in factchecks.read_fact_checks([str(FACT_CHECKS)])))
        write_jsonl(tweet_file, ({"id": tweet_id, "title": tweet_id, "text": text} for tweet_id, text in tweets(args.split)))
        if args.fact_checks_db:  # loading the same file again writes and embeds nothing
            shutil.copy(args.fact_checks_db, db)
        seconds = run([str(COMMAND), "load-fact-checks", str(db), str(fact_check_file)])
        print(f"load-fact-checks{' (into a copy of ' + args.fact_checks_db + ')' if args.fact_checks_db else ''}: {seconds:.1f}s")
        seconds = run([str(COMMAND), "load", str(db), str(tweet_file), "--processes", args.processes])
        print(f"load tweets (extraction and matching): {seconds:.1f}s")
        with sqlite3.connect(db) as connection:
            claims, matched = connection.execute(
                "select (select count(*) from claims), (select count(distinct claim_id) from claim_matches)").fetchone()
        print(f"{claims} claims from {len(tweets(args.split))} tweets, {matched} with a match")
        print(f"{args.split} MAP@5 through the loader: {map_at_5(rankings(db), verified_by(args.split)):.3f}")


if __name__ == "__main__":
    main()
