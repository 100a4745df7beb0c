"""Speakers introduced by description and named in a following sentence, as news leads do
("A high profile church leader says ... The Reverend Tim Costello ... says"), and a definite
description the article never introduced, which points back to the person just quoted ("Rear
Admiral John Stufflebeem said ... the Pentagon spokesman said")."""
from dataclasses import replace

from spacy.tokens import Span

from .frames import Attribution, Source
from .lexicon import DEFINITE

NAMING_DISTANCE = 3  # sentences after a described speaker within which the article may name it
BACK_DISTANCE = 2  # sentences before "the Pentagon spokesman" within which the person it renames spoke
ANOTHER = {"another", "other"}  # "Another witness, Mary Jones, said": somebody else


class Introductions:
    """A described speaker is the person named next (mixed into ArticleAttribution)."""

    def named_next(self, sentences: list[Span], found: list[Attribution | None]) -> list[Attribution | None]:
        """FOUND with each described speaker replaced by the person the article names next, when:
        the description introduces one unnamed person ("a high profile church leader", "Brisbane's
        Lord Mayor", "his mother"; not "the official", which points back, nor a source, a
        spokesman or a witness, whom news leaves unnamed on purpose: ``unnamed_on_purpose.txt``); the next claim credited to anybody else, within
        NAMING_DISTANCE sentences, credits a person named there for the first time; and the
        description credits nothing after that (then it was somebody else)."""
        for i, attribution in enumerate(found):
            if attribution is None or not self.awaits_name(attribution.source, sentences[i]):
                continue
            described = attribution.source
            others = [(j, a) for j, a in enumerate(found[i + 1:i + 1 + NAMING_DISTANCE], i + 1)
                      if a is not None and a.source != described]
            if not others:
                continue
            j, named = others[0]
            if (named.source.type != "person" or not self.first_named_in(named.source, sentences[j])
                    or any(t.lower_ in ANOTHER for t in sentences[j])
                    or any(a is not None and a.source == described for a in found[j + 1:])):
                continue
            found = [replace(a, source=named.source, role=a.role or described.name)
                     if a is not None and a.source == described else a for a in found]
        return found

    def named_before(self, sentences: list[Span], found: list[Attribution | None]) -> list[Attribution | None]:
        """FOUND with each definite description of one unnamed person that the article never
        introduced ("the Pentagon spokesman", "the defector" with no "a defector" before it)
        replaced by the person credited just before it, within BACK_DISTANCE sentences. A role
        that a person holds ("the minister") is left to the role's holder; "the official" after
        "a senior official" is that official already."""
        seen = set()
        for i, attribution in enumerate(found):
            if attribution is None:
                continue
            described = attribution.source
            first = described not in seen
            seen.add(described)
            if not first or not self.points_back(described, sentences[i]):
                continue
            earlier = [a for a in found[max(0, i - BACK_DISTANCE):i] if a is not None]
            if earlier and earlier[-1].source.type == "person":
                person = earlier[-1].source
                found = [replace(a, source=person, role=a.role or described.name)
                         if a is not None and a.source == described else a for a in found]
        return found

    def points_back(self, source: Source, sentence: Span) -> bool:
        """Whether SENTENCE calls SOURCE, an unnamed person, "the ..." with words the article did
        not use before (so it renames somebody rather than an unnamed source it introduced), and
        not as somebody's ("the prime minister's official spokesman", a lobby source)."""
        name = source.name.lower()
        words = name.split()
        head_is_role = self.lexicon.is_role(words[-1]) and words[-1] not in self.lexicon.speaks_for
        if source.type == "person" or not source.individual or head_is_role:
            return False
        at = sentence.text.lower().find(name)
        before = sentence.text[:at].split()
        earlier = self.doc.text[:sentence.start_char].lower()
        owned = "'s " in name.replace("\u2019", "'")  # "the prime minister's official spokesman": somebody of his
        return at >= 0 and bool(before) and before[-1].lower() in DEFINITE and words[-1] not in earlier and not owned

    def awaits_name(self, source: Source, sentence: Span) -> bool:
        """Whether SOURCE is one unnamed person that SENTENCE introduces (not "the ...")."""
        name = source.name.lower()
        if source.type != "anonymous" or not source.individual or name.split()[-1] in self.lexicon.unnamed_on_purpose:
            return False
        at = sentence.text.lower().find(name)
        before = sentence.text[:at].split()
        return at >= 0 and not (before and before[-1].lower() in DEFINITE)

    def first_named_in(self, person: Source, sentence: Span) -> bool:
        """Whether the article gives PERSON's full name first in SENTENCE."""
        positions = [i for i, full in self.full_names.get(person.name.split()[-1].lower(), []) if full == person.name]
        return bool(positions) and sentence.start <= min(positions) < sentence.end
