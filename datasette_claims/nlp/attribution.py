"""Attribution: who said what, for every claim sentence that credits somebody.

A claim's speaker is found from the dependency parse: the subject (or passive agent) of a speech
cue outside quote marks, the object of "according to", or a name before a colon or after a dash.
Quote marks are tracked per paragraph, so a sentence inside a quotation that is credited elsewhere
(a quote spanning two sentences, a quote-only paragraph) gets the speaker of that quotation.
Speakers become canonical sources: pronouns and surnames resolve to the full name given earlier
in the article, "the official" to the official introduced before, "the company" to the company
named before, titles become roles, and known sources, entity labels and word lists give types. A
document (a report, a video) speaks only for its author. The small model's mistakes are read
through where the text shows them: a person tagged as an organisation, a word glued to a name.
Every word list lives in ``datasette_claims/data/`` (see ``datasette_claims.wordlists``).
"""
import re
from bisect import bisect_left
from dataclasses import dataclass, field, replace

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from .. import wordlists
from .units import claim_sentences, text_of

if not Doc.has_extension("attributions"):
    Doc.set_extension("attributions", default=None)

QUOTE_MARK = re.compile('["\u201c\u201d\u201e\u00ab\u00bb]')
SINGLE_QUOTE_MARK = re.compile("['\u2018\u2019]")
OPENING_MARKS = "\u201c\u201e\u00ab"
CLOSING_MARKS = "\u201d\u00bb"
DASHES = {"-", "--", "\u2013", "\u2014"}
SPACE_BEFORE_OPENING = "([{:\u2013\u2014"
PUNCT_AFTER_CLOSING = ".,;:!?)]}-\u2013\u2014"
NOT_A_SOURCE = "-"  # the type source_nouns.tsv gives words that never name a speaker ("percent")
DOCUMENT = "document"  # its type for things that speak only for their author ("a report by X said")
DOCUMENT_AUTHOR_PREPOSITIONS = {"by", "from"}
INDEFINITE = {"a", "an", "one", "another"}
DEFINITE = {"the", "this", "that"}
INSTITUTION_WINDOW = 150  # tokens before "the company" in which the company it stands for is sought
DEMONSTRATIVE_PEOPLE = {"those"}  # "those in favour of punishment have said": the people who are
PRONOUN_REFERENTS = {  # pronoun -> the source types it can stand for
    **dict.fromkeys(("he", "she", "him", "her", "his", "hers"), {"person"}),
    **dict.fromkeys(("they", "them", "their"), {"group", "anonymous", "organization", "government"}),
    **dict.fromkeys(("it", "its"), {"organization", "government", "media"}),
}
SPAN_CUTTING_DEPS = {"appos", "relcl", "acl", "advcl", "punct", "cc", "conj"}
EMBEDDING_DEPS = {"relcl", "acl", "amod", "csubj", "csubjpass"}
TITLE_ENTITIES = {"ORG", "GPE", "NORP", "FAC", "LOC"}
TITLE_PREPOSITIONS = {"to", "of", "for", "at", "with", "from"}
NOT_NAMES = {"PRON", "VERB", "AUX", "DET", "ADP", "CCONJ", "SCONJ", "PART", "NUM"}
QUESTION_MARKS = {"whether", "if"}  # "declined to say whether ...": a question, not a statement
UNPLACED_ENTITIES = {"PRODUCT", "WORK_OF_ART", "EVENT", "LAW", "LANGUAGE"}  # a speaker so labelled is a person
ENTITY_TYPES = {"GPE": "government", "NORP": "group", "PERSON": "person", "ORG": "organization", "FAC": "organization"}


@dataclass(frozen=True)
class Source:
    """A speaker by canonical name and type; hashable, so roles can be gathered per source."""

    name: str
    type: str
    individual: bool = field(default=False, compare=False)  # one unnamed person ("a dispatcher"): he or she


@dataclass(frozen=True)
class Attribution:
    """Who is credited with one claim, and how; speech follows from the source and the quotes."""

    source: Source
    cue: str
    role: str | None = None  # the role as given at this claim
    via: Source | None = None
    quoted: bool = False  # the claim's content is wholly or partly inside quote marks

    @property
    def speech(self) -> str:
        if self.source.type == "media":
            return "reported"
        return "direct" if self.quoted else "indirect"


WRAPPING, VERB, FALLBACK = 0, 1, 2


@dataclass
class Candidate:
    """A cue found in a sentence; the outermost one (nearest the root) credits the claim."""

    anchor: Token
    priority: int  # at one anchor, "according to X" (WRAPPING) goes before the VERB it modifies
    attribution: Attribution


def matching_key(text: str) -> str:
    """Known-source lookup key: no leading "the"; short acronyms (AP, WHO) keep their case."""
    text = re.sub(r"^the\s+", "", " ".join(text.split()), flags=re.IGNORECASE)
    return text if text.isupper() and len(text) <= 3 else text.lower()


class Lexicon:
    """The word lists and known sources, read once when the component is built."""

    def __init__(self):
        from .. import plugins

        cues = [tuple(entry.lower().split()) for entry in wordlists.words("attribution_cues.txt")]
        self.speech_verbs = {row[0] for row in wordlists.rows("attribution_cues.txt") if row[1:] == ("speech",)}
        self.cue_verbs = {cue[0] for cue in cues if len(cue) == 1}
        self.cue_phrases = [cue for cue in cues if len(cue) > 1]
        roles = sorted(wordlists.words("source_roles.txt"), key=len, reverse=True)
        self.role_pattern = re.compile(r"(?<!\w)(?:%s)(?!\w)" % "|".join(map(re.escape, roles))) if roles else None
        self.honorifics = set(wordlists.words("source_honorifics.txt"))
        nouns = wordlists.rows("source_nouns.tsv")
        self.noun_types = {row[0]: row[1] for row in nouns if len(row) > 1 and " " not in row[0]}
        self.phrase_types = [(row[0], row[1]) for row in nouns if len(row) > 1 and " " in row[0]]
        self.descriptors = {row[0] for row in nouns if row[2:3] == ("descriptor",)}
        self.speaks_for = {row[0] for row in nouns if row[2:3] == ("speaks-for",)}
        self.claim_nouns = set(wordlists.words("attribution_nouns.txt"))
        self.media_words = set(wordlists.words("source_media_words.txt"))
        self.refusals = set(wordlists.words("attribution_refusals.txt"))
        self.author_verbs = set(wordlists.words("document_author_verbs.txt"))
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
        return 1 if token.tag_.startswith("VB") and lemma in self.cue_verbs else 0

    def is_role(self, text: str) -> bool:
        return bool(self.role_pattern and self.role_pattern.search(text.lower()))

    def known_source(self, text: str) -> Source | None:
        return self.known.get(matching_key(text)) or self.known.get(matching_key(text).lower())


def paragraphs(text: str):
    """(start, end) of each line: a paragraph, as the reader writes articles."""
    start = 0
    for line in text.split("\n"):
        yield start, start + len(line)
        start += len(line) + 1


def quotation_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of quotations, from the opening mark to just after the closing one.

    Straight marks get a direction from their spacing. An opening-looking mark inside a quotation
    closes it (the detached '... here, "he said') unless the next mark closes (a quote re-opened
    at its next sentence); an unclosed quotation ends with its paragraph.
    """
    spans = []
    for paragraph_start, paragraph_end in paragraphs(text):
        found = QUOTE_MARK.finditer(text, paragraph_start, paragraph_end)
        marks = [(m.start(), mark_direction(text, m.start())) for m in found]
        opened, unquoted_from = None, paragraph_start
        for k, (position, direction) in enumerate(marks):
            if opened is None:
                if direction == "close" and text[position - 1] in ",.?!":  # its opening mark is missing
                    spans.append((unquoted_from, position + 1))
                    unquoted_from = position + 1
                elif direction != "close":
                    opened = position
            elif direction == "open" and k + 1 < len(marks) and marks[k + 1][1] == "close":
                continue
            else:
                spans.append((opened, position + 1))
                opened, unquoted_from = None, position + 1
        if opened is not None:
            spans.append((opened, paragraph_end))
    return spans


def single_quotation_spans(text: str) -> list[tuple[int, int]]:
    """Quotations in single marks (British style), read strictly because the same marks are
    apostrophes: one opens after a space before a letter and closes before a space or
    punctuation; unclosed, it is a quotation only when it opens a sentence."""
    spans = []
    for paragraph_start, paragraph_end in paragraphs(text):
        opened = None
        for match in SINGLE_QUOTE_MARK.finditer(text, paragraph_start, paragraph_end):
            position = match.start()
            before = text[position - 1] if position > paragraph_start else " "
            after = text[position + 1] if position + 1 < paragraph_end else " "
            if opened is None:
                spaced_before = before.isspace() or before in SPACE_BEFORE_OPENING or before in '"\u201c'
                if spaced_before and after.isalpha() and match.group() != "\u2019":
                    opened = position
            elif not after.isalnum() and (before.isalnum() or before in ".,?!"):
                spans.append((opened, position + 1))
                opened = None
        if opened is not None and text[paragraph_start:opened].rstrip()[-1:] in ("", ".", "?", "!"):
            spans.append((opened, paragraph_end))
    return spans


def mark_direction(text: str, position: int) -> str:
    """'open', 'close' or 'either', from the mark itself or, for a straight mark, its spacing."""
    mark = text[position]
    if mark in OPENING_MARKS:
        return "open"
    if mark in CLOSING_MARKS:
        return "close"
    before = text[position - 1] if position > 0 else " "
    after = text[position + 1] if position + 1 < len(text) else " "
    spaced_before = before.isspace() or before in SPACE_BEFORE_OPENING
    spaced_after = after.isspace() or after in PUNCT_AFTER_CLOSING
    if spaced_before and not spaced_after:
        return "open"
    if spaced_after and not spaced_before:
        return "close"
    return "either"


class ArticleAttribution:
    """Attributes the claim sentences of one article, in order, remembering its speakers."""

    def __init__(self, doc: Doc, lexicon: Lexicon):
        self.doc, self.lexicon = doc, lexicon
        self.quotation_of = [-1] * len(doc)  # token -> index of the quotation holding it
        self.quotations = []
        text = text_of(doc)
        for start, end in sorted(quotation_spans(text) + single_quotation_spans(text)):
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is not None and len(span) and all(self.quotation_of[t.i] < 0 for t in span):
                for token in span:
                    self.quotation_of[token.i] = len(self.quotations)
                self.quotations.append(span)
        self.entities = doc.ents  # built anew on every access
        strings, words = doc.vocab.strings, lexicon.attribution_words
        self.may_attribute = [  # token indices, read from arrays: a Token object per word would cost more
            i for i, (lemma, lower) in enumerate(zip(doc.to_array("LEMMA").tolist(), doc.to_array("LOWER").tolist()))
            if strings[lower] in words or strings[lemma].lower() in words
        ]
        self.entity_of = {token.i: ent for ent in self.entities for token in ent}
        self.person_entities = {ent.start for ent in self.entities if ent.label_ == "PERSON"}
        mislabelled = [ent for ent in self.entities if self.is_mislabelled_person(ent)]
        surnames = {ent[-1].lower_ for ent in mislabelled}  # "Wendy Caird" (ORG) is the "Ms Caird" of later
        self.person_entities |= {ent.start for ent in mislabelled}
        self.person_entities |= {ent.start for ent in self.entities if ent.label_ in TITLE_ENTITIES and len(ent) > 1
                                 and ent[-1].lower_ in surnames and self.looks_like_name(ent)}
        self.glued = set()  # token indices of words a bad parse glued to a name ("Hosting Cook")
        self.document_authors = {}  # "report" -> the author of the last report credited
        self.unnamed = []  # (token index, (head lemma, plural), Source) of sources named by a common noun
        self.full_names = {}  # last name -> [(token index, name)] of every person the article names
        self.untagged = {}  # surname -> [(token index, name)] of first names the recogniser left untagged
        self.person_subjects = []  # (token index, Source) of people who are subjects of a clause
        self.roles = {}  # Source -> roles given anywhere in the article
        self.role_mentions = []  # (token index, Source, role), to resolve "the president said"
        self.speakers = []  # (token index, Source) in article order
        self.index_people()

    # --- people named in the article -------------------------------------------------------

    def is_person(self, ent: Span | None) -> bool:
        return ent is not None and ent.start in self.person_entities

    def is_mislabelled_person(self, ent: Span) -> bool:
        """A proper name the model gave another label ("Marcelo Claure" ORG) that the text shows
        to be a person's: a title or honorific just before it ("executive chair Marcelo Claure",
        "Mr Claure"), an apposition with a role either way, or coordination with a person."""
        if ent.label_ in ("PERSON", "DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"):
            return False
        if not self.looks_like_name(ent):
            return False
        if len(ent) > 1 and ent[0].lower_ in self.lexicon.honorifics:  # "Ms Caird" (WORK_OF_ART)
            return True
        before = self.doc[ent.start - 1] if ent.start > ent.sent.start else None
        if before is not None and (before.lower_ in self.lexicon.honorifics
                                   or (before.pos_ == "NOUN" and self.lexicon.is_role(before.text))):
            return True
        root = ent.root
        if root.dep_ == "appos" and root.head.pos_ == "NOUN" and self.lexicon.is_role(root.head.text):
            return True
        if any(c.dep_ == "appos" and self.role_of(self.phrase(c)) for c in root.children):
            return True
        linked = [root.head] if root.dep_ == "conj" else []
        linked += [c for c in root.children if c.dep_ == "conj"]
        return any(self.entity_of.get(t.i) is not None and self.entity_of[t.i].label_ == "PERSON" for t in linked)

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
            for role in (self.title_before(name.start, ent.sent.start, not owner), self.apposition_role(ent.root)):
                self.add_role(person, role, name.start)
        for token in self.doc:  # people acting in a main clause, named by a name or a surname alone
            if (token.dep_ in ("nsubj", "nsubjpass") and token.head.dep_ in ("ROOT", "conj") and token.pos_ == "PROPN"
                    and token.lower_ in self.full_names and self.quotation_of[token.i] < 0):
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
        """The name in a person entity, widened to proper nouns the model left out before it."""
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
        return self.doc[start:name.end]

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
        recogniser left untagged ("Zach Parise's")."""
        short = name.text.lower()
        named = [(position, full) for position, full in self.full_names.get(name[-1].lower_, [])
                 if len(full) > len(short) and full.lower().endswith(short) and full[-len(short) - 1] in " -"]
        named = named or self.untagged_full_names(name)
        earlier = [full for position, full in named if position < name.start]
        return (earlier[-1] if earlier else named[0][1]) if named else name.text

    def untagged_full_names(self, name: Span) -> list[tuple[int, str]]:
        """(position, "Zach Parise") wherever a capitalised proper noun outside any entity stands
        just before the surname NAME (one word); worked out once per surname and article."""
        surname = name[-1].lower_
        if len(name) != 1:
            return []
        if surname not in self.untagged:
            self.untagged[surname] = [
                (token.i - 1, f"{self.doc[token.i - 1].text} {token.text}") for token in self.doc
                if token.lower_ == surname and token.i > 0 and self.could_be_first_name(self.doc[token.i - 1])
            ]
        return self.untagged[surname]

    def could_be_first_name(self, token: Token) -> bool:
        return (token.pos_ == "PROPN" and token.text[:1].isupper() and not token.text.isupper()
                and token.i not in self.entity_of and token.lower_ not in self.lexicon.honorifics
                and not self.lexicon.is_role(token.text) and token.lower_ not in self.lexicon.noun_types)

    def title_before(self, start: int, floor: int, through_prepositions=True) -> str | None:
        """The title written just before a name ("US envoy to NATO" Julian Smith), if any."""
        title = self.doc[self.title_start(start, floor, through_prepositions):start]
        return title.text if len(title) and self.lexicon.is_role(title.text) else None

    def title_start(self, start: int, floor: int, through_prepositions=True) -> int:
        """Where the run of title-like words ending just before START begins (not before FLOOR):
        nouns, adjectives, whole organisations ("the Bureau of Meteorology's") and "to the" after
        a role word or a proper noun ("Ambassador to the OSCE", "News of the World editor")."""
        i = start
        while i > floor:
            token = self.doc[i - 1]
            entity = self.entity_of.get(token.i)
            if entity is not None and entity.label_ in TITLE_ENTITIES:
                i = max(entity.start, floor)
            elif token.pos_ in ("PROPN", "NOUN", "ADJ") or token.tag_ == "POS" or (token.tag_ == "HYPH" and not token.whitespace_):
                i -= 1
            elif through_prepositions and token.lower_ in TITLE_PREPOSITIONS and i - 2 >= floor and (
                    self.lexicon.is_role(self.doc[i - 2].text) or self.doc[i - 2].pos_ == "PROPN"):
                i -= 1
            elif token.pos_ == "DET" and i - 2 >= floor and self.doc[i - 2].lower_ in TITLE_PREPOSITIONS:
                i -= 1
            else:
                break
        return i

    def apposition_role(self, head: Token) -> str | None:
        for child in head.children:
            if child.dep_ == "appos":
                text = self.without_determiners(self.phrase(child)).text
                if self.lexicon.is_role(text):
                    return text
        return None

    def add_role(self, source: Source, role: str | None, position: int):
        if role:
            self.roles.setdefault(source, []).append(role)
            self.role_mentions.append((position, source, role.lower().split()))

    def holder_of(self, role: Token) -> Source | None:
        """The person last given the role that a speaker is called by ("the Mayor said")."""
        earlier = [(i, source) for i, source, words in self.role_mentions if i < role.i and role.lower_ in words]
        return max(earlier, key=lambda pair: pair[0])[1] if earlier else None

    def named_later(self, phrase: Span) -> Source | None:
        """The person the article names later by the role an unnamed speaker is introduced with,
        sharing one of its proper nouns ("A spokesman for Afghanistan's Defence Ministry" ...
        "Defence Ministry spokesman Mohamad Habeel"; not a "White House spokesman" for "a
        Pentagon spokesman")."""
        head = phrase.root
        names = {t.lower_ for t in phrase if t.pos_ == "PROPN"}
        later = [(i, source) for i, source, words in self.role_mentions
                 if i > head.i and head.lower_ in words and names & set(words)]
        return min(later, key=lambda pair: pair[0])[1] if later else None

    # --- speakers ---------------------------------------------------------------------------

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

    def speaker(self, subject: Token) -> tuple[Source, str | None] | None:
        """The source and the role given here for the subject of a cue."""
        if subject.tag_ in ("PRP", "PRP$"):
            source = self.resolve_pronoun(subject)
            return (source, None) if source else None
        appositions = [self.phrase(child) for child in subject.children  # not "(BAS)" after a name
                       if child.dep_ == "appos" and not (child.text.isupper() and self.doc[child.i - 1].text == "(")]
        return self.describe(self.phrase(subject), appositions)

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
        if self.lexicon.is_role(head.text):
            holder = self.named_later(phrase) if phrase[0].lower_ in INDEFINITE else self.holder_of(head)
            if holder is not None:
                return holder, self.role_of(phrase)
        common = head.lower_ in self.lexicon.noun_types or head.lower_ in self.lexicon.media_words
        if common and head.i not in self.entity_of:
            for apposition in appositions:  # "the state news agency TASS"
                named = self.named_source(apposition) if apposition.root.pos_ == "PROPN" else None
                if named is not None:
                    return named, None
        source = self.named_source(phrase) or self.common_source(phrase, name_expected)
        return (source, None) if source else None

    def self_named(self, head: Token) -> Span | None:
        """The name a clause gives a speaker: "the man who calls himself Abu Mohammad"."""
        for clause in head.children:
            if clause.dep_ in ("relcl", "acl"):
                for named in clause.children:
                    entity = self.entity_of.get(named.i)
                    if named.dep_ == "oprd" and self.is_person(entity):
                        return self.person_name(entity)
        return None

    def institution_named(self, phrase: Span, appositions) -> Source | None:
        """A proper name that an apposition calls an institution ("Gazprom, the state gas
        company", "Dozhd, the independent TV channel"), whatever the entity recogniser said."""
        head = phrase.root
        entity = self.entity_of.get(head.i)
        if head.pos_ != "PROPN" or self.is_person(entity):
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
        if not names:
            return None
        return self.lexicon.known_source(names[0].text) or Source(names[0].text, "media")

    def role_of(self, span: Span) -> str | None:
        text = self.without_determiners(span).text
        return text if self.lexicon.is_role(text) else None

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
        if name.end < self.without_determiners(span).end or before is None or before.pos_ == "ADP":
            return False
        if self.title_start(name.start, span.start) <= first:
            return True
        renamed = self.doc[name.start - 2] if name.start - 2 >= span.start else None
        return (before.text == "," and renamed is not None
                and (renamed == span.root or not self.lexicon.is_role(renamed.text)))

    def unlabelled_name(self, span: Span, name_expected: bool, titled=False) -> Span | None:
        """A person's name the entity recogniser missed: a known surname, or proper nouns that
        are not an entity of another kind (or any capitalised words where a name is expected);
        also one it called an organisation when an apposition gives it a person's role
        (TITLED: "Smith, the alliance's deputy secretary general, said")."""
        head = span.root
        known_surname = head.lower_ in self.full_names
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
        start = head.i
        while start > span.start and self.is_name_part(self.doc[start - 1]):
            start -= 1
        return self.bare_name(self.doc[start:head.i + 1])

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
                if kind == "organization" and self.is_definite(head) and individual and bare_noun:
                    named = self.institution_before(head)  # "the agency" after "NASA's search"
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
        return Source(name.text, ENTITY_TYPES[entity.label_])

    def document_author(self, document: Token) -> Source | None:
        """Who speaks through a document: its author as written ("a report by the IFS", "a report
        published by", "the IFS's report", "a NASA statement"), else, for "the report", the author
        of the last report the article credited; nobody when the article names none."""
        author = None
        for child in document.children:
            if child.dep_ == "prep" and child.lower_ in DOCUMENT_AUTHOR_PREPOSITIONS:
                author = next((c for c in child.children if c.dep_ == "pobj"), None)
                place = author is not None and author.ent_type_ in ("GPE", "LOC")
                if author is not None and child.lower_ == "from" and (place or not self.names_source(author)):
                    author = None  # "reports from London", "reports from the area"
            elif child.dep_ == "acl" and child.lemma_.lower() in self.lexicon.author_verbs:  # "a report published by X"
                by = [c for c in child.children if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "in")]
                author = next((c for prep in by for c in prep.children if c.dep_ == "pobj" and self.names_source(c)), None)
            elif child.dep_ == "poss" or (child.dep_ == "compound" and self.names_source(child)):
                author = child  # "the IFS's report", "a NASA statement", "police reports"
            if author is not None:
                break
        noun = document.lemma_.lower()
        if author is None:
            return self.document_authors.get(noun) if self.is_definite(document) else None
        if author.dep_ == "compound":  # a name on the document is its publisher's: "the BankSA Trends bulletin"
            name = self.without_determiners(self.phrase(author))
            publisher = self.named_source(name) or Source(name.text, "organization")
        else:
            described = self.speaker(author)
            publisher = described[0] if described is not None else None
        if publisher is not None:
            self.document_authors[noun] = publisher
        return publisher

    def names_source(self, token: Token) -> bool:
        """Whether TOKEN is a name or a noun the word lists call a source (not "Monday", "initial")."""
        kind = self.lexicon.noun_types.get(token.lower_)
        entity = self.entity_of.get(token.i)
        return (kind not in (None, DOCUMENT, NOT_A_SOURCE)
                or (token.pos_ == "PROPN" and (entity is None or entity.label_ not in ("DATE", "TIME")))
                or token.lower_ in self.lexicon.media_words)

    def is_definite(self, head: Token) -> bool:
        return any(c.dep_ == "det" and c.lower_ in DEFINITE for c in head.children)

    def institution_before(self, head: Token) -> Source | None:
        """The organisation a definite common noun stands for: of those named or credited in the
        INSTITUTION_WINDOW tokens before it, the one mentioned most, the nearest of equals ("VW
        says ... there's AppleSkin, a faux leather ... The automaker says": VW)."""
        floor = max(0, head.i - INSTITUTION_WINDOW)
        mentions = [(i, source) for i, source in self.speakers if floor <= i < head.i and source.type == "organization"]
        for entity in (ent for ent in self.entities if floor <= ent.start and ent.end <= head.i):
            if entity.label_ == "ORG" and not self.is_person(entity):
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
        phrase = self.phrase(head, lambda child: child.dep_ == "acl" and child.tag_ == "VBN")
        if lemma in self.lexicon.speaks_for:  # "a WeWork spokesperson" speaks for an organisation
            owners = [c for c in head.lefts if c.dep_ in ("compound", "poss", "amod") and (
                c.ent_type_ in ("ORG", "GPE", "FAC") or (c.pos_ == "PROPN" and not c.ent_type_))]
            bodies = [self.named_source(self.phrase(c)) for c in owners]
            kinds = [body.type if body is not None else "organization" for body in bodies]  # a name unknown: a firm
            kinds += [self.lexicon.noun_types.get(c.lower_) for c in head.lefts if c.dep_ == "compound"]  # "a company spokesperson"
            kind = next((k for k in kinds if k in ("organization", "government", "media")), kind)
        source = Source(self.common_name(self.without_determiners(phrase)), kind, individual)
        self.unnamed.append((head.i, noun, source))
        return source

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
            return Source(bare.text, "group")
        if name_expected or not head.is_alpha or head.pos_ in NOT_NAMES or head.lower_ in self.lexicon.noun_types:
            return None
        if phrase[0].lower_ in INDEFINITE and head.tag_ == "NN":
            return Source(self.common_name(bare), "anonymous", True)  # "one legal expert", "a neighbour"
        if self.lexicon.is_role(head.text):
            kind = "person"  # "the prime minister", not named in the article
        else:
            kind = "group" if head.tag_ in ("NNS", "NNPS") else "organization"
        return Source(self.common_name(bare), kind)

    def resolve_pronoun(self, pronoun: Token) -> Source | None:
        """The nearest earlier speaker the pronoun can stand for (he/she: a person or one unnamed
        person such as "a police dispatcher"); for he/she also a person who was the subject of a
        main clause. Gender is never guessed from a name."""
        kinds = PRONOUN_REFERENTS.get(pronoun.lower_)
        if kinds is None:
            return None
        one = "person" in kinds
        referents = [(i, s) for i, s in self.speakers if (s.type in kinds and not s.individual) or (one and s.individual)]
        if one:
            referents += self.person_subjects
        earlier = [(i, s) for i, s in referents if i < pronoun.i]
        return max(earlier, key=lambda pair: pair[0])[1] if earlier else None

    # --- cues ------------------------------------------------------------------------------------

    def cue_subject(self, verb: Token) -> tuple[Token | None, Token]:
        """The speaker's token and the clause it was found in: the cue's subject or passive agent,
        else the subject of the verb a coordinated verb, a speech participle or a speech infinitive
        hangs on ("has no plans but says", "..., adding", "went on to say"), or the passive subject
        of "was quoted as saying"; the noun a misparse made the sentence's root ("The company, which
        ..., confirmed that"); the person named after an inverted cue that the parser left without
        a subject ('..., said The We Company's executive chair Marcelo Claure in an email')."""
        if self.predicates_nominal_root(verb):
            return verb.head, verb
        node = verb
        while True:
            children = list(node.children)
            if node is verb:
                agent = next((c for c in children if c.dep_ == "agent"), None)
                if agent is not None:
                    return next((c for c in agent.children if c.dep_ == "pobj"), None), node
            quoted_as = node is not verb and verb.dep_ == "pcomp"
            subjects = [c for c in children if c.dep_ == "nsubj" or (c.dep_ == "nsubjpass" and quoted_as)]
            if subjects:  # not a dateline the parser took for one: "MOSCOW (Reuters) - Russia said"
                subjects = [c for c in subjects if not self.dash_between(c, node)] or subjects[-1:]
                # of several (a misparse: "said study co-author Anezina Solomonidou", "The neo-banks
                # have"), a name, else the one nearest the verb
                return next((c for c in subjects if c.pos_ == "PROPN" and c.i in self.entity_of), subjects[-1]), node
            speech_verb = verb.lemma_.lower() in self.lexicon.speech_verbs
            if node is verb and speech_verb and self.follows_statement(verb):
                named = self.person_after(verb)
                if named is not None:
                    return named, node
            if any(child.dep_ == "nsubjpass" for child in children) or node.head is node:
                return None, node
            participle = node.dep_ == "advcl" and node.tag_ == "VBG" and speech_verb
            infinitive = (node is verb and speech_verb and node.dep_ in ("xcomp", "advcl")
                          and any(c.dep_ == "aux" and c.tag_ == "TO" for c in children)
                          and node.head.lemma_.lower() not in self.lexicon.refusals
                          and not any(c.dep_ == "neg" for c in node.head.children))
            if not (node.dep_ in ("conj", "pcomp", "prep") or participle or infinitive):
                return None, node
            addressee = next((c for c in node.head.children if c.dep_ == "dobj"), None) if infinitive else None
            if addressee is not None and self.may_speak(addressee):  # "prompted some users to argue"
                return addressee, node
            node = node.head

    def predicates_nominal_root(self, verb: Token) -> bool:
        """Whether VERB, parsed as a clause describing a noun that heads the whole sentence, is in
        truth that noun's verb: it reports a clause and the sentence has no other verb."""
        head = verb.head
        return (verb.dep_ == "acl" and verb.tag_ in ("VBD", "VBN") and head.dep_ == "ROOT" and head.pos_ in ("NOUN", "PROPN")
                and any(c.dep_ == "ccomp" for c in verb.children))

    def follows_statement(self, verb: Token) -> bool:
        """Whether VERB comes right after the words it reports, as in '"...," said Smith'."""
        before = verb.i - 1
        while before >= 0 and QUOTE_MARK.fullmatch(self.doc[before].text):
            before -= 1
        return before >= 0 and self.doc[before].text in (",", "?", "!")

    def person_after(self, verb: Token) -> Token | None:
        """The head of the first person named after VERB, before any punctuation or clause (not the
        one a participle's clause is about: "..., saying that Rudolph should ...")."""
        if verb.tag_ == "VBG":
            return None
        for token in self.doc[verb.i + 1:verb.sent.end]:
            if token.is_punct or token.pos_ == "SCONJ" or token.tag_ in ("VBD", "VBZ", "VBP", "MD"):
                return None
            entity = self.entity_of.get(token.i)
            if self.is_person(entity):
                return entity.root
        return None

    def may_speak(self, token: Token) -> bool:
        """Whether an object can be the one who speaks ("prompted users to argue"; not "used the
        speech to warn"): a pronoun, a name, people, or a noun the word lists call a source."""
        kind = self.lexicon.noun_types.get(token.lower_) or self.lexicon.noun_types.get(token.lemma_.lower())
        if kind in (NOT_A_SOURCE, DOCUMENT):
            return False
        return token.tag_ in ("PRP", "NNP", "NNS", "NNPS") or kind is not None

    def dash_between(self, first: Token, second: Token) -> bool:
        low, high = sorted((first.i, second.i))
        return any(token.text in DASHES and (token.text != "-" or token.whitespace_)  # not "co-author"
                   for token in self.doc[low + 1:high])

    def is_embedded(self, token: Token) -> bool:
        """Inside a relative or adnominal clause, or a subordinate one unless the cue heads it with
        its own subject ("as Peres said he ..."; not "As predicted", "before tests can confirm")."""
        for node in (token, *token.ancestors):
            if node.dep_ in EMBEDDING_DEPS:
                return True
            if node.dep_ == "advcl" and any(c.dep_ == "mark" for c in node.children):
                own_statement = node is token and any(c.dep_ == "nsubj" for c in node.children)
                if not own_statement or any(c.tag_ == "MD" for c in node.children):
                    return True
        return False

    def quoted_content(self, sent: Span, excluded: range = range(0)) -> bool:
        """Whether words of SENT (outside EXCLUDED, the speaker's own phrase) are inside quote marks."""
        return any(self.quotation_of[t.i] >= 0 and (t.is_alpha or t.like_num) and t.i not in excluded for t in sent)

    def verb_candidate(self, verb: Token, cue_end: int, sent: Span) -> Candidate | None:
        """The cue's speaker; a relative clause's cue ("Smith, who said ..., voted") credits the
        noun it describes, as a fallback for a sentence that credits nobody else."""
        subject, clause = self.cue_subject(verb)
        relative = subject is not None and verb.dep_ == "relcl" and subject.tag_ in ("WP", "WDT")
        if relative:
            subject = verb.head
        embedded = self.is_embedded(verb.head if relative else verb) and not self.predicates_nominal_root(verb)
        if subject is None or embedded or self.quotation_of[subject.i] >= 0:
            return None
        speech_verb = verb.lemma_.lower() in self.lexicon.speech_verbs
        if not (self.has_clause(verb, subject) or subject.i > verb.i or (speech_verb and self.quoted_content(sent))):
            return None  # "added 500 troops", 'agreed to return the cash from the use of "We"'
        described = self.speaker(subject)
        if described is None:
            return None
        source, role = described
        phrase = self.phrase(subject)
        cue_start = verb.i
        if not relative and subject.head.dep_ == "agent":  # "was first reported by": the passive as written
            cue_start = min([verb.i] + [c.i for c in verb.children if c.dep_ in ("auxpass", "advmod") and c.i < verb.i])
            cue_end = subject.head.i + 1
        speaker_tokens = range(phrase.start, phrase.end)
        via = self.medium_of(verb, ("prep",))  # not the one told: "told the BBC" is no via
        if clause is not verb:
            via = via or self.medium_of(clause, ("agent",))  # "was quoted by army radio as saying"
        attribution = Attribution(source, self.doc[cue_start:cue_end].text, role, via,
                                  self.quoted_content(sent, speaker_tokens))
        return Candidate(verb, FALLBACK if relative else VERB, attribution)

    def has_clause(self, verb: Token, subject: Token) -> bool:
        """Whether the cue says something: a clause hangs on it or, for verbs that always report
        speech ("say", "tell"), anywhere below it, wherever the parser put it; a question
        ("did not say whether") says nothing."""
        clauses = [c for c in verb.children if c.dep_ in ("ccomp", "parataxis")]
        if verb.dep_ == "parataxis" or any(not self.is_question(c) for c in clauses):
            return True
        if clauses or verb.lemma_.lower() not in self.lexicon.speech_verbs:
            return False
        speaker = range(subject.left_edge.i, subject.right_edge.i + 1)
        return any(t.dep_ in ("nsubj", "nsubjpass") and t.head is not verb and t.i not in speaker for t in verb.subtree)

    def is_question(self, clause: Token) -> bool:
        return any(c.dep_ == "mark" and c.lower_ in QUESTION_MARKS for c in clause.children)

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
        if target is None or self.is_embedded(according):
            return None, None
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
        if named is not None:
            return Candidate(according.head, WRAPPING, Attribution(named[0], cue, named[1], None, quoted)), None
        medium, owner = None, None
        for token in target.subtree:
            if owner is None and token.dep_ == "poss" and (token.tag_ == "PRP$" or self.is_person(self.entity_of.get(token.i))):
                owner = self.speaker(token) if token.tag_ == "PRP$" else self.person_in(self.phrase(token))
            medium = medium or self.as_medium(token)
        credited = owner or ((medium, None) if medium else None)
        if credited is None:
            return None, None
        via = medium if owner else None
        return Candidate(according.head, FALLBACK, Attribution(credited[0], cue, credited[1], via, quoted)), medium

    def noun_candidate(self, noun: Token, sent: Span) -> Candidate | None:
        """'his claim that ...': a claim noun with an owner and a "that" clause credits the owner."""
        if noun.pos_ != "NOUN" or noun.lemma_.lower() not in self.lexicon.claim_nouns or self.quotation_of[noun.i] >= 0:
            return None
        owner = next((c for c in noun.children if c.dep_ == "poss"), None)
        said = any(t.dep_ == "mark" and t.lower_ == "that" for t in noun.subtree)
        described = self.speaker(owner) if owner is not None and said else None
        if described is None:
            return None
        attribution = Attribution(described[0], noun.text, described[1], None, self.quoted_content(sent))
        return Candidate(noun, FALLBACK, attribution)

    def colon_attribution(self, sent: Span) -> Attribution | None:
        """'Chairwoman Rosenworcel: "..."': a short name before a colon that opens a quotation."""
        for token in sent[:8]:
            if token.text != ":" or self.quotation_of[token.i] >= 0:
                continue
            after = token.i + 1
            while after < len(self.doc) and self.doc[after].is_space:
                after += 1
            before = self.doc[sent.start:token.i]
            opens_quote = after < len(self.doc) and QUOTE_MARK.fullmatch(self.doc[after].text)
            named = any(t.pos_ == "PROPN" or self.lexicon.is_role(t.text) for t in before)
            if not opens_quote or not named or any(t.pos_ in ("VERB", "AUX") for t in before):
                return None
            described = self.describe(before, name_expected=True)
            return Attribution(described[0], token.text, described[1], None, True) if described else None
        return None

    def in_sentence(self, sent: Span) -> Attribution | None:
        """The outermost attribution written in SENT itself."""
        colon = self.colon_attribution(sent)
        if colon is not None:
            return colon
        candidates, fallbacks, media = [], [], []
        words = self.may_attribute
        for i in words[bisect_left(words, sent.start):bisect_left(words, sent.end)]:
            token = self.doc[i]
            length = self.quotation_of[token.i] < 0 and self.lexicon.cue_length(token)
            if not length:
                nominal = self.noun_candidate(token, sent)
                if nominal is not None:
                    fallbacks.append(nominal)
                continue
            if token.lower_ == "according":
                candidate, medium = self.according_to(token, sent)
                if medium is not None:
                    media.append(medium)
            else:
                candidate = self.verb_candidate(token, token.i + length, sent)
            if candidate is not None:
                (fallbacks if candidate.priority == FALLBACK else candidates).append(candidate)
        if not candidates:
            return fallbacks[0].attribution if fallbacks else None
        outer = min(
            (c for c in candidates if not any(o.anchor.is_ancestor(c.anchor) for o in candidates if o is not c)),
            key=lambda c: (sum(1 for _ in c.anchor.ancestors), c.priority, c.anchor.i),
        )
        if outer.priority == VERB and outer.attribution.via is None and media:
            return replace(outer.attribution, via=media[0])
        return outer.attribution

    def dash_attribution(self, quotation: Span) -> Attribution | None:
        """'"..." - Starks': a short name after a dash right after the quotation."""
        i = quotation.end
        while i < len(self.doc) and self.doc[i].is_space and "\n" not in self.doc[i].text:
            i += 1
        return self.signed_by(i)

    def signed_by(self, i: int, name_expected=True) -> Attribution | None:
        """The attribution of a short name after the dash at token I ("- Starks")."""
        if i >= len(self.doc) or self.doc[i].text not in DASHES:
            return None
        end = i + 1
        while end < len(self.doc) and end - i <= 6 and not self.doc[end].is_punct and not self.doc[end].is_space:
            end += 1
        name = self.doc[i + 1:end]
        if not len(name) or not name[0].text[:1].isupper():
            return None
        described = self.describe(name, name_expected=name_expected)
        return Attribution(described[0], self.doc[i].text, described[1], None, True) if described else None

    # --- the article ---------------------------------------------------------------------------

    def attribute(self) -> dict[int, dict]:
        sentences = list(claim_sentences(self.doc))
        found: list[Attribution | None] = []
        for sent in sentences:
            attribution = self.in_sentence(sent)
            found.append(attribution)
            if attribution is not None:
                self.speakers.append((sent.end - 1, attribution.source))
                self.add_role(attribution.source, attribution.role, sent.start)
        self.credit_quotations(sentences, found)
        self.credit_signed_paragraphs(sentences, found)
        return {
            sent.start_char: self.as_record(attribution)
            for sent, attribution in zip(sentences, found)
            if attribution is not None and any(t.is_alpha or t.like_num for t in sent)  # not a stray '"'
        }

    def credit_quotations(self, sentences: list[Span], found: list):
        """Sentences inside a quotation get its speaker: the one credited in any of its sentences,
        after a dash, or, for a quotation that opens a sentence, the previous sentence's speaker;
        a quote-only paragraph that follows nobody's words gets the speaker of the next paragraph
        when that one opens with a credited quotation ("...." / '"...," said Ana Ruiz, a farmer.')."""
        sentences_of = [[] for _ in self.quotations]
        for k, sent in enumerate(sentences):
            for q in sorted(set(self.quotation_of[sent.start:sent.end]) - {-1}):
                sentences_of[q].append(k)
        for quotation, members in zip(self.quotations, sentences_of):
            if not members:
                continue
            credited = next((found[k] for k in members if found[k] is not None), None)
            credited = credited or self.dash_attribution(quotation)
            first = sentences[members[0]]
            opens_sentence = quotation.start <= first.start
            previous = found[members[0] - 1] if opens_sentence and members[0] > 0 else None
            continues = previous is not None and previous.speech != "reported" and (
                previous.source.type == "person" or not previous.cue.lower().startswith("according"))  # not data's
            if credited is None and continues:
                credited = replace(previous, role=None, via=None)
            after = members[-1] + 1
            whole_paragraph = (opens_sentence and self.opens_paragraph(first) and quotation.end >= sentences[members[-1]].end - 1
                               and after < len(sentences) and self.opens_paragraph(sentences[after]))
            if credited is None and not continues and whole_paragraph and found[after] is not None:
                if found[after].quoted and self.quotation_of[sentences[after][0].i] >= 0:
                    credited = replace(found[after], role=None, via=None)  # the speaker named in the next quote
            if credited is None:
                continue
            for k in members:
                if found[k] is None:
                    found[k] = replace(credited, quoted=True)

    def credit_signed_paragraphs(self, sentences: list[Span], found: list):
        """A paragraph signed by the next one ("— Robert Maguire (@handle) November 18, 2019", as an
        embedded post is printed) is its signer's words, when nothing in it credits anybody."""
        for k, sent in enumerate(sentences):
            if k == 0 or found[k] is not None or not self.opens_paragraph(sent):
                continue
            signed = self.is_signature(sent.start) and (self.signed_by(sent.start, False) or self.signed_by(sent.start))
            if not signed:
                continue
            paragraph = [k - 1]
            while paragraph[-1] > 0 and not self.opens_paragraph(sentences[paragraph[-1]]):
                paragraph.append(paragraph[-1] - 1)
            if all(found[j] is None for j in paragraph):
                for j in paragraph:
                    found[j] = replace(signed, quoted=True)

    def is_signature(self, dash: int) -> bool:
        """Whether the paragraph from token DASH on is a post's signature: a dash, a name, then only
        a handle in brackets and a date ("— Robert Maguire (@RobertMaguire_) November 18, 2019")."""
        end = dash + 1
        while end < len(self.doc) and "\n" not in self.doc[end].text:
            end += 1
        rest = self.doc[dash + 1:end]
        bracket = next((t.i for t in rest if t.text == "("), None)
        handle = bracket is not None and bracket + 1 < end and self.doc[bracket + 1].text.startswith("@")
        if self.doc[dash].text not in DASHES or not handle or bracket - dash > 7:
            return False  # "— Reuters, March 3" or "- John Smith" under a paragraph signs no post
        closing = next((t.i for t in self.doc[bracket:end] if t.text == ")"), bracket - 1)
        return all(t.ent_type_ == "DATE" or t.is_punct or t.like_num or t.is_space for t in self.doc[closing + 1:end])

    def opens_paragraph(self, sent: Span) -> bool:
        return sent.start == 0 or "\n" in self.doc[sent.start - 1].text

    def as_record(self, attribution: Attribution) -> dict:
        source = attribution.source
        roles = self.roles.get(source) if source.type == "person" else None
        via = attribution.via
        return {
            "speech": attribution.speech,
            "cue": attribution.cue,
            "source": {"name": source.name, "type": source.type, "role": max(roles, key=len) if roles else None},
            "source_role": attribution.role,
            "via": {"name": via.name, "type": via.type, "role": None} if via else None,
        }


class AttributionComponent:
    def __init__(self):
        self.lexicon = Lexicon()

    def __call__(self, doc: Doc) -> Doc:
        doc._.attributions = ArticleAttribution(doc, self.lexicon).attribute()
        return doc


@Language.factory("claims_attribution")
def make_attribution(nlp: Language, name: str) -> AttributionComponent:
    return AttributionComponent()
