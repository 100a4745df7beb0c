"""The word lists and known sources attribution reads, loaded once per component.

Every list is a data file in ``datasette_claims/data/`` that users can extend
(``datasette_claims.wordlists``); the constants below are grammar, not vocabulary.
"""
import re

from spacy.tokens import Token

from ... import wordlists
from .frames import Source

NOT_A_SOURCE = "-"  # the type source_nouns.tsv gives words that never name a speaker ("percent")
DOCUMENT = "document"  # its type for things that speak only for their author ("a report by X said")
INDEFINITE = {"a", "an", "one", "another"}
DEFINITE = {"the", "this", "that"}
TITLE_ENTITIES = {"ORG", "GPE", "NORP", "FAC", "LOC"}


def is_misparsed_cue(token: Token) -> bool:
    """A cue verb the parser read as a noun heading the sentence, with its speaker as a compound
    and its clause as a relative one ("The Treasury forecast that the economy would grow")."""
    return (token.dep_ == "ROOT" and token.tag_ == "NN" and any(c.dep_ == "compound" for c in token.children)
            and any(c.dep_ in ("relcl", "acl") and opens_with_that(c) for c in token.children))


def opens_with_that(clause: Token) -> bool:
    return any(m.dep_ == "mark" and m.lower_ == "that" for m in clause.children)


def matching_key(text: str) -> str:
    """Known-source lookup key: no leading "the"; short acronyms (AP, WHO) keep their case."""
    text = re.sub(r"^the\s+", "", " ".join(text.split()), flags=re.IGNORECASE)
    return text if text.isupper() and len(text) <= 3 else text.lower()


class Lexicon:
    """The word lists and known sources, read once when the component is built."""

    def __init__(self):
        from ... import plugins

        cues = [tuple(entry.lower().split()) for entry in wordlists.words("attribution_cues.txt")]
        self.speech_verbs = {row[0] for row in wordlists.rows("attribution_cues.txt") if row[1:] == ("speech",)}
        self.speech_phrases = {tuple(verb.split()) for verb in self.speech_verbs if " " in verb}  # "fire back"
        self.naming_verbs = {row[0] for row in wordlists.rows("attribution_cues.txt") if row[1:] == ("naming",)}
        self.as_verbs = {row[0] for row in wordlists.rows("attribution_cues.txt") if row[1:] == ("as",)}
        self.complement_verbs = {row[0] for row in wordlists.rows("attribution_cues.txt") if row[1:] == ("complement",)}
        self.cue_verbs = {cue[0] for cue in cues if len(cue) == 1}
        self.cue_phrases = [cue for cue in cues if len(cue) > 1]
        roles = sorted(wordlists.words("source_roles.txt"), key=len, reverse=True)
        self.role_pattern = re.compile(r"(?<!\w)(?:%s)(?!\w)" % "|".join(map(re.escape, roles))) if roles else None
        evidence = wordlists.rows("company_evidence.txt")
        self.company_words_before = tuple(row[1] for row in evidence if row[0] == "before" and len(row) > 1)
        self.company_words_after = tuple(row[1] for row in evidence if row[0] == "after" and len(row) > 1)
        self.not_sources = set(wordlists.words("not_sources.txt"))
        self.role_modifiers = set(wordlists.words("role_modifiers.txt"))
        self.honorifics = set(wordlists.words("source_honorifics.txt"))
        self.name_titles = set(wordlists.words("name_titles.txt"))
        self.not_speaker_labels = set(wordlists.words("not_speaker_labels.txt"))
        self.unnamed_on_purpose = set(wordlists.words("unnamed_on_purpose.txt"))
        self.role_abbreviations = {row[0]: row[1] for row in wordlists.rows("role_abbreviations.tsv") if len(row) > 1}
        nouns = wordlists.rows("source_nouns.tsv")
        self.noun_types = {row[0]: row[1] for row in nouns if len(row) > 1 and " " not in row[0]}
        self.phrase_types = [(row[0], row[1]) for row in nouns if len(row) > 1 and " " in row[0]]
        self.descriptors = {row[0] for row in nouns if row[2:3] == ("descriptor",)}
        self.speaks_for = {row[0] for row in nouns if row[2:3] == ("speaks-for",)}
        self.claim_nouns = set(wordlists.words("attribution_nouns.txt"))
        self.media_words = set(wordlists.words("source_media_words.txt"))
        self.refusals = set(wordlists.words("attribution_refusals.txt"))
        self.author_verbs = set(wordlists.words("document_author_verbs.txt"))
        self.formal_given_names = {}  # "josh" -> {"joshua"}
        for row in wordlists.rows("given_name_forms.tsv"):
            if len(row) > 1:
                self.formal_given_names.setdefault(row[0], set()).add(row[1])
        # Words that may open a cue or be a claim noun: the only ones a sentence's search looks at.
        self.attribution_words = self.cue_verbs | {phrase[0] for phrase in self.cue_phrases} | self.claim_nouns
        self.known = {}
        for known in plugins.known_sources():
            source = Source(known["name"], known["type"])
            for alias in [known["name"], *known.get("aliases", [])]:
                self.known.setdefault(matching_key(alias), source)

    def cue_length(self, token: Token) -> int:
        """How many tokens from TOKEN form a cue (0: none)."""
        lemma, lower = token.lemma_.lower(), token.lower_
        for phrase in self.cue_phrases:
            if phrase[0] in (lemma, lower) and token.i + len(phrase) <= len(token.doc):
                if all(token.doc[token.i + k].lower_ == word for k, word in enumerate(phrase[1:], 1)):
                    return len(phrase)
        return 1 if (token.tag_.startswith("VB") or is_misparsed_cue(token)) and lemma in self.cue_verbs else 0

    def is_role(self, text: str) -> bool:
        return bool(self.role_pattern and self.role_pattern.search(text.lower()))

    def known_source(self, text: str) -> Source | None:
        return self.known.get(matching_key(text)) or self.known.get(matching_key(text).lower())
