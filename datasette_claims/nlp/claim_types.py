"""The rule-based reading of a sentence: its claim type and flags, after Full Fact's typology
(Konstantinovskiy et al., "Toward Automated Factchecking: Developing an Annotation Schema and
Benchmark for Consistent Automated Claim Detection", 2021), and the words the model reads: the
content without its attribution frame, and its parts between clause breaks."""
import re
from dataclasses import dataclass

from spacy.tokens import Span

from .claim_tokens import (BIT, QUOTE_MARKS, SentenceWords, TokenTable, attribution_cues, doc_extension,
                           not_claim_patterns)

CONTENT_DEPS = frozenset({"ccomp", "parataxis"})
FRAME_DEPS = frozenset({"nsubj", "nsubjpass", "agent", "dative", "dobj", "aux", "auxpass", "npadvmod", "advcl", "prep"})
TOPIC_PREPOSITIONS = frozenset({"of", "about"})  # "said of 100,000 troops": the topic is content
CLAIM_TYPES = ("quantity", "prediction", "causal", "comparison", "rule", "quote", "personal", "other", "not_claim")


@dataclass(frozen=True)
class ClaimShape:
    """The rule-based reading of a sentence: its Full Fact claim type and flags."""

    claim_type: str
    hedged: bool
    negated: bool
    has_number: bool
    comparative: bool
    opinion: bool
    allegation: bool = False
    background: bool = False


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
    return ClaimShape(claim_type, hedged, words.has("negation"), has_number, words.has("comparative"), opinion,
                      bool(cues & BIT["allegation_cues"]), bool(cues & BIT["background_cues"]))


def read_sentence(sent: Span, table: TokenTable | None = None) -> tuple[ClaimShape, SentenceWords]:
    """The sentence's claim shape, and its content words: what the model is trained on. TABLE is
    the sentence's doc's, when the caller has it."""
    words = SentenceWords(table or TokenTable.of_docs([sent.doc])[0], range(sent.start, sent.end))
    return claim_shape(sent, words), claim_content(words)



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
