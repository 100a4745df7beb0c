"""Speaker resolution: a cue's subject as a source and role; pronouns by discourse distance."""
import re

from spacy.tokens import Span, Token

from .frames import Source
from .lexicon import INDEFINITE

AGE = re.compile(r"\b\d+-year-old\b")
PRONOUN_REFERENTS = {  # pronoun -> the source types it can stand for
    **dict.fromkeys(("he", "she", "him", "her", "his", "hers"), {"person"}),
    **dict.fromkeys(("they", "them", "their"), {"group", "anonymous", "organization", "government"}),
    **dict.fromkeys(("it", "its"), {"organization", "government", "media"}),
}
SPAN_CUTTING_DEPS = {"appos", "relcl", "acl", "advcl", "punct", "cc", "conj"}


class Speakers:
    """Turns a speaker's phrase into a source (mixed into ArticleAttribution)."""

    def speaker(self, subject: Token) -> tuple[Source, str | None] | None:
        """The source and the role given here for the subject of a cue."""
        if subject.tag_ in ("PRP", "PRP$"):
            source = self.resolve_pronoun(subject)
            return (source, None) if source else None
        people = self.people_named(subject)
        if people is not None:
            return people, None
        opener = self.name_before_description(subject)
        if opener is not None:  # "Nationwide, the UK's biggest building society, said"
            described = self.describe(self.doc[opener.i:opener.i + 1], [self.phrase(subject)])
            if described is not None:
                return described
        appositions = [self.phrase(child) for child in subject.children  # not "(BAS)" after a name
                       if child.dep_ == "appos" and not (child.text.isupper() and self.doc[child.i - 1].text == "(")]
        return self.describe(self.phrase(subject, lambda child: self.joins_group(subject, child)), appositions)

    def joins_group(self, subject: Token, child: Token) -> bool:
        """Whether CHILD coordinates another unnamed group with SUBJECT, one unnamed group: the two
        speak as one source ("witnesses and security officials said")."""
        groups = [c for c in subject.children if c.dep_ == "conj" and self.is_unnamed_group(c)]
        return self.is_unnamed_group(subject) and bool(groups) and (child.dep_ == "cc" or child in groups)

    def is_unnamed_group(self, token: Token) -> bool:
        return token.pos_ == "NOUN" and token.tag_ == "NNS" and token.i not in self.entity_of

    def describe(self, phrase: Span, appositions=(), name_expected=False) -> tuple[Source, str | None] | None:
        """Source and role of a speaker's phrase; a person named in an apposition wins."""
        spans = (phrase, *appositions)
        institution = self.institution_named(phrase, appositions) or self.medium_named(phrase, appositions)
        if institution is not None:
            return institution, None
        self_named = self.self_named(phrase.root)
        if self_named is not None:
            return Source(self.canonical_person(self_named), "person"), None
        titled = any(self.role_of(apposition) for apposition in appositions)
        for span in spans:
            person = self.person_in(span, name_expected, titled and span is phrase)
            if person is not None:
                source, role = person
                other_roles = (self.role_of(other) for other in spans if other is not span)
                return source, role or next(filter(None, other_roles), None)
        head = phrase.root
        if self.is_title(head):
            return None
        if AGE.search(phrase.text):  # "the 23-year-old": the person just named
            person = self.referent(PRONOUN_REFERENTS["she"], head.i)
            return (person, None) if person else None
        if self.lexicon.is_role(head.text):
            holder = self.named_later(phrase) if phrase[0].lower_ in INDEFINITE else self.holder_of(phrase)
            if holder is not None:
                return holder, self.role_of(phrase)
        common = head.lower_ in self.lexicon.noun_types or head.lower_ in self.lexicon.media_words
        if common and head.i not in self.entity_of:
            for apposition in appositions:  # "the state news agency TASS"
                named = self.named_source(apposition) if apposition.root.pos_ == "PROPN" else None
                if named is not None:
                    return named, None
        source = self.as_speaker(self.named_source(phrase) or self.common_source(phrase, name_expected))
        return (source, None) if source else None

    def people_named(self, subject: Token) -> Source | None:
        """A people named by one proper noun that no entity covers, as its plural verb shows
        ("Mujaheddin returning from the mountains, say"): a group, named with the participle
        after it, wherever the parser hung it."""
        verb = subject.head
        if (subject.pos_ != "PROPN" or subject.dep_ != "nsubj" or verb.tag_ != "VBP" or subject.i in self.entity_of
                or any(c.dep_ in ("compound", "conj", "det") for c in subject.children)):
            return None
        end = subject.i + 1
        participles = [c for c in (*subject.children, *verb.children) if c.dep_ in ("acl", "xcomp")
                       and c.tag_ in ("VBG", "VBN") and subject.i < c.i < verb.i]
        for participle in participles:
            end = max(end, participle.right_edge.i + 1)
        return Source(self.doc[subject.i:end].text, "group")

    def name_before_description(self, subject: Token) -> Token | None:
        """The capitalised word opening the sentence that a description set off by commas renames,
        when the parser did not take it for the subject ("Nationwide, the UK's biggest building
        society, said": an adverb to the small model)."""
        phrase = self.phrase(subject)
        start, end = phrase.start, phrase.end
        if start < 2 or phrase[0].lower_ != "the" or self.doc[start - 1].text != "," or end >= len(self.doc):
            return None
        opener = self.doc[start - 2]
        if (opener.is_sent_start and opener.text[:1].isupper() and opener.dep_ in ("advmod", "npadvmod", "dep", "intj")
                and not opener.is_stop and self.doc[end].text == ","):  # not "Meanwhile, the husband of ..., says"
            return opener
        return None

    def is_title(self, head: Token) -> bool:
        """Whether a place's name owned by a person is a work's title ("Brown's Britain", a book),
        never a government speaking."""
        entity = self.entity_of.get(head.i)
        if entity is None or entity.label_ not in ("GPE", "LOC") or head.pos_ != "PROPN":
            return False
        owners = [c for c in head.children if c.dep_ == "poss" and c.pos_ == "PROPN"]
        return any(self.is_person(self.entity_of.get(c.i)) or c.ent_type_ == "PERSON" or c.lower_ in self.full_names
                   or c.i not in self.entity_of for c in owners)

    def self_named(self, head: Token) -> Span | None:
        """The name a clause gives a speaker: "the man who calls himself Abu Mohammad"; "a man
        known as Nick", a name after "as", whatever label the recogniser gave it, when the speaker
        is a person rather than a body ("a company known as Acme" is Acme's, named elsewhere)."""
        for clause in head.children:
            if clause.dep_ in ("relcl", "acl"):
                for named in clause.children:
                    entity = self.entity_of.get(named.i)
                    if named.dep_ == "oprd" and self.is_person(entity):
                        return self.person_name(entity)
                    if named.dep_ == "prep" and named.lower_ == "as" and clause.tag_ == "VBN" and head.tag_ == "NN":
                        name = next((c for c in named.children if c.dep_ == "pobj" and c.pos_ == "PROPN"
                                     and c.text[:1].isupper() and not c.text.isupper()), None)
                        if name is not None and self.lexicon.noun_types.get(head.lower_, "anonymous") == "anonymous":
                            return self.doc[name.left_edge.i:name.i + 1]
        return None

    def resolve_pronoun(self, pronoun: Token) -> Source | None:
        """The nearest earlier speaker the pronoun can stand for (he/she: a person or one unnamed
        person such as "a police dispatcher"); for he/she also a person who was the subject of a
        main clause. Of one sentence's speakers the last one ("X said ..., while Y said ..." ...
        "She added": Y). Gender is never guessed from a name."""
        kinds = PRONOUN_REFERENTS.get(pronoun.lower_)
        return self.referent(kinds, pronoun.i) if kinds else None

    def referent(self, kinds: set[str], position: int) -> Source | None:
        """The nearest speaker of one of KINDS before token POSITION (see resolve_pronoun)."""
        one = "person" in kinds
        referents = [(i, s) for i, s in self.speakers if (s.type in kinds and not s.individual) or (one and s.individual)]
        if one:
            referents += self.person_subjects
        earlier = [(i, s) for i, s in referents if i < position]
        return max(reversed(earlier), key=lambda pair: pair[0])[1] if earlier else None

    def phrase(self, head: Token, kept=lambda child: False) -> Span:
        """The noun phrase of HEAD without clauses, appositions or coordinated phrases, except the
        children KEPT says to keep."""
        cut = set()
        for child in head.children:
            if (child.dep_ in SPAN_CUTTING_DEPS and child.tag_ != "HYPH" and not kept(child)) or child.lower_ == "according":
                cut.update(t.i for t in child.subtree)
        start = end = head.i
        while start - 1 >= head.left_edge.i and start - 1 not in cut:
            start -= 1
        while end + 1 <= head.right_edge.i and end + 1 not in cut:
            end += 1
        return self.doc[start:end + 1]

    def without_determiners(self, span: Span) -> Span:
        """SPAN as a name: no leading "the", "two", "his", no punctuation at either end."""
        start = span.start
        while start < span.end - 1 and (span.doc[start].pos_ in ("DET", "NUM") or span.doc[start].tag_ == "PRP$"
                                        or not span.doc[start].text[:1].isalnum()):
            start += 1
        end = span.end
        while end > start + 1 and not span.doc[end - 1].text[:1].isalnum():
            end -= 1
        return span.doc[start:end]
