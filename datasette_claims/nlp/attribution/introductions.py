"""Speakers introduced by description and named in a following sentence, as news leads do
("A high profile church leader says ... The Reverend Tim Costello ... says")."""
from dataclasses import replace

from spacy.tokens import Span

from .frames import Attribution, Source
from .lexicon import DEFINITE

NAMING_DISTANCE = 3  # sentences after a described speaker within which the article may name it
ANOTHER = {"another", "other"}  # "Another witness, Mary Jones, said": somebody else


class Introductions:
    """A described speaker is the person named next (mixed into ArticleAttribution)."""

    def named_next(self, sentences: list[Span], found: list[Attribution | None]) -> list[Attribution | None]:
        """FOUND with each described speaker replaced by the person the article names next, when:
        the description introduces one unnamed person ("a high profile church leader", "Brisbane's
        Lord Mayor", "his mother"; not "the official", which points back, nor a spokesman, whom
        news leaves unnamed on purpose); the next claim credited to anybody else, within
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

    def awaits_name(self, source: Source, sentence: Span) -> bool:
        """Whether SOURCE is one unnamed person that SENTENCE introduces (not "the ...")."""
        name = source.name.lower()
        if source.type != "anonymous" or not source.individual or name.split()[-1] in self.lexicon.speaks_for:
            return False
        at = sentence.text.lower().find(name)
        before = sentence.text[:at].split()
        return at >= 0 and not (before and before[-1].lower() in DEFINITE)

    def first_named_in(self, person: Source, sentence: Span) -> bool:
        """Whether the article gives PERSON's full name first in SENTENCE."""
        positions = [i for i, full in self.full_names.get(person.name.split()[-1].lower(), []) if full == person.name]
        return bool(positions) and sentence.start <= min(positions) < sentence.end
