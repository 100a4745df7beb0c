"""Hashed features of a sentence for the check-worthiness model: feature indices come from
spaCy's string hashes (MurmurHash, the same on every machine) mixed by a fixed function, never
from Python's ``hash()``. The per-token indices are computed for a whole batch by
``claim_tokens.Tokens``; here they are gathered per sentence, with the sentence's own features
(claim type, length, flags) and its neighbours' as context."""
from __future__ import annotations

import functools
from typing import TYPE_CHECKING

import numpy as np
from spacy.strings import get_string_id

if TYPE_CHECKING:
    from .claim_tokens import SentenceWords
    from .claim_types import ClaimShape

HASH_BITS = 18
HASH_DIMENSIONS = 2**HASH_BITS


def mixed(keys: np.ndarray, salt: int) -> np.ndarray:
    """Feature indices of uint64 KEYS for one kind of feature (SALT): the splitmix64 finalizer,
    so that similar keys land far apart."""
    x = keys ^ np.uint64(salt * 0x9E3779B97F4A7C15 & 0xFFFFFFFFFFFFFFFF)
    x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return ((x ^ (x >> np.uint64(31))) & np.uint64(HASH_DIMENSIONS - 1)).astype(np.int64)


def pairs(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """One uint64 key for each pair of codes (wrapping arithmetic: a hash, not an encoding)."""
    return first * np.uint64(0x9E3779B97F4A7C15) + second


SENTENCE_START, SENTENCE_END, NUMBER = (
    np.array([get_string_id(marker)], dtype=np.uint64) for marker in ("<s>", "</s>", "#NUM"))
UNIGRAM, BIGRAM, TAG_BIGRAM, ENTITY, SENTENCE = range(1, 6)
# A neighbouring sentence's features count as this sentence's context, at this value and with
# the sentence's own weights: the CLEF labels depend on the lines around a line (journalists check
# claims in runs), and a news sentence has neighbours too.
CONTEXT_WEIGHT = 0.25


@functools.cache
def sentence_feature(name: str) -> int:
    return int(mixed(np.array([get_string_id(name)], dtype=np.uint64), SENTENCE)[0])


def sentence_features(words: SentenceWords, shape: ClaimShape) -> tuple[int, ...]:
    """Hashed features of the whole: the claim type, the length and the flags."""
    return whole_features(shape, min(len(words.indices) // 5, 8))


@functools.cache
def whole_features(shape: ClaimShape, length: int) -> tuple[int, ...]:
    names = [f"type:{shape.claim_type}", f"len:{length}"]
    names += [name for name, on in (("hedged", shape.hedged), ("negated", shape.negated), ("number", shape.has_number),
                                    ("comparative", shape.comparative), ("opinion", shape.opinion),
                                    ("allegation", shape.allegation), ("background", shape.background)) if on]
    return tuple(sentence_feature(name) for name in names)


def feature_set(words: SentenceWords, shape: ClaimShape) -> set[int]:
    """Distinct hashed features of the words: lemma unigrams and bigrams (numbers abstracted to
    their entity label), tag bigrams, entity labels, and the sentence's (sentence_features).
    Read from the table's lists (slices when the words run without a gap, as nearly all do):
    quicker than numpy for so few."""
    features, indices, lists = set(sentence_features(words, shape)), words.indices, words.table.feature_lists
    if not indices:
        return features
    first, last = indices[0], indices[-1]
    features.update((lists.first_bigrams[first], lists.last_bigrams[last]))
    if last - first + 1 == len(indices):
        features.update(lists.unigrams[first:last + 1], lists.entities[first:last + 1],
                        lists.bigrams[first:last], lists.tag_bigrams[first:last])
    else:
        features.update(map(lists.unigrams.__getitem__, indices), map(lists.entities.__getitem__, indices))
        table, gaps = words.table, []
        for i, j in zip(indices, indices[1:]):
            if table.next[i] == j:
                features.update((lists.bigrams[i], lists.tag_bigrams[i]))
            else:
                gaps.append((i, j))
        if gaps:
            before, after = np.array(gaps, dtype=np.int64).T
            features.update(mixed(pairs(table.terms[before], table.terms[after]), BIGRAM).tolist())
            features.update(mixed(pairs(table.tags[before], table.tags[after]), TAG_BIGRAM).tolist())
    features.discard(-1)  # tokens that begin no entity
    return features


def feature_indices(words: SentenceWords, shape: ClaimShape) -> np.ndarray:
    """feature_set as a sorted array: a row of the training data."""
    return np.array(sorted(feature_set(words, shape)), dtype=np.int64)
