"""How fact-check matching time grows with the number of fact-checks and of claims.

Fact-checks: the 10,375 CLEF-2020 ones, and beyond that new ones made by joining the claim of one
with the title of another (distinct texts with real vocabulary). Claims: the sentences of the CLEF
train and dev tweets, in articles of 20 claims (longer than a short post, so each claim is its own
query, the costlier case), written with the store. Timed: building the matcher (reading every
fact-check's terms) and `match_articles` (bm25 candidates, re-ranking, writing claim_matches).
Each claim is an independent query, so time at 100,000 and 1,000,000 claims is extrapolated
linearly from the largest measured count, and marked so. The matcher is the lexical one unless
--embeddings (the extra installed): then embedding the fact-checks is timed too, and each claim's
vector is part of matching it.

Usage: python benchmarks/matching_speed.py [--fact-checks 1000,10000,100000] [--claims 1000,10000] [--embeddings]
"""
import argparse
import re
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from clef_matching import FACT_CHECKS, tweets  # noqa: E402

from datasette_claims import embeddings, factchecks, matchstore, store  # noqa: E402
from datasette_claims.matching import Matcher, Model  # noqa: E402
from datasette_claims.records import ArticleRecords  # noqa: E402

CLAIMS_PER_ARTICLE = 20
SENTENCE = re.compile(r"[^.!?]+[.!?]")


def fact_checks(count: int) -> list:
    real = [f for f in factchecks.read_fact_checks([str(FACT_CHECKS)]) if isinstance(f, factchecks.FactCheck)]
    made = []
    for n in range(count):
        first, second = real[n % len(real)], real[(n * 7919 + n // len(real)) % len(real)]
        if n < len(real):
            made.append(first)
        else:
            made.append(factchecks.FactCheck(f"made-{n}", f"{first.claim} {second.title}", None, None, None, None,
                                             second.title, "made"))
    return made


def claim_texts(count: int) -> list[str]:
    sentences = [s.strip() for split in ("train", "dev") for _, text in tweets(split) for s in SENTENCE.findall(text)
                 if len(s.split()) >= 4]
    return [sentences[n % len(sentences)] for n in range(count)]


def articles(texts: list[str]) -> list[ArticleRecords]:
    batch = []
    for start in range(0, len(texts), CLAIMS_PER_ARTICLE):
        sentences = texts[start:start + CLAIMS_PER_ARTICLE]
        article_id = f"article-{start}"
        body, claims = "", []
        for n, sentence in enumerate(sentences):
            begin = len(body)
            body += sentence + " "
            claims.append({"id": f"{article_id}-{n}", "article_id": article_id, "sentence": n, "start_char": begin,
                           "end_char": begin + len(sentence), "text": sentence, "checkworthiness": 0.5,
                           "source_id": None, "via_source_id": None})
        body = body.ljust(matchstore.SHORT_ARTICLE_CHARS + 1)
        batch.append(ArticleRecords(article={"id": article_id, "title": article_id, "text": body, "path": "bench",
                                             "content_hash": article_id}, claims=claims))
    return batch


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--fact-checks", default="1000,10000,100000")
    parser.add_argument("--claims", default="1000,10000")
    parser.add_argument("--embeddings", action="store_true", help="match with sentence vectors too")
    args = parser.parse_args()
    if args.embeddings and not embeddings.available():
        raise SystemExit("--embeddings needs the extra: pip install 'datasette-claims[embeddings]'")
    fact_check_counts = [int(n) for n in args.fact_checks.split(",")]
    claim_counts = [int(n) for n in args.claims.split(",")]
    extrapolated = [n for n in (100_000, 1_000_000) if n > max(claim_counts)]
    header = [f"{n:,} claims" for n in claim_counts] + [f"{n:,} claims (extrapolated)" for n in extrapolated]
    print("| fact-checks | load-fact-checks write | embed fact-checks | matcher start | " + " | ".join(header) + " |")
    print("| --- " * (4 + len(header)) + "|")
    for fact_check_count in fact_check_counts:
        with tempfile.TemporaryDirectory() as tmp:
            db = store.open_database(Path(tmp) / "claims.db")
            made = fact_checks(fact_check_count)
            started = time.perf_counter()
            for start in range(0, len(made), 500):
                matchstore.write_fact_checks(db, made[start:start + 500])
            written = time.perf_counter() - started
            started = time.perf_counter()
            embedded = "-"
            if args.embeddings:
                embeddings.store_vectors(db)
                embedded = f"{time.perf_counter() - started:.1f}s"
            started = time.perf_counter()
            matcher = Matcher(db, Model.load(with_embeddings=args.embeddings))
            ready = time.perf_counter() - started
            cells, done = [], 0
            for claim_count in claim_counts:
                batch = articles(claim_texts(claim_count))[done // CLAIMS_PER_ARTICLE:]
                store.write_batch(db, batch)
                started = time.perf_counter()
                for start in range(0, len(batch), 50):
                    matchstore.match_articles(db, matcher, [r.article["id"] for r in batch[start:start + 50]])
                seconds = time.perf_counter() - started
                per_claim = seconds / (claim_count - done)
                done = claim_count
                cells.append(f"{per_claim * claim_count:.1f}s")
            cells += [f"~{per_claim * n:,.0f}s" for n in extrapolated]
            print(f"| {fact_check_count:,} | {written:.1f}s | {embedded} | {ready:.1f}s | " + " | ".join(cells) + " |", flush=True)


if __name__ == "__main__":
    main()
