"""Cue detection: the verbs, phrases and colons that credit a sentence, and whose they are (the
cues that are not verbs are in nominal_cues)."""
from bisect import bisect_left
from dataclasses import replace

from spacy.tokens import Span, Token

from .frames import FALLBACK, VERB, Attribution, Candidate
from .lexicon import DOCUMENT, NOT_A_SOURCE, is_misparsed_cue, opens_with_that
from .quotes import DASHES, QUOTE_MARK

EMBEDDING_DEPS = {"relcl", "acl", "amod", "csubj", "csubjpass"}
GENERIC_DETERMINERS = {"any", "every", "each", "all", "some", "most", "many", "no"}  # "every scientist will tell you"
QUESTION_MARKS = {"whether", "if"}  # "declined to say whether ...": a question, not a statement


class Cues:
    """Finds the outermost cue of a sentence and its speaker's token (mixed into ArticleAttribution)."""

    def in_sentence(self, sent: Span) -> Attribution | None:
        """The outermost attribution written in SENT itself; speakers of later cues in it ("X
        said ..., while Y said ...") are left in ``later_speakers`` for pronouns that follow."""
        self.later_speakers = []
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
        self.later_speakers = [c.attribution.source for c in sorted(candidates, key=lambda c: c.anchor.i)
                               if c.anchor.i > outer.anchor.i and c.attribution.source != outer.attribution.source
                               and not self.named_by_pronoun(c)]
        if outer.priority == VERB and outer.attribution.via is None and media:
            return replace(outer.attribution, via=media[0])
        return outer.attribution

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

    def named_by_pronoun(self, candidate: Candidate) -> bool:
        """Whether a cue's speaker is a pronoun ("told ABC he believes"): one already named, not a
        second speaker."""
        subject = self.cue_subject(candidate.anchor)[0] if candidate.priority == VERB else None
        return subject is not None and subject.tag_ in ("PRP", "PRP$")

    def verb_candidate(self, verb: Token, cue_end: int, sent: Span) -> Candidate | None:
        """The cue's speaker; a relative clause's cue ("Smith, who said ..., voted") credits the
        noun it describes, as a fallback for a sentence that credits nobody else."""
        if self.is_hypothetical(verb):
            return None
        subject, clause = self.cue_subject(verb)
        relative = subject is not None and verb.dep_ == "relcl" and subject.tag_ in ("WP", "WDT")
        if relative:
            subject = verb.head
        carrier = self.statement_carrier(verb)
        embedded = (self.is_embedded(verb.head if relative else (carrier or verb))
                    and not self.predicates_nominal_root(verb))
        if subject is None or embedded or self.quotation_of[subject.i] >= 0:
            return None
        written = (verb.lemma_.lower(), *(t.lower_ for t in self.doc[verb.i + 1:cue_end]))
        speech_verb = verb.lemma_.lower() in self.lexicon.speech_verbs or written in self.lexicon.speech_phrases
        opening = subject.left_edge.i  # '"...?" the MP asked': right after the words it reports
        after_quote = (subject.i < verb.i and opening > 0 and QUOTE_MARK.fullmatch(self.doc[opening - 1].text)
                       and self.follows_statement(subject.left_edge))
        inverted = subject.i > verb.i and verb.lemma_.lower() not in self.lexicon.as_verbs  # not "rejected by"
        if not (self.has_clause(verb, subject, cue_end) or inverted or after_quote
                or (speech_verb and self.quoted_content(sent))):
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

    @staticmethod
    def is_hypothetical(verb: Token) -> bool:
        """Whether VERB says what anybody of a kind would say, to a generic "you" ("Many riders will
        tell you ...", "every scientist would tell you"): nobody's statement; not a speaker named
        or already known ("Mr Perot will tell you", "the minister will tell you")."""
        children = list(verb.children)
        kind = [c for c in children if c.dep_ == "nsubj" and c.pos_ == "NOUN"
                and not any(d.dep_ in ("det", "poss") and d.lower_ not in GENERIC_DETERMINERS for d in c.children)]
        return (bool(kind) and any(c.tag_ == "MD" for c in children)
                and any(c.dep_ in ("dative", "dobj") and c.lower_ == "you" for c in children))

    def has_clause(self, verb: Token, subject: Token, cue_end: int) -> bool:
        """Whether the cue says something: a clause hangs on it or on a word of its phrase ("made
        a prediction that"), a naming verb names its object with a quotation ('called the figures
        "a clear sign"'), a speech verb opens a list with a colon ("said:"), or, for verbs that
        always report speech ("say", "tell"), a clause hangs anywhere below it, wherever the parser
        put it; a question ("did not say whether") says nothing."""
        clauses = [c for c in verb.children if c.dep_ in ("ccomp", "parataxis") and not self.is_relative(c)
                   and any(t.pos_ in ("VERB", "AUX") for t in c.subtree)]  # not a clause cut off: "that the air quality"
        clauses += [c for word in self.doc[verb.i + 1:cue_end] for c in word.children  # "expressed certainty (that) he"
                    if c.dep_ in ("ccomp", "acl") and (opens_with_that(c) or any(
                        g.dep_ in ("nsubj", "nsubjpass") for g in c.children))]
        if is_misparsed_cue(verb):
            clauses += [c for c in verb.children if c.dep_ in ("relcl", "acl") and opens_with_that(c)]
        if verb.dep_ == "parataxis" or any(not self.is_question(c) for c in clauses):
            return True
        lemma = verb.lemma_.lower()
        if lemma in self.lexicon.naming_verbs:  # a noun the parser made a conjunct: 'called it not X, but "Y" Z'
            named = [c for c in verb.children if c.dep_ in ("oprd", "xcomp", "ccomp", "attr", "dobj")
                     or (c.dep_ == "conj" and c.pos_ == "NOUN")]
            return any(self.quotation_of[t.i] >= 0 and t.is_alpha for c in named for t in c.subtree)
        if lemma in self.lexicon.as_verbs:
            return self.judged_as(verb)
        if lemma in self.lexicon.complement_verbs and any(
                c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX") and (c.tag_ == "VBG" or any(
                    a.dep_ in ("aux", "auxpass") and a.tag_ in ("TO", "VBG") for a in c.children)) for c in verb.children):
            return True  # "promised to protect Medicaid", "denied having met him"
        places = [verb, *(c for c in verb.children if c.dep_ == "dobj")]  # or on its object: "accuses X's army of"
        if lemma in self.lexicon.complement_verbs and any(
                c.dep_ == "prep" and c.lower_ in ("to", "of") and c.i + 1 < len(self.doc) and self.doc[c.i + 1].tag_ == "VBG"
                for place in places for c in place.children):
            return True  # "admitted to threatening the girl", "accused Israel of escalating violence"
        if lemma in self.lexicon.speech_verbs and cue_end < len(self.doc) and self.doc[cue_end].text == ":":
            return True
        if clauses or verb.lemma_.lower() not in self.lexicon.speech_verbs:
            return False
        if any(c.dep_ == "conj" and any(a.tag_ == "MD" for a in c.children) for c in verb.children):
            return True  # "says a pickup ... could keep": an object the parser split from its clause
        speaker = range(subject.left_edge.i, subject.right_edge.i + 1)
        return any(t.dep_ in ("nsubj", "nsubjpass") and t.head is not verb and t.i not in speaker for t in verb.subtree)

    def is_relative(self, clause: Token) -> bool:
        """Whether CLAUSE is a relative clause the parser hung on a verb: its subject is a relative
        pronoun right after a noun ("reported wait times that exceeded two hours"; not "estimates
        that could be 300 miles")."""
        return any(g.dep_ == "nsubj" and g.tag_ in ("WDT", "WP") and g.i > 0 and self.doc[g.i - 1].pos_ in ("NOUN", "PROPN")
                   for g in clause.children)

    def judged_as(self, verb: Token) -> bool:
        """Whether VERB passes a judgement on its object with "as" ("described the explanation as
        insufficient"; the parser may hang the "as" at the end of a long object: "described the
        idea that ... as absurd")."""
        objects = [c for c in verb.children if c.dep_ == "dobj" or (c.dep_ == "relcl" and c.lower_ == "which")]
        if not objects and not any(c.dep_ == "dobj" for c in verb.head.children if verb.dep_ == "relcl"):
            return False
        places = [verb] + [t for o in objects for t in o.subtree]
        return any(c.dep_ == "prep" and c.lower_ == "as" and any(True for _ in c.children)
                   for place in places for c in place.children)

    def is_question(self, clause: Token) -> bool:
        return any(c.dep_ == "mark" and c.lower_ in QUESTION_MARKS for c in clause.children)

    def cue_subject(self, verb: Token) -> tuple[Token | None, Token]:
        """The speaker's token and the clause it was found in: the cue's subject or passive agent,
        else the subject of the verb a coordinated verb, a speech participle or a speech infinitive
        hangs on ("has no plans but says", "..., adding", "went on to say"), or the passive subject
        of "was quoted as saying"; the noun a misparse made the sentence's root ("The company, which
        ..., confirmed that"); the person named after an inverted cue that the parser left without
        a subject ('..., said The We Company's executive chair Marcelo Claure in an email')."""
        if self.predicates_nominal_root(verb):
            return verb.head, verb
        if is_misparsed_cue(verb):
            return [c for c in verb.children if c.dep_ == "compound"][-1], verb
        node = verb
        carrier = self.statement_carrier(verb)
        if carrier is not None and carrier.pos_ in ("NOUN", "PROPN"):
            return carrier, verb  # "with forecasters warning that"
        if carrier is not None:
            node = carrier  # "issued a statement saying that": who issued it
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
                subjects = [c for c in subjects if not self.ends_other_subject(c, subjects)] or subjects
                # of several (a misparse: "said study co-author Anezina Solomonidou", "The neo-banks
                # have"), a name, else the one nearest the verb
                return next((c for c in subjects if c.pos_ == "PROPN" and c.i in self.entity_of), subjects[-1]), node
            speech_verb = verb.lemma_.lower() in self.lexicon.speech_verbs
            if node is verb and speech_verb and self.follows_statement(verb):
                named = self.person_after(verb)
                if named is not None:
                    return named, node
            if node is verb and speech_verb and node.dep_ == "ROOT":
                before = self.phrase_before(verb)
                if before is not None:
                    return before, node
            if any(child.dep_ == "nsubjpass" for child in children) or node.head is node:
                return None, node
            speech_act = speech_verb or self.is_speech_act(verb)  # "..., admitting that", "to describe it as"
            participle = node.dep_ == "advcl" and node.tag_ == "VBG" and speech_act
            infinitive = (node is verb and speech_act and node.dep_ in ("xcomp", "advcl")
                          and any(c.dep_ == "aux" and c.tag_ == "TO" for c in children)
                          and node.head.lemma_.lower() not in self.lexicon.refusals
                          and not any(c.dep_ == "neg" for c in node.head.children))
            if not (node.dep_ in ("conj", "pcomp", "prep") or participle or infinitive):
                return None, node
            addressee = next((c for c in node.head.children if c.dep_ == "dobj"), None) if infinitive else None
            if addressee is not None and self.may_speak(addressee):  # "prompted some users to argue"
                return addressee, node
            node = node.head

    def ends_other_subject(self, subject: Token, subjects: list[Token]) -> bool:
        """Whether SUBJECT, a name, is the last word of another subject's phrase that the parser
        split off ("The royal commission looking into the collapse of insurance giant HIH says":
        not HIH)."""
        before = self.doc[subject.i - 1] if subject.i > 0 else None
        return (subject.pos_ == "PROPN" and before is not None and before.pos_ == "NOUN"
                and any(o is not subject and o.left_edge.i <= before.i <= o.right_edge.i for o in subjects))

    def is_speech_act(self, verb: Token) -> bool:
        """Whether VERB, even as a participle or infinitive, is somebody speaking: a verb that
        reports speech, one whose complement is what is promised or denied, or one that passes a
        judgement with "as" (not "..., suggesting that", which may be the writer's inference)."""
        lemma = verb.lemma_.lower()
        return (lemma in self.lexicon.speech_verbs or lemma in self.lexicon.complement_verbs
                or lemma in self.lexicon.as_verbs)

    def statement_carrier(self, verb: Token) -> Token | None:
        """Where the speaker of a participle describing a noun is: the people it describes after
        "with" ("with forecasters warning that ..."), or the verb of authorship whose object is a
        statement it describes ("issued a statement vowing to ...", "released a statement saying
        ..."; ``document_author_verbs.txt``)."""
        if verb.dep_ != "acl" or verb.tag_ != "VBG" or not self.is_speech_act(verb):
            return None
        noun = verb.head
        if noun.dep_ == "pobj" and noun.head.lower_ == "with" and noun.pos_ in ("NOUN", "PROPN"):
            return noun
        if (noun.dep_ == "dobj" and noun.lemma_.lower() in self.lexicon.claim_nouns
                and noun.head.lemma_.lower() in self.lexicon.author_verbs):  # not "rejected a statement saying"
            return noun.head
        return None

    def phrase_before(self, verb: Token) -> Token | None:
        """The head of the noun phrase between a comma and a subjectless speech verb, which the
        parser hung on the words before it ('"...", a militant from the group told a crowd')."""
        token = self.doc[verb.i - 1] if verb.i > verb.sent.start else None
        while token is not None and token.head.i < verb.i and token.dep_ != "ROOT" and self.doc[token.head.i].text != ",":
            if token.head.i < token.left_edge.i and self.doc[token.left_edge.i - 1].text == ",":
                break
            token = token.head
        if token is None or token.pos_ not in ("NOUN", "PROPN") or self.doc[token.left_edge.i - 1].text != ",":
            return None
        return token

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
