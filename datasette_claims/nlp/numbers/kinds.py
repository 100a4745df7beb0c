"""What sort of figure a reading is: a count, a year, a date, a time, an ordinal, an age, a score, a
multiplier, a proportion, or a number that names rather than counts ("Room 101")."""
from .pieces import Figure, Reading, after_number_sign, phrase_key

# Entities whose digits are names, not figures: "Boeing 737", "World War 2", "Article 5".
NAME_ENTITIES = {"PRODUCT", "LAW", "WORK_OF_ART", "FAC", "EVENT"}
POSSESSIVE_TAG = "PRP$"  # "his", "their": a decade after one is an age ("in his 60s")
SCORE_DASHES = {"-", "\u2013"}
COMPARATIVE_TAGS = {"JJR", "RBR"}  # "three times bigger"


class Kinds:
    """Deciding the kind of a figure (a part of Reader)."""

    def kind_and_unit(self, reading: Reading, opening: int | None = None):
        """The kind and unit of READING, whose qualifier (if any) opens at piece OPENING."""
        figure = reading.figure
        if reading.currency is not None:
            return "money", reading.currency
        if reading.unit is not None:
            return reading.unit_kind, reading.unit
        if reading.proportion:
            return "proportion", self.counted(reading)
        if figure.ordinal and not self.is_numeral(figure.start) or self.ranked(reading.first):
            return "ordinal", None  # "the second day", "day three", "world number one"
        year = self.is_year(figure)
        if figure.plural and self.names_age_group(reading.first):
            return "age", "year"  # "in his 60s", "in their late 20s", "the over-70s"
        opening = reading.first if opening is None else opening
        if figure.plural or reading.years or self.named_in_entity(reading, "DATE", also=year) or (
                year and self.word(opening - 1) in self.lex.year_prepositions):  # "by 2011", "until at least 2006"
            return ("year" if year else "date"), None
        if self.named_in_entity(reading, "TIME"):
            return "time", None
        if figure.ordinal:
            return "ordinal", None
        if figure.plain_integer and self.apposed_age(reading):
            return "age", "year"
        noun = self.counted(reading)
        unit = self.lex.units.entries.get(phrase_key(noun.split()[-1])) if noun else None
        if unit is not None and unit[1] in ("quantity", "duration"):
            return unit[1], unit[0]  # "400 exhausting kilometres"
        return "count", noun

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

    def vague_plural(self, i: int) -> float:
        """The scale of a plural scale word standing alone at piece i ("hundreds", "thousands",
        "dozens" of something; not "two hundreds", "tens of thousands"), else 0: such a figure is
        at least two of its scale."""
        word = self.words[i]
        scale = self.word_scale(i)
        if not (scale and word.endswith("s") and self.word(i + 1) == "of") or self.word(i - 1) in self.lex.cardinals:
            return 0.0
        return 0.0 if self.is_numeral(i - 1) or self.word(i - 1) in ("of", "tens") else scale

    def ranked(self, first: int) -> bool:
        """Whether a rank word stands right before the whole number from piece FIRST: "day three",
        "world number one", "round 4"."""
        return self.word(first - 1) in self.lex.rank_words and self.spaced(first) and (
            self.token(first).pos_ == "NUM")

    def apposed_age(self, reading: Reading) -> bool:
        """Whether the bare whole number READING stands between commas after a person's name, as
        news gives an age: "Walid Saadi, 53, was killed"."""
        first, end = reading.first, reading.last
        value = reading.figure.value
        return (self.word(first - 1) == "," and self.word(end) in (",", ".") and first >= 2
                and self.token(first - 2).ent_type_ == "PERSON" and value == int(value) and 0 < value < 120)

    def names_age_group(self, first: int) -> bool:
        """Whether the decade from piece FIRST names people's ages: after a possessive ("in his
        60s", "in their late 20s", "her mid-30s") or a bound glued to it ("the over-70s")."""
        k = first - 1
        if self.word(k) == "-" and not self.spaced(first) and self.bound_before(k):
            return True
        if self.word(k) == "-" and not self.spaced(first):
            k -= 1
        if self.word(k) in self.lex.decade_parts:
            k -= 1
        return k >= 0 and self.token(k).tag_ == POSSESSIVE_TAG

    def bound_before(self, dash: int) -> bool:
        """Whether a bound word is glued to the hyphen at piece DASH: "over-70s", "under-18s"."""
        word = self.word(dash - 1)
        entry = self.lex.qualifiers.entries.get(word)
        return word.isalpha() and not self.spaced(dash) and entry is not None and entry[1] in ("low", "high")

    def clock_end(self, figure: Figure) -> int | None:
        """Where the clock time FIGURE starts ends ("4:00pm", "11:30 am", "19:45"), or None."""
        start = figure.start
        hours, minutes = self.words[start], self.word(start + 2)
        if not (figure.end == start + 3 and self.word(start + 1) == ":" and hours.isdigit() and int(hours) <= 24
                and len(minutes) == 2 and minutes.isdigit() and int(minutes) < 60):
            return None
        return figure.end + (self.word(figure.end) in self.lex.clock_halves)

    def score_end(self, reading: Reading) -> int | None:
        """Where the score READING starts ends ("won 6-2 6-4", "a 2-1 win", "the vote was 310-290"):
        two whole numbers glued by a dash that fall (a range rises), or that stand beside another
        score or before a result word ("a 1-2 defeat"). A score is one figure, never a range."""
        figure, at = reading.figure, reading.last
        bowling = self.bowling_end(reading)
        if bowling:
            return bowling
        if (not figure.plain_integer or reading.unit or reading.currency or reading.sign < 0 or self.is_year(figure)
                or self.word(at) not in SCORE_DASHES or self.spaced(at) or self.spaced(at + 1)
                or not self.word(at + 1).isdigit()):
            return None
        end = at + 2
        if end < self.count and not self.spaced(end) and (self.is_alnum(end) or self.word(end) in SCORE_DASHES):
            return None  # "10-15km", "555-123-4567"
        falls = figure.value > int(self.words[at + 1])
        beside = self.score_follows(end) or bool(
            self.found and self.found[-1]["kind"] == "score" and self.starts[reading.first] - self.found[-1]["end_char"] <= 2)
        return end if falls or beside or self.word(end) in self.lex.results else None

    def bowling_end(self, reading: Reading) -> int | None:
        """Where the cricket figure READING starts ends: wickets "for" runs ("took 3 for 89", "9 for
        233"): a whole number up to ten, then a bare larger one that counts nothing after it."""
        figure, at = reading.figure, reading.last
        runs = self.word(at + 1)
        if not (figure.plain_integer and 0 <= figure.value <= 10 and not reading.unit and self.word(at) in
                self.lex.wicket_joiners and runs.isdigit() and int(runs) > 10 and self.spaced(at + 1)):
            return None
        end = at + 2
        return None if end < self.count and self.spaced(end) and self.counts_after(end) else end

    def score_follows(self, i: int) -> bool:
        """Whether another score is written from piece i: the "6-4" of "6-2 6-4"."""
        return (self.spaced(i) and self.word(i).isdigit() and self.word(i + 1) in SCORE_DASHES
                and not self.spaced(i + 1) and not self.spaced(i + 2) and self.word(i + 2).isdigit())

    def multiplier_word(self, i: int) -> float | None:
        """The multiplier written as one word at piece i: "twice as fast", "a tenfold rise"."""
        word = self.words[i]
        if word in self.lex.multipliers:
            return self.lex.multipliers[word] if self.compares(i + 1) else None
        for suffix in self.lex.multiplier_words:
            if word.endswith(suffix) and word[:-len(suffix)] in self.lex.cardinals:
                return self.lex.cardinals[word[:-len(suffix)]]
        return None

    def multiplier_end(self, reading: Reading) -> int | None:
        """Where the multiplier READING starts ends: "three times the size", "10 times more",
        "a 10-fold rise"; "three times a week" counts occasions."""
        at = reading.last + (self.word(reading.last) == "-" and not self.spaced(reading.last))
        if reading.unit or reading.currency or self.word(at) not in self.lex.multiplier_words:
            return None
        fold = at > reading.last or not self.spaced(at)
        return at + 1 if fold or self.compares(at + 1) else None

    def compares(self, i: int) -> bool:
        """Whether a comparison follows at piece i: "as", "the", "more", a comparative."""
        return self.word(i) in self.lex.comparisons or i < self.count and self.token(i).tag_ in COMPARATIVE_TAGS
