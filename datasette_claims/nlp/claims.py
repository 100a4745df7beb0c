"""Check-worthiness: how much each sentence deserves a fact-checker's time, and what kind of claim it is.

The built-in scorer is a logistic regression over cheap hashed features (lemma unigrams and
bigrams, tag bigrams, entity labels, numbers, the rule-based claim type and the hedge, negation,
comparative and opinion flags) of what a sentence claims: its attribution frame ("Kremlin
spokesman Dmitry Peskov told reporters ...") is left out, and a sentence scores as its most
check-worthy part (clauses around colons and semicolons, inside and outside quote marks).
``benchmarks/train_checkworthiness.py`` trains it on the ClaimBuster dataset: Arslan, Hassan, Li
and Tremayne, "A Benchmark Dataset of Check-worthy Factual Claims", ICWSM 2020,
doi 10.5281/zenodo.3609356. ``docs/checkworthiness.md`` gives the figures.

Speed matters (everything this package adds must cost under a tenth of spaCy's own time), so the
component hands the scorer whole batches of docs (``prepare``): their token attributes are read
once with Doc.to_array (``Tokens``), each string's flags are worked out the first time it is met
(``KnownKeys``), and feature indices are computed with numpy from spaCy's string hashes.

Claim types follow Full Fact's typology (Konstantinovskiy et al., "Toward Automated Factchecking:
Developing an Annotation Schema and Benchmark for Consistent Automated Claim Detection", 2021).
Cue words live in data files (``wordlists``); ``doc._.numbers`` and ``doc._.attributions`` are
used when the numbers and attribution components ran, and spaCy's own annotations otherwise.
"""
import functools
import math
import operator
import re
from collections import namedtuple
from dataclasses import dataclass

import numpy as np
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span
from spacy.util import minibatch

from .. import wordlists
from .units import claim_sentences

MODEL_PATH = wordlists.DATA / "checkworthiness_model.npz"
HASH_BITS = 18
HASH_DIMENSIONS = 2**HASH_BITS
CHECKABLE_NUMBER_LABELS = frozenset({"CARDINAL", "MONEY", "PERCENT", "QUANTITY"})
CHECKABLE_NUMBER_KINDS = frozenset({"count", "money", "percent", "quantity", "age"})
COMPARATIVE_TAGS = frozenset({"JJR", "JJS", "RBR", "RBS"})
SUPERLATIVE_TAGS = frozenset({"JJS", "RBS"})
CLAUSE_BREAKS = frozenset({":", ";"})
CONTENT_DEPS = frozenset({"ccomp", "parataxis"})
FRAME_DEPS = frozenset({"nsubj", "nsubjpass", "agent", "dative", "dobj", "aux", "auxpass", "npadvmod", "advcl", "prep"})
TOPIC_PREPOSITIONS = frozenset({"of", "about"})  # "said of 100,000 troops": the topic is content
FIRST_PERSON_SINGULAR = frozenset({"i", "me", "my", "mine", "myself"})
QUOTE_MARKS = "\"“”«»„"
CLAIM_TYPES = ("quantity", "prediction", "causal", "comparison", "rule", "quote", "personal", "other", "not_claim")
TOKEN_ATTRIBUTES = ["LEMMA", "LOWER", "TAG", "POS", "DEP", "ENT_TYPE", "ENT_IOB", "IDX", "LENGTH", "SPACY", "IS_PUNCT",
                    "IS_SPACE", "LIKE_NUM"]  # in this order
ENT_IOB_BEGIN = 3
WORD_PIECES = re.compile(r"\w+")

if not Doc.has_extension("claim_scores"):
    Doc.set_extension("claim_scores", default=None)


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


CUE_LISTS = ("hedges", "prediction_cues", "causal_cues", "comparison_cues", "rule_cues", "opinion_cues")
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
        self.attribution_words = verbs | attribution_phrases.keys()
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
UNIGRAM, BIGRAM, TAG_BIGRAM, ENTITY, SENTENCE, CONTEXT = range(1, 7)
CONTEXT_WEIGHT = 0.25  # the value of each context feature: a neighbour says less than the sentence


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


@dataclass(frozen=True)
class ClaimShape:
    """The rule-based reading of a sentence: its Full Fact claim type and flags."""

    claim_type: str
    hedged: bool
    negated: bool
    has_number: bool
    comparative: bool
    opinion: bool


def is_not_claim(words: SentenceWords) -> bool:
    """Questions, greetings, thanks and page furniture state nothing that could be checked."""
    text = words.lower_text().strip().rstrip(QUOTE_MARKS + " '")
    if text.endswith("?") or (not words.has("verb_or_aux") and len(words.indices) < 4):
        return True
    courtesy, furniture = not_claim_patterns()
    if all(words.table.bits[i] & (BIT["courtesy"] | BIT["punct"]) for i in words.indices):
        bare = " ".join(re.sub(r"[^\w\s']", " ", text).split())
        if not re.search(r"\w", courtesy.sub("", bare)):
            return True
    return bool(furniture.fullmatch(text))


def phrase_at(table: TokenTable, i: int) -> bool:
    """A several-word attribution cue starts at token I: its first word as a lemma or as
    written, then as written."""
    _, phrases = attribution_cues()
    rests = phrases.get(table.lemma(i)) or phrases.get(table.lower(i))
    if not rests:
        return False
    following = tuple(table.lower(k) for k in range(i + 1, min(i + 4, len(table.space))))
    return any(following[:len(rest)] == rest for rest in rests)


def speech_verbs(table: TokenTable, indices) -> list[int]:
    """Verbs that credit the sentence's content to somebody: "said", "told", "pointed out"."""
    verbs, _ = attribution_cues()
    wanted = BIT["verb"] | BIT["attribution_cue"]
    return [i for i in indices if table.bits[i] & wanted == wanted and (table.lemma(i) in verbs or phrase_at(table, i))]


def is_credited_speech(sent: Span, table: TokenTable) -> bool:
    attributions = doc_extension(sent.doc, "attributions")
    if attributions is not None and sent.start_char in attributions:
        return True
    tokens = range(sent.start, sent.end)
    return any(table.bits[i] & BIT["quote_mark"] for i in tokens) or bool(speech_verbs(table, tokens))


def claim_content(words: SentenceWords) -> SentenceWords:
    """The sentence without its attribution frame (who said it, to whom, "according to" whom):
    what a fact-checker checks is the content, and a frame full of names and titles would
    otherwise make any reported opinion look factual."""
    if not words.has("attribution_cue"):
        return words
    table, frame = words.table, set()
    for verb in (table.doc[i] for i in speech_verbs(table, words.indices)):
        if any(child.dep_ in CONTENT_DEPS for child in verb.children) or verb.dep_ in CONTENT_DEPS:
            frame.add(verb.i)
            for child in verb.children:
                if child.dep_ in FRAME_DEPS and child.lower_ not in TOPIC_PREPOSITIONS:
                    frame.update(t.i for t in child.subtree)
    for i in words.indices:
        if table.bits[i] & BIT["prep"] and phrase_at(table, i):
            frame.update(t.i for t in table.doc[i].subtree)
    if not frame:
        return words
    content = [i for i in words.indices if i not in frame]
    return SentenceWords(table, content) if any(not table.bits[i] & BIT["punct"] for i in content) else words


def claim_shape(sent: Span, words: SentenceWords) -> ClaimShape:
    """Claim type of WORDS (the sentence SENT or a part of it) by the first rule that applies,
    most specific first."""
    cues = words.bits
    hedged, opinion, has_number = bool(cues & BIT["hedges"]), bool(cues & BIT["opinion_cues"]), words.has("number")
    if is_not_claim(words):
        claim_type = "not_claim"
    elif cues & BIT["prediction_cues"]:
        claim_type = "prediction"
    elif cues & BIT["causal_cues"]:
        claim_type = "causal"
    elif cues & (BIT["comparison_cues"] | BIT["superlative"]):
        claim_type = "comparison"
    elif has_number:
        claim_type = "quantity"
    elif cues & BIT["rule_cues"]:
        claim_type = "rule"
    elif opinion and is_credited_speech(sent, words.table):
        claim_type = "quote"
    elif cues & BIT["first_person"]:
        claim_type = "personal"
    else:
        claim_type = "other"
    return ClaimShape(claim_type, hedged, words.has("negation"), has_number, words.has("comparative"), opinion)


def read_sentence(sent: Span, table: TokenTable | None = None) -> tuple[ClaimShape, SentenceWords]:
    """The sentence's claim shape, and its content words: what the model is trained on. TABLE is
    the sentence's doc's, when the caller has it."""
    words = SentenceWords(table or TokenTable.of_docs([sent.doc])[0], range(sent.start, sent.end))
    return claim_shape(sent, words), claim_content(words)


@functools.cache
def sentence_feature(name: str) -> int:
    return int(mixed(np.array([get_string_id(name)], dtype=np.uint64), SENTENCE)[0])


def sentence_features(words: SentenceWords, shape: ClaimShape) -> tuple[int, ...]:
    """Hashed features of the whole: the claim type, the length and the flags."""
    return whole_features(shape, min(len(words.indices) // 5, 8))


@functools.cache
def whole_features(shape: "ClaimShape", length: int) -> tuple[int, ...]:
    names = [f"type:{shape.claim_type}", f"len:{length}"]
    names += [name for name, on in (("hedged", shape.hedged), ("negated", shape.negated), ("number", shape.has_number),
                                    ("comparative", shape.comparative), ("opinion", shape.opinion)) if on]
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


@functools.cache
def trained_model() -> tuple[np.ndarray, float]:
    with np.load(MODEL_PATH) as model:
        return model["weights"], float(model["bias"])


class BuiltinScorer:
    """Logistic regression on hashed features, trained on ClaimBuster and the CLEF-2019 debates
    (see the module docstring): a sentence's own features, and its neighbours' as context.

    ``prepare(docs)`` reads and scores a batch of docs at once (the component calls it before
    asking for the scores, and a sentence's score needs its neighbours); ``score`` prepares a
    doc it has not seen on its own."""

    name = "builtin"

    def __init__(self, weights: np.ndarray | None = None, bias: float | None = None):
        self.weights, self.bias = (weights, bias) if weights is not None else trained_model()
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

    def doc_scores(self, table: TokenTable) -> dict[int, dict]:
        """Each claim sentence's result by start_char: its own margin plus CONTEXT_WEIGHT times
        its neighbours' context margins."""
        readings = [(sent.start_char, *self.own_reading(sent, table)) for sent in claim_sentences(table.doc)]
        context = [0.0] + [float(self.weights[context_indices(features)].sum()) for *_, features in readings] + [0.0]
        return {start: result(shape, own + CONTEXT_WEIGHT * (context[k] + context[k + 2]))
                for k, (start, shape, own, _) in enumerate(readings)}

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


def context_indices(features: np.ndarray) -> np.ndarray:
    """A neighbouring sentence's features as features of this sentence's context: the CLEF
    labels depend on the lines around a line, and a news sentence has neighbours too."""
    return mixed(features.astype(np.uint64), CONTEXT)


def clauses(words: SentenceWords):
    """The words, then their parts (parts_of)."""
    yield words
    yield from parts_of(words)


def parts_of(words: SentenceWords):
    """Each part of the words that has three words or more: between colons and semicolons
    ("Let's be clear: <claim>"), and inside and outside quote marks (a narrator's "she said of
    100,000 troops" claims something of its own). A sentence is as check-worthy as its most
    check-worthy part."""
    if not words.has("clause_break"):
        return
    table, parts, part = words.table, [], []
    for i in words.indices:
        if table.bits[i] & BIT["clause_break"]:
            parts.append(part)
            part = []
        else:
            part.append(i)
    parts.append(part)
    for part in parts:
        if len(part) < len(words.indices) and sum(not table.bits[i] & BIT["punct"] for i in part) >= 3:
            yield SentenceWords(table, part)


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
