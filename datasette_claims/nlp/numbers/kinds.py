"""What sort of figure a reading is: a count, a year, a date, a time, an ordinal, an age, or a number
that names rather than counts ("Room 101")."""
from .pieces import Figure, Reading, after_number_sign

# Entities whose digits are names, not figures: "Boeing 737", "World War 2", "Article 5".
NAME_ENTITIES = {"PRODUCT", "LAW", "WORK_OF_ART", "FAC", "EVENT"}
POSSESSIVE_TAG = "PRP$"  # "his", "their": a decade after one is an age ("in his 60s")


class Kinds:
    """Deciding the kind of a figure (a part of Reader)."""

    def kind_and_unit(self, reading: Reading):
        figure = reading.figure
        if reading.currency is not None:
            return "money", reading.currency
        if reading.unit is not None:
            return reading.unit_kind, reading.unit
        year = self.is_year(figure)
        if figure.plural and reading.first > 0 and self.token(reading.first - 1).tag_ == POSSESSIVE_TAG:
            return "age", "year"  # "in his 60s"
        if figure.plural or reading.years or self.named_in_entity(reading, "DATE", also=year):
            return ("year" if year else "date"), None
        if self.named_in_entity(reading, "TIME"):
            return "time", None
        if figure.ordinal:
            return "ordinal", None
        return "count", (self.counted_noun(reading.last) or self.counted_noun(figure.end)
                         or self.plural_noun_after(reading.last))

    def is_year(self, figure: Figure) -> bool:
        return (figure.plain_integer and not figure.plural and 1000 <= figure.value <= 2999
                and len(self.words[figure.start]) == 4)

    def named_in_entity(self, reading: Reading, label: str, also: bool = False) -> bool:
        """Whether NER puts the figure in a LABEL entity that names more than the figure ("December
        5", "2 pm"): on a bare figure ("three quarters", "10k") the small model's label is a guess.
        ALSO: the figure alone is enough (a year)."""
        token = self.token(reading.figure.start)
        if token.ent_type_ != label:
            return False
        if also:
            return True
        start, end = self.starts[reading.first], self.ends[reading.last - 1]
        entity = next(ent for ent in self.doc.ents if ent.start <= token.i < ent.end)
        return any(word.is_alpha and (not word.is_stop or word.pos_ == "PROPN") and not start <= word.idx < end
                   and not self.lex.is_number_word(word.lower_) for word in entity)

    def labelled(self, i: int) -> bool:
        """Whether a number sign ranks or labels the figure from piece i ("No. 1", "#1", "nr. 22"), or
        the list it ends ("Nos. 3, 5 and 7")."""
        while not after_number_sign(self.words, i, self.lex.number_signs):
            if not (self.word(i - 1) in self.lex.list_separators and self.is_numeral(i - 2)):
                return False
            i -= 2
        return True

    def is_name(self, figure: Figure) -> bool:
        """Digits that name rather than count: "Room 101", "Article 5", "Boeing 737" as a product."""
        token = self.token(figure.start)
        return token.ent_type_ in NAME_ENTITIES or (
            self.is_numeral(figure.start) and token.dep_ == "nummod" and token.head.i < token.i
            and token.head.pos_ == "PROPN")
