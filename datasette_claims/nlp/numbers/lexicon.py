"""The word lists of datasette_claims/data/ that numbers are read with, loaded once."""
import functools
from dataclasses import dataclass

from ... import wordlists
from .pieces import PIECE, phrase_key

HASH_SIGN = "#"  # a number sign, as "No." is ("#1 seed"); "#" starts a comment in the word lists


@dataclass(frozen=True)
class Table:
    """A word list keyed by `phrase_key`, with the longest entry measured in pieces."""

    entries: dict
    longest: int

    @classmethod
    def of(cls, name: str, value, keep=lambda row: True) -> "Table":
        entries, longest = {}, 1
        for row in filter(keep, wordlists.rows(name)):
            entries.setdefault(phrase_key(row[0]), value(row))
            longest = max(longest, len(PIECE.findall(row[0])))
        return cls(entries, longest)


@dataclass(frozen=True)
class Lexicon:
    cardinals: dict
    ordinals: dict
    fractions: dict  # word -> denominator: "half" 2, "fifths" 5
    values: dict  # "½" 0.5
    signs: set
    ordinal_suffixes: dict  # "st" 1, "nd" 2, "rd" 3: the last digit each follows; "th" None: any other
    plural_suffixes: set
    scales: dict  # word -> (multiplier, where)
    currencies: Table  # -> (unit, position, condition)
    units: Table  # -> (unit, kind, condition)
    compound_units: dict  # (unit, second unit as written) -> how many make one: ("foot", "inches") 12
    qualifiers: Table  # -> (phrase, role, position)
    range_words: Table  # "-", "to", "and" -> (phrase, role, position, condition: "after between")
    ratio_words: Table  # "in", "out of", "over" -> (phrase, role, position, condition), "1 in 5"
    join_words: set  # "and", "but": between the bounds of "more than 10 and less than 20"
    articles: set  # "a", "an": one, in "a dozen"
    determiners: set  # "the", before an ordinal: "between the tenth and the fifteenth"
    vague: set  # "several", "few": no value for the scales after them ("several hundred million")
    conjunctions: set  # "and", in "one hundred and six"
    decimal_points: set  # "point", in "five point five"
    percent_starts: set  # first words of percent phrases, for "percent of 10"
    number_signs: set  # "no", "nr", "№": before a number that ranks or labels ("No. 1")
    list_separators: set  # ",", "and": between the numbers of a list ("Nos. 3, 5 and 7")
    scale_measures: dict  # "m" -> "meter", "k" -> "kilometer": what a scale letter measures ("a 400m race")
    measure_after: set  # "tall", "race": after a figure, it measures ("2m tall")
    measure_before: set  # "height", "measuring": before a figure, it measures
    measure_after_unit: set  # ("of", "in"): after that unit only, it measures ("5 in of rain")
    article_units: set  # "gallon", "acre": "a" or "an" before them counts one ("a gallon of beer")
    article_unit_starts: set  # their first pieces, looked at before anything else
    multipliers: dict  # "twice" 2, "thrice" 3: a multiplier in one word
    multiplier_words: set  # "times", "fold": after a figure, they make it a multiplier
    comparisons: set  # "as", "the", "more": after "three times", a comparison follows
    decade_parts: set  # "early", "mid", "late": "in their late 20s"
    year_prepositions: set  # "until", "by", "in": before a plain 1000-2999, it is a year
    change_verbs: set  # "rise", "cut": their "from 5 to 7" is a change, two figures
    group_separators: set  # ",": "three million, two hundred" goes on past it
    results: set  # "win", "defeat": after "2-1", the figure is a score
    clock_halves: set  # "am", "pm": after "4:00", part of the time
    rank_words: set  # "day", "number": before a whole number, they make it a rank ("day three")
    wicket_joiners: set  # "for": "3 for 89" is a cricket score
    anaphors: set  # "others": a counted noun that stands for the noun of the count before

    def is_number_word(self, word: str) -> bool:
        return (word in self.cardinals or word in self.ordinals or word in self.fractions or word in self.scales
                or word in self.signs)


def column(row, index, default=""):
    return row[index] if len(row) > index else default


def qualifier_entry(row):
    return row[0].lower(), row[1], column(row, 2, "before")


@functools.cache
def lexicon() -> Lexicon:
    by_type: dict[str, dict] = {}
    for row in wordlists.rows("number_words.tsv"):
        value = float(row[1]) if row[1] else None
        by_type.setdefault(column(row, 2), {})[row[0].lower()] = value
    ordinals = by_type.get("ordinal", {})
    fractions = dict(by_type.get("fraction", {}))
    # "thirds", "fifths": a plural ordinal is a denominator ("seconds" is a unit of time)
    fractions.update({word + "s": value for word, value in ordinals.items() if value >= 3})
    return Lexicon(
        cardinals=by_type.get("cardinal", {}),
        ordinals=ordinals,
        fractions=fractions,
        values=by_type.get("value", {}),
        signs=set(by_type.get("sign", {})),
        ordinal_suffixes=by_type.get("ordinal suffix", {}),
        plural_suffixes=set(by_type.get("plural suffix", {})),
        scales={row[0].lower(): (float(row[1]), column(row, 2, "word")) for row in wordlists.rows("scales.tsv")},
        scale_measures={row[0].lower(): row[3] for row in wordlists.rows("scales.tsv") if column(row, 3)},
        measure_after={row[0].lower() for row in wordlists.rows("measures.tsv") if row[1] == "after" and not column(row, 2)},
        article_units={phrase_key(row[0]) for row in wordlists.rows("article_units.tsv")},
        article_unit_starts={PIECE.findall(row[0].lower())[0] for row in wordlists.rows("article_units.tsv")},
        measure_after_unit={(row[0].lower(), row[2].lower()) for row in wordlists.rows("measures.tsv")
                            if row[1] == "after" and column(row, 2)},
        measure_before={row[0].lower() for row in wordlists.rows("measures.tsv") if row[1] == "before"},
        multipliers={word: value for word, value in by_type.get("multiplier", {}).items() if value},
        multiplier_words=set(by_type.get("multiplier word", {})),
        comparisons=set(by_type.get("comparison", {})),
        decade_parts=set(by_type.get("decade part", {})),
        year_prepositions=set(by_type.get("year preposition", {})),
        change_verbs=set(by_type.get("change verb", {})),
        group_separators=set(by_type.get("group separator", {})),
        results=set(by_type.get("result", {})),
        clock_halves=set(by_type.get("clock half", {})),
        rank_words=set(by_type.get("rank word", {})),
        anaphors=set(by_type.get("anaphor", {})),
        wicket_joiners=set(by_type.get("wicket joiner", {})),
        currencies=Table.of("currencies.tsv", lambda row: (row[1], column(row, 2, "both"), column(row, 3))),
        units=Table.of("units.tsv", lambda row: (row[1], column(row, 2, "quantity"), column(row, 3))),
        compound_units={(row[0], phrase_key(row[1])): float(row[2]) for row in wordlists.rows("compound_units.tsv")},
        qualifiers=Table.of("qualifiers.tsv", qualifier_entry, lambda row: row[1] not in ("range", "join", "ratio")),
        range_words=Table.of("qualifiers.tsv", lambda row: (*qualifier_entry(row), column(row, 3)),
                              lambda row: row[1] == "range"),
        ratio_words=Table.of("qualifiers.tsv", lambda row: (*qualifier_entry(row), column(row, 3)),
                              lambda row: row[1] == "ratio"),
        join_words={row[0].lower() for row in wordlists.rows("qualifiers.tsv") if row[1] == "join"},
        articles=set(by_type.get("article", {})),
        determiners=set(by_type.get("determiner", {})),
        vague=set(by_type.get("vague", {})),
        conjunctions=set(by_type.get("conjunction", {})),
        decimal_points=set(by_type.get("decimal point", {})),
        percent_starts={PIECE.findall(row[0].lower())[0] for row in wordlists.rows("units.tsv")
                        if column(row, 2) == "percent" and row[0][:1].isalpha()},
        number_signs=set(by_type.get("number sign", {})) | {HASH_SIGN},
        list_separators=set(by_type.get("list separator", {})),
    )
