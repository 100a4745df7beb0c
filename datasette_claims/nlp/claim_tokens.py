"""A batch of docs read once as arrays: each token's flags from the word lists (cue words,
negations, attribution cues, courtesy phrases) and spaCy's labels, and its feature indices.

Speed matters (everything this package adds must cost under a tenth of spaCy's own time): token
attributes are read once with Doc.to_array (``Tokens``), each string's flags are worked out the
first time it is met (``KnownKeys``), and feature indices are computed with numpy from spaCy's
string hashes. Cue words live in data files (``wordlists``); ``doc._.numbers`` is used when the
numbers component ran, and spaCy's entity labels otherwise.
"""
import functools
import operator
import re
from collections import namedtuple

import numpy as np
from spacy.strings import get_string_id
from spacy.tokens import Doc

from .. import wordlists
from .claim_features import BIGRAM, ENTITY, NUMBER, SENTENCE_END, SENTENCE_START, TAG_BIGRAM, UNIGRAM, mixed, pairs

CHECKABLE_NUMBER_LABELS = frozenset({"CARDINAL", "MONEY", "PERCENT", "QUANTITY"})
CHECKABLE_NUMBER_KINDS = frozenset({"count", "money", "percent", "quantity", "age"})
COMPARATIVE_TAGS = frozenset({"JJR", "JJS", "RBR", "RBS"})
SUPERLATIVE_TAGS = frozenset({"JJS", "RBS"})
CLAUSE_BREAKS = frozenset({":", ";"})
FIRST_PERSON_SINGULAR = frozenset({"i", "me", "my", "mine", "myself"})
QUOTE_MARKS = "\"“”«»„"
TOKEN_ATTRIBUTES = ["LEMMA", "LOWER", "TAG", "POS", "DEP", "ENT_TYPE", "ENT_IOB", "IDX", "LENGTH", "SPACY", "IS_PUNCT",
                    "IS_SPACE", "LIKE_NUM"]  # in this order
ENT_IOB_BEGIN = 3
WORD_PIECES = re.compile(r"\w+")


@functools.cache
def negations() -> frozenset[str]:
    return frozenset(wordlists.words("negations.txt"))


@functools.cache
def not_claim_patterns() -> tuple[re.Pattern, re.Pattern]:
    """Greetings and turn-taking phrases, and the page furniture that boilerplate.txt describes."""
    phrases = sorted(wordlists.words("not_claim_phrases.txt"), key=len, reverse=True)
    courtesy = re.compile(r"\b(?:" + "|".join(re.escape(p) for p in phrases) + r")\b" if phrases else "(?!)")
    furniture = wordlists.whole_line_pattern("boilerplate.txt")
    return courtesy, furniture


@functools.cache
def attribution_cues() -> tuple[frozenset[str], dict[str, tuple[tuple[str, ...], ...]]]:
    """attribution_cues.txt: single verb lemmas ("say"), and phrases ("according to") by first word."""
    cues = wordlists.words("attribution_cues.txt")
    phrases = {}
    for cue in cues:
        if " " in cue:
            first, *rest = cue.split()
            phrases[first] = (*phrases.get(first, ()), tuple(rest))
    return frozenset(c for c in cues if " " not in c), phrases


def doc_extension(doc: Doc, name: str):
    """doc._.NAME when another component has set it, else None: the scorer works without them."""
    return getattr(doc._, name) if Doc.has_extension(name) else None


CUE_LISTS = ("hedges", "prediction_cues", "causal_cues", "comparison_cues", "rule_cues", "opinion_cues",
             "allegation_cues", "background_cues")
FLAGS = CUE_LISTS + ("attribution_cue", "modal", "negation", "first_person", "comparative", "superlative", "verb",
                     "verb_or_aux", "prep", "clause_break", "quote_mark", "punct", "space", "like_num", "number",
                     "courtesy")
BIT = {name: 1 << k for k, name in enumerate(FLAGS)}
LEXEME_FLAGS = {"punct": "IS_PUNCT", "space": "IS_SPACE", "like_num": "LIKE_NUM"}  # spaCy's, read with the tokens
LABEL_FLAGS = {  # (tag, pos, dep, entity label) -> holds
    "modal": lambda tag, pos, dep, entity: tag == "MD",
    "comparative": lambda tag, pos, dep, entity: tag in COMPARATIVE_TAGS,
    "superlative": lambda tag, pos, dep, entity: tag in SUPERLATIVE_TAGS,
    "verb": lambda tag, pos, dep, entity: pos == "VERB",
    "verb_or_aux": lambda tag, pos, dep, entity: pos in ("VERB", "AUX"),
    "negation": lambda tag, pos, dep, entity: dep == "neg",
    "prep": lambda tag, pos, dep, entity: dep == "prep",
    "number": lambda tag, pos, dep, entity: entity in CHECKABLE_NUMBER_LABELS,
}
LOOKED_UP = ("LEMMA", "LOWER", "LABELS")  # the kinds of key a token is looked up by
KIND_SALTS = np.array([0x9E3779B97F4A7C15 * (k + 1) & 0xFFFFFFFFFFFFFFFF for k in range(len(LOOKED_UP))],
                      dtype=np.uint64)
LABEL_MULTIPLIERS = np.array([1, 0xBF58476D1CE4E5B9, 0x94D049BB133111EB, 0xD6E8FEB86659FD93], dtype=np.uint64)


class KnownKeys:
    """BIT flags of every key met so far (a lemma, a lowercase word, a combination of tag, POS,
    dependency and entity label), by row: a key is described (from strings) only the first
    time it is met, and a batch's look-ups are one dictionary pass."""

    def __init__(self):
        self.row_of = {}
        self.bits, self.modal_bits = np.zeros(0, np.int64), np.zeros(0, np.int64)
        self.texts = []  # by row: the lowercase text of a lemma or word, None for labels

    def rows(self, keys: np.ndarray, describe) -> np.ndarray:
        """Rows of the (kind, token) array of KEYS; DESCRIBE(kind, token) -> (bits, modal bits,
        text) for a key not met yet."""
        flat = keys.ravel().tolist()
        rows = list(map(self.row_of.get, flat))
        if None in rows:
            new = {}
            for position, (key, row) in enumerate(zip(flat, rows)):
                if row is None and key not in new:
                    new[key] = describe(LOOKED_UP[position // keys.shape[1]], position % keys.shape[1])
            self.row_of.update(zip(new, range(len(self.row_of), len(self.row_of) + len(new))))
            bits, modal_bits, texts = zip(*new.values())
            self.texts.extend(texts)
            self.bits = np.concatenate([self.bits, np.array(bits, dtype=np.int64)])
            self.modal_bits = np.concatenate([self.modal_bits, np.array(modal_bits, dtype=np.int64)])
            rows = list(map(self.row_of.__getitem__, flat))
        return np.array(rows, dtype=np.int64).reshape(keys.shape)


class Lexicon:
    """The word lists as BIT flags of lemmas and words, and the keys already described."""

    def __init__(self):
        self.cue_bits, self.modal_bits, self.cue_phrases = {}, {}, {}
        for name in CUE_LISTS:
            for row in wordlists.rows(f"{name}.txt"):
                phrase = tuple(row[0].split())
                if row[1:] == ("MD",):
                    self.modal_bits[row[0]] = self.modal_bits.get(row[0], 0) | BIT[name]
                elif len(phrase) == 1:
                    self.cue_bits[row[0]] = self.cue_bits.get(row[0], 0) | BIT[name]
                else:
                    bits = self.cue_phrases.setdefault(phrase[0], {}).get(phrase, 0)
                    self.cue_phrases[phrase[0]][phrase] = bits | BIT[name]
        phrases = [phrase for by_first in self.cue_phrases.values() for phrase in by_first]
        first, second = (np.array([get_string_id(p[k]) for p in phrases], dtype=np.uint64) for k in (0, 1))
        self.cue_phrase_openings = np.unique(pairs(first, second))
        self.longest_cue_phrase = max(map(len, phrases), default=0)
        verbs, attribution_phrases = attribution_cues()
        # A verb of opinion ("think", "believe") credits a speaker, but what it reports is an
        # opinion: here it counts only as the opinion cue it also is.
        opinions = {word for word in wordlists.words("opinion_cues.txt") if " " not in word}
        self.attribution_words = (verbs - opinions) | attribution_phrases.keys()
        self.courtesy_words = {
            w for phrase in wordlists.words("not_claim_phrases.txt") for w in WORD_PIECES.findall(phrase)}
        self.known = KnownKeys()

    def word_facts(self, text: str) -> tuple[int, int, str]:
        """A lowercase lemma or word: the cue lists it is in as a single word."""
        bits = self.cue_bits.get(text, 0)
        bits |= BIT["attribution_cue"] if text in self.attribution_words else 0
        return bits, self.modal_bits.get(text, 0), text

    def lower_facts(self, text: str) -> tuple[int, int, str]:
        bits, modal_bits, _ = self.word_facts(text)
        bits |= BIT["negation"] if text in negations() else 0
        bits |= BIT["first_person"] if text in FIRST_PERSON_SINGULAR else 0
        bits |= BIT["clause_break"] if text in CLAUSE_BREAKS or text in QUOTE_MARKS else 0
        bits |= BIT["quote_mark"] if any(mark in text for mark in QUOTE_MARKS) else 0
        bits |= BIT["courtesy"] if all(w in self.courtesy_words for w in WORD_PIECES.findall(text)) else 0
        return bits, modal_bits, text

    @staticmethod
    def label_facts(labels: tuple[str, str, str, str]) -> tuple[int, int, None]:
        return sum(BIT[flag] for flag, holds in LABEL_FLAGS.items() if holds(*labels)), 0, None


@functools.cache
def lexicon() -> Lexicon:
    return Lexicon()



FEATURE_KINDS = ("unigrams", "bigrams", "tag_bigrams", "first_bigrams", "last_bigrams", "entities")
FeatureLists = namedtuple("FeatureLists", FEATURE_KINDS)  # each token's feature indices (-1: none)


class WordTexts:
    """The lowercase lemma and word of token I, for the cue phrases (``known``, ``lemma_rows``
    and ``lower_rows`` are the subclass's)."""

    def lemma(self, i: int) -> str:
        return self.known.texts[self.lemma_rows[i]]

    def lower(self, i: int) -> str:
        return self.known.texts[self.lower_rows[i]]


class Tokens(WordTexts):
    """The tokens of a batch of docs, one after another, as arrays read once through
    Doc.to_array: their flags (BIT) and the feature indices of each token and of each token with
    the next one that is not a space. Numpy's cost per call is paid once per batch, not per
    doc or sentence; spaCy's Token properties would cost a string look-up at every access."""

    def __init__(self, docs: list[Doc]):
        self.docs = docs
        lengths = np.array([len(doc) for doc in docs], dtype=np.int64)
        self.offsets = np.concatenate([[0], np.cumsum(lengths)])
        self.ids = np.concatenate([np.zeros((0, len(TOKEN_ATTRIBUTES)), dtype=np.uint64)] + [
            doc.to_array(TOKEN_ATTRIBUTES).reshape(len(doc), len(TOKEN_ATTRIBUTES)) for doc in docs])
        column = dict(zip(TOKEN_ATTRIBUTES, self.ids.T))
        doc_of_token = np.repeat(np.arange(len(docs)), lengths)
        labels = np.stack([column[name] for name in ("TAG", "POS", "DEP", "ENT_TYPE")])
        keys = np.stack([column["LEMMA"], column["LOWER"], (labels * LABEL_MULTIPLIERS[:, None]).sum(axis=0)])
        self.known = lexicon().known
        keys ^= KIND_SALTS[:, None]
        at = self.known.rows(keys, self._describe)
        self.lemma_rows, self.lower_rows = at[0].tolist(), at[1].tolist()
        bits = np.bitwise_or.reduce(self.known.bits[at], axis=0)
        for flag, attribute in LEXEME_FLAGS.items():
            bits |= np.where(column[attribute] != 0, BIT[flag], 0)
        bits |= np.where(bits & BIT["modal"], self.known.modal_bits[at[0]] | self.known.modal_bits[at[1]], 0)
        space, like_num = bits & BIT["space"] != 0, bits & BIT["like_num"] != 0
        non_space = np.flatnonzero(~space)
        following = np.append(non_space, len(space))[np.searchsorted(non_space, np.arange(len(space)), side="right")]
        self.next = np.where(following < self.offsets[doc_of_token + 1], following, -1)  # -1: the doc ends
        self.next_list = self.next.tolist()
        doc_start = self.offsets[doc_of_token]
        self.local_next_list = np.where(self.next >= 0, self.next - doc_start, lengths[doc_of_token]).tolist()
        lowers = list(map(self.known.texts.__getitem__, self.lower_rows))
        self.lowers_with_space = [lower + " " if space_after else lower for lower, space_after in
                                  zip(lowers, column["SPACY"].tolist())]
        for i in self._cue_phrase_starts([column["LEMMA"], column["LOWER"]]):
            bits[i] |= self._cue_phrase_bits(i)
        bits &= ~BIT["number"]
        bits |= np.where(self._checkable_numbers(like_num & (self.known.bits[at[2]] & BIT["number"] != 0)),
                         BIT["number"], 0)
        self.bits, self.space = bits.tolist(), space.tolist()
        self.terms = np.where(like_num, column["ENT_TYPE"] ^ NUMBER, column["LEMMA"])
        self.tags = column["TAG"]
        self.unigrams = mixed(self.terms, UNIGRAM)
        self.bigrams = mixed(pairs(self.terms, self.following(self.terms)), BIGRAM)  # each token with the next
        self.tag_bigrams = mixed(pairs(self.tags, self.following(self.tags)), TAG_BIGRAM)
        self.first_bigrams = mixed(pairs(SENTENCE_START, self.terms), BIGRAM)
        self.last_bigrams = mixed(pairs(self.terms, SENTENCE_END), BIGRAM)
        self.entities = np.where(column["ENT_IOB"] == ENT_IOB_BEGIN, mixed(column["ENT_TYPE"], ENTITY), -1)
        self.feature_lists = FeatureLists(*(getattr(self, name).tolist() for name in FEATURE_KINDS))

    def following(self, codes: np.ndarray) -> np.ndarray:
        """The codes of each token's next token, SENTENCE_END at the end of a doc."""
        return np.append(codes, SENTENCE_END)[self.next]

    def _describe(self, kind: str, token: int) -> tuple[int, int, str | None]:
        vocab, ids = self.docs[0].vocab, self.ids[token]
        if kind == "LEMMA":
            return lexicon().word_facts(vocab.strings[ids[0]].lower())
        if kind == "LOWER":
            return lexicon().lower_facts(vocab.strings[ids[1]])
        return lexicon().label_facts(tuple(vocab.strings[i] for i in ids[2:6]))

    def _cue_phrase_starts(self, forms: list[np.ndarray]) -> list[int]:
        """Tokens where the first two words of a cue phrase stand, as lemmas or as written."""
        openings = lexicon().cue_phrase_openings
        starts = np.zeros(len(self.next), dtype=bool)
        for codes in forms if len(openings) else ():
            keys = pairs(codes, self.following(codes))
            starts |= openings[np.minimum(np.searchsorted(openings, keys), len(openings) - 1)] == keys
        return np.flatnonzero(starts).tolist()

    def _cue_phrase_bits(self, i: int) -> int:
        """BIT flags of the cue phrases that start at token I, as lemmas or as written."""
        following, k = [], i
        while k >= 0 and len(following) < lexicon().longest_cue_phrase:
            following.append(k)
            k = self.next_list[k]
        found = 0
        for form in (self.lemma, self.lower):
            words = tuple(map(form, following))
            for phrase, bits in lexicon().cue_phrases.get(words[0], {}).items():
                found |= bits if words[:len(phrase)] == phrase else 0
        return found

    def _checkable_numbers(self, labelled: np.ndarray) -> np.ndarray:
        """Tokens where a count, amount, percentage or measure (not a date) starts: as the numbers
        component found them, else the LABELLED ones (by spaCy's entity labels)."""
        marks = labelled.copy()
        starts = self.ids[:, TOKEN_ATTRIBUTES.index("IDX")].astype(np.int64)
        ends = starts + self.ids[:, TOKEN_ATTRIBUTES.index("LENGTH")].astype(np.int64)
        for doc, offset in zip(self.docs, self.offsets.tolist()):
            numbers = doc_extension(doc, "numbers")
            if numbers is None:
                continue
            doc_starts, doc_ends = starts[offset:offset + len(doc)], ends[offset:offset + len(doc)]
            wanted = np.array([n["start_char"] for n in numbers if n.get("kind") in CHECKABLE_NUMBER_KINDS],
                              dtype=np.int64)
            tokens = np.searchsorted(doc_starts, wanted, side="right") - 1
            inside = (tokens >= 0) & (wanted < doc_ends[np.maximum(tokens, 0)])
            marks[offset:offset + len(doc)] = False
            marks[offset + tokens[inside]] = True
        return marks


class TokenTable(WordTexts):
    """One doc's part of a batch's Tokens, by the doc's own token indices: plain lists where a
    sentence reads token by token, array views where numpy reads them."""

    def __init__(self, tokens: Tokens, k: int):
        self.doc = doc = tokens.docs[k]
        start, end = int(tokens.offsets[k]), int(tokens.offsets[k + 1])
        self.bits, self.space = tokens.bits[start:end], tokens.space[start:end]
        self.next = tokens.local_next_list[start:end]
        self.lemma_rows, self.lower_rows = tokens.lemma_rows[start:end], tokens.lower_rows[start:end]
        self.known = tokens.known
        self.lowers_with_space = tokens.lowers_with_space[start:end]
        self.terms, self.tags = tokens.terms[start:end], tokens.tags[start:end]
        self.feature_lists = FeatureLists(*(lists[start:end] for lists in tokens.feature_lists))

    @classmethod
    def of_docs(cls, docs: list[Doc]) -> list["TokenTable"]:
        tokens = Tokens(docs)
        return [cls(tokens, k) for k in range(len(docs))]

    def lower_text(self, indices) -> str:
        """The words' text in lowercase (all that the not-claim patterns need): Doc.text would
        make a Token object for every token of the doc."""
        first, last = indices[0], indices[-1]
        if last - first + 1 == len(indices):
            return "".join(self.lowers_with_space[first:last + 1])
        return "".join(self.lowers_with_space[i] for i in indices)


class SentenceWords:
    """Some words of a sentence (not always contiguous): indices into the doc's TokenTable,
    and the union of their flags."""

    def __init__(self, table: TokenTable, indices):
        self.table = table
        self.indices = [i for i in indices if not table.space[i]]
        self.bits = functools.reduce(operator.or_, map(table.bits.__getitem__, self.indices), 0)

    def has(self, flag: str) -> bool:
        return bool(self.bits & BIT[flag])

    def lower_text(self) -> str:
        return self.table.lower_text(self.indices) if self.indices else ""
