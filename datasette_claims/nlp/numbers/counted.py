"""The counted noun of a count: the noun the figure modifies ("100,000 Russian troops"), the noun
of "of" after it ("1.1m of the UK's 1.6m Muslims"), or the noun carried over an ellipsis from
the count before it ("Unite has 70,000 members and Amicus' 20,000"). A noun after the figure
that it does not modify is not counted: in "above the 200,000 economists had forecast" the
economists forecast, and the figure counts the jobs of the clause before."""
from bisect import bisect_right

from .pieces import PLURAL_NOUN_TAGS, Reading

COUNTING_DEPS = {"nummod", "quantmod", "compound", "predet"}  # "half his promises"
NOUN_POS = {"NOUN", "PROPN"}
OBJECT_DEPS = {"dobj", "obj", "attr", "ccomp", "xcomp", "dative"}
SUBJECT_DEPS = {"nsubj", "nsubjpass"}
PHRASE_ENDS = {".", ",", ";", ":", ")", "!", "?", "and", "or", "but", "while", "whereas"}
PARTICIPLE_TAG = "VBN"  # "25 people were killed and 40 injured": 40 people


class Counted:
    """Finding what a count counts (a part of Reader)."""

    def counted(self, reading: Reading) -> str | None:
        """What the count READING counts, or None when the text does not say."""
        noun = self.counted_noun(reading.last) or self.counted_noun(reading.figure.end)
        if noun == "":  # the figure does not count it: "the 200,000 economists had forecast"
            return self.carried_noun(reading, after_noun=True)
        if noun is not None and noun.lower() in self.lex.anaphors:  # "12 stores and 23 others"
            return self.carried_noun(reading, after_noun=True) or noun
        return (noun or self.partitive_noun(reading.last) or self.plural_noun_after(reading.last)
                or self.carried_noun(reading))

    def counted_noun(self, end: int) -> str | None:
        """The noun counted by the figure ending at piece END, with the nouns and proper adjectives
        that name it ("draft treaties", "Russian troops"), not opinions ("new"); "" when the noun it
        modifies is the subject of a clause the figure is the object of."""
        token = self.token(end - 1)
        head = token.head
        if (token.dep_ not in COUNTING_DEPS or head.i <= token.i or head.pos_ not in NOUN_POS or not head.is_alpha
                or head.idx < self.ends[end - 1]):
            return None
        if self.subject_of_clause(head, token):
            return ""
        return self.noun_phrase(head, token.i)

    def noun_phrase(self, head, after: int) -> str:
        """HEAD with the nouns and proper adjectives before it that name it, back to token AFTER."""
        first = head
        for left in reversed(self.doc[after + 1:head.i]):
            names = left.dep_ == "compound" or left.dep_ in ("amod", "nmod") and (
                left.pos_ == "PROPN" or left.ent_type_ in ("NORP", "GPE", "ORG"))
            if not (names and left.i < left.head.i <= head.i and left.is_alpha
                    and left.lower_ not in self.lex.scales):
                break
            first = left
        return self.text[first.idx:head.idx + len(head.text)]

    def subject_of_clause(self, noun, figure) -> bool:
        """Whether NOUN, after "the" FIGURE, is the subject of a clause whose object is the figure:
        "above the 200,000 economists had forecast"."""
        verb = noun.head
        return (noun.dep_ in SUBJECT_DEPS and verb.i > noun.i and verb.dep_ != "ROOT" and verb.pos_ in ("VERB", "AUX")
                and figure.i > 0 and self.doc[figure.i - 1].dep_ == "det"
                and not any(child.dep_ in OBJECT_DEPS for child in verb.children))

    def partitive_noun(self, end: int) -> str | None:
        """The plural noun of "of" after the figure ending at piece END: "1.1m of the UK's 1.6m Muslims"."""
        if self.word(end) != "of":
            return None
        of = self.token(end)
        nouns = [child for child in of.children if child.dep_ == "pobj" and child.tag_ in PLURAL_NOUN_TAGS]
        return self.noun_phrase(nouns[0], of.i) if nouns else None

    def plural_noun_after(self, end: int) -> str | None:
        """The plural noun right after a figure the parser left unattached: "3m people"."""
        if not self.counts_plural(end) or self.subject_of_clause(self.token(end), self.token(end - 1)):
            return None
        return self.text[self.starts[end]:self.ends[end]]

    def carried_noun(self, reading: Reading, after_noun: bool = False) -> str | None:
        """The counted noun of the count before, in the same sentence, when this figure ends its
        phrase (an ellipsis): "70,000 members and Amicus' 20,000", "25 people were killed and 40
        injured", "250,000 jobs, above the 200,000 economists had forecast"."""
        end = reading.last
        token = self.token(end - 1)
        ends = end >= self.count or self.words[end] in PHRASE_ENDS or self.token(end).tag_ == PARTICIPLE_TAG or (
            self.token(end).pos_ == "ADP" and self.words[end] != "of")  # "five in Victoria"
        if not (ends or after_noun):
            return None
        sentence = token.sent.start
        for row in reversed(self.found):
            before = self.doc[bisect_right(self.token_starts, row["start_char"]) - 1]
            if before.sent.start != sentence:
                return None
            if row["kind"] == "count" and row["unit"]:
                return row["unit"]
        return None
