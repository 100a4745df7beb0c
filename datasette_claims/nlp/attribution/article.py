"""One article's attribution: every claim sentence credited, in order, remembering speakers."""
from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc

from ..units import claim_sentences, text_of
from .cues import Cues
from .frames import Attribution
from .documents import Documents
from .identity import Identity
from .introductions import Introductions
from .lexicon import TITLE_ENTITIES, Lexicon
from .names import Names
from .nominal_cues import NominalCues
from .quotes import QuoteCredit, quotation_spans, single_quotation_spans
from .roles import Roles
from .speakers import Speakers
from .transcripts import Transcripts

if not Doc.has_extension("attributions"):
    Doc.set_extension("attributions", default=None)


class ArticleAttribution(Cues, NominalCues, QuoteCredit, Speakers, Roles, Names, Identity, Documents, Introductions,
                         Transcripts):
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
        self.lowers = doc.to_array("LOWER").tolist()  # each word's lower-case form, as a string-store key
        self.may_attribute = [  # token indices, read from arrays: a Token object per word would cost more
            i for i, (lemma, lower) in enumerate(zip(doc.to_array("LEMMA").tolist(), self.lowers))
            if strings[lower] in words or strings[lemma].lower() in words
        ]
        self.entity_of = {token.i: ent for ent in self.entities for token in ent}
        self.person_entities = {ent.start for ent in self.entities if ent.label_ == "PERSON"}
        mislabelled = [ent for ent in self.entities if self.is_mislabelled_person(ent)]
        surnames = {ent[-1].lower_ for ent in mislabelled}  # "Wendy Caird" (ORG) is the "Ms Caird" of later
        self.person_entities |= {ent.start for ent in mislabelled}
        self.person_entities |= {ent.start for ent in self.entities if ent.label_ in TITLE_ENTITIES and len(ent) > 1
                                 and ent[-1].lower_ in surnames and self.looks_like_name(ent)}
        self.companies = self.company_names()  # "George Wimpey" when "shares in George Wimpey" shows it
        self.person_entities -= {ent.start for ent in self.entities if ent.text in self.companies}
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

    def attribute(self) -> dict[int, dict]:
        sentences = list(claim_sentences(self.doc))
        found: list[Attribution | None] = []
        for sent in sentences:
            attribution = self.in_sentence(sent)
            found.append(attribution)
            if attribution is not None:
                self.speakers.append((sent.end - 1, attribution.source))
                self.speakers += [(sent.end - 1, source) for source in self.later_speakers]
                self.add_role(attribution.source, attribution.role, sent.start)
        self.credit_quotations(sentences, found)
        self.credit_lists(sentences, found)
        self.credit_signed_paragraphs(sentences, found)
        found = self.named_next(sentences, self.named_before(sentences, found))
        self.credit_turns(sentences, found)
        spelt_out, organisations = self.spelt_out(), self.organisation_names()
        found = [replace(a, source=self.in_full(a.source, spelt_out, organisations)) if a is not None else None
                 for a in found]
        return {
            sent.start_char: self.as_record(attribution)
            for sent, attribution in zip(sentences, found)
            if attribution is not None and any(t.is_alpha or t.like_num for t in sent)  # not a stray '"'
        }

    def as_record(self, attribution: Attribution) -> dict:
        source = attribution.source
        roles = self.roles.get(source) if source.type == "person" else None
        via = attribution.via
        credited = {"name": self.whole_name(source.name), "type": source.type, "role": max(roles, key=len) if roles else None}
        return {
            "speech": attribution.speech,
            "cue": attribution.cue,
            "source": {**credited, "generic": True} if source.generic else credited,  # records: one article's own
            "source_role": attribution.role,
            "via": {"name": self.whole_name(via.name), "type": via.type, "role": None} if via else None,
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
