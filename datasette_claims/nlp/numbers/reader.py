"""The reader: the rows of one Doc, read left to right, each piece at most once; it joins the parts
of reading (digits, words, ranges, units, kinds) into one class."""
import math

from .counted import Counted
from .digits import MINUS, Digits
from .kinds import Kinds
from .measures import Measures
from .pieces import Pieces, Reading, tidy
from .ranges import Ranges
from .units import Units
from .words import Words



class Reader(Digits, Words, Ranges, Units, Measures, Counted, Kinds, Pieces):
    """Reads the figures of one Doc, left to right, each piece at most once."""

    def read(self, i: int, money_hint: bool = False, in_range: bool = False) -> Reading | None:
        """The figure at piece i with its sign, currency and unit, or None."""
        words_figure = None if self.is_numeral(i) else (
            self.read_word_fraction(i) or self.read_words(i) or self.read_article_unit(i))
        if words_figure is None and not self.is_numeral(i):
            return None
        if words_figure is not None:
            i = words_figure.start  # "a third term": the article is no part of the ordinal
            self.read_of_scale(words_figure)
        currency, first = self.currency_before(i)
        signed = None
        if currency is None and self.word(i - 1) in MINUS and not self.spaced(i):
            signed, signed_first = self.currency_before(i - 1)  # "$-99.99"
        if signed is not None:
            currency, first, sign = signed, signed_first, -1.0
        else:
            if currency is None and not in_range and self.is_code(i):
                return None
            sign, first = self.sign_before(first)
        money = currency is not None or money_hint or self.token(i).ent_type_ == "MONEY"
        figure = words_figure or self.read_digits(i, money)
        reading = Reading(figure, min(first, figure.start), figure.end, figure.end, sign, currency and currency[0])
        if currency is not None and figure.value is not None:
            self.apply_currency_scale(figure, currency)
        if figure.value is not None and not figure.plural and not figure.ordinal:
            tolerance = self.tolerance_end(figure.end)  # "9.83e-3 +/- 1e-5 km/s2": the unit is after it
            reading.last = tolerance or reading.last
            self.read_unit(reading, money)
            if reading.last == tolerance:
                reading.last = figure.end  # no unit after the tolerance: it is a figure of its own
            if reading.last == figure.end and self.word(figure.end)[:1].isalpha() and not self.spaced(figure.end):
                figure.value = None  # letters glued to the digits name something: "5G", "3D", "24703L"
                figure.end = reading.last = figure.end + 1
        if reading.currency and self.in_accounts_brackets(reading):
            reading.sign, reading.first, reading.last = -reading.sign, reading.first - 1, reading.last + 1
        reading.consumed = reading.last
        return reading

    def plain_row(self, first: int, end: int, value: float | None, kind: str) -> dict:
        """The row of pieces FIRST to END with VALUE and KIND and nothing else: a score, a multiplier."""
        start, stop = self.starts[first], self.ends[end - 1]
        return {"start_char": start, "end_char": stop, "text": self.text[start:stop], "value": tidy(value),
                "low": None, "high": None, "unit": None, "kind": kind, "qualifier": None}

    def in_accounts_brackets(self, reading: Reading) -> bool:
        """Whether the money READING is written in brackets, as accounts write a loss ("($99.99)"),
        rather than after another amount it converts ("£5 ($7)")."""
        first, last = reading.first, reading.last
        if not (self.word(first - 1) == "(" and self.word(last) == ")" and not self.spaced(first)
                and not self.spaced(last) and reading.figure.value):
            return False
        before = self.found[-1] if self.found else None
        return before is None or before["kind"] != "money" or self.starts[first - 1] - before["end_char"] > 1

    def rows(self) -> list[dict]:
        rows, i = [], 0
        self.found = rows  # a count may carry the noun of the one before; a bracket after money converts it
        previous = None  # (row, role, end piece) of the row before, to join "more than 10 and less than 20"
        spans = []  # (first piece, end piece) of each row, to share a unit back over a list
        while i < self.count:
            if not self.could_start(i):
                i += 1
                continue
            row, role, qualifier_start, end = self.read_row(i)
            if row is not None:
                if previous is not None and self.joins_bounds(previous, role, qualifier_start, row):
                    rows[-1] = row = self.joined_bounds(rows[-1], row)
                elif previous is not None and self.suspends_hyphen(previous[2], i) and self.word(i - 1) == "to" and (
                        self.rises(rows[-1], row)):
                    rows[-1] = row = self.joined_bounds(dict(rows[-1], low=rows[-1]["value"], kind=row["kind"]), dict(
                        row, high=row["value"]), qualifier=None)  # "8- to 16-meter": one range
                else:
                    if previous is not None and self.suspends_hyphen(previous[2], i):
                        previous[0].update(unit=row["unit"], kind=row["kind"])  # "three- and four-year-olds"
                    else:
                        self.share_unit_back(rows, spans, i, row)  # "45 and 50 mg"
                    rows.append(row)
                    spans.append((i, end))
                previous = (row, role, end)
            if end <= i:
                i += 1
                continue
            self.done = i = end
        return rows

    def suspends_hyphen(self, end: int, i: int) -> bool:
        """Whether the figure ending at piece END hangs a hyphen that the figure at piece i completes:
        "three- and four-year-olds", "10- to 15-year sentences"."""
        return (self.word(end) == "-" and not self.spaced(end) and self.spaced(end + 1)
                and self.word(end + 1) in self.lex.conjunctions | {"or", "to"} and end + 2 == i)

    def could_start(self, i: int) -> bool:
        word = self.words[i]
        lex = self.lex
        if not (self.is_numeral(i) or word in lex.cardinals or word in lex.ordinals or word in lex.values
                or word in lex.fractions or word in lex.articles or word in lex.percent_starts
                or self.word_scale(i) or self.multiplier_word(i)):
            return False
        token = self.token(i)
        return not (token.like_url or token.like_email)

    def read_row(self, i: int):
        """The row for the figure at piece i (or None), its qualifier's role and first piece, and the
        piece where reading resumes."""
        multiplier = self.multiplier_word(i)
        if multiplier is not None:  # "twice as fast", "a tenfold rise"
            return self.plain_row(i, i + 1, multiplier, "multiplier"), None, i, i + 1
        scale = self.vague_plural(i)
        if scale:  # "Hundreds of people": at least two hundred
            row = dict(self.plain_row(i, i + 1, None, "count"), low=2 * scale, unit=self.partitive_noun(i + 1))
            return row, None, i, i + 1
        reading = self.read(i) or self.read_percent_of(i)
        if reading is None:
            return None, None, i, i + 1 if self.is_numeral(i) else i
        figure = reading.figure
        if figure.value is None:
            end = self.clock_end(figure)  # "4:00pm": a time, with no value
            row = self.plain_row(reading.first, end, None, "time") if end else None
            return row, None, i, end or figure.end
        self.read_ratio(reading)
        end = self.score_end(reading)
        if end is not None:  # "won 6-2 6-4": a score, never a range
            return self.plain_row(reading.first, end, None, "score"), None, i, end
        end = self.multiplier_end(reading)
        if end is not None:  # "three times the size", "a 10-fold rise"
            return self.plain_row(reading.first, end, reading.value, "multiplier"), None, i, end
        qualifier, qualifier_start = self.match_before(self.lex.qualifiers, reading.first, "before")
        if qualifier is None and self.word(reading.first - 1) == "-" and self.bound_before(reading.first - 1):
            qualifier, qualifier_start = self.match_before(self.lex.qualifiers, reading.first - 1, "before")  # "over-70s"
        if qualifier is None and figure.ordinal and self.word(reading.first - 1) in self.lex.determiners:
            qualifier, qualifier_start = self.match_before(self.lex.qualifiers, reading.first - 1, "before")
            # "higher than the tenth" bounds a rank, but "over the second Test" is no bound
            ranks = not self.describes_noun(figure.end - 1) and not self.counts_after(figure.end)
            if qualifier is not None and qualifier[1] != "between" and not (ranks and qualifier[1] in ("low", "high")):
                qualifier, qualifier_start = None, reading.first
        phrase, role = (qualifier[0], qualifier[1]) if qualifier else (None, None)
        ages = role == "from" and self.lex.qualifiers.entries.get(self.word(qualifier_start - 1), ("", ""))[1] == "age"
        if ages:
            phrase, role = "between", "between"  # "raising the pension age from 60 to 65": a range of ages
        elif role == "from" and not self.changes(self.token(qualifier_start)):
            phrase, role = None, None  # "the number is from 200 to 300" is a range; "rose from 200 to 300" a change
        low = high = None
        value = reading.value
        second = self.read_range_end(reading, role)
        if second is not None and self.join_range(reading, second):
            value, low, high = None, min(reading.value, second.value), max(reading.value, second.value)
        else:
            second = None
        labelled = (reading.currency is None and reading.unit is None and self.labelled(reading.first)
                    and not self.counts_plural(reading.consumed))  # "the answer was no. 30 members voted": a count
        kind, unit = ("ordinal", None) if labelled else self.kind_and_unit(reading, qualifier_start)
        after, after_end = self.match_after(self.lex.qualifiers, reading.consumed + (
            self.word(reading.consumed) == "-" and not self.spaced(reading.consumed)))
        longer, longer_end = self.match_after(self.lex.qualifiers, after_end - 1) if after else (None, 0)
        if longer is not None and longer[2] == "before" and longer_end > after_end:
            if longer_end < self.count and self.could_start(longer_end):
                after = None  # "200 or greater than 190": the words qualify the next figure
            else:
                after_end = longer_end  # "200 or greater than.": no figure follows, so they qualify this one
        if after is not None and after[2] == "after":
            if after[1] == "age" and kind == "duration":
                kind, reading.consumed = "age", after_end
            elif after[1] in ("low", "high") and role in (None, "about", "exact") and second is None:
                phrase, role, reading.consumed = after[0], after[1], after_end
        if (role == "age" or ages) and kind in ("count", "date"):  # "a man of age 87": NER calls 87 a date
            kind, unit = "age", "year"
        if role in ("low", "high") and kind == "duration" and self.token(qualifier_start).dep_ == "prep":
            phrase, role = None, None  # "rose 20% over five years": the period, not a bound
        if role not in ("low", "high", "about", "exact", "between"):
            phrase = None
        elif role == "between":
            phrase = "between"  # "ranged from 5 to 12" too
        elif second is None and role in ("low", "high"):
            low, high = (value, None) if role == "low" else (None, value)
        if kind in ("count", "ordinal") and not labelled and self.is_name(figure) or not all(
                math.isfinite(number) for number in (value, low, high) if number is not None):
            return None, None, i, reading.consumed  # a name, or "1e300 trillion trillion"
        start, end = self.starts[reading.first], self.ends[reading.last - 1]
        row = {
            "start_char": start, "end_char": end, "text": self.text[start:end],
            "value": tidy(value), "low": tidy(low), "high": tidy(high), "unit": unit, "kind": kind,
            "qualifier": phrase,
        }
        return row, role, qualifier_start, reading.consumed
