"""Speakers introduced by description and named in a following sentence, as news leads do
("A high profile church leader says ... The Reverend Tim Costello ... says"), and a definite
description the article never introduced, which points back to the person just quoted ("Rear
Admiral John Stufflebeem said ... the Pentagon spokesman said")."""
from dataclasses import replace

from spacy.tokens import Span

from ..units import text_of
from .frames import Attribution, Source
from .lexicon import DEFINITE

NAMING_DISTANCE = 3  # sentences after a described speaker within which the article may name it
BACK_DISTANCE = 2  # sentences before "the Pentagon spokesman" within which the person it renames spoke
ANOTHER = {"another", "other"}  # "Another witness, Mary Jones, said": somebody else
POSSESSIVES = {"his", "her", "their", "its"}


class Introductions:
    """A described speaker is the person named next (mixed into ArticleAttribution)."""

    def named_next(self, sentences: list[Span], found: list[Attribution | None]) -> list[Attribution | None]:
        """FOUND with each described speaker replaced by the person the article names next, when
        the description introduces one unnamed person: with "a" as the article's first speaker
        ("A high profile church leader says", a lead), or as somebody's ("Brisbane's Lord Mayor",
        "his mother") anywhere, unless the person is given another role; never "the official",
        which points back, "one senior backbencher", nor a source, a spokesman or a witness, whom
        news leaves unnamed on purpose (``unnamed_on_purpose.txt``). The next claim credited to
        anybody else, within NAMING_DISTANCE sentences, must credit a person named there or in the
        sentences between for the first time, and the description must credit nothing after that (then it was somebody
        else)."""
        for i, attribution in enumerate(found):
            introduced = self.introduced_as(attribution.source, sentences[i]) if attribution is not None else None
            if introduced is None or (introduced == "a" and any(a is not None for a in found[:i])):
                continue
            described = attribution.source
            others = [(j, a) for j, a in enumerate(found[i + 1:i + 1 + NAMING_DISTANCE], i + 1)
                      if a is not None and a.source != described]
            if not others:
                continue
            j, named = others[0]
            if (named.source.type != "person" or not self.first_named_between(named.source, sentences[i].end, sentences[j].end)
                    or any(t.lower_ in ANOTHER for t in sentences[j])
                    or (introduced == "owned" and self.has_other_role(named.source, described))
                    or any(a is not None and a.source == described for a in found[j + 1:])):
                continue
            found = self.renamed(found, described, named.source)
        return found

    def named_before(self, sentences: list[Span], found: list[Attribution | None]) -> list[Attribution | None]:
        """FOUND with each definite description of one unnamed person that the article never
        introduced ("the Pentagon spokesman", "the British royal") replaced by the person credited
        just before it, within BACK_DISTANCE sentences. A role ("the governor", "the former prime
        minister") is left to the role's holder; "the official" after "a senior official" is that
        official already."""
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
                found = self.renamed(found, described, earlier[-1].source)
        return found

    @staticmethod
    def renamed(found: list[Attribution | None], described: Source, person: Source) -> list[Attribution | None]:
        return [replace(a, source=person, role=a.role or described.name) if a is not None and a.source == described
                else a for a in found]

    def has_other_role(self, person: Source, described: Source) -> bool:
        """Whether the article gives PERSON a role and none of them shares DESCRIBED's last word
        ("Labour leader Sir Keir Starmer" is not "a senior backbencher")."""
        roles = self.roles.get(person, [])
        head = described.name.lower().split()[-1]
        return bool(roles) and not any(head in role.lower().split() for role in roles)

    def points_back(self, source: Source, sentence: Span) -> bool:
        """Whether SENTENCE calls SOURCE, an unnamed person, "the ..." with words the article did
        not use before (so it renames somebody rather than an unnamed source it introduced), and
        not as somebody's ("the prime minister's official spokesman", a lobby source)."""
        name = source.name.lower()
        head = name.split()[-1]  # a role nobody holds here ("the governor") is a public figure, not who spoke last
        if source.type == "person" or not source.individual or (self.lexicon.is_role(head) and head not in self.lexicon.speaks_for):
            return False
        at = sentence.text.lower().find(name)
        before = sentence.text[:at].split()
        earlier = text_of(self.doc)[:sentence.start_char].lower()
        owned = "'s " in name.replace("\u2019", "'")  # "the prime minister's official spokesman": somebody of his
        return (at >= 0 and bool(before) and before[-1].lower() in DEFINITE and name.split()[-1] not in earlier
                and not owned)

    def introduced_as(self, source: Source, sentence: Span) -> str | None:
        """How SENTENCE introduces SOURCE, one unnamed person: "a" ("a church leader"), "owned"
        ("Brisbane's Lord Mayor", "his mother"), else None ("the official", "one backbencher")."""
        name = source.name.lower()
        on_purpose = self.lexicon.unnamed_on_purpose.intersection(name.split())  # "spokesman for Mr Johnson"
        if source.type != "anonymous" or not source.individual or on_purpose:
            return None
        at = sentence.text.lower().find(name)
        if at < 0:
            return None
        before = sentence.text[:at].split()
        word = before[-1].lower() if before else ""
        if word in ("a", "an"):
            return "a"
        if word in POSSESSIVES or "'s " in name.replace("\u2019", "'"):
            return "owned"
        return None

    def first_named_between(self, person: Source, start: int, end: int) -> bool:
        """Whether the article gives PERSON's full name first between tokens START and END: in the
        naming sentence or in one that credits nobody before it ("... according to a British
        Islamic leader. Abdul Hak Baker is the head of the mosque. Mr Baker says")."""
        positions = [i for i, full in self.full_names.get(person.name.split()[-1].lower(), []) if full == person.name]
        return bool(positions) and start <= min(positions) < end
