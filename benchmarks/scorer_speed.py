"""What this package's components cost next to spaCy's own pipeline, timed in one run.

    python benchmarks/scorer_speed.py [--corpus lee|seed] [--passes N] [--batch-size 32]

Runs the loader's pipeline (datasette_claims.nlp.pipeline.build_nlp) over the corpus the way
nlp.pipe does, one batch through one component after another, and adds up each component's CPU
time (process time, so other work on a shared machine counts less than in wall time). Each
component is timed inside the same passes as spaCy's, so the shares compare like with like; a
share is the component's time over the time of spaCy's own components (tok2vec, tagger, parser,
...: the pipeline a plain ``spacy.load`` gives). The budget: everything this package adds costs
at most 10% of that together.

Lee corpus: ../shared/data/news/lee/lee_background.cor, one news article per line (Lee, Pincombe
and Welsh, 2005).
"""
import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LEE = ROOT.parent / "shared" / "data" / "news" / "lee" / "lee_background.cor"


def corpus_texts(name: str) -> list[str]:
    if name == "seed":
        from datasette_claims import plugins, readers

        return [a.text for a in readers.read_articles([str(ROOT / "seeds")], plugins.readers())]
    if not LEE.exists():
        sys.exit(f"{LEE} not available: run with --corpus seed")
    return [line.strip() for line in LEE.read_text(encoding="utf-8", errors="replace").splitlines() if line.strip()]


def timed_pipe(nlp, texts: list[str], batch_size: int) -> tuple[dict[str, float], int]:
    """CPU seconds per component over all TEXTS, batch by batch as nlp.pipe runs them; and the
    number of sentences."""
    seconds, sentences = defaultdict(float), 0
    for start in range(0, len(texts), batch_size):
        began = time.process_time()
        docs = [nlp.make_doc(text) for text in texts[start:start + batch_size]]
        seconds["tokenizer"] += time.process_time() - began
        for name, component in nlp.pipeline:
            began = time.process_time()
            docs = list(component.pipe(docs)) if hasattr(component, "pipe") else [component(doc) for doc in docs]
            seconds[name] += time.process_time() - began
        sentences += sum(len(doc._.claim_scores) for doc in docs)
    return seconds, sentences


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", choices=["lee", "seed"], default="lee")
    parser.add_argument("--passes", type=int, default=1, help="time the corpus N times and add up")
    parser.add_argument("--batch-size", type=int, default=32)
    args = parser.parse_args()
    from datasette_claims.nlp.pipeline import build_nlp

    nlp = build_nlp()
    texts = corpus_texts(args.corpus)
    timed_pipe(nlp, texts[: args.batch_size], args.batch_size)  # warm up: word lists, model, caches
    ours = [name for name in nlp.pipe_names if name.startswith("claims_")]
    seconds, sentences, scorer_shares = defaultdict(float), 0, []
    for _ in range(args.passes):
        more, count = timed_pipe(nlp, texts, args.batch_size)
        sentences += count
        for name, value in more.items():
            seconds[name] += value
        scorer_shares.append(more["claims_checkworthiness"] / sum(v for k, v in more.items() if k not in ours))
    spacy_seconds = sum(value for name, value in seconds.items() if name not in ours)
    print(f"corpus: {args.corpus}, {len(texts)} articles x{args.passes}, {sentences:,} sentences, "
          f"batch size {args.batch_size}\n")
    print(f"| {'component':<24} | {'CPU s':>7} | {'µs/sentence':>11} | {'share of spaCy':>14} |")
    print(f"|{'-' * 26}|{'-' * 8}:|{'-' * 12}:|{'-' * 15}:|")
    rows = [("spaCy's own components", spacy_seconds)] + [(name, seconds[name]) for name in ours]
    rows.append(("ours together", sum(seconds[name] for name in ours)))
    for name, value in rows:
        print(f"| {name:<24} | {value:>7.2f} | {value / sentences * 1e6:>11.0f} | {value / spacy_seconds:>14.1%} |")
    print(f"\nclaims_checkworthiness share, pass by pass (the first meets every word for the first time): "
          f"{', '.join(f'{share:.1%}' for share in scorer_shares)}")


if __name__ == "__main__":
    main()
