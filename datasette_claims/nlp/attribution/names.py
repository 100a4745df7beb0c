"""People's names: entities read as people, names widened or trimmed, short names to full names."""
import re

from spacy.tokens import Span, Token

from .frames import Source

ROMAN_NUMERAL = re.compile(r"[IVX]+")
UNPLACED_ENTITIES = {"PRODUCT", "WORK_OF_ART", "EVENT", "LAW", "LANGUAGE"}  # a speaker so labelled is a person


class Names:
    """The people an article names and the canonical form of each (mixed into ArticleAttribution)."""

    def is_person(self, ent: Span | None) -> bool:
        return ent is not None and ent.start in self.person_entities

    def is_mislabelled_person(self, ent: Span) -> bool:
        """A proper name the model gave another label ("Marcelo Claure" ORG) that the text shows
        to be a person's: a title or honorific just before it ("executive chair Marcelo Claure",
        "Mr Claure"), an apposition with a role either way, or coordination with a person."""
        if ent.label_ in ("PERSON", "DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"):
            return False
        if self.titled_name(ent):
            return True
        if not self.looks_like_name(ent):
            return False
        if len(ent) > 1 and ent[0].lower_ in self.lexicon.honorifics:  # "Ms Caird" (WORK_OF_ART)
            return True
        before = self.doc[ent.start - 1] if ent.start > ent.sent.start else None
        if before is not None and (before.lower_ in self.lexicon.honorifics
                                   or (before.pos_ == "NOUN" and self.lexicon.is_role(before.text))):
            return True
        root = ent.root
        if (root.dep_ == "appos" and root.head.pos_ == "NOUN" and self.lexicon.is_role(root.head.text)
                and self.renames(root.head, ent.start)):
            return True
        if any(c.dep_ == "appos" and self.role_of(self.phrase(c)) for c in root.children):
            return True
        linked = [root.head] if root.dep_ == "conj" else []
        linked += [c for c in root.children if c.dep_ == "conj"]
        return any(self.entity_of.get(t.i) is not None and self.entity_of[t.i].label_ == "PERSON" for t in linked)

    def titled_name(self, ent: Span) -> bool:
        """An entity that is a title followed by a full name ("Federal Labor MP Carmen Lawrence"
        tagged ORG): the name after the last role word looks like a person's."""
        roles = [t.i for t in ent[:-2] if t.pos_ in ("NOUN", "PROPN") and self.lexicon.is_role(t.text)]
        return bool(roles) and self.looks_like_name(self.doc[max(roles) + 1:ent.end])

    def looks_like_name(self, ent: Span) -> bool:
        """Capitalised proper nouns that are no known source and no medium."""
        return (all(t.pos_ == "PROPN" and t.text[:1].isupper() and not t.text.isupper() for t in ent)
                and not self.lexicon.known_source(ent.text) and ent[-1].lower_ not in self.lexicon.media_words
                and ent[-1].lower_ not in self.lexicon.noun_types)

    def index_people(self):
        people = [(ent, self.person_name(ent)) for ent in self.entities if self.is_person(ent)]
        self.glued = {name.start for _, name in people if name is not None and self.is_glued(name, people)}
        people = [(ent, self.person_name(ent)) for ent, _ in people]
        for _, name in people:
            if name is not None:
                self.full_names.setdefault(name[-1].lower_, []).append((name.start, name.text))
        for ent, name in people:
            if name is None:
                continue
            person = Source(self.canonical_person(name), "person")
            owner = ent.root.dep_ == "poss"  # "an official from Palestinian leader Yasser Arafat's movement"
            roles = (self.title_before(name.start, ent.sent.start, not owner), self.apposition_role(ent.root),
                     self.predicate_role(ent.root))
            for role in roles:
                self.add_role(person, role, name.start)
        for token in self.doc:  # people acting in a main clause, named by a name, a surname alone, or
            # a role with the name in apposition ("the US Defence Secretary, Donald Rumsfeld, has told")
            if (token.dep_ not in ("nsubj", "nsubjpass") or token.head.dep_ not in ("ROOT", "conj")
                    or self.quotation_of[token.i] >= 0):
                continue
            if token.lower_ not in self.full_names:
                token = next((c for c in token.children if c.dep_ == "appos" and c.pos_ == "PROPN"), token)
            if token.pos_ == "PROPN" and token.lower_ in self.full_names:
                person = Source(self.canonical_person(self.doc[token.i:token.i + 1]), "person")
                self.person_subjects.append((token.i, person))

    def is_glued(self, name: Span, people) -> bool:
        """Whether NAME opens its sentence with a word that only a bad parse made part of it: a
        participle ("Hosting Cook at Dreamforce ...") before the surname of a person the article
        names without that word (not a first name such as Ahmed, Emily, Ed: only "-ing" counts)."""
        first = name[0]
        if len(name) < 2 or not first.is_sent_start or not first.lower_.endswith("ing"):
            return False
        return any(other is not None and other[-1].lower_ == name[-1].lower_ and first.lower_ not in other.text.lower()
                   for _, other in people)

    def person_name(self, ent: Span) -> Span | None:
        """The name in a person entity, widened to proper nouns the model left out before it and
        to the rest of a hyphenated name it cut ("Laah Chong" of "Laah Chong-gyu")."""
        name = self.bare_name(ent)
        if name is None:
            return None
        if name.start in self.glued:
            return name[1:]
        start = name.start
        while start > 0 and self.is_name_part(self.doc[start - 1]):
            start -= 1
        if start > 0 and self.doc[start - 1].pos_ in ("DET", "ADP"):  # "to the OSCE Michael Carpenter"
            start = name.start
        return self.doc[self.name_title_start(start, name.end):self.hyphenated_end(name.end)]

    def name_title_start(self, start: int, end: int) -> int:
        """START moved back over a title that is part of the name when one given name follows it
        (``name_titles.txt``: "Prince Andrew", "Queen Elizabeth II", "Lord Sugar")."""
        given = self.doc[start:end]
        one_name = len(given) == 1 or (len(given) == 2 and ROMAN_NUMERAL.fullmatch(given[1].text))
        title = self.doc[start - 1] if start > 0 else None
        if (one_name and title is not None and title.lower_ in self.lexicon.name_titles
                and title.text[:1].isupper() and not self.lexicon.is_role(given.text)):
            return start - 1
        return start

    def hyphenated_end(self, end: int) -> int:
        """END moved past "-gyu" when a name runs on through a hyphen without spaces."""
        while (end + 1 < len(self.doc) and self.doc[end].tag_ == "HYPH" and not self.doc[end - 1].whitespace_
               and not self.doc[end].whitespace_ and self.doc[end + 1].is_alpha):
            end += 2
        return end

    def hyphenated_start(self, start: int, floor: int) -> int:
        """START moved back over "Chong-" when a name runs on through a hyphen without spaces."""
        while (start - 2 >= floor and self.doc[start - 1].tag_ == "HYPH" and not self.doc[start - 2].whitespace_
               and not self.doc[start - 1].whitespace_ and self.doc[start - 2].text[:1].isupper()):
            start -= 2
        return start

    def opens_a_full_name(self, word: str) -> bool:
        return any(full.lower().startswith(word + " ") for names in self.full_names.values() for _, full in names)

    def is_name_part(self, token: Token) -> bool:
        return (token.pos_ == "PROPN" and token.dep_ == "compound"
                and token.text[:1].isupper() and not token.text.isupper() and token.i not in self.entity_of
                and token.lower_ not in self.lexicon.honorifics and token.lower_ not in self.lexicon.noun_types
                and not self.lexicon.is_role(token.text))

    def bare_name(self, span: Span) -> Span | None:
        """SPAN without honorifics, titles, determiners or a possessive 's."""
        start, end = span.start, span.end
        titled = [t.i + 1 for t in span[:-1] if self.lexicon.is_role(t.text) or (end - t.i > 2 and self.is_title_word(t))]
        start = max(titled, default=start)  # "Shadow Treasurer Bob McMullan", "Browns DL Sheldon Richardson"
        while start < end and (self.doc[start].lower_ in self.lexicon.honorifics or self.doc[start].pos_ == "DET"
                               or self.lexicon.is_role(self.doc[start].text) or not self.doc[start].text[:1].isalnum()):
            start += 1
        while end > start and (self.doc[end - 1].tag_ == "POS" or not self.doc[end - 1].text[:1].isalnum()):
            end -= 1
        return self.doc[start:end] if start < end else None

    def is_title_word(self, token: Token) -> bool:
        """A word that describes the person named after it ("DL", "NFL Insider"), though the entity
        recogniser put it in the name: an abbreviation, or a noun the word lists call a source."""
        abbreviation = token.text.isupper() and len(token.text) > 1 and token.is_alpha
        return abbreviation or token.lower_ in self.lexicon.noun_types

    def canonical_person(self, name: Span) -> str:
        """A surname alone ("Parise") or a short form ("Eriksson Ek") becomes the nearest longer
        name ending with it, earlier ones first: a person's name, else a first name the entity
        recogniser left untagged ("Zach Parise's"); a name of one word that opens exactly one full
        name of the article is that person too (a first name, "Wim" for Wim Kok; a surname written
        first, "Laah" for Laah Chong-gyu)."""
        short = name.text.lower()
        named = [(position, full) for position, full in self.full_names.get(name[-1].lower_, [])
                 if len(full) > len(short) and full.lower().endswith(short) and full[-len(short) - 1] in " -"]
        named = [(position, full) for position, full in named  # not a short form itself ("bin Laden")
                 if not any(len(other) > len(full) and other.lower().endswith(" " + full.lower()) for _, other in named)]
        named = named or self.untagged_full_names(name) or self.opened_by(name)
        earlier = [full for position, full in named if position < name.start]
        return (earlier[-1] if earlier else named[0][1]) if named else name.text

    def formally_named(self, person: Source) -> Source:
        """PERSON under the formal given name of the one person the article names with it and the
        same surname ("Josh Apte" signing a tweet is the "Joshua Apte" introduced;
        ``given_name_forms.tsv``); never two people into one when the short form fits several."""
        given, *rest = person.name.split(" ")
        formal = self.lexicon.formal_given_names.get(given.lower())
        if not rest or not formal:
            return person
        named = {full for names in self.full_names.values() for _, full in names
                 if full.split(" ")[1:] == rest and full.split(" ")[0].lower() in formal}
        return Source(named.pop(), "person") if len(named) == 1 else person

    def opened_by(self, name: Span) -> list[tuple[int, str]]:
        """[(position, full name)] when NAME, one word, opens exactly one full name of the article."""
        if len(name) != 1:
            return []
        first = name.text.lower() + " "
        found = {full: position for names in self.full_names.values() for position, full in names
                 if full.lower().startswith(first)}
        return [(position, full) for full, position in found.items()] if len(found) == 1 else []

    def untagged_full_names(self, name: Span) -> list[tuple[int, str]]:
        """(position, "Zach Parise") wherever a capitalised proper noun outside any entity stands
        just before the surname NAME (one word); worked out once per surname and article."""
        surname = name[-1].lower_
        if len(name) != 1:
            return []
        if surname not in self.untagged:
            key = self.doc.vocab.strings[surname]
            self.untagged[surname] = [
                (i - 1, f"{self.doc[i - 1].text} {self.doc[i].text}") for i, lower in enumerate(self.lowers)
                if lower == key and i > 0 and self.could_be_first_name(self.doc[i - 1])
            ]
        return self.untagged[surname]

    def could_be_first_name(self, token: Token) -> bool:
        return (token.pos_ == "PROPN" and token.text[:1].isupper() and not token.text.isupper()
                and token.i not in self.entity_of and token.lower_ not in self.lexicon.honorifics
                and not self.lexicon.is_role(token.text) and token.lower_ not in self.lexicon.noun_types)

    def person_in(self, span: Span, name_expected=False, titled=False) -> tuple[Source, str | None] | None:
        """The person SPAN names (not one merely mentioned in it), with the title before the name
        or before the comma ahead of it ("a spokesman for Gul Agha, Khalid Pashtun"). TITLED: an
        apposition gives SPAN a person's role."""
        first = self.without_determiners(span).start
        people = (self.entity_of.get(t.i) for t in reversed(span))
        names = (self.person_name(ent) for ent in people if self.is_person(ent))
        name = next((n for n in names if n is not None and self.is_named_by(span, n, first)), None)
        if name is None:
            name = self.renaming_name(span, first) or self.unlabelled_name(span, name_expected, titled)
        if name is None:
            return None
        if len(name) > 1 and (name.start, name.text) not in self.full_names.get(name[-1].lower_, []):
            self.full_names.setdefault(name[-1].lower_, []).append((name.start, name.text))  # for "Mr Jan" later
        role = self.title_before(name.start, span.start)
        if role is None and name.start - 1 > span.start and self.doc[name.start - 1].text == ",":
            role = self.role_of(self.doc[span.start:name.start - 1])
        return Source(self.canonical_person(name), "person"), role

    def renaming_name(self, span: Span, first: int) -> Span | None:
        """Proper nouns after SPAN's last comma that rename it though the entity recogniser did not
        call them a person ("a spokesman for provincial governor Gul Agha, Akbar Jan")."""
        bare = self.without_determiners(span)
        commas = [t.i for t in bare if t.text == ","]
        if not commas:
            return None
        run = self.doc[commas[-1] + 1:bare.end]
        if not len(run) or not all(t.pos_ == "PROPN" and t.text[:1].isupper() and not t.text.isupper()
                                   and t.i not in self.entity_of for t in run):
            return None
        name = self.bare_name(run)
        return name if name is not None and self.is_named_by(span, name, first) else None

    def is_named_by(self, span: Span, name: Span, first: int) -> bool:
        """Whether SPAN is the person NAME: the name is its head, or ends it after only a title or
        as an apposition ("the chief inspector in Iraq, Richard Butler"); not a person it merely
        mentions ("a spokesman for Gul Agha", "the Bush administration", "a spokesman for the
        Interior Minister, Yunis Kanooni")."""
        if span.root in name:
            return True
        before = self.doc[name.start - 1] if name.start > span.start else None
        while before is not None and before.i > span.start and before.lower_.rstrip(".") in self.lexicon.honorifics:
            before = self.doc[before.i - 1]  # "a spokesman for Mr Johnson" is not Mr Johnson
        if name.end < self.without_determiners(span).end or before is None or before.pos_ == "ADP":
            return False
        if self.title_start(name.start, span.start) <= first:
            return True
        renamed = self.doc[name.start - 2] if name.start - 2 >= span.start else None
        return (before.text == "," and renamed is not None and self.renames(span.root, name.start)
                and (renamed == span.root or not self.lexicon.is_role(renamed.text)))

    def renames(self, head: Token, start: int) -> bool:
        """Whether the apposition opening at START, after a comma, renames HEAD: it follows HEAD
        or a proper noun ("the chief executive of Acme, John Smith"), not another common noun,
        which it renames instead ("the administrator of the travel chain, Traveland")."""
        before = self.doc[start - 2] if start >= 2 and self.doc[start - 1].text == "," else None
        return before is None or before == head or before.pos_ != "NOUN"

    def unlabelled_name(self, span: Span, name_expected: bool, titled=False) -> Span | None:
        """A person's name the entity recogniser missed: a known surname, or proper nouns that
        are not an entity of another kind (or any capitalised words where a name is expected);
        also one it called an organisation when an apposition gives it a person's role
        (TITLED: "Smith, the alliance's deputy secretary general, said")."""
        head = span.root
        known_surname = head.lower_ in self.full_names or self.opens_a_full_name(head.lower_)
        if any(self.is_person(self.entity_of.get(t.i)) for t in span):
            return None  # the person it mentions is not the speaker
        entity = self.entity_of.get(head.i)
        mislabelled = titled and entity is not None and entity.label_ == "ORG" and span.start <= entity.start
        if not known_surname:
            proper = head.pos_ == "PROPN" or (name_expected and head.text[:1].isupper())
            other_entity = (entity is not None and entity.label_ not in UNPLACED_ENTITIES
                            and not name_expected and not mislabelled)
            if (not proper or other_entity or head.text.isupper() or self.lexicon.known_source(head.text)
                    or self.lexicon.is_role(head.text) or head.lower_ in self.lexicon.noun_types):
                return None
        if mislabelled:
            return self.bare_name(entity)
        start = self.hyphenated_start(head.i, span.start)
        while start > span.start and (self.is_name_part(self.doc[start - 1])
                                      or self.given_name_in(entity, self.doc[start - 1])):
            start -= 1
        return self.bare_name(self.doc[start:head.i + 1])

    def given_name_in(self, entity: Span | None, token: Token) -> bool:
        """Whether TOKEN is a given name the entity recogniser put with a known surname in an
        entity of another kind ("Wali Masood" ORG): without it the surname would be whoever else
        the article names with it ("Ahmad Shah Masood")."""
        return (entity is not None and entity.start <= token.i and token.pos_ == "PROPN" and token.text[:1].isupper()
                and not token.text.isupper() and token.lower_ not in self.lexicon.honorifics
                and not self.lexicon.is_role(token.text) and token.lower_ not in self.lexicon.noun_types)
