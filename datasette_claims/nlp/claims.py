"""Check-worthiness: how much each sentence deserves a fact-checker's time, and what kind of claim it is.

The built-in scorer is a logistic regression over cheap hashed features (lemma unigrams and
bigrams, POS tags, entity labels, numbers, comparatives, the rule-based claim type and the hedge,
negation and opinion flags) of what a sentence claims: its attribution frame ("Kremlin spokesman
Dmitry Peskov told reporters ...") is left out, and a sentence scores as its most check-worthy
part (clauses around colons and semicolons, inside and outside quote marks).
``benchmarks/train_checkworthiness.py`` trains it on the ClaimBuster dataset: Arslan, Hassan, Li
and Tremayne, "A Benchmark Dataset of Check-worthy Factual Claims", ICWSM 2020,
doi 10.5281/zenodo.3609356.

Claim types follow Full Fact's typology (Konstantinovskiy et al., "Toward Automated Factchecking:
Developing an Annotation Schema and Benchmark for Consistent Automated Claim Detection", 2021).
Cue words live in data files (``wordlists``); ``doc._.numbers`` and ``doc._.attributions`` are
used when the numbers and attribution components ran, and spaCy's own annotations otherwise.
"""
import functools
import re
import zlib
from dataclasses import dataclass

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from .. import wordlists
from .units import claim_sentences

MODEL_PATH = wordlists.DATA / "checkworthiness_model.npz"
HASH_DIMENSIONS = 2**18
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

if not Doc.has_extension("claim_scores"):
    Doc.set_extension("claim_scores", default=None)


class CueLists:
    """The cue lists (hedges.txt, prediction_cues.txt, ...) as one index from a phrase's first
    word, so a sentence is looked up once whatever the number of lists. Entries are lemma
    phrases, or words that count only as modal verbs (second column "MD": "may", not "May")."""

    NAMES = ("hedges", "prediction_cues", "causal_cues", "comparison_cues", "rule_cues", "opinion_cues")

    def __init__(self):
        self.lists_of_phrase, self.lists_of_modal, self.lengths_after = {}, {}, {}
        for name in self.NAMES:
            for row in wordlists.rows(f"{name}.txt"):
                if row[1:] == ("MD",):
                    self.lists_of_modal.setdefault(row[0], set()).add(name)
                else:
                    phrase = tuple(row[0].split())
                    self.lists_of_phrase.setdefault(phrase, set()).add(name)
                    self.lengths_after.setdefault(phrase[0], set()).add(len(phrase))

    def found_in(self, words: "SentenceWords") -> set[str]:
        """Names of the lists that have an entry among the words, as lemmas or as written."""
        found = set()
        for forms in (words.lemmas, words.lowers):
            for i, form in enumerate(forms):
                for length in self.lengths_after.get(form, ()):
                    found |= self.lists_of_phrase.get(tuple(forms[i:i + length]), set())
        for modal in words.modals:
            found |= self.lists_of_modal.get(modal, set())
        return found


@functools.cache
def cue_lists() -> CueLists:
    return CueLists()


@functools.cache
def negations() -> frozenset[str]:
    return frozenset(wordlists.words("negations.txt"))


@functools.cache
def not_claim_patterns() -> tuple[re.Pattern, re.Pattern]:
    """Greetings and turn-taking phrases, and the page furniture that boilerplate.txt describes."""
    phrases = sorted(wordlists.words("not_claim_phrases.txt"), key=len, reverse=True)
    courtesy = re.compile(r"\b(?:" + "|".join(re.escape(p) for p in phrases) + r")\b" if phrases else "(?!)")
    furniture = re.compile("|".join(f"(?:{p})" for p in wordlists.words("boilerplate.txt")) or "(?!)", re.I)
    return courtesy, furniture


class SentenceWords:
    """Some words of a sentence (not always contiguous), with their lowercase lemmas and forms
    for cue look-ups, made only when a look-up needs them."""

    def __init__(self, tokens):
        self.tokens = [t for t in tokens if not t.is_space]

    @functools.cached_property
    def lemmas(self) -> list[str]:
        return [t.lemma_.lower() for t in self.tokens]

    @functools.cached_property
    def lowers(self) -> list[str]:
        return [t.lower_ for t in self.tokens]

    @functools.cached_property
    def modals(self) -> frozenset[str]:
        return frozenset(form for t in self.tokens if t.tag_ == "MD" for form in (t.lemma_.lower(), t.lower_))


@dataclass(frozen=True)
class ClaimShape:
    """The rule-based reading of a sentence: its Full Fact claim type and flags."""

    claim_type: str
    hedged: bool
    negated: bool
    has_number: bool
    comparative: bool
    opinion: bool


def doc_extension(doc: Doc, name: str):
    """doc._.NAME when another component has set it, else None: the scorer works without them."""
    return getattr(doc._, name) if Doc.has_extension(name) else None


def is_not_claim(words: SentenceWords) -> bool:
    """Questions, greetings, thanks and page furniture state nothing that could be checked."""
    text = "".join(t.text_with_ws for t in words.tokens).strip().rstrip(QUOTE_MARKS + " '")
    if text.endswith("?"):
        return True
    courtesy, furniture = not_claim_patterns()
    bare = " ".join(re.sub(r"[^\w\s']", " ", text.lower()).split())
    only_courtesy = not re.search(r"\w", courtesy.sub("", bare))
    has_verb = any(t.pos_ in ("VERB", "AUX") for t in words.tokens)
    return only_courtesy or bool(furniture.fullmatch(text.strip())) or (not has_verb and len(words.tokens) < 4)


def has_checkable_number(words: SentenceWords) -> bool:
    """A count, amount, percentage or measure (not a date) among the words."""
    if not words.tokens:
        return False
    numbers = doc_extension(words.tokens[0].doc, "numbers")
    if numbers is None:
        return any(t.ent_type_ in CHECKABLE_NUMBER_LABELS and t.like_num for t in words.tokens)
    first, last = words.tokens[0].idx, words.tokens[-1].idx + len(words.tokens[-1])
    starts = [n["start_char"] for n in numbers if first <= n["start_char"] < last and n.get("kind") in CHECKABLE_NUMBER_KINDS]
    return any(t.idx <= start < t.idx + len(t) for start in starts for t in words.tokens)


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


def phrase_at(token: Token) -> bool:
    """A several-word cue starts here: its first word as a lemma or as written, then as written."""
    _, phrases = attribution_cues()
    rests = phrases.get(token.lemma_.lower()) or phrases.get(token.lower_)
    if not rests:
        return False
    following = tuple(t.lower_ for t in token.doc[token.i + 1:token.i + 4])
    return any(following[:len(rest)] == rest for rest in rests)


def speech_verbs(tokens: list[Token]) -> list[Token]:
    """Verbs that credit the sentence's content to somebody: "said", "told", "pointed out"."""
    verbs, _ = attribution_cues()
    return [t for t in tokens if t.pos_ == "VERB" and (t.lemma_ in verbs or phrase_at(t))]


def is_credited_speech(sent: Span) -> bool:
    attributions = doc_extension(sent.doc, "attributions")
    if attributions is not None and sent.start_char in attributions:
        return True
    return any(mark in sent.text for mark in QUOTE_MARKS) or bool(speech_verbs(list(sent)))


def claim_content(words: SentenceWords) -> SentenceWords:
    """The sentence without its attribution frame (who said it, to whom, "according to" whom):
    what a fact-checker checks is the content, and a frame full of names and titles would
    otherwise make any reported opinion look factual."""
    frame = set()
    for verb in speech_verbs(words.tokens):
        if any(child.dep_ in CONTENT_DEPS for child in verb.children) or verb.dep_ in CONTENT_DEPS:
            frame.add(verb.i)
            for child in verb.children:
                if child.dep_ in FRAME_DEPS and child.lower_ not in TOPIC_PREPOSITIONS:
                    frame.update(t.i for t in child.subtree)
    for token in words.tokens:
        if token.dep_ == "prep" and phrase_at(token):
            frame.update(t.i for t in token.subtree)
    content = [t for t in words.tokens if t.i not in frame]
    return SentenceWords(content) if frame and any(not t.is_punct for t in content) else words


def claim_shape(sent: Span, words: SentenceWords) -> ClaimShape:
    """Claim type of WORDS (the sentence SENT or a part of it) by the first rule that applies,
    most specific first."""
    cues = cue_lists().found_in(words)
    hedged = "hedges" in cues
    negated = any(t.dep_ == "neg" or t.lower_ in negations() for t in words.tokens)
    has_number = has_checkable_number(words)
    comparative = any(t.tag_ in COMPARATIVE_TAGS for t in words.tokens)
    first_person = any(t.lower_ in FIRST_PERSON_SINGULAR for t in words.tokens)
    opinion = "opinion_cues" in cues
    if is_not_claim(words):
        claim_type = "not_claim"
    elif "prediction_cues" in cues:
        claim_type = "prediction"
    elif "causal_cues" in cues:
        claim_type = "causal"
    elif any(t.tag_ in SUPERLATIVE_TAGS for t in words.tokens) or "comparison_cues" in cues:
        claim_type = "comparison"
    elif has_number:
        claim_type = "quantity"
    elif "rule_cues" in cues:
        claim_type = "rule"
    elif opinion and is_credited_speech(sent):
        claim_type = "quote"
    elif first_person:
        claim_type = "personal"
    else:
        claim_type = "other"
    return ClaimShape(claim_type, hedged, negated, has_number, comparative, opinion)


def read_sentence(sent: Span) -> tuple[ClaimShape, SentenceWords]:
    """The sentence's claim shape, and its content words: what the model is trained on."""
    words = SentenceWords(sent)
    return claim_shape(sent, words), claim_content(words)


def sentence_features(words: SentenceWords, shape: ClaimShape) -> list[str]:
    """Cheap, model-agnostic features of the words; numbers abstracted to their entity label."""
    terms = ["<s>"] + [
        f"#{t.ent_type_ or 'NUM'}" if t.like_num else t.lemma_.lower() for t in words.tokens
    ] + ["</s>"]
    tags = [t.tag_ for t in words.tokens]
    features = [f"u:{term}" for term in terms[1:-1]]
    features += [f"b:{a} {b}" for a, b in zip(terms, terms[1:])]
    features += [f"tt:{a} {b}" for a, b in zip(tags, tags[1:])]
    features += [f"e:{t.ent_type_}" for t in words.tokens if t.ent_iob_ == "B"]
    features += [f"type:{shape.claim_type}", f"len:{min(len(words.tokens) // 5, 8)}"]
    features += [name for name, on in (("hedged", shape.hedged), ("negated", shape.negated),
                                       ("number", shape.has_number), ("comparative", shape.comparative),
                                       ("opinion", shape.opinion)) if on]
    return features


def hashed(features: list[str]) -> np.ndarray:
    """Distinct feature indices: crc32 is the same on every machine and run, unlike hash()."""
    return np.fromiter({zlib.crc32(f.encode()) % HASH_DIMENSIONS for f in features}, dtype=np.int64)


@functools.cache
def trained_model() -> tuple[np.ndarray, float]:
    with np.load(MODEL_PATH) as model:
        return model["weights"], float(model["bias"])


class BuiltinScorer:
    """Logistic regression on hashed features, trained on ClaimBuster (see the module docstring)."""

    name = "builtin"

    def __init__(self, weights: np.ndarray | None = None, bias: float | None = None):
        self.weights, self.bias = (weights, bias) if weights is not None else trained_model()

    def margin(self, words: SentenceWords, shape: ClaimShape) -> float:
        return float(self.weights[hashed(sentence_features(words, shape))].sum()) + self.bias

    def score(self, sent: Span) -> dict:
        shape, content = read_sentence(sent)
        margin = max(
            self.margin(part, shape if part is content else claim_shape(sent, part)) for part in clauses(content)
        )
        return {
            "checkworthiness": round(1.0 / (1.0 + float(np.exp(-margin))), 6),
            "claim_type": shape.claim_type,
            "hedged": shape.hedged,
            "negated": shape.negated,
        }


def clauses(words: SentenceWords):
    """The words, then each of their parts that has three words or more: between colons and
    semicolons ("Let's be clear: <claim>"), and inside and outside quote marks (a narrator's
    "she said of 100,000 troops" claims something of its own). A sentence is as check-worthy as
    its most check-worthy part."""
    yield words
    tokens = words.tokens
    if not any(t.text in CLAUSE_BREAKS or t.text in QUOTE_MARKS for t in tokens):
        return
    parts, part = [], []
    for token in tokens:
        if token.text in CLAUSE_BREAKS or token.text in QUOTE_MARKS:
            parts.append(part)
            part = []
        else:
            part.append(token)
    parts.append(part)
    for part in parts:
        if len(part) < len(tokens) and sum(not t.is_punct and not t.is_space for t in part) >= 3:
            yield SentenceWords(part)


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

    def __call__(self, doc: Doc) -> Doc:
        doc._.claim_scores = {sent.start_char: self.scorer.score(sent) for sent in claim_sentences(doc)}
        return doc


@Language.factory("claims_checkworthiness", default_config={"scorer": "builtin"})
def make_claims_checkworthiness(nlp: Language, name: str, scorer: str) -> ClaimsCheckworthiness:
    return ClaimsCheckworthiness(scorer)
