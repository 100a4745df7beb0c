"""CLEF-2020 CheckThat! Task 2 data (../shared/data/fact_checks/clef2020_task2) for the matching
benchmarks: the fact-checks, each split's tweets and which fact-check verifies each, and MAP@5."""
import csv
import sys
from collections import defaultdict
from pathlib import Path

CLEF = Path(__file__).resolve().parents[2] / "shared" / "data" / "fact_checks" / "clef2020_task2"
FACT_CHECKS = CLEF / "verified_claims.docs.tsv"


def _rows(path: Path) -> list[list[str]]:
    csv.field_size_limit(sys.maxsize)
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.reader(f, delimiter="\t")
        next(reader)
        return list(reader)


def tweets(split: str) -> list[tuple[str, str]]:
    """(tweet id, text) of SPLIT (train or dev)."""
    return [(row[0], row[1]) for row in _rows(CLEF / split / "tweets.queries.tsv")]


def verified_by(split: str) -> dict[str, set[str]]:
    """Tweet id -> the ids of the fact-checks that verify it."""
    relevant = defaultdict(set)
    for line in (CLEF / split / "tweet-vclaim-pairs.qrels").read_text().split("\n"):
        if line.strip():
            tweet_id, _, fact_check_id, _ = line.split()
            relevant[tweet_id].add(fact_check_id)
    return relevant


def average_precision_at_5(ranked: list[str], relevant: set[str]) -> float:
    hits, total = 0, 0.0
    for position, fact_check_id in enumerate(ranked[:5], start=1):
        if fact_check_id in relevant:
            hits += 1
            total += hits / position
    return total / min(len(relevant), 5) if relevant else 0.0


def map_at_5(rankings: dict[str, list[str]], relevant: dict[str, set[str]]) -> float:
    """Mean over every tweet of RELEVANT (a tweet without a ranking scores 0)."""
    return sum(average_precision_at_5(rankings.get(t, []), r) for t, r in relevant.items()) / len(relevant)
