"""What a figure counts or measures: currencies, percent, units from units.tsv and the counted noun
of a count ("100,000 Russian troops")."""
import re
from bisect import bisect_left

from . import physical
from .pieces import Figure, Reading

NOT_MEASURED = {"TIME", "DATE"}  # "2 PM" is a time, not 2 petamolar
NAMES = {"ORG", "GPE", "NORP", "PERSON", "FAC", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART"}  # "15 EU states"
WORD_END = re.compile(r"\S*")
MEASURE_WINDOW = 5  # pieces before a figure searched for a measuring word ("a height of 2m")
CLOCK_HOURS = set(range(1, 13))  # "11pm" is a time; "2.1 pm" after "a size of" a length
DEGREE_SIGNS = {"°", "º"}  # "10 °C/min"
SI_SPAN = 40  # characters after a figure searched for a unit written as scientists write it
SCALE_WINDOW = 4  # pieces after a bare degree searched for its scale ("-40° on the Fahrenheit scale")

BRACKETS = {"(": ")", "[": "]", "{": "}", "<": ">"}  # "20 (kg)"


class Units:
    """Reading currencies, units and counted nouns (a part of Reader)."""

    def currency_before(self, i: int):
        """The currency written before piece i: (its entry, first piece) or (None, i)."""
        entry, start = self.match_before(self.lex.currencies, i)
        if entry is None or entry[1] == "suffix" or entry[2] == "attached" and self.spaced(i):
            return None, i
        return entry, start

    def read_unit(self, reading: Reading, money: bool) -> None:
        """A currency, percent sign or unit written after the figure ("$5 million", "3-inch")."""
        at = reading.last
        opener = self.word(at)
        if opener == "-" and not self.spaced(at) and not self.spaced(at + 1):
            at += 1
        elif opener in BRACKETS:
            at += 1
        entry, end = self.match_after(self.lex.currencies, at)
        if entry is not None and self.weighs(at, end, reading.figure.start):
            entry, end = None, at  # "it weighs 2,000 pounds": a mass, not money
        if entry is not None and entry[1] != "prefix" and (reading.currency in (None, entry[0])) and (
                entry[2] != "money" or money or reading.figure.scaled) and (entry[2] != "attached" or not self.spaced(at)) and (
                opener not in BRACKETS) and not self.starts_next_figure(end):
            reading.currency = entry[0]
            self.apply_currency_scale(reading.figure, entry)
            reading.last = self.read_scales(reading.figure, True, end)  # "75 USD million"
            if entry[2] != "subunit":
                self.read_second_part(reading, money=True)
            return
        if reading.currency is not None:
            return
        entry, end = self.si_unit(at)  # "340 W m−2"
        if entry is None:
            entry, end = self.match_after(self.lex.units, at)
        figure = reading.figure
        if entry is not None and entry[1] != "power" and not self.unit_condition_holds(entry[2], figure, at, end):
            entry, end = None, at  # "55 in screen": not the glued "in" of the list, but perhaps pint's inch
        if entry is not None and self.word(end) in physical.OPERATORS and not self.spaced(end):
            entry, end = self.physical_unit(at, figure)  # "kb/s", "l/km": more than the listed "kb", "l"
        elif entry is not None and self.is_numeral(end) and not self.spaced(end):
            entry, end = self.physical_unit(at, figure) if self.physical_unit(at, figure)[0] else (entry, end)  # "m/s2"
        kelvin = self.word(at) == "k" and self.text[self.starts[at]] == "K" and self.measures_temperature(at)
        if self.word(at) in self.lex.scale_measures and not figure.scaled and not kelvin and self.measures(at):
            entry, end = (self.lex.scale_measures[self.words[at]], "quantity", ""), at + 1  # "a 5k run"
        if entry is None and 0 < figure.value < 1 and not self.is_numeral(figure.start):
            article = at + (self.word(at) == "of")  # "half a percentage point", "a quarter of an hour"
            if self.word(article) in self.lex.articles:
                entry, end = self.match_after(self.lex.units, article + 1)
        if entry is not None and entry[1] == "power":
            entry, end = self.powered_unit(entry, end)  # "4 cubic kilometers"
        if entry is None:
            entry, end = self.physical_unit(at, figure)
        if entry is None or self.is_numeral(end) and not self.spaced(end) and (
                entry[0], self.key(end + 1, min(end + 2, self.count))) not in self.lex.compound_units:
            return  # "24703 m212" is a code; "6′2″" is feet and inches
        if entry[1] == "quantity":
            entry, end = self.compound_unit(entry, at, end)  # "4 km squared", "5 mg per kg"
        if entry[0] == "degree":
            entry = self.named_scale(end) or entry  # "−273.15° on the Celsius scale"
        if opener in BRACKETS:
            if self.word(end) != BRACKETS[opener]:
                return
            end += 1
        reading.unit, reading.unit_kind, reading.last = entry[0], entry[1], end
        self.read_second_part(reading, money=False)

    def powered_unit(self, power, end: int):
        """ "square" or "cubic" (POWER, ending before piece END) and the unit after it: (entry, end) or
        (None, END)."""
        if power[2] != "before":
            return None, end
        unit, unit_end = self.match_after(self.lex.units, end)
        if unit is None or unit[1] != "quantity" or " " in unit[0]:
            return None, end
        return (f"{power[0]} {unit[0]}", "quantity", unit[2]), unit_end

    def compound_unit(self, entry, at: int, end: int):
        """The unit ENTRY (pieces AT to END) with what follows it: a power ("4 km squared") or a
        denominator after "per" ("5 mg per kg", "two kb per second", "20 J/m^2 per year"), read by pint
        from the symbols as written where it can ("kb" in a rate is kilobits)."""
        after, after_end = self.match_after(self.lex.units, end)
        if after is not None and after[1] == "power" and after[2] == "after" and " " not in entry[0]:
            return (f"{after[0]} {entry[0]}", "quantity", entry[2]), after_end
        if self.word(end) != "per":
            return entry, end
        below, below_end = self.match_after(self.lex.units, end + 1)
        if below is None or below[1] not in ("quantity", "duration"):
            return entry, end
        written = lambda first, last: self.text[self.starts[first]:self.ends[last - 1]]  # noqa: E731
        name = (physical.unit_name(f"{written(at, end)}/{written(end + 1, below_end)}")
                or f"{entry[0]} per {below[0]}")
        return (name, "quantity", entry[2]), below_end

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

    def read_article_unit(self, i: int) -> Figure | None:
        """One, written as "a" or "an" before a unit of article_units.tsv ("a gallon of beer", "an
        acre"); not right after a figure, where it means "per" ("$3.50 a gallon")."""
        if self.word(i) not in self.lex.articles or self.found and self.found[-1]["end_char"] >= self.starts[i] - 1:
            return None
        entry, end = self.match_after(self.lex.units, i + 1)
        if entry is None or entry[1] != "quantity" or self.key(i + 1, end) not in self.lex.article_units:
            return None
        return Figure(i, i + 1, 1.0)

    def si_unit(self, at: int):
        """A unit written from piece AT as scientists write it ("W m−2", "mm yr−1", "cm−1", see
        physical.py): ((unit, "quantity", ""), end) or (None, AT)."""
        if not self.word(at)[:1].isalpha():
            return None, at
        product = physical.si_product(self.text[self.starts[at]:self.starts[at] + SI_SPAN])
        if product is None:
            return None, at
        end = bisect_left(self.ends, self.starts[at] + len(product[1]))
        if end >= self.count or self.ends[end] != self.starts[at] + len(product[1]):
            return None, at
        return (product[0], "quantity", ""), end + 1

    def physical_unit(self, at: int, figure: Figure):
        """A physical unit units.tsv does not list, read by pint (see physical.py) from piece AT: a
        symbol ("MWh", "kb/s", "J/m^2"), or a word that is also a unit where the figure measures
        ("50 pm" after "a wavelength of", "a 10 in screen"): ((unit, "quantity", ""), end) or (None, AT)."""
        if not (self.word(at)[:1].isalpha() or self.word(at) in DEGREE_SIGNS):
            return None, at
        match = physical.SYMBOL.match(WORD_END.match(self.text, self.starts[at]).group())
        end = bisect_left(self.ends, self.starts[at] + len(match.group())) if match else at
        if end >= self.count or self.ends[end] != self.starts[at] + len(match.group()):
            return None, at
        written = match.group()
        if self.token(at).ent_type_ in NAMES and self.counts_after(end + 1):
            return None, at  # "the 15 EU member states": a name before its noun, not enzyme units
        if physical.looks_like_symbol(written):
            if self.token(figure.start).ent_type_ in NOT_MEASURED and written.isalpha():
                return None, at  # "2 PM"; but a rate ("km/s2") is no time of day
        elif self.is_numeral(end + 1) or not self.measures(at, by_sentence=False):
            return None, at  # "ran 1 in 4 races": a word before a number is no unit
        elif written.lower() in self.lex.clock_halves and figure.value in CLOCK_HOURS:
            return None, at  # "until 11pm under the rules" is a time, whatever follows
        name = physical.unit_name(written)
        return ((name, "quantity", ""), end + 1) if name else (None, at)

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

    def tolerance_end(self, end: int) -> int | None:
        """The end of a tolerance written from piece END ("± 0.01", "+/- 1e-5"), or None."""
        at = end + 1 if self.word(end) == "\u00b1" else end + 3 if self.key(end, min(end + 3, self.count)) == "+/-" else None
        return at + 1 if at is not None and self.is_numeral(at) else None

    def starts_next_figure(self, end: int) -> bool:
        """Whether the currency ending before piece END belongs to the figure after it: the "$" of
        "10 $ 30" (a symbol before digits) or the "USD" of "3 USD50"."""
        return self.is_numeral(end) and (not self.words[end - 1].isalpha() or not self.spaced(end))

    def apply_currency_scale(self, figure: Figure, entry) -> None:
        """ "30 MUSD": a currency code that counts in millions."""
        if entry[2] == "millions":
            figure.value *= 1e6
            figure.multiplier *= 1e6

    def read_second_part(self, reading: Reading, money: bool) -> None:
        """The smaller unit of "3 dollars 50 cents", "15 dollars and 50", "5 feet 2 inches"."""
        at = reading.last + (self.word(reading.last) in self.lex.conjunctions)
        if self.is_numeral(at):
            number, end = (float(self.words[at]), at + 1) if self.words[at].isdigit() else (None, at)
        else:
            words_figure = self.read_words(at)
            number, end = (words_figure.value, words_figure.end) if words_figure else (None, at)
        if number is None or number != int(number):
            return
        if money:
            entry, unit_end = self.match_after(self.lex.currencies, end)
            factor = 100 if entry is not None and entry[2] == "subunit" else None
            if factor is None and not self.counts_after(end):
                factor, unit_end = 100, end  # "15 dollars 50.", "15 USD 50 more"; not "5 dollars and 30 people"
        else:
            factor, unit_end = None, end
            for unit_end in range(min(end + 2, self.count), end, -1):
                if self.words[unit_end - 1] != ".":  # "14 hours and 30 minutes." ends before the full stop
                    factor = self.lex.compound_units.get((reading.unit, self.key(end, unit_end)))
                if factor:
                    break
        if factor and 0 < number < factor:
            reading.figure.value += number / factor
            reading.last = unit_end

    def read_percent_of(self, i: int) -> Reading | None:
        """"percent of 10", the reversed way of writing 10 percent."""
        entry, end = self.match_after(self.lex.units, i)
        if entry is None or entry[1] != "percent" or self.word(end) != "of":
            return None
        reading = self.read(end + 1)
        if reading is None or reading.figure.value is None or reading.unit or reading.currency:
            return None
        reading.first, reading.unit, reading.unit_kind = i, entry[0], entry[1]
        return reading
