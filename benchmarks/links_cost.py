"""What finding the same claim in other articles (links.py) and figures that disagree (figures.py)
cost the loader, as a share of spaCy's time on the same articles, in one run.

    python benchmarks/links_cost.py [--repeat N]

The Lee corpus (300 news articles) is extracted once (our pipeline: spaCy plus our components,
CPU time, the yardstick), then written batch by batch into a fresh database as the loader does,
with links.py's and figures.py's calls timed inside store.write_batch. With --repeat N the corpus
is loaded N times under distinct ids, so every claim has N - 1 exact copies to link and the
index is N times larger: the per-batch cost shows whether the lookups stay incremental. The
write is also timed with the cross-article work switched off, to give the loader's write time
before and after.
"""
import argparse
import json
import tempfile
import time
from pathlib import Path

from datasette_claims import figures, links, plugins, readers, store
from datasette_claims.loader import extract
from datasette_claims.nlp.pipeline import build_nlp

LEE = Path(__file__).resolve().parents[2] / "shared" / "data" / "news" / "lee" / "lee_background.cor"
BATCH = 32
TIMED = [(links, "forget"), (links, "link"), (figures, "forget"), (figures, "pair")]


def cpu(function):
    started = time.process_time()
    result = function()
    return time.process_time() - started, result


class Timed:
    """Wraps the cross-article functions with a CPU timer (or with no-ops, to switch them off)."""

    def __init__(self, off: bool = False):
        self.seconds, self.off, self.originals = 0.0, off, {}

    def __enter__(self):
        for module, name in TIMED:
            original = self.originals[module, name] = getattr(module, name)
            setattr(module, name, (lambda *args: 0) if self.off else self._timed(original))
        return self

    def _timed(self, function):
        def timed(*args):
            seconds, result = cpu(lambda: function(*args))
            self.seconds += seconds
            return result
        return timed

    def __exit__(self, *exc):
        for (module, name), original in self.originals.items():
            setattr(module, name, original)


def write(path: Path, results: list, off: bool = False) -> tuple[float, float, list[float]]:
    """(write CPU s, cross-article CPU s, cross-article CPU s of each batch) into a fresh database."""
    db = store.open_database(path)
    per_batch = []
    with Timed(off) as timed:
        started = time.process_time()
        with store.search_indexed_after(db):
            for batch in results:
                before = timed.seconds
                store.write_batch(db, batch)
                per_batch.append(timed.seconds - before)
        return time.process_time() - started, timed.seconds, per_batch


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=1, help="load the Lee corpus N times (distinct ids)")
    args = parser.parse_args()
    texts = [line.strip() for line in LEE.read_text(encoding="utf-8", errors="replace").splitlines() if line.strip()]
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        corpus.write_text("".join(json.dumps({"id": f"a{i}", "title": f"Article {i}", "text": t}) + "\n"
                                  for i, t in enumerate(texts)), encoding="utf-8")
        articles = [a for a in readers.read_articles([str(corpus)], plugins.readers()) if isinstance(a, readers.Article)]
        nlp = build_nlp()
        batches = [articles[i:i + BATCH] for i in range(0, len(articles), BATCH)]
        spacy_seconds, results = cpu(lambda: [extract(nlp, batch, "benchmark", BATCH) for batch in batches])
        copies = [[_renamed(records, copy) for records in batch] for copy in range(args.repeat) for batch in results]
        without, _, _ = write(Path(tmp) / "without.db", copies, off=True)
        with_links, cross, per_batch = write(Path(tmp) / "with.db", copies)
        db = store.open_database(Path(tmp) / "with.db")
        counts = {table: db[table].count for table in ("claims", "claim_links", "claim_minhash", "disagreeing_figures")}
    spacy_total = spacy_seconds * args.repeat  # each copy would be parsed again by a real load
    third = max(1, len(per_batch) // 3)
    print(f"corpus: lee x{args.repeat}, {len(articles) * args.repeat} articles, {counts['claims']:,} claims; "
          f"{counts['claim_links'] // 2:,} claim links, {counts['claim_minhash']:,} index rows, "
          f"{counts['disagreeing_figures']:,} figure pairs\n")
    print("| stage | CPU s | vs spaCy extraction |")
    print("|---|---:|---:|")
    for name, value in [("extract (spaCy + our components)", spacy_total),
                        ("write without links and figures", without),
                        ("write with links and figures", with_links),
                        ("of which links + figures", cross)]:
        print(f"| {name} | {value:.2f} | {value / spacy_total:.1%} |")
    print(f"\nlinks + figures per batch of {BATCH}: first third {sum(per_batch[:third]) / third * 1000:.0f} ms, "
          f"last third {sum(per_batch[-third:]) / third * 1000:.0f} ms")


def _renamed(records, copy: int):
    """RECORDS as the COPY-th copy of the article: distinct article, claim and number ids."""
    if copy == 0:
        return records
    suffix = f"~{copy}"
    rename = {claim["id"]: claim["id"] + suffix for claim in records.claims}
    article = {**records.article, "id": records.article["id"] + suffix}
    claims = [{**claim, "id": rename[claim["id"]], "article_id": article["id"]} for claim in records.claims]
    numbers = [{**number, "id": number["id"] + suffix, "claim_id": rename[number["claim_id"]],
                "article_id": article["id"]} for number in records.numbers]
    return type(records)(article=article, claims=claims, numbers=numbers, sources=records.sources)


if __name__ == "__main__":
    main()
