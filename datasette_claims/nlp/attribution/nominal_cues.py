"""Cues that are not verbs: "according to X", a medium the words were given to, and claim nouns
("his claim that ...", "a warning from the Bank of England that ...")."""
from spacy.tokens import Span, Token

from .frames import FALLBACK, WRAPPING, Attribution, Candidate, Source


class NominalCues:
    """"According to", media and claim nouns (mixed into ArticleAttribution)."""

    def medium_of(self, verb: Token, deps: tuple[str, ...]) -> Source | None:
        """A medium the words were given to ("told Reuters", "in an interview with Dozhd TV")."""
        for child in verb.children:
            if child.dep_ in deps and child.lower_ != "according":
                for token in child.subtree:
                    medium = self.as_medium(token)
                    if medium is not None:
                        return medium
        return None

    def as_medium(self, token: Token) -> Source | None:
        """The medium named by the entity starting at TOKEN, or by a noun like "radio"."""
        entity = self.entity_of.get(token.i)
        if entity is not None and entity.start == token.i:
            source = self.named_source(entity)
            return source if source and source.type == "media" else None
        if entity is None and token.pos_ == "NOUN" and token.lower_ in self.lexicon.media_words:
            name = self.without_determiners(self.phrase(token))
            return Source(self.common_name(name), "media") if len(name) > 1 else None  # not "the press"
        return None

    def according_to(self, according: Token, sent: Span) -> tuple[Candidate | None, Source | None]:
        """What "according to X" credits: a candidate when X is a source itself ("according to
        Reuters"); else X carries the words ("a transcript of his interview with Dozhd TV"), and
        the medium in it is returned with a fallback candidate for a sentence without other cues."""
        to = self.doc[according.i + 1]
        target = next((c for c in to.children if c.dep_ == "pobj"), None)
        if target is None:
            return None, None
        # set off at the end of its sentence, it wraps the sentence wherever the parser hung it
        closing = (according.i > sent.start and self.doc[according.i - 1].text == ","
                   and not any(t.is_alpha for t in self.doc[target.right_edge.i + 1:sent.end]))
        if self.is_embedded(according) and not closing:
            return None, None
        anchor = sent.root if closing else according.head
        phrase = self.phrase(target)
        speaker_tokens = range(phrase.start, phrase.end)
        cue = self.doc[according.i:to.i + 1].text
        quoted = self.quoted_content(sent, speaker_tokens)
        appositions = [self.phrase(c) for c in target.children if c.dep_ == "appos"]
        institution = self.institution_named(phrase, appositions)  # "McAfee.com, a software company"
        if target.tag_.startswith("PRP"):
            named = self.speaker(target)
        else:
            named = (institution, None) if institution else self.person_in(phrase)
        if named is None and self.named_source(phrase):
            named = (self.named_source(phrase), None)
        if named is None and (self.lexicon.is_role(target.text) or target.tag_ == "NNS"):
            # "according to the minister" (the role's holder), "according to attendees and speakers"
            named = self.describe(self.phrase(target, lambda child: child.dep_ in ("cc", "conj")))
        if named is not None:
            return Candidate(anchor, WRAPPING, Attribution(named[0], cue, named[1], None, quoted)), None
        medium, owner = None, None
        for token in target.subtree:
            if owner is None and token.dep_ == "poss" and (token.tag_ == "PRP$" or self.is_person(self.entity_of.get(token.i))):
                owner = self.speaker(token) if token.tag_ == "PRP$" else self.person_in(self.phrase(token))
            medium = medium or self.as_medium(token)
        credited = owner or ((medium, None) if medium else None)
        if credited is None:
            return None, None
        via = medium if owner else None
        return Candidate(anchor, FALLBACK, Attribution(credited[0], cue, credited[1], via, quoted)), medium

    def noun_candidate(self, noun: Token, sent: Span) -> Candidate | None:
        """'his claim that ...', 'a warning from the Bank of England that ...': a claim noun with an
        owner (or a name after "from") and a "that" clause credits the owner."""
        if noun.pos_ != "NOUN" or noun.lemma_.lower() not in self.lexicon.claim_nouns or self.quotation_of[noun.i] >= 0:
            return None
        owner = next((c for c in noun.children if c.dep_ == "poss"), None) or self.named_after_from(noun)
        said = any(t.dep_ == "mark" and t.lower_ == "that" for t in noun.subtree)
        described = self.speaker(owner) if owner is not None and said else None
        if described is None:
            return None
        attribution = Attribution(described[0], noun.text, described[1], None, self.quoted_content(sent))
        return Candidate(noun, FALLBACK, attribution)

    def named_after_from(self, noun: Token) -> Token | None:
        """The head of a person's or an organisation's name after "from" ("a warning from the Bank
        of England"), not a common noun ("a warning from officials" names nobody in particular),
        nor in a condition ("unless we have some assurance from Mr Khrushchev that")."""
        if self.is_embedded(noun):
            return None
        for prep in (c for c in noun.children if c.dep_ == "prep" and c.lower_ == "from"):
            for target in (c for c in prep.children if c.dep_ == "pobj"):
                entity = self.entity_of.get(target.i)
                if entity is not None and entity.label_ in ("PERSON", "ORG", "GPE", "NORP"):
                    return target
        return None
