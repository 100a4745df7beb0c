"""Check-worthiness: how much each sentence deserves a fact-checker's time, and what kind of claim it is.

The built-in scorer is a logistic regression over cheap hashed features (``claim_features``: lemma
unigrams and bigrams, tag bigrams, entity labels, numbers, the rule-based claim type and flags of
``claim_types``) of what a sentence claims: its attribution frame ("Kremlin spokesman Dmitry
Peskov told reporters ...") is left out, a sentence scores as its most check-worthy part (clauses
around colons and semicolons, inside and outside quote marks), and its neighbours' features are
its context. Fixed prior margins (``checkworthiness_priors.tsv``) carry what the debate training
data cannot teach about news prose: allegations rank up; background, results and readers' views
rank down. ``benchmarks/train_checkworthiness.py`` trains it on ClaimBuster (Arslan, Hassan, Li
and Tremayne, ICWSM 2020, doi 10.5281/zenodo.3609356) and the CLEF-2019 CheckThat! Task 1
training debates. ``docs/checkworthiness.md`` gives the figures.

The component hands the scorer whole batches of docs (``prepare``), which ``claim_tokens`` reads
at once; a sentence's score needs its neighbours, so the scorer scores a doc's sentences together.
"""
import functools
import math

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import minibatch

from .. import wordlists
from .claim_features import CONTEXT_WEIGHT, HASH_DIMENSIONS, feature_set, sentence_feature
from .claim_tokens import TokenTable
from .claim_types import ClaimShape, claim_shape, parts_of, read_sentence
from .units import claim_sentences

MODEL_PATH = wordlists.DATA / "checkworthiness_model.npz"

if not Doc.has_extension("claim_scores"):
    Doc.set_extension("claim_scores", default=None)


@functools.cache
def trained_model() -> tuple[np.ndarray, float]:
    with np.load(MODEL_PATH) as model:
        return model["weights"], float(model["bias"])


@functools.cache
def prior_weights() -> np.ndarray:
    """checkworthiness_priors.tsv as weights: each named sentence feature's prior margin."""
    weights = np.zeros(HASH_DIMENSIONS, dtype=np.float32)
    for name, margin in wordlists.rows("checkworthiness_priors.tsv"):
        weights[sentence_feature(name)] += float(margin)
    return weights


class BuiltinScorer:
    """Logistic regression on hashed features, trained on ClaimBuster and the CLEF-2019 debates
    (see the module docstring): a sentence's own features, and its neighbours' as context.

    ``prepare(docs)`` reads and scores a batch of docs at once (the component calls it before
    asking for the scores, and a sentence's score needs its neighbours); ``score`` prepares a
    doc it has not seen on its own."""

    name = "builtin"

    def __init__(self, weights: np.ndarray | None = None, bias: float | None = None, priors: np.ndarray | None = None):
        """WEIGHTS and BIAS as trained (the shipped model's by default), plus PRIORS (the data
        file's by default)."""
        weights, self.bias = (weights, bias) if weights is not None else trained_model()
        self.weights = weights + (prior_weights() if priors is None else priors)
        self.tables, self.scores = {}, {}

    def prepare(self, docs: list[Doc]) -> None:
        self.tables = {id(doc): table for doc, table in zip(docs, TokenTable.of_docs(docs))}
        self.scores = {id(doc): self.doc_scores(self.tables[id(doc)]) for doc in docs}

    def table(self, doc: Doc) -> TokenTable:
        table = self.tables.get(id(doc))
        if table is None or table.doc is not doc:
            self.prepare([doc])
            table = self.tables[id(doc)]
        return table

    def margin(self, features) -> float:
        return float(self.weights[np.fromiter(features, dtype=np.int64, count=len(features))].sum(dtype=np.float64))

    def own_reading(self, sent: Span, table: TokenTable) -> tuple[ClaimShape, float, np.ndarray]:
        """The sentence's shape, its margin without context (its best part's), and the features
        of its content (what its neighbours see as context)."""
        shape, content = read_sentence(sent, table)
        features = feature_set(content, shape)
        margins = [self.margin(features)]
        margins += [self.margin(feature_set(part, claim_shape(sent, part))) for part in parts_of(content)]
        return shape, max(margins) + self.bias, np.fromiter(features, dtype=np.int64, count=len(features))

    def doc_margins(self, table: TokenTable) -> dict[int, tuple[ClaimShape, float]]:
        """Each claim sentence's shape and margin by start_char: its own margin plus
        CONTEXT_WEIGHT times its neighbours' context margins."""
        readings = [(sent.start_char, *self.own_reading(sent, table)) for sent in claim_sentences(table.doc)]
        context = [0.0] + [float(self.weights[features].sum()) for *_, features in readings] + [0.0]
        return {start: (shape, own + CONTEXT_WEIGHT * (context[k] + context[k + 2]))
                for k, (start, shape, own, _) in enumerate(readings)}

    def doc_scores(self, table: TokenTable) -> dict[int, dict]:
        return {start: result(shape, margin) for start, (shape, margin) in self.doc_margins(table).items()}

    def score(self, sent: Span) -> dict:
        table = self.table(sent.doc)
        found = self.scores[id(sent.doc)].get(sent.start_char)
        if found is None:  # a span that is not one of the doc's claim sentences: no context
            shape, own, _ = self.own_reading(sent, table)
            found = result(shape, own)
        return found


def result(shape: ClaimShape, margin: float) -> dict:
    return {
        "checkworthiness": round(1.0 / (1.0 + math.exp(-max(margin, -500.0))), 6),
        "claim_type": shape.claim_type,
        "hedged": shape.hedged,
        "negated": shape.negated,
    }

class ClaimsCheckworthiness:
    """Scores every claim unit with the scorer chosen by name from the register_claims_scorers hook."""

    def __init__(self, scorer: str):
        from .. import plugins

        available = plugins.scorers()
        if scorer not in available:
            raise ValueError(
                f"No claims scorer named {scorer!r}; available scorers: {', '.join(sorted(available)) or 'none'}"
            )
        self.scorer = available[scorer]

    def pipe(self, docs, batch_size: int = 128):
        """Scores docs batch by batch; a scorer with a ``prepare(docs)`` method is handed each
        batch first, so that it can read the batch at once."""
        prepare = getattr(self.scorer, "prepare", None)
        for batch in minibatch(docs, size=batch_size):
            if prepare is not None:
                prepare(batch)
            yield from map(self, batch)

    def __call__(self, doc: Doc) -> Doc:
        doc._.claim_scores = {sent.start_char: self.scorer.score(sent) for sent in claim_sentences(doc)}
        return doc


@Language.factory("claims_checkworthiness", default_config={"scorer": "builtin"})
def make_claims_checkworthiness(nlp: Language, name: str, scorer: str) -> ClaimsCheckworthiness:
    if scorer == BuiltinScorer.name:
        trained_model()  # read where the pipeline is built, so that forked workers share it
    return ClaimsCheckworthiness(scorer)
