"""What a figure counts or measures: currencies, percent, units from units.tsv and the counted noun
of a count ("100,000 Russian troops")."""
import re
from bisect import bisect_left

from . import physical
from .measures import DEGREE_SIGNS
from .pieces import Figure, Reading

NOT_MEASURED = {"TIME", "DATE"}  # "2 PM" is a time, not 2 petamolar
NAMES = {"ORG", "GPE", "NORP", "PERSON", "FAC", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART"}  # "15 EU states"
WORD_END = re.compile(r"\S*")
CLOCK_HOURS = set(range(1, 13))  # "11pm" is a time; "2.1 pm" after "a size of" a length
SI_SPAN = 40  # characters after a figure searched for a unit written as scientists write it

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

    def read_article_unit(self, i: int) -> Figure | None:
        """One, written as "a" or "an" before a unit of article_units.tsv ("a gallon of beer", "an
        acre"); not right after a figure, where it means "per" ("$3.50 a gallon")."""
        if (self.word(i) not in self.lex.articles or self.word(i + 1) not in self.lex.article_unit_starts
                or self.found and self.found[-1]["end_char"] >= self.starts[i] - 1):
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
