"""Train the fact-check re-ranker (datasette_claims/data/fact_check_matching.json) and print MAP@5
on dev/ for each matcher variant.

Data: CLEF-2020 CheckThat! Task 2 (../shared/data/fact_checks/clef2020_task2): 10,375 Snopes
fact-checks (claim and title); 800 train and 197 dev tweets with the fact-check verifying each.
The fact-checks are loaded with the package's own reader and writer into a temporary database, so
bm25 and the features are exactly those the loader uses. Each tweet is one query (as a short
article is). The re-ranker is a logistic regression (numpy, full-batch gradient descent, L2) over
the bm25 candidates of the train tweets; deterministic, seconds. With the embeddings extra, a
second model adds the nearest fact-checks by cosine and three cosine features (embedding the
10,375 fact-checks takes minutes: --db keeps them for the next run).

Usage: python benchmarks/train_fact_check_matching.py [--write] [--db fact_checks.db]
"""
import argparse
import json
import sys
import tempfile
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from clef_matching import FACT_CHECKS, map_at_5, tweets, verified_by  # noqa: E402

from datasette_claims import embeddings, factchecks, matchstore, store, wordlists  # noqa: E402
from datasette_claims.matching import Matcher, Model  # noqa: E402

L2 = 1e-3
STEPS = 3000
LEARNING_RATE = 0.5
LEXICAL = ("bm25", "bm25_share", "inverse_rank", "claim_covered", "title_covered", "query_covered", "bigrams_covered")
MEANING = ("names_covered", "names_missing", "numbers_shared", "numbers_missing", "quantities_shared")
DENSE = ("cosine", "cosine_gap", "dense_inverse_rank")
# With vectors, bm25's best 100 and the nearest 30 by cosine are re-ranked (chosen by 5-fold
# cross-validation on train: 0.908 against 0.906 for 40 and 10; dev 0.895 against 0.892).
WIDE_CANDIDATES, WIDE_DENSE_CANDIDATES = 100, 30


def database(path: Path):
    db = store.open_database(path)
    batch = [r for r in factchecks.read_fact_checks([str(FACT_CHECKS)]) if isinstance(r, factchecks.FactCheck)]
    matchstore.write_fact_checks(db, batch)
    return db


def candidates(matcher: Matcher, split: str) -> dict[str, list[tuple[dict, str]]]:
    found = tweets(split)
    matcher.prepare([text for _, text in found])
    return {tweet_id: matcher.scored(text) for tweet_id, text in found}


def fitted(found: dict, relevant: dict, names: tuple[str, ...]) -> tuple[Model, list[float]]:
    """A re-ranker trained on train's candidates; its MAP@5 on dev and train."""
    x, y = matrix(found["train"], relevant["train"], names)
    weights, bias, _, _ = fit(x, y)
    scores = [map_at_5(ranked(found[split], names, weights, bias), relevant[split]) for split in ("dev", "train")]
    model = Model(names, tuple(float(w) for w in weights), bias, 1.0, 1.0, 1.0)
    return Model(names, model.weights, bias, 1.0, 1.0, confident_threshold(found["train"], relevant["train"], model)), scores


def saved(model: Model, dev_map: float) -> dict:
    return {"features": list(model.features), "weights": [round(w, 6) for w in model.weights], "bias": round(model.bias, 6),
            "confident": model.confident, "dev_map_at_5": round(dev_map, 3)}


def matrix(found: dict, relevant: dict, names: tuple[str, ...]):
    rows, labels = [], []
    for tweet_id, scored in found.items():
        for values, fact_check_id in scored:
            rows.append([values[n] for n in names])
            labels.append(float(fact_check_id in relevant[tweet_id]))
    return np.array(rows), np.array(labels)


def fit(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float, np.ndarray, np.ndarray]:
    """Weights and bias on standardised features (then folded back to raw ones): logistic loss,
    positives weighted to half the total."""
    mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-9
    z = (x - mean) / scale
    weight = np.where(y == 1, 0.5 / y.mean(), 0.5 / (1 - y.mean()))
    w, b = np.zeros(z.shape[1]), 0.0
    for _ in range(STEPS):
        p = 1 / (1 + np.exp(-(z @ w + b)))
        gradient = weight * (p - y) / len(y)
        w -= LEARNING_RATE * (z.T @ gradient + L2 * w)
        b -= LEARNING_RATE * gradient.sum()
    raw = w / scale
    return raw, float(b - (mean * raw).sum()), mean, scale


def ranked(found: dict, names, weights, bias) -> dict[str, list[str]]:
    out = {}
    for tweet_id, scored in found.items():
        scores = [(bias + sum(w * values[n] for n, w in zip(names, weights)), fact_check_id) for values, fact_check_id in scored]
        out[tweet_id] = [f for _, f in sorted(scores, key=lambda pair: -pair[0])]
    return out


def confident_threshold(found: dict, relevant: dict, model: Model, precision: float = 0.9) -> float:
    """The lowest score from which the best candidates on train are right at least PRECISION of the time."""
    tops = sorted(((model.score(v), f in relevant[t]) for t, s in found.items() for v, f in
                   sorted(s, key=lambda pair: -model.score(pair[0]))[:1]), reverse=True)
    threshold, right = 1.0, 0
    for n, (score, hit) in enumerate(tops, start=1):
        right += hit
        if right / n >= precision:
            threshold = score
    return round(threshold, 3)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--write", action="store_true", help="write the weights to the package's data file")
    parser.add_argument("--db", help="keep the fact-check database (and its vectors) here for the next run")
    args = parser.parse_args()
    relevant = {split: verified_by(split) for split in ("train", "dev")}
    with tempfile.TemporaryDirectory() as tmp:
        db = database(Path(args.db or Path(tmp) / "fact_checks.db"))
        print(f"{db['fact_checks'].count} fact-checks; train {len(relevant['train'])}, dev {len(relevant['dev'])} tweets")
        print("| variant | dev MAP@5 | train MAP@5 |\n| --- | --- | --- |")

        def row(label: str, scores: list[float]) -> None:
            print(f"| {label} | {scores[0]:.3f} | {scores[1]:.3f} |")

        def by(found: dict, key) -> list[float]:
            return [map_at_5({t: [f for v, f in sorted(s, key=lambda pair: -key(pair[0]))] for t, s in found[split].items()},
                             relevant[split]) for split in ("dev", "train")]

        found = {}
        for label, claim_weight, title_weight in (("bm25, the fact-check's claim only", 1.0, 0.0),
                                                   ("bm25, claim + title", 1.0, 1.0)):
            matcher = Matcher(db, Model((), (), 0.0, claim_weight, title_weight, 1.0))
            found = {split: candidates(matcher, split) for split in ("train", "dev")}
            row(label, by(found, lambda v: v["bm25"]))
        recall = np.mean([any(f in relevant["dev"][t] for _, f in s) for t, s in found["dev"].items()])
        print(f"| (dev tweets whose fact-check is among the bm25 candidates: {recall:.3f}) | | |")
        row("+ re-ranker: word, pair and title coverage", fitted(found, relevant, LEXICAL)[1])
        lexical, scores = fitted(found, relevant, LEXICAL + MEANING)
        row("+ re-ranker: ... and names, numbers, quantities", scores)
        data = {**saved(lexical, scores[0]), "claim_weight": 1.0, "title_weight": 1.0,
                "trained_on": "CLEF-2020 CheckThat! Task 2 train (800 tweets)"}
        print(f"confident from score {lexical.confident} (best candidate right >= 90% of the time on train)")
        if embeddings.available():
            matcher = Matcher(db, Model(DENSE, (0.0,) * 3, 0.0, 1.0, 1.0, 1.0, WIDE_CANDIDATES, WIDE_DENSE_CANDIDATES))
            found = {split: candidates(matcher, split) for split in ("train", "dev")}
            row("cosine alone (multilingual-e5-small), over those candidates", by(found, lambda v: v["cosine"]))
            bm25_only = {split: {t: [(v, f) for v, f in s if v["inverse_rank"]] for t, s in found[split].items()} for split in found}
            row("lexical re-ranker + cosine features, bm25 candidates", fitted(bm25_only, relevant, LEXICAL + MEANING + DENSE)[1])
            recall = np.mean([any(f in relevant["dev"][t] for _, f in s) for t, s in found["dev"].items()])
            dense, scores = fitted(found, relevant, LEXICAL + MEANING + DENSE)
            row(f"+ the {WIDE_DENSE_CANDIDATES} nearest by cosine as candidates, bm25's best {WIDE_CANDIDATES} "
                f"(dev recall {recall:.3f})", scores)
            print(f"with embeddings: confident from score {dense.confident}")
            data["with_embeddings"] = {**saved(dense, scores[0]), "candidates": WIDE_CANDIDATES,
                                       "dense_candidates": WIDE_DENSE_CANDIDATES}
        else:
            print("(embeddings extra not installed: pip install 'datasette-claims[embeddings]')")
        if args.write:
            path = wordlists.DATA / "fact_check_matching.json"
            previous = json.loads(path.read_text(encoding="utf-8"))
            data.setdefault("with_embeddings", previous.get("with_embeddings"))
            path.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
            print(f"wrote {path}")


if __name__ == "__main__":
    main()
