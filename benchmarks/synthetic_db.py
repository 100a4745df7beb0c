"""A synthetic claims database at newsroom-archive scale, following the schema contract.

    python benchmarks/synthetic_db.py DB [--claims 1000000] [--numbers-per-claim 2] [--sources 20000]

The tables, indexes, FTS tables, facet counts and view are made by schema.ensure_schema and
store.search_indexed_after, as a fresh load makes them, so the site is measured on exactly what
the loader makes; only the rows are invented. Every article's text is
its claims joined by spaces and every number is a word of its claim, so offsets index the stored
text exactly. Popularity is skewed as in real news (a few sources say most things, most claims
are unreviewed), which is what makes facets expensive. Same arguments, same database.
"""
import argparse
import hashlib
import random
import time
from pathlib import Path

import sqlite_utils

from datasette_claims import store
from datasette_claims.schema import STATUSES, ensure_schema

CLAIMS_PER_ARTICLE = 30
WORDS = [f"{a}{b}" for a in ("tra", "pel", "mon", "sar", "vik", "dul", "ren", "cos", "bam", "lio")
         for b in ("ka", "der", "mos", "tin", "vel", "ro", "pas", "lun", "gri", "sto", "fen", "ul")]
WORDS += [f"{w}{s}" for w in WORDS for s in ("s", "ed", "ing")]
SOURCE_TYPES = [("person", 50), ("organization", 20), ("government", 12), ("media", 10), ("group", 6), ("anonymous", 2)]
CLAIM_TYPES = [("not_claim", 35), ("other", 20), ("quantity", 15), ("quote", 10), ("prediction", 6),
               ("causal", 5), ("comparison", 5), ("rule", 2), ("personal", 2)]
CUES = [("said", 60), ("told", 15), ("according to", 12), ("says", 8), ("reports", 5)]
UNITS = [("percent", "percent", 20), ("USD", "money", 15), ("troops", "count", 10), ("people", "count", 15),
         ("kilometer", "quantity", 5), (None, "year", 15), (None, "count", 20)]
PUBLISHERS = ["Reuters", "AP", "BBC", "The Guardian", "Le Monde", "Der Spiegel", "El Pais", "NHK", "ABC", "CBC"]


def weighted(rng: random.Random, choices: list[tuple]):
    return rng.choices(choices, weights=[c[-1] for c in choices])[0]


def sources(rng: random.Random, count: int) -> list[dict]:
    rows = []
    for i in range(count):
        kind = weighted(rng, SOURCE_TYPES)[0]
        name = f"{rng.choice(WORDS).title()} {rng.choice(WORDS).title()} {i}"
        rows.append({"id": f"{kind}:{name.lower().replace(' ', '-')}", "name": name, "type": kind,
                     "role": rng.choice([None, "spokesman", "minister", "chief executive", "analyst"])})
    return rows


def article_rows(rng: random.Random, index: int, source_ids: list[str], numbers_per_claim: float):
    """One article, its claims and their numbers, with exact offsets."""
    article_id = f"https://news.example.com/{index // 1000}/{index}"
    claims, numbers, parts, offset = [], [], [], 0
    for sentence in range(CLAIMS_PER_ARTICLE):
        words = [rng.choice(WORDS) if rng.random() < 0.7 else WORDS[int(rng.paretovariate(1.2)) % len(WORDS)]
                 for _ in range(rng.randint(6, 14))]
        figures = []
        for _ in range(rng.randint(0, round(2 * numbers_per_claim))):
            position = rng.randrange(len(words) + 1)
            words.insert(position, str(rng.choice([rng.randint(2, 100), rng.randint(1900, 2030), rng.randint(1000, 10**7)])))
        text = " ".join(words).capitalize() + "."
        claim_id = hashlib.sha1(f"{article_id}\x1f{sentence}".encode()).hexdigest()[:16]
        cursor = 0
        for word in text.rstrip(".").split(" "):
            start = text.index(word, cursor)
            cursor = start + len(word)
            if word.isdigit():
                figures.append((start, cursor, word))
        credited = rng.random() < 0.45
        source = source_ids[int(len(source_ids) ** rng.random()) - 1] if credited else None  # log-uniform rank
        claim_type = weighted(rng, CLAIM_TYPES)[0]
        reviewed = rng.random() < 0.02
        claims.append({
            "id": claim_id, "article_id": article_id, "sentence": sentence, "start_char": offset,
            "end_char": offset + len(text), "text": text,
            "checkworthiness": round(rng.betavariate(1.2, 3) if claim_type == "not_claim" else rng.betavariate(3, 2), 3),
            "claim_type": claim_type, "hedged": int(rng.random() < 0.1), "negated": int(rng.random() < 0.08),
            "speech": rng.choice(["direct", "indirect", "indirect", "reported"]) if credited else None,
            "source_id": source, "source_role": None,
            "via_source_id": source_ids[rng.randrange(len(source_ids))] if credited and rng.random() < 0.02 else None,
            "cue": weighted(rng, CUES)[0] if credited else None,
            "status": rng.choice(STATUSES[1:]) if reviewed else "unreviewed",
        })
        for n, (start, end, figure) in enumerate(figures, 1):
            unit, kind, _ = weighted(rng, UNITS)
            numbers.append({
                "id": f"{claim_id}-{n}", "claim_id": claim_id, "article_id": article_id,
                "start_char": offset + start, "end_char": offset + end, "text": figure, "value": float(figure),
                "unit": unit, "kind": kind, "low": None, "high": None, "qualifier": None,
            })
        parts.append(text)
        offset += len(text) + 1
    text = " ".join(parts)
    article = {
        "id": article_id, "title": f"{rng.choice(WORDS).title()} {rng.choice(WORDS)} {index}", "url": article_id,
        "publisher": rng.choice(PUBLISHERS), "published": f"{rng.randint(2015, 2026)}-{rng.randint(1, 12):02}-{rng.randint(1, 28):02}",
        "text": text, "path": "synthetic.jsonl", "content_hash": hashlib.sha256(text.encode()).hexdigest(),
        "extracted_with": "synthetic", "loaded": "2026-01-01T00:00:00+00:00",
    }
    return article, claims, numbers


def insert(db: sqlite_utils.Database, table: str, rows: list[dict]) -> None:
    if rows:
        columns = list(rows[0])
        db.conn.executemany(f"insert into [{table}] ({', '.join(columns)}) values ({', '.join('?' * len(columns))})",
                            [tuple(row[c] for c in columns) for row in rows])


def build(path: Path, claims: int, numbers_per_claim: float, source_count: int, seed: int = 7) -> dict:
    rng = random.Random(seed)
    path.unlink(missing_ok=True)
    db = sqlite_utils.Database(path)
    ensure_schema(db)
    source_rows = sources(rng, source_count)
    counts = {"articles": 0, "claims": 0, "numbers": 0, "reviews": 0}
    with store.search_indexed_after(db):
        with db.conn:
            insert(db, "sources", source_rows)
        source_ids = [s["id"] for s in source_rows]
        for first in range(0, -(-claims // CLAIMS_PER_ARTICLE), 500):
            batch = [article_rows(rng, i, source_ids, numbers_per_claim)
                     for i in range(first, min(first + 500, -(-claims // CLAIMS_PER_ARTICLE)))]
            reviews = [{"claim_id": c["id"], "status": c["status"], "note": "synthetic", "evidence_url": None,
                        "actor_id": "root", "created": "2026-01-02T00:00:00+00:00", "claim_text": c["text"],
                        "article_id": c["article_id"]}
                       for _, rows, _ in batch for c in rows if c["status"] != "unreviewed"]
            with db.conn:
                insert(db, "articles", [a for a, _, _ in batch])
                insert(db, "claims", [c for _, rows, _ in batch for c in rows])
                insert(db, "numbers", [n for _, _, rows in batch for n in rows])
                insert(db, "reviews", reviews)
            counts["articles"] += len(batch)
            counts["claims"] += sum(len(rows) for _, rows, _ in batch)
            counts["numbers"] += sum(len(rows) for _, _, rows in batch)
            counts["reviews"] += len(reviews)
    db.execute("analyze")
    return counts


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("db", type=Path)
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--numbers-per-claim", type=float, default=2.0)
    parser.add_argument("--sources", type=int, default=20_000)
    args = parser.parse_args()
    started = time.monotonic()
    counts = build(args.db, args.claims, args.numbers_per_claim, args.sources)
    counts["sources"] = args.sources
    print(f"| table | rows |\n|---|---:|")
    for table, n in counts.items():
        print(f"| {table} | {n:,} |")
    print(f"\n{args.db}: {args.db.stat().st_size / 1e6:,.0f} MB in {time.monotonic() - started:.0f}s")


if __name__ == "__main__":
    main()
