"""Source identity: naming and typing sources that are not people named in full (institutions,
media, documents' authors, unnamed sources)."""
from spacy.tokens import Span, Token

from .frames import Source
from .lexicon import DEFINITE, DOCUMENT, INDEFINITE, NOT_A_SOURCE

INSTITUTION_WINDOW = 150  # tokens before "the company" in which the company it stands for is sought
DEMONSTRATIVE_PEOPLE = {"those"}  # "those in favour of punishment have said": the people who are
NOT_NAMES = {"PRON", "VERB", "AUX", "DET", "ADP", "CCONJ", "SCONJ", "PART", "NUM"}
ENTITY_TYPES = {"GPE": "government", "NORP": "group", "PERSON": "person", "ORG": "organization", "FAC": "organization"}

class Identity:
    """Names and types of institutions and unnamed sources (mixed into ArticleAttribution)."""

    def institution_named(self, phrase: Span, appositions) -> Source | None:
        """A proper name that an apposition calls an institution ("Gazprom, the state gas
        company", "Dozhd, the independent TV channel"), whatever the entity recogniser said."""
        head = phrase.root
        entity = self.entity_of.get(head.i)
        named = head.pos_ == "PROPN" or (head.text[:1].isupper() and head.lower_ not in self.lexicon.noun_types
                                         and head.lower_ not in self.lexicon.not_sources)  # "Barclays" read as a noun
        if not named or self.is_person(entity):
            return None
        for apposition in appositions:
            root = apposition.root
            kind = self.lexicon.noun_types.get(root.lower_) or ("media" if root.lower_ in self.lexicon.media_words else None)
            if root.pos_ == "NOUN" and kind in ("organization", "government", "media"):
                name = self.without_determiners(entity if entity is not None and entity.start >= phrase.start else phrase)
                return self.lexicon.known_source(name.text) or Source(name.text, kind)
        return None

    def medium_named(self, phrase: Span, appositions) -> Source | None:
        """A medium named after the word saying what it is: "the journal Nature Astronomy"."""
        head = phrase.root
        if head.pos_ == "NOUN" and head.lower_ in self.lexicon.media_words:
            names = [self.without_determiners(a) for a in appositions if a.root.pos_ == "PROPN" and a.start == head.i + 1]
        else:
            kinds = [t for t in phrase if t.i < head.i and t.pos_ == "NOUN" and t.lower_ in self.lexicon.media_words]
            names = [self.doc[kinds[-1].i + 1:head.i + 1]] if head.pos_ == "PROPN" and kinds else []
            # not a person with a title holding a media word: "press secretary Sarah Sanders"
            names = [n for n in names if n[0].pos_ == "PROPN" and not self.is_person(self.entity_of.get(head.i))]
        if not names:
            return None
        return self.lexicon.known_source(names[0].text) or Source(names[0].text, "media")

    def named_source(self, phrase: Span) -> Source | None:
        """A source that the word lists, known sources or entity labels name with confidence."""
        bare = self.without_determiners(phrase)
        head = phrase.root
        # "a person briefed on the call", not "the company that hired people familiar with it"
        lower = self.phrase(head, lambda child: child.dep_ == "acl" and child.tag_ == "VBN").text.lower()
        individual = head.tag_ == "NN"
        for words, kind in self.lexicon.phrase_types:
            if words in lower:
                return self.unnamed_source(head, kind, individual and kind == "anonymous")
        for word in (head.lower_, head.lemma_.lower()):
            if word in self.lexicon.noun_types:
                kind = self.lexicon.noun_types[word]
                if kind == NOT_A_SOURCE:
                    return None
                if kind == DOCUMENT:
                    if head.pos_ == "PROPN":  # "The Washington Post", "The Morning Bulletin": a name
                        break
                    return self.document_author(head)
                if kind == "organization" and word != head.lower_ and head.tag_ == "NNS":
                    kind = "group"  # several organisations: "industry groups", "oil companies"
                bare_noun = all(c.dep_ == "det" for c in head.lefts)  # "the company", not "the accountancy firm"
                if kind == "government" and self.is_definite(head) and individual and bare_noun:
                    named = self.body_of_kind_before(head)  # "the department": the Department of Trade named
                    if named is not None:
                        return named
                if kind == "organization" and self.is_definite(head) and individual:
                    # "the agency" after "NASA's search"; "the Pakistan-based news agency" after AIP spoke
                    named = self.institution_before(head) if bare_noun else self.institution_credited_before(head)
                    if named is not None:
                        return named
                return self.unnamed_source(head, kind, individual and kind == "anonymous")
        known = self.lexicon.known_source(bare.text)
        if known:
            return known
        entity = self.entity_of.get(head.i)
        if entity is None and head.pos_ == "PROPN":  # a name the recogniser cut short: "the Sioux Falls Argus" Leader
            before = self.entity_of.get(head.i - 1)
            if before is not None and before.end == head.i and before.start >= phrase.start:
                entity = Span(self.doc, before.start, head.i + 1, label=before.label_)
        if entity is None or entity.label_ not in ENTITY_TYPES:
            return None
        name = self.without_determiners(entity)
        known = self.lexicon.known_source(name.text)
        if known:
            return known
        if entity.label_ in ("ORG", "FAC") and name[-1].lower_ in self.lexicon.media_words:
            return Source(name.text, "media")
        return Source(name.text, "organization" if entity.text in self.companies else ENTITY_TYPES[entity.label_])

    def is_definite(self, head: Token) -> bool:
        return any(c.dep_ == "det" and c.lower_ in DEFINITE for c in head.children)

    def institution_before(self, head: Token) -> Source | None:
        """The organisation a definite common noun stands for: of those named or credited in the
        INSTITUTION_WINDOW tokens before it, the one mentioned most, the nearest of equals ("VW
        says ... there's AppleSkin, a faux leather ... The automaker says": VW)."""
        floor = max(0, head.i - INSTITUTION_WINDOW)
        mentions = [(i, source) for i, source in self.speakers if floor <= i < head.i and source.type == "organization"]
        for entity in (ent for ent in self.entities if floor <= ent.start and ent.end <= head.i):
            if (entity.label_ == "ORG" and not self.is_person(entity)) or entity.text in self.companies:
                source = self.named_source(entity)
                if source is not None and source.type == "organization":
                    mentions.append((entity.start, source))
        counts = {}
        for i, source in mentions:
            last = source.name.split()[-1]
            if last.lower() not in self.full_names and self.may_stand_for(head, last):
                count, latest = counts.get(source, (0, -1))
                counts[source] = (count + 1, max(latest, i))
        return max(counts, key=counts.get) if counts else None

    def body_of_kind_before(self, head: Token) -> Source | None:
        """The one public body named "<noun> of ..." in the INSTITUTION_WINDOW tokens before "the
        <noun>" ("the department": the Department of Foreign Affairs and Trade); none when two are."""
        floor = max(0, head.i - INSTITUTION_WINDOW)
        bodies = set()
        for entity in (ent for ent in self.entities if floor <= ent.start and ent.end <= head.i and ent.label_ == "ORG"):
            name = self.without_determiners(entity)
            if len(name) > 2 and name[0].lemma_.lower() == head.lemma_.lower() and name[1].lower_ == "of":
                bodies.add(self.whole_name(name.text))
        return Source(bodies.pop(), "government") if len(bodies) == 1 else None

    def institution_credited_before(self, head: Token) -> Source | None:
        """The institution a definite description with modifiers stands for ("the Pakistan-based
        news agency", "the accountancy firm"): the one credited last in the INSTITUTION_WINDOW
        tokens before it or the subject of a main clause there, whichever comes last, a medium too
        when a media word describes it; names merely mentioned do not count, as the description
        may introduce a body of its own."""
        kinds = {"organization"}
        if any(c.dep_ == "compound" and c.lower_ in self.lexicon.media_words for c in head.lefts):
            kinds.add("media")
        floor = max(0, head.i - INSTITUTION_WINDOW)
        credited = [(i, source) for i, source in self.speakers if floor <= i < head.i and source.type in kinds]
        for entity in self.entities:  # or a main clause's subject: "VW is showing ... The German automaker"
            if (floor <= entity.start and entity.end <= head.i and entity.label_ == "ORG" and entity.root.dep_ == "nsubj"
                    and entity.root.head.dep_ == "ROOT"):
                source = self.named_source(entity)
                if source is not None and source.type in kinds:
                    credited.append((entity.start, source))
        credited = [source for i, source in sorted(credited, key=lambda pair: pair[0])
                    if self.may_stand_for(head, source.name.split()[-1])]
        return credited[-1] if credited else None

    def may_stand_for(self, head: Token, last_word: str) -> bool:
        """Whether "the company" can stand for a name ending with LAST_WORD: a descriptor noun for
        any name that does not say it is another kind of body ("Australian Services Union"), any
        other noun for a name ending with it ("the bank": "Reserve Bank")."""
        last, nouns = last_word.lower(), (head.lower_, head.lemma_.lower())
        if nouns[1] in self.lexicon.descriptors:
            return last not in self.lexicon.noun_types or last in nouns
        return last in nouns

    def unnamed_source(self, head: Token, kind: str, individual: bool) -> Source:
        """A source named by a common noun: "the official" is the official the article introduced
        before ("A senior Hamas official" ... "the official"; "the Fatah official" only one whose
        words include "Fatah"); else a new one, named by its whole phrase with participles and
        prepositions ("two people briefed on the talks") but not relative clauses."""
        lemma = head.lemma_.lower()
        noun = (lemma, head.tag_ in ("NNS", "NNPS"))  # "the official" is not one of "US officials"
        if self.is_definite(head):
            words = {t.lower_ for t in head.lefts if t.dep_ in ("compound", "amod", "nmod")}
            earlier = [source for i, known, source in self.unnamed if i < head.i and known == noun
                       and words <= set(source.name.lower().split())]
            if earlier:
                return earlier[-1]
        people = kind in ("anonymous", "group")  # "two people briefed on the talks"; not "the commission looking into"
        phrase = self.phrase(head, lambda child: (people and child.dep_ == "acl" and child.tag_ in ("VBN", "VBG"))
                             or self.joins_group(head, child))  # "witnesses and security officials": one source
        if lemma in self.lexicon.speaks_for:  # "a WeWork spokesperson" speaks for an organisation
            owners = [c for c in head.lefts if c.dep_ in ("compound", "poss", "amod") and (
                c.ent_type_ in ("ORG", "GPE", "FAC") or (c.pos_ == "PROPN" and not c.ent_type_))]
            bodies = [self.named_source(self.phrase(c)) for c in owners]
            kinds = [body.type if body is not None else "organization" for body in bodies]  # a name unknown: a firm
            kinds += [self.lexicon.noun_types.get(c.lower_) for c in head.lefts if c.dep_ == "compound"]  # "a company spokesperson"
            kind = next((k for k in kinds if k in ("organization", "government", "media")), kind)
            described = [c for c in head.lefts if c.dep_ == "compound" and c.lemma_.lower() in self.lexicon.descriptors]
            body = self.institution_before(described[0]) if described else self.body_spoken_for(head)
            if body is not None:  # "a company spokesperson" after WeWork's news speaks for WeWork
                return body
        source = self.owned_by_institution(head, phrase, kind, individual)
        source = source or self.common_noun_source(self.without_determiners(phrase), kind, individual)
        self.unnamed.append((head.i, noun, source))
        return source

    def body_spoken_for(self, head: Token) -> Source | None:
        """The institution "a spokesman for the department" speaks for: the one the article named
        that a definite common noun after "for" stands for ("the Immigration Department"); the
        spokesman stays one person for the pronouns that follow."""
        for prep in (c for c in head.rights if c.dep_ == "prep" and c.lower_ == "for"):
            for body in (c for c in prep.children if c.dep_ == "pobj" and c.pos_ == "NOUN" and self.is_definite(c)):
                if self.lexicon.noun_types.get(body.lemma_.lower()) in ("organization", "government"):
                    named = self.named_source(self.phrase(body))
                    if named is not None and not named.generic and named.type in ("organization", "government"):
                        return Source(named.name, named.type, True)  # one person speaks: "he said" next
        return None

    def owned_by_institution(self, head: Token, phrase: Span, kind: str, individual: bool) -> Source | None:
        """People named by the company they belong to ("the failed company's administrators"),
        named by that company's name when the article gives it ("Traveland's administrators")."""
        owner = next((c for c in head.children if c.dep_ == "poss" and c.lemma_.lower() in self.lexicon.descriptors
                      and self.is_definite(c)), None)
        body = self.institution_before(owner) if owner is not None else None
        if body is None:
            return None
        rest = self.doc[owner.right_edge.i + 1:phrase.end]
        rest = rest[1:] if len(rest) and rest[0].tag_ == "POS" else rest
        return Source(f"{body.name}'s {rest.text}", kind, individual)

    def common_name(self, bare: Span) -> str:
        """A common-noun name as it would be written mid-sentence: "Officials" -> "officials"."""
        first = bare[0]
        if first.is_sent_start and first.pos_ == "NOUN" and not first.ent_type_ and not first.text.isupper():
            return first.lower_ + bare.text[len(first.text):]
        return bare.text

    def common_source(self, phrase: Span, name_expected: bool) -> Source | None:
        """A speaker named only by a common noun ("the report", "analysts")."""
        bare = self.without_determiners(phrase)
        head = phrase.root
        if head.lower_ in DEMONSTRATIVE_PEOPLE and any(c.dep_ in ("prep", "acl") for c in head.children):
            return self.common_noun_source(bare, "group")
        if name_expected or not head.is_alpha or head.pos_ in NOT_NAMES or head.lower_ in self.lexicon.noun_types:
            return None
        if bare.text.lower() in self.lexicon.not_sources:
            return None  # "Many said", "Both argued"
        owned = self.owned_by_institution(head, phrase, "group" if head.tag_ in ("NNS", "NNPS") else "anonymous", False)
        if owned is not None:
            return owned
        if phrase[0].lower_ in INDEFINITE and head.tag_ == "NN":
            return self.common_noun_source(bare, "anonymous", True)  # "one legal expert", "a neighbour"
        if self.lexicon.is_role(head.text):  # "the prime minister", never tied to a name here
            return self.common_noun_source(bare, "anonymous", True)
        if head.tag_ in ("NNS", "NNPS"):
            return self.common_noun_source(bare, "group")
        if len(bare) > 1 and head.tag_ == "NN" and self.is_definite(head):
            return self.common_noun_source(bare, "anonymous", True)  # "the British royal": one person described
        return None if len(bare) == 1 and head.pos_ == "NOUN" else self.common_noun_source(bare, "organization")

    def common_noun_source(self, bare: Span, kind: str, individual=False) -> Source:
        """A source named by BARE, a phrase of common nouns; generic (one article's own) unless a
        name in it identifies it ("Treasury spokesman", "Wimpey spokeswoman")."""
        start = bare.start
        while start >= 2 and self.is_glued_by_hyphen(start):  # "neo-banks", which the parser cut in three
            start -= 2
        bare = self.doc[start:bare.end]
        generic = not any(t.ent_type_ in ENTITY_TYPES or self.lexicon.known_source(t.text) for t in bare)
        return Source(self.common_name(bare), kind, individual, generic)

    def is_glued_by_hyphen(self, start: int) -> bool:
        """Whether the word at START ends a hyphenated word ("banks" of "neo-banks")."""
        hyphen, before = self.doc[start - 1], self.doc[start - 2]
        return hyphen.text == "-" and not hyphen.whitespace_ and not before.whitespace_ and before.is_alpha

    def company_names(self) -> set[str]:
        """Names of people's or organisations' form that the article shows to be companies' by the
        words next to them (``company_evidence.txt``: "shares in George Wimpey", "Wimpey plc")."""
        companies = set()
        for entity in self.entities:
            if entity.label_ not in ("PERSON", "ORG"):
                continue
            after = self.doc[entity.end:entity.end + 3]
            after = after[1:] if len(after) and after[0].tag_ == "POS" else after  # "George Wimpey's shares"
            before = self.doc[max(0, entity.start - 3):entity.start].text.lower()
            if (any(before.endswith(words) for words in self.lexicon.company_words_before)
                    or any(after.text.lower().startswith(words) for words in self.lexicon.company_words_after)):
                companies.add(entity.text)
        return companies

    def spelt_out(self) -> dict[str, str]:
        """{acronym: name} for the organisations the article names in full: "(CML)" written after
        a name, or the initials of a name's capitalised words ("Bradford & Bingley": B&B; "US
        Federal Bureau of Investigation": FBI, a leading abbreviation of a place aside)."""
        names = {}
        for entity in self.entities:
            bare = self.without_determiners(entity)
            words = [t.text for t in bare if t.text[:1].isupper() or t.text == "&"]
            if entity.label_ not in ("ORG", "GPE", "FAC") or len(words) < 2:
                continue
            after = self.doc[entity.end:entity.end + 3]
            if len(after) == 3 and after[0].text == "(" and after[2].text == ")" and after[1].text.isupper():
                names[after[1].text] = bare.text
            names.setdefault("".join(w[0] for w in words), bare.text)
            if words[0].isupper():
                names.setdefault("".join(w[0] for w in words[1:]), bare.text)
        return {acronym: name for acronym, name in names.items() if len(acronym) > 1}

    def organisation_names(self) -> set[str]:
        """The names of the organisations, places and peoples the article names, without "the";
        not a document's title ("the Northgate Outlook bulletin")."""
        return {self.without_determiners(e).text for e in self.entities if e.label_ in ("ORG", "GPE", "FAC", "NORP")
                and not (e.end < len(self.doc) and self.lexicon.noun_types.get(self.doc[e.end].lower_) == DOCUMENT)}

    def in_full(self, source: Source, spelt_out: dict[str, str], organisations: set[str]) -> Source:
        """SOURCE under the name the article spells it out with: its acronym's ("B&B": Bradford &
        Bingley) or the one longer name of an organisation it opens ("Amnesty": Amnesty
        International); a person under the formal given name the article also uses."""
        if source.type == "person":
            return self.formally_named(source)
        name = source.name.replace(" ", "")
        if name.isupper() and name in spelt_out:
            return Source(spelt_out[name], source.type)
        if name.isupper() and source.type in ("organization", "media"):
            companies = {self.without_determiners(e).text for e in self.entities if e.label_ == "ORG"}
            contracted = {full for full in companies if " " not in full and self.contracts(name, full)}
            if len(contracted) == 1:  # "VW" for Volkswagen
                return Source(contracted.pop(), source.type)
        longer = {full for full in organisations if full.startswith(source.name + " ")
                  and full[len(source.name) + 1:][:1].isupper()}
        return Source(longer.pop(), source.type) if len(longer) == 1 else source

    @staticmethod
    def contracts(short: str, word: str) -> bool:
        """Whether SHORT, an upper-case abbreviation of two or three letters, contracts WORD, a
        one-word name at least three times as long that opens with its first letter and holds the
        others in order ("VW": Volkswagen); the article must name exactly one such organisation."""
        if not 2 <= len(short) <= 3 or len(word) < 3 * len(short) or word[0] != short[0] or word.isupper():
            return False
        rest = iter(word[1:].upper())
        return all(letter in rest for letter in short[1:])

    @staticmethod
    def whole_name(name: str) -> str:
        """NAME without a bracket the entity recogniser cut open ("Council of Mortgage Lenders (CML")."""
        if name.count("(") > name.count(")"):
            name = name[:name.rindex("(")].rstrip()
        return name.rstrip(")").rstrip() if name.count(")") > name.count("(") else name

    def as_speaker(self, source: Source | None) -> Source | None:
        """SOURCE unless it is a quantifier or pronoun-like word ("Many", "Both", "the pair")."""
        return None if source is None or source.name.lower() in self.lexicon.not_sources else source
