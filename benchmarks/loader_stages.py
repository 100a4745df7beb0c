"""Where a one-process load spends its CPU, stage by stage, in one run on the same articles.

    python benchmarks/loader_stages.py [--repeat N]

Stages, each timed as CPU (process) time so other work on a shared machine counts less:
  read      readers: files -> Article (and its content hash)
  model     bare nlp.pipe with the model's default pipeline (spacy.load), the yardstick
  extract   loader.extract: our pipeline (the model plus our components) and the row dicts
  write     store.write_batch into a fresh database, search index built once at the end
            (what a fresh load does), and into a loaded one with row-by-row search triggers
The spaCy components' own shares are in benchmarks/scorer_speed.py.
"""
import argparse
import json
import tempfile
import time
from pathlib import Path

import spacy

from datasette_claims import plugins, readers, store
from datasette_claims.loader import extract
from datasette_claims.models import default_model
from datasette_claims.nlp.pipeline import build_nlp

LEE = Path(__file__).resolve().parents[2] / "shared" / "data" / "news" / "lee" / "lee_background.cor"
BATCH = 32


def cpu(function):
    started = time.process_time()
    result = function()
    return time.process_time() - started, result


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=1, help="repeat the Lee corpus N times (distinct ids)")
    args = parser.parse_args()
    texts = [line.strip() for line in LEE.read_text(encoding="utf-8", errors="replace").splitlines() if line.strip()]
    texts *= args.repeat
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        corpus.write_text("".join(json.dumps({"id": f"a{i}", "title": f"Article {i}", "text": t}) + "\n"
                                  for i, t in enumerate(texts)), encoding="utf-8")
        read, articles = cpu(lambda: [a for a in readers.read_articles([str(corpus)], plugins.readers())
                                      if isinstance(a, readers.Article) and a.content_hash])
        bare_nlp, nlp = spacy.load(default_model()), build_nlp()
        bare, _ = cpu(lambda: [None for _ in bare_nlp.pipe(texts, batch_size=BATCH)])
        batches = [articles[i:i + BATCH] for i in range(0, len(articles), BATCH)]
        extracted, results = cpu(lambda: [extract(nlp, batch, "benchmark", BATCH) for batch in batches])

        def write(path, bulk):
            db = store.open_database(path)
            if bulk:
                with store.search_indexed_after(db):
                    for batch in results:
                        store.write_batch(db, batch)
            else:
                for batch in results:
                    store.write_batch(db, batch)

        fresh, _ = cpu(lambda: write(Path(tmp) / "fresh.db", bulk=True))
        loaded_db = Path(tmp) / "loaded.db"
        write(loaded_db, bulk=True)
        db = store.open_database(loaded_db)
        db.execute("delete from numbers"), db.execute("delete from claims"), db.execute("delete from articles")
        db.conn.commit()
        synced, _ = cpu(lambda: write(loaded_db, bulk=False))
    claims = sum(len(r.claims) for batch in results for r in batch)
    print(f"corpus: lee x{args.repeat}, {len(texts)} articles, {claims:,} claims\n")
    print("| stage | CPU s | vs bare nlp.pipe |")
    print("|---|---:|---:|")
    for name, value in [("read + hash", read), ("bare nlp.pipe (yardstick)", bare),
                        ("extract: our pipeline + row dicts", extracted),
                        ("write, fresh database (index built at end)", fresh),
                        ("write, loaded database (row-by-row triggers)", synced)]:
        print(f"| {name} | {value:.2f} | {value / bare:.1%} |")


if __name__ == "__main__":
    main()
