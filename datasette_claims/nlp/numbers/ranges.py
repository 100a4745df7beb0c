"""Ranges, bounds and proportions: "10-15 km", "between 5 and 7 million", "more than 10 and less than
20", "1 in 5 adults"."""
from .digits import MINUS
from .pieces import Reading

DASHES = MINUS | {"\u2013", "\u2014"}


class Ranges:
    """Reading ranges, joined bounds and proportions (a part of Reader)."""

    def read_range_end(self, first: Reading, role: str | None) -> Reading | None:
        """The second figure of "10-15 km", "$5m to $7m", "between 5,000 and 7,000"."""
        at = first.last
        entry, after = self.match_after(self.lex.range_words, at)
        if entry is None or role == "from" or entry[3] == "after between" and role != "between":
            return None
        if entry[0] in DASHES and (self.spaced(at) != self.spaced(after) or not self.is_numeral(after)
                                   and not self.is_numeral(after + 1)):
            return None  # "10-15", "1000 - 5000"; not "three-nought-four"
        token = self.token(at)
        if entry[0].isalpha() and token.dep_ == "prep" and self.changes(token):
            return None  # "rose 2% to 7%": a change and its result, not a range
        start = after + (self.word(after) in self.lex.signs or self.word(after) in MINUS
                         or first.figure.ordinal and self.word(after) in self.lex.determiners)
        currency, currency_end = self.match_after(self.lex.currencies, start)
        if currency is not None and currency[1] != "suffix":
            start = currency_end
        fraction = self.word(start) in self.lex.fractions or self.word(start) in self.lex.articles and (
            self.fraction_follows(start))  # "between a third and a half"
        if not (self.is_numeral(start) or self.word(start) in self.lex.cardinals or fraction
                or first.figure.ordinal and self.word(start) in self.lex.ordinals):
            return None
        saved, self.done = self.done, after
        second = self.read(start, first.currency is not None, in_range=True)
        self.done = saved
        if second is None or second.figure.value is None or second.figure.ordinal != first.figure.ordinal:
            return None
        # "$1.5-2bn", "£3-4m": the second figure shares the first's currency when nothing else is
        # written after it and the two are clearly one amount (a glued dash, or a scale)
        shares_currency = second.currency is None and second.unit is None and (
            second.figure.scaled or entry[0] in DASHES and not self.spaced(at))
        if first.currency not in (None, second.currency) and not shares_currency or first.unit not in (None, second.unit):
            return None
        return second

    def changes(self, token) -> bool:
        """Whether TOKEN ("from", "to") hangs on a verb of change ("rose from 5 to 7", "cut 70 mph to
        60 mph"), making two figures; after other verbs the figures are a range ("were given 44 mg to
        50 mg", "enable from 50 to 80% to flow")."""
        return token.head.pos_ == "VERB" and token.head.lemma_.lower() in self.lex.change_verbs

    def read_ratio(self, reading: Reading) -> None:
        """Make READING the proportion "1 in 5 adults", "one out of three", "one over 20" (see the
        ratio rows of qualifiers.tsv)."""
        figure = reading.figure
        if figure.ordinal or figure.plural or reading.unit or reading.currency:
            return
        entry, after = self.match_after(self.lex.ratio_words, reading.last)
        if entry is None:
            return
        saved, self.done = self.done, after
        second = self.read(after)
        self.done = saved
        if (second is None or not second.figure.value or second.first != after or second.figure.ordinal
                or second.figure.plural or second.unit or second.currency or self.is_year(second.figure)):
            return
        if entry[3] == "smaller first" and not abs(reading.value) < second.value:
            return
        following = self.token(second.last) if second.last < self.count else None
        if entry[3] == "alone" and following is not None and following.pos_ in ("NOUN", "PROPN", "ADJ"):
            return
        figure.value /= second.value
        figure.end, figure.plain_integer, figure.multiplier = second.figure.end, False, 1.0
        reading.last = reading.consumed = second.last
        reading.proportion = True

    def join_range(self, reading: Reading, second: Reading) -> bool:
        """Make READING the range from it to SECOND, sharing scale, unit and currency, if it rises."""
        figure, end = reading.figure, second.figure
        if "\n" in self.text[self.ends[reading.last - 1]:self.starts[second.first]]:
            return False  # figures on two lines ("- 10" / "- 20" bullets) are no range
        if not figure.scaled and end.scaled and figure.value < end.value / end.multiplier:
            figure.value *= end.multiplier  # "between 5 and 7 million"
        years = self.is_year(figure) and end.plain_integer and len(self.words[end.start]) == 2
        if years:
            end.value += figure.value // 100 * 100  # "2022-23"
        if reading.value == second.value or reading.value > second.value and not (
                reading.unit and reading.unit == second.unit):
            return False  # a score ("3-1"), not a range; but "-18 °C to -34 °C" is one
        reading.years = years
        reading.currency = reading.currency or second.currency
        reading.unit, reading.unit_kind = reading.unit or second.unit, reading.unit_kind or second.unit_kind
        reading.last = reading.consumed = second.last
        return True

    def joins_bounds(self, previous, role, qualifier_start, row) -> bool:
        """Whether ROW's bound and the previous row's make one range: "above 1000 and below 1500"."""
        before, before_role, before_end = previous
        if {before_role, role} != {"low", "high"} or before["value"] is None or row["value"] is None:
            return False
        if any(self.words[k] not in self.lex.join_words for k in range(before_end, qualifier_start)):
            return False
        low, high = (before, row) if before_role == "low" else (row, before)
        return qualifier_start - before_end <= 2 and low["value"] < high["value"]

    def joined_bounds(self, before: dict, row: dict, qualifier: str | None = "between") -> dict:
        low, high = (before, row) if before["low"] is not None else (row, before)
        start, end = before["start_char"], row["end_char"]
        return dict(before, end_char=end, text=self.text[start:end], value=None, low=low["value"],
                    high=high["value"], unit=before["unit"] or row["unit"], qualifier=qualifier)

    @staticmethod
    def rises(before: dict, row: dict) -> bool:
        """Whether two single figures rise, as the ends of a range do."""
        return (before["value"] is not None and row["value"] is not None and before["value"] < row["value"]
                and before["low"] is None and before["high"] is None and row["low"] is None and row["high"] is None)

    def share_unit_back(self, rows: list, spans: list, first: int, row: dict) -> None:
        """Give ROW's unit (written after it) to the bare figures listed before it: "45 and 50 mg",
        "5, 10 or 20 km", "2 and 3 per cent", "20 by 30 metres"; not "5 and $10", whose currency
        stands before."""
        if row["kind"] not in ("quantity", "money", "percent") or not (self.is_numeral(first) or self.word(first).isalpha()):
            return
        at = first
        for before, (before_first, before_end) in zip(reversed(rows), reversed(spans)):
            between = range(before_end, at)
            if not (0 < len(between) <= 2 and all(self.words[k] in self.lex.list_separators | {"or", "by"} for k in between)):
                return
            if before["kind"] != "count" or before["value"] is None or before["low"] is not None or before["high"] is not None:
                return
            before.update(unit=row["unit"], kind=row["kind"])
            at = before_first
