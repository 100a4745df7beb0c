"""Whether a figure measures, from the words around it: a measuring word ("2m tall", "a height of
2m"), another measure or temperature in its sentence, a verb of weighing, the scale named after a
bare degree, and the conditions under which the short forms of units.tsv count ("40C", "300g")."""
from bisect import bisect_left

from .pieces import Figure

MEASURE_WINDOW = 5  # pieces before a figure searched for a measuring word ("a height of 2m")
DEGREE_SIGNS = {"°", "º"}  # "10 °C/min"
SCALE_WINDOW = 4  # pieces after a bare degree searched for its scale ("-40° on the Fahrenheit scale")


class Measures:
    """Reading what a figure measures from its context (a part of Reader)."""

    def unit_condition_holds(self, condition: str, figure: Figure, at: int, end: int) -> bool:
        """Whether the unit of pieces AT to END may be read as written (the conditions of units.tsv)."""
        if condition in ("attached", "capital", "capital-unnamed", "small") and (
                self.spaced(at) or not self.is_numeral(at - 1)):
            return False  # glued to the digits: "40C", "300g"; not "Nine-in-ten"
        written = self.text[self.starts[at]:self.ends[end - 1]]
        if condition.startswith("capital") and not written.isupper():
            return False  # "11c" is cents, not Celsius
        if condition == "capital-unnamed" and (
                figure.start > 0 and self.token(figure.start - 1).pos_ in ("PROPN", "DET") or self.counts_after(end)
                or self.token(figure.start).dep_ in ("nsubj", "nsubjpass")):
            return False  # "Boeing 777F" and "a 777F" are freighters, "a 13F filing" and "13F is filed" forms
        if condition == "alone" and self.counts_after(end):
            return False  # "200 bar staff"
        if condition == "small" and not written.islower():
            return False  # "5G" is a network
        return not (condition == "unpaired" and self.quotes(at))

    def named_scale(self, end: int):
        """The temperature scale named in the few words after a bare degree ending before piece END,
        before any other figure ("−273.15° on the Celsius scale"): its entry, or None."""
        for k in range(end, min(end + SCALE_WINDOW, self.count)):
            if self.is_numeral(k) or self.words[k] == ".":
                return None
            entry = self.lex.units.entries.get(self.words[k])
            if entry is not None and entry[0].startswith("degree ") and self.words[k].isalpha():
                return entry
        return None

    def measures(self, at: int, by_sentence: bool = True, figure: int | None = None) -> bool:
        """Whether the figure whose unit-like letter ("m", "k") is piece AT measures: a measuring word
        after it ("2m tall", "a 400m race", "400m-long") or before it ("a height of 2m"), or
        (BY_SENTENCE) another measure in its sentence ("1m is equal to 10 dm")."""
        lex = self.lex
        after = at + 1 + (self.word(at + 1) in ("-", ".") and not self.spaced(at + 1))  # "2m-tall", "2 in. long"
        if (self.word(after) in lex.measure_after or self.key(after, min(after + 2, self.count)) in lex.measure_after
                or (self.word(after), self.words[at]) in lex.measure_after_unit):
            return True
        sentence = self.token(at).sent
        first = bisect_left(self.starts, sentence.start_char)
        last = bisect_left(self.starts, sentence.end_char)
        if figure is None:
            figure = at - 1
            while figure > first and self.is_numeral(figure - 1):
                figure -= 1
        if any(self.words[k] in lex.measure_before for k in range(max(first, figure - MEASURE_WINDOW), figure)):
            return True
        if (self.word(figure - 1) in lex.articles | {"the"} and self.words[at] in lex.scale_measures
                and not self.counts_after(after)):
            return True  # "the 100m", "did a 10k": an event; "the 1.6m fans" are millions
        if not by_sentence:
            return False
        for k in range(first, last - 1):
            if k + 1 != at and self.is_numeral(k) and self.words[k + 1] not in lex.scale_measures:
                entry = lex.units.entries.get(self.words[k + 1])
                if entry is not None and entry[1] == "quantity":
                    return True
        return False

    def measures_temperature(self, at: int) -> bool:
        """Whether the sentence of piece AT gives another figure a temperature ("300 °C (572 °F,
        573.15K)"), so that a capital K glued to a figure is kelvin, not thousands."""
        sentence = self.token(at).sent
        first, last = bisect_left(self.starts, sentence.start_char), bisect_left(self.starts, sentence.end_char)
        for k in range(first, last):
            entry = self.lex.units.entries.get(self.words[k])
            if k != at and entry is not None and entry[0].startswith("degree ") and self.words[k] != "f":
                return True
            if self.words[k] in DEGREE_SIGNS and self.word(k + 1) in ("c", "f") and not self.spaced(k + 1):
                return True
        return False

    def quotes(self, at: int) -> bool:
        """Whether the quote mark at piece AT opens a quotation (glued to the word after it) or closes
        one opened earlier on its line, rather than marking inches ('a 10" pen')."""
        if not self.spaced(at + 1):
            return True
        mark, k, open_ = self.words[at], at - 1, False
        while not self.opens_line(k + 1):
            k -= 1
        for k in range(k + 1, at):
            if self.words[k] == mark and not (self.is_numeral(k - 1) and not open_):
                open_ = not open_
        return open_

    def weighs(self, at: int, end: int, figure: int) -> bool:
        """Whether the currency word of pieces AT to END, after the figure at piece FIGURE, is a unit
        of mass here ("pounds" where the figure measures: "it weighs 20 pounds")."""
        unit = self.lex.units.entries.get(self.key(at, end))
        return unit is not None and unit[1] == "quantity" and self.measures(at, by_sentence=False, figure=figure)
