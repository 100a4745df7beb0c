"""The `claims_numbers` component: every figure in a Doc with its value, bounds, unit and kind.

spaCy says what a figure is (NER labels, the dependency parse for the counted noun); this
module reads the value itself, because NER spans neither parse "$1.5bn" nor tell 1990 troops
from "the 1990s". It reads the text once as *pieces* (a numeral, a run of letters, or one
symbol), so "US$75", "us $ 75" and "1.5bn" read alike however the tokenizer split them, and it
looks words up in the lists in datasette_claims/data/ (number words, scales, currencies,
units, qualifiers) so users can extend them without forking. docs/numbers.md states the rules
and what benchmarks/numbers_accuracy.py measures.
"""
import functools
import math
import re
from bisect import bisect_right
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from .. import wordlists
from .units import text_of

if not Doc.has_extension("numbers"):
    Doc.set_extension("numbers", default=None)

PIECE = re.compile(r"(?<![\w.])\.\d+|\d+(?:[.,]\d+)*(?:[eE][+-]?\d+\b)?|[^\W\d_]+|\S")
NUMERAL = re.compile(
    r"\d{1,3}(?:,\d{3})+(?:\.\d+)?"  # 1,234,567.5
    r"|\d{1,2}(?:,\d{2})+,\d{3}(?:\.\d+)?"  # 12,34,567 (lakh grouping)
    r"|\d*\.?\d+(?:[eE][+-]?\d+)?"
)
EUROPEAN_NUMERAL = re.compile(r"\d{1,3}(?:\.\d{3})+,\d+")  # 1.111,11
# "5,00", "1,3": one or two digits after a comma are no group of thousands but decimals, unless the
# number stands in a list ("1,3, 5") or after a number sign ("nrs. 22,24")
DECIMAL_COMMA = re.compile(r"\d{1,3},\d{1,2}")  # "In 2019,20 people died" is a year and a count
COMMA_LIST = re.compile(r"\d+(?:,\d+)+")
LIST_PART = re.compile(r"\d+|,")
HASH_SIGN = "#"  # a number sign, as "No." is ("#1 seed"); "#" starts a comment in the word lists
# Digits a journalist writes under a fraction bar; "9/11" and "24/7" are not fractions.
DENOMINATORS = {2, 3, 4, 5, 6, 8, 10, 12, 16, 32, 64, 100}
THOUSANDS_GROUP = re.compile(r"\d{3}(?:\.\d+)?")  # the "234" and "567.89" of "1 234 567.89"
THOUSANDS_SPACES = {" ", "\u00a0", "\u202f", "\u2009"}
CHAIN_SEPARATORS = {"-", "/", ":", "."}  # phone numbers, codes, clock times: 555-123-4567, 10:30
MINUS = {"-", "\u2212"}
# Where a dash with a space after it is a minus ("fell to - 5", "at - 10 degrees"), not a dash between
# clauses ("LONDON - 10 people died", "The firm - 10 years old - said", "we began to explore - 2% of")
SIGNED_AFTER = {"ADP"}
TIMES = {"x", "\u00d7", "*"}  # "1.3x10^6"
LONGEST_WORD_NUMBER = 24  # pieces: "one million two thousand two hundred and thirty-four fifths" is 10
BRACKETS = {"(": ")", "[": "]", "{": "}", "<": ">"}  # "20 (kg)"
DASHES = MINUS | {"\u2013", "\u2014"}
# Entities whose digits are names, not figures: "Boeing 737", "World War 2", "Article 5".
NAME_ENTITIES = {"PRODUCT", "LAW", "WORK_OF_ART", "FAC", "EVENT"}
NUMBER_POS = "NUM"
PLURAL_NOUN_TAGS = {"NNS", "NNPS"}
POSSESSIVE_TAG = "PRP$"  # "his", "their": a decade after one is an age ("in his 60s")


def _key(phrase: str) -> str:
    """How phrases are compared: lower case, without dots, one space between words ("U.S. dollars"
    == "us dollars"); a space still matters, so "a $5 bill" is not "A$5" (Australian dollars)."""
    return " ".join(phrase.lower().replace(".", "").split())


def _after_number_sign(words: list, k: int, signs: set) -> bool:
    """Whether words[k] comes right after a number sign: a word with its dot ("No. 1", "nrs. 22") or
    a symbol ("#1", "№ 5")."""
    before = words[k - 1] if k >= 1 else ""
    return (before == "." and k >= 2 and words[k - 2].isalpha() and words[k - 2] in signs
            or before in signs and not before.isalpha())


def _tidy(number: float | None) -> float | None:
    """NUMBER to 15 significant digits, so 67.1 million is stored as 67100000, not 67099999.99999999."""
    return None if number is None else float(f"{number:.15g}")


@dataclass(frozen=True)
class _Table:
    """A word list keyed by `_key`, with the longest entry measured in pieces."""

    entries: dict
    longest: int

    @classmethod
    def of(cls, name: str, value, keep=lambda row: True) -> "_Table":
        entries, longest = {}, 1
        for row in filter(keep, wordlists.rows(name)):
            entries.setdefault(_key(row[0]), value(row))
            longest = max(longest, len(PIECE.findall(row[0])))
        return cls(entries, longest)


@dataclass(frozen=True)
class _Lexicon:
    cardinals: dict
    ordinals: dict
    fractions: dict  # word -> denominator: "half" 2, "fifths" 5
    values: dict  # "½" 0.5
    signs: set
    ordinal_suffixes: dict  # "st" 1, "nd" 2, "rd" 3: the last digit each follows; "th" None: any other
    plural_suffixes: set
    scales: dict  # word -> (multiplier, where)
    currencies: _Table  # -> (unit, position, condition)
    units: _Table  # -> (unit, kind, condition)
    compound_units: dict  # (unit, second unit as written) -> how many make one: ("foot", "inches") 12
    qualifiers: _Table  # -> (phrase, role, position)
    range_words: _Table  # "-", "to", "and" -> (phrase, role, position, condition: "after between")
    ratio_words: _Table  # "in", "out of", "over" -> (phrase, role, position, condition), "1 in 5"
    join_words: set  # "and", "but": between the bounds of "more than 10 and less than 20"
    articles: set  # "a", "an": one, in "a dozen"
    determiners: set  # "the", before an ordinal: "between the tenth and the fifteenth"
    vague: set  # "several", "few": no value for the scales after them ("several hundred million")
    conjunctions: set  # "and", in "one hundred and six"
    decimal_points: set  # "point", in "five point five"
    percent_starts: set  # first words of percent phrases, for "percent of 10"
    number_signs: set  # "no", "nr", "№": before a number that ranks or labels ("No. 1")
    list_separators: set  # ",", "and": between the numbers of a list ("Nos. 3, 5 and 7")

    def is_number_word(self, word: str) -> bool:
        return (word in self.cardinals or word in self.ordinals or word in self.fractions or word in self.scales
                or word in self.signs)


def _column(row, index, default=""):
    return row[index] if len(row) > index else default


def _qualifier(row):
    return row[0].lower(), row[1], _column(row, 2, "before")


@functools.cache
def lexicon() -> _Lexicon:
    by_type: dict[str, dict] = {}
    for row in wordlists.rows("number_words.tsv"):
        value = float(row[1]) if row[1] else None
        by_type.setdefault(_column(row, 2), {})[row[0].lower()] = value
    ordinals = by_type.get("ordinal", {})
    fractions = dict(by_type.get("fraction", {}))
    # "thirds", "fifths": a plural ordinal is a denominator ("seconds" is a unit of time)
    fractions.update({word + "s": value for word, value in ordinals.items() if value >= 3})
    return _Lexicon(
        cardinals=by_type.get("cardinal", {}),
        ordinals=ordinals,
        fractions=fractions,
        values=by_type.get("value", {}),
        signs=set(by_type.get("sign", {})),
        ordinal_suffixes=by_type.get("ordinal suffix", {}),
        plural_suffixes=set(by_type.get("plural suffix", {})),
        scales={row[0].lower(): (float(row[1]), _column(row, 2, "word")) for row in wordlists.rows("scales.tsv")},
        currencies=_Table.of("currencies.tsv", lambda row: (row[1], _column(row, 2, "both"), _column(row, 3))),
        units=_Table.of("units.tsv", lambda row: (row[1], _column(row, 2, "quantity"), _column(row, 3))),
        compound_units={(row[0], _key(row[1])): float(row[2]) for row in wordlists.rows("compound_units.tsv")},
        qualifiers=_Table.of("qualifiers.tsv", _qualifier, lambda row: row[1] not in ("range", "join", "ratio")),
        range_words=_Table.of("qualifiers.tsv", lambda row: (*_qualifier(row), _column(row, 3)),
                              lambda row: row[1] == "range"),
        ratio_words=_Table.of("qualifiers.tsv", lambda row: (*_qualifier(row), _column(row, 3)),
                              lambda row: row[1] == "ratio"),
        join_words={row[0].lower() for row in wordlists.rows("qualifiers.tsv") if row[1] == "join"},
        articles=set(by_type.get("article", {})),
        determiners=set(by_type.get("determiner", {})),
        vague=set(by_type.get("vague", {})),
        conjunctions=set(by_type.get("conjunction", {})),
        decimal_points=set(by_type.get("decimal point", {})),
        percent_starts={PIECE.findall(row[0].lower())[0] for row in wordlists.rows("units.tsv")
                        if _column(row, 2) == "percent" and row[0][:1].isalpha()},
        number_signs=set(by_type.get("number sign", {})) | {HASH_SIGN},
        list_separators=set(by_type.get("list separator", {})),
    )


@dataclass
class _Figure:
    """One number as read from pieces [start, end)."""

    start: int
    end: int
    value: float | None  # None: a code, a clock time or a slash date, to be skipped
    ordinal: bool = False
    multiplier: float = 1.0  # the scale applied: "3 million" -> 1e6
    plural: bool = False  # "1990s"
    plain_integer: bool = False  # digits only, as years are written

    @property
    def scaled(self) -> bool:
        return self.multiplier != 1.0


@dataclass
class _Reading:
    """A figure with what surrounds it: sign, currency, unit, qualifier, range partner."""

    figure: _Figure
    first: int  # first piece of the row's text (sign, currency symbol)
    last: int  # end of the row's text (unit, currency name)
    consumed: int  # end of everything read, trailing qualifiers included
    sign: float = 1.0
    currency: str | None = None
    unit: str | None = None
    unit_kind: str | None = None
    years: bool = False  # a span of years written short: "2022-23"

    @property
    def value(self) -> float:
        return self.sign * self.figure.value


class _Reader:
    """Reads the figures of one Doc, left to right, each piece at most once."""

    def __init__(self, doc: Doc, lex: _Lexicon):
        self.doc, self.lex, self.text = doc, lex, text_of(doc)
        spans = self.split_lists([match.span() for match in PIECE.finditer(self.text)])
        self.starts = [start for start, _ in spans]
        self.ends = [end for _, end in spans]
        self.words = [self.text[start:end].lower() for start, end in spans]
        self.count = len(spans)
        self.token_starts = doc.to_array("IDX").tolist()
        self.done = 0  # pieces before this one belong to rows already read
        self.keys = {}  # (start, end) -> key

    # --- pieces ---------------------------------------------------------------------------

    def split_lists(self, spans: list) -> list:
        """SPANS with each list of numbers written with commas and no spaces ("22,24,26,31") cut into
        its numbers and commas; grouped thousands ("22,240,260") and a decimal comma ("1,3", "5,00")
        stay whole, except in a list ("1,3, 5") or after a number sign ("nrs. 22,24")."""
        words = [self.text[start:end].lower() for start, end in spans]
        kept = []
        for k, (start, end) in enumerate(spans):
            written = words[k]
            if not COMMA_LIST.fullmatch(written) or NUMERAL.fullmatch(written) or DECIMAL_COMMA.fullmatch(
                    written) and not self.in_list(words, k):
                kept.append((start, end))
                continue
            kept.extend((start + part.start(), start + part.end()) for part in LIST_PART.finditer(written))
        return kept

    def in_list(self, words: list, k: int) -> bool:
        """Whether the numeral words[k] is listed with others by commas or words ("1,3, 5", "2, 1,3",
        "10,11 and 12") or follows a number sign; "2,5 and 3,5 million" are two decimals."""
        listed_after = k + 2 < len(words) and words[k + 1] == "," and words[k + 2][:1].isdigit()
        listed_after = listed_after or (  # "aged 10,11 and 12" (but "2,5 and 3,5 million" are decimals)
            k + 2 < len(words) and words[k + 1] in self.lex.list_separators and words[k + 2].isdigit())
        listed_before = k >= 2 and words[k - 1] == "," and words[k - 2][:1].isdigit()
        return listed_after or listed_before or _after_number_sign(words, k, self.lex.number_signs)

    def word(self, i: int) -> str:
        return self.words[i] if 0 <= i < self.count else ""

    def spaced(self, i: int) -> bool:
        """Whether whitespace (or the start of the text) comes before piece i."""
        return i <= 0 or i >= self.count or self.starts[i] > self.ends[i - 1]

    def gap(self, i: int) -> str:
        return self.text[self.ends[i - 1]:self.starts[i]] if 0 < i < self.count else ""

    def is_numeral(self, i: int) -> bool:
        word = self.word(i)
        return bool(word) and (word[0].isdigit() or (word[0] == "." and len(word) > 1))

    def is_alnum(self, i: int) -> bool:
        return self.word(i)[:1].isalnum()

    def token(self, i: int):
        return self.doc[bisect_right(self.token_starts, self.starts[i]) - 1]

    def key(self, start: int, end: int) -> str:
        """The `_key` of pieces START to END, made once: each word list is looked up at the same pieces."""
        key = self.keys.get((start, end))
        if key is None:
            key = self.keys[start, end] = _key("".join(
                (" " + self.words[k]) if k > start and self.spaced(k) else self.words[k] for k in range(start, end)))
        return key

    def match_after(self, table: _Table, start: int):
        """The longest entry of TABLE written from piece START: (entry, end) or (None, start)."""
        if self.word(start) == ".":
            return None, start  # "in 1990. "Next...": a full stop begins no unit
        for end in range(min(start + table.longest, self.count), start, -1):
            if self.words[end - 1] == ".":
                continue  # "12 percent." ends with the sentence, not with the unit
            entry = table.entries.get(self.key(start, end))
            if entry is not None:
                return entry, end
        return None, start

    def match_before(self, table: _Table, end: int, position: str | None = None):
        """The longest entry of TABLE ending just before piece END (of qualifiers, only those written
        in POSITION, so "of age 87" finds "age"): (entry, start) or (None, end)."""
        for start in range(max(end - table.longest, self.done), end):
            if self.words[start] == ".":
                continue
            entry = table.entries.get(self.key(start, end))
            if entry is not None and position in (None, entry[2]):
                return entry, start
        return None, end

    # --- numbers --------------------------------------------------------------------------

    def chain_end(self, i: int) -> int:
        """End of numerals joined to piece i by separators without spaces: "555-123-4567"."""
        end = i + 1
        while (self.word(end) in CHAIN_SEPARATORS and not self.spaced(end) and not self.spaced(end + 1)
               and self.is_numeral(end + 1)):
            end += 2
        return end

    def read_digits(self, i: int, money: bool) -> _Figure | None:
        written = self.words[i]
        code = _Figure(i, self.chain_end(i), None)
        decimal_comma = bool(EUROPEAN_NUMERAL.fullmatch(written) or DECIMAL_COMMA.fullmatch(written))
        if not (decimal_comma or NUMERAL.fullmatch(written)):
            return code
        links = (code.end - i) // 2
        if self.word(i + 1) == ":" and links >= 1 or links >= 2:
            return code  # a clock time, a phone number, a date like 5/17/2018
        if written[0] == "0" and written[1:2].isdigit() or self.word(i - 1) == "+" and not self.spaced(i):
            while self.words[code.end - 1].isdigit() and self.word(code.end).isdigit() and self.spaced(code.end):
                code.end += 1
            return code  # "+44 20 7946 0958", "020 7946 0958"
        if self.is_list_marker(i):
            return code
        value = float(written.replace(".", "").replace(",", ".") if decimal_comma else written.replace(",", ""))
        end = i + 1
        if not math.isfinite(value):
            return code
        plain = written.isdigit()
        while (plain and len(self.words[i]) <= 3 and self.gap(end) in THOUSANDS_SPACES
               and THOUSANDS_GROUP.fullmatch(self.word(end)) and self.word(end + 1) != "/"):
            value, end = value * 1000 + float(self.words[end]), end + 1
            plain = self.words[end - 1].isdigit()  # a group with decimals ends the number
        power = self.read_power(value, end)
        if power is not None:
            value, end = power
            return _Figure(i, end, value if math.isfinite(value) else None)
        if self.word(end) == "/" and links == 1:
            denominator = float(self.words[end + 1]) if NUMERAL.fullmatch(self.words[end + 1]) else 0
            if denominator not in DENOMINATORS or value >= denominator:
                return code  # "9/11", "24/7"
            value, end, plain = value / denominator, end + 2, False
        elif plain and self.word(end) in self.lex.values and self.gap(end) in ("", " "):
            value, end, plain = value + self.lex.values[self.words[end]], end + 1, False  # "2¼", "10 ½"
        elif plain and self.spaced(end):
            fraction = self.simple_fraction(end)
            if fraction is not None:
                value, end, plain = value + fraction, end + 3, False
        figure = _Figure(i, end, value, plain_integer=plain)
        suffix = self.word(end)
        if not self.spaced(end) and suffix in self.lex.ordinal_suffixes and self.fits_suffix(value, suffix):
            figure.ordinal, figure.end, figure.plain_integer = True, end + 1, False
            return figure
        if not self.spaced(end) and suffix in self.lex.plural_suffixes:
            figure.plural, figure.end = True, end + 1
            return figure
        figure.end = self.read_scales(figure, money, figure.end)
        if figure.scaled and self.word(figure.end) in self.lex.conjunctions and self.fraction_follows(figure.end + 1):
            fraction = self.read_words(figure.end + 1)  # "3 million and a half"
            figure.value += fraction.value * figure.multiplier
            figure.end = fraction.end
        else:
            self.read_rest(figure, money)
        return figure

    def fits_suffix(self, value: float, suffix: str) -> bool:
        """Whether SUFFIX makes VALUE an ordinal: "21st", "12th", "3rd"; not "15st" (stone)."""
        last_digit = int(value) % 10 if value == int(value) and int(value) % 100 not in (11, 12, 13) else None
        wanted = self.lex.ordinal_suffixes[suffix]
        if wanted is not None:
            return last_digit == wanted
        return all(last_digit != digit for digit in self.lex.ordinal_suffixes.values() if digit is not None)

    def read_power(self, value: float, at: int):
        """ "1.1^23", "2.5^-1", "1.3x10^6", "6.23×10^-4" from piece AT, all glued: (value, end) or None."""
        times = (self.word(at) in TIMES and self.word(at + 1) == "10" and not self.spaced(at)
                 and not self.spaced(at + 1))
        caret = at + 2 if times else at
        if self.word(caret) != "^" or self.spaced(caret):
            return None
        k, sign = caret + 1, 1
        while self.word(k) in MINUS or self.word(k) == "+":
            sign, k = (-sign if self.words[k] in MINUS else sign), k + 1
        if not NUMERAL.fullmatch(self.word(k)) or any(self.spaced(n) for n in range(caret, k + 1)):
            return None
        exponent = sign * float(self.words[k])
        try:
            value = value * 10.0 ** exponent if times else value ** exponent
        except (OverflowError, ZeroDivisionError):
            value = math.inf  # no figure, and no part of it read as one
        return (value, k + 1) if isinstance(value, float) else (math.inf, k + 1)  # (-8) ** 0.5 is complex

    def read_rest(self, figure: _Figure, money: bool) -> None:
        """Extend a figure in digits and a scale word by the smaller rest written after it: "4 thousand
        3 hundred and 21", "6 crore and two hundred", "4 thousand 500". Without "and", the rest needs
        its own scale word or all the digits below the scale, so "4 thousand 3 people" stays two."""
        scale, where = self.lex.scales.get(self.word(figure.end - 1), (0.0, ""))
        if where != "word" or scale < 100:
            return
        at = figure.end + (self.word(figure.end) in self.lex.conjunctions)
        if self.is_numeral(at):
            rest = self.read_digits(at, money) if self.words[at].isdigit() else None
        else:
            rest = self.read_words(at)
        if rest is None or rest.value is None or rest.ordinal or rest.plural or not 0 < rest.value < scale:
            return
        if at == figure.end and not rest.scaled and (
                not self.is_numeral(at) or len(self.words[at]) != len(str(int(scale))) - 1):
            return
        figure.value += rest.value
        figure.end = rest.end

    def is_list_marker(self, i: int) -> bool:
        """ "1." or "2)" opening a line, numbering a list rather than counting."""
        line_start = i == 0 or "\n" in self.gap(i)
        return (line_start and self.word(i + 1) in (".", ")") and not self.spaced(i + 1)
                and i + 2 < self.count and self.spaced(i + 2))

    def simple_fraction(self, i: int) -> float | None:
        """A fraction "a/b" at piece i, as in "10 1/2 miles"."""
        if not (self.word(i).isdigit() and self.word(i + 1) == "/" and self.word(i + 2).isdigit()
                and not self.spaced(i + 1) and not self.spaced(i + 2)):
            return None
        numerator, denominator = int(self.words[i]), int(self.words[i + 2])
        return numerator / denominator if denominator in DENOMINATORS and numerator < denominator else None

    def read_scales(self, figure: _Figure, money: bool, at: int) -> int:
        """Apply "million", "bn", "k" (and "m" for money) written from piece AT ("1.5-billion-dollar"
        too); return the end."""
        first = True
        if self.word(at) == "-" and not self.spaced(at) and not self.spaced(at + 1) and self.word_scale(at + 1):
            at += 1
        while at < self.count:
            scale = self.lex.scales.get(self.words[at])
            if scale is None:
                break
            multiplier, where = scale
            written = self.text[self.starts[at]:self.ends[at]]
            if where == "suffix" and not first or where == "money" and not (
                    money or written.isupper() or self.counts_plural(at + 1)):
                break
            figure.value *= multiplier
            figure.multiplier *= multiplier
            figure.plain_integer = False
            at += 1
            first = False
        return at

    def counts_after(self, i: int) -> bool:
        """Whether piece i is a word the figure before it may count (a noun or another number)."""
        return self.is_alnum(i) and self.token(i).pos_ in ("NOUN", "PROPN", "NUM", "X")

    def counts_plural(self, i: int) -> bool:
        """Whether piece i is a plural noun, so the "m" before it is millions: "3m people" (but "2m tall")."""
        return i < self.count and self.spaced(i) and self.token(i).tag_ in PLURAL_NOUN_TAGS

    def read_words(self, i: int, stop: int | None = None) -> _Figure | None:
        """A number in words: "twenty-five", "a dozen", "half a million", "three quarters"; STOP: the
        piece it must end by."""
        lex = self.lex
        total, parts, part = 0.0, [], None  # parts: the pieces of a number joined by "and"
        last, last_scale, start, end, j = None, 0.0, i, i, i
        largest_scale = math.inf  # the smallest scale applied so far of a thousand or more
        scale_before_and = 0.0  # "two million and a half" is 2.5 million
        ordinal = False
        while j < (self.count if stop is None else stop):
            word = self.words[j]
            following = self.word(j + 1 + self.links_words(j + 1))  # "one-and-a-half": past the hyphen
            if word == "-" and last in ("unit", "tens") and (
                    last == "tens" and (lex.cardinals.get(following, 10) < 10 or lex.ordinals.get(following, 10) < 10)
                    or following in lex.fractions or lex.ordinals.get(following, 0) >= 3):
                j += 1
                continue
            if last is not None and self.links_words(j):
                j += 1
                continue
            if word in lex.cardinals:
                value = lex.cardinals[word]
                if not (last in (None, "and", "hundred", "scale") or last == "tens" and 1 <= value <= 9):
                    break
                part = (part or 0) + value
                last = "tens" if value >= 20 and value % 10 == 0 else "unit"
            elif word in lex.values and last in (None, "unit", "tens", "and"):
                part, last = (part or 0) + lex.values[word], "fraction"
            elif lex.scales.get(word, (0, ""))[1] == "word":
                multiplier = lex.scales[word][0]
                leads = (last is None and self.word_scale(j + 1) > multiplier  # "hundred thousand dollars"
                         and self.word(j - 1) not in lex.vague)
                if last not in ("a", "unit", "tens", "fraction", "hundred", "scale", "decimal") and not leads:
                    break
                if multiplier < 1000:
                    part, last = (1 if part is None else part) * multiplier, "hundred"
                elif last == "scale":
                    total *= multiplier
                else:
                    total += (sum(parts) + (part or 0)) * multiplier
                    parts, part, last = [], None, "scale"
                    largest_scale = min(largest_scale, multiplier)
                last_scale, scale_before_and = multiplier, 0.0
            elif word in lex.articles:
                joins = following in lex.fractions or lex.ordinals.get(following, 0) >= 3 or (
                    lex.scales.get(following, (0, ""))[1] == "word")
                if not joins or last not in (None, "and", "fraction"):
                    break
                if last != "fraction":  # "half a million": the article only links
                    part, last = 1, "a"
            elif word in lex.conjunctions:
                k = j + 1  # the scale word after the next number: "and two thousand"
                while self.word(k) in lex.cardinals or self.word(k) == "-":
                    k += 1
                after_scale = self.word_scale(k)
                whole = last in ("hundred", "scale") and following in lex.cardinals and (
                    after_scale < last_scale  # "one hundred and six", "a million and two thousand"
                    or last == "hundred" and 1000 <= after_scale < largest_scale
                    and not self.opens_range(start))  # "two hundred and two thousand", not "between ..."
                fraction = stop is None and last in ("unit", "tens", "hundred", "scale") and self.fraction_follows(j + 1)
                if not (whole or fraction):
                    break
                if part is not None:
                    parts.append(part)
                scale_before_and = last_scale if last == "scale" else 0.0
                part, last = None, "and"
            elif word in lex.fractions:
                if last not in (None, "a", "unit", "tens", "hundred", "and"):
                    break
                part, last = (1 if part is None else part) / lex.fractions[word], "fraction"
            elif word in lex.ordinals:
                value = lex.ordinals[word]
                describes_noun = self.describes_noun(j)
                numerator = j - 1 - (self.words[j - 1] == "-")  # "one fifth", "one-fifth"
                one = last == "a" or last == "unit" and part == 1 and lex.cardinals.get(self.words[numerator]) == 1
                if one and value >= 3 and not describes_noun:
                    part, last = 1 / value, "fraction"
                elif (last == "a" or last is None) and self.token(j).pos_ == "NOUN" and word in lex.units.entries:
                    break  # "a hundredth of a second": the unit of time
                elif last == "a" or last is None:
                    start, total, part, ordinal, end = j, value, None, True, j + 1
                    break
                elif last in ("tens", "hundred", "scale", "and") or last == "unit" and value >= 100:
                    part = part * value if value >= 100 and part else (part or 0) + value
                    ordinal, end = True, j + 1
                    break
                else:
                    break
            elif word in lex.decimal_points and last in ("unit", "tens", "hundred") and following in lex.cardinals:
                groups, j = [], j + 1  # "point seventy-one" is .71, "point zero three" .03
                while self.word(j) in lex.cardinals or self.word(j) == "-" and self.word(j + 1) in lex.cardinals:
                    if self.words[j] != "-":
                        digit = int(lex.cardinals[self.words[j]])
                        if groups and groups[-1] >= 20 and groups[-1] % 10 == 0 and digit < 10:
                            groups[-1] += digit
                        else:
                            groups.append(digit)
                    j += 1
                part += float("0." + "".join(map(str, groups)))
                end, last = j, "decimal"  # only a scale may follow: "three point five million"
                continue
            else:
                break
            j += 1
            if last != "and" and last != "a":
                end = j
        if end == start or last in (None, "a") and not ordinal:
            return None
        if last == "fraction" and scale_before_and:
            part *= scale_before_and
        value = total + sum(parts) + (part or 0)
        if end - start == 1 and not ordinal:
            word = self.words[start]
            if lex.fractions.get(word, 2) != 2:
                return None  # "the first quarter" is no 0.25, but "half of them" is a half
            if lex.cardinals.get(word) == 1 and self.token(start).pos_ != NUMBER_POS:
                return None  # "the one you mentioned"
        return _Figure(start, end, value, ordinal=ordinal, multiplier=last_scale or 1.0)

    def word_scale(self, i: int) -> float:
        """The multiplier of a scale word at piece i ("thousand"), else 0."""
        multiplier, where = self.lex.scales.get(self.word(i), (0.0, ""))
        return multiplier if where == "word" else 0.0

    def opens_range(self, i: int) -> bool:
        """Whether "between" (or a like qualifier) stands before piece i."""
        entry, _ = self.match_before(self.lex.qualifiers, i)
        return entry is not None and entry[1] == "between"

    def read_word_fraction(self, i: int) -> _Figure | None:
        """A fraction in words whose denominator is a compound ordinal: "one twenty-fifth", "three
        twenty firsts", "one one hundred fifth" (1/105), "a hundred thousand trillionths". The
        denominator is the shortest ending that leaves a whole number before it, but a tens word
        joins a unit ordinal after it ("one hundred thirty-fifths" is 100/35) unless "and" ties it to
        the number before ("one hundred and thirty fifths" is 130/5). A singular ordinal is a
        denominator only after "one" or "a" and not before its noun ("a third term")."""
        lex = self.lex
        last = i + (self.word(i) in lex.articles)
        while (self.word(last) in lex.cardinals or self.word(last) in lex.conjunctions or self.word(last) == "-"
               or self.word_scale(last)) and last - i < LONGEST_WORD_NUMBER:
            last += 1
        word = self.word(last)
        singular = word in lex.ordinals
        ordinal = lex.ordinals.get(word) if singular else lex.ordinals.get(word[:-1]) if word.endswith("s") else None
        if ordinal is None or last - i < 1 or singular and self.describes_noun(last):
            return None
        joins = [k for k in range(i, last) if self.words[k] in lex.conjunctions]
        if joins and (self.word_scale(joins[-1] - 1) != 100 or math.log10(ordinal) % 1 == 0):
            return None  # a whole and a fraction: "six million and two thirds", "two and fifty-four hundredths"
        tens = self.before_hyphen(last) - 1
        candidates = list(range(last, i, -1))
        if (ordinal < 10 and tens > i and self.word(tens - 1) not in lex.conjunctions
                and lex.cardinals.get(self.word(tens), 0) in range(20, 100, 10)):
            candidates.insert(0, tens)
        for k in candidates:
            denominator = self.denominator(k, last, ordinal)
            if denominator is None or denominator < 3:
                continue
            numerator = self.whole_number(i, self.before_hyphen(k))
            if numerator is not None and (numerator == 1 or not singular):
                return _Figure(i, last + 1, numerator / denominator)
        return None

    def read_of_scale(self, figure: _Figure) -> None:
        """ "two thirds of a million": a fraction of a scale word."""
        scale = self.word_scale(figure.end + 2)
        if (0 < figure.value < 1 and not figure.ordinal and self.word(figure.end) == "of"
                and self.word(figure.end + 1) in self.lex.articles and scale >= 1000):
            figure.value, figure.multiplier, figure.end = figure.value * scale, scale, figure.end + 3

    def before_hyphen(self, k: int) -> int:
        """Piece k, or the hyphen glued before it ("thirty-fifths")."""
        return k - 1 if self.word(k - 1) == "-" else k

    def describes_noun(self, i: int) -> bool:
        """Whether the word at piece i modifies a noun after it, as the ordinal of "a third term" does."""
        token = self.token(i)
        return token.dep_ == "amod" and token.head.i > token.i

    def denominator(self, k: int, last: int, ordinal: float) -> float | None:
        """The ordinal written from piece k to piece LAST (whose own value is ORDINAL): "fifths" 5,
        "thirty-fifths" 35, "one hundred and fifth" 105."""
        if k == last:
            return ordinal
        if self.word(k) in self.lex.conjunctions or self.word(k) == "-":
            return None
        end = self.before_hyphen(last)
        end -= self.word(end - 1) in self.lex.conjunctions
        prefix = self.whole_number(k, end)
        if not prefix:
            return None
        place = 10 ** (len(str(int(prefix))) - len(str(int(prefix)).rstrip("0")))
        return prefix + ordinal if ordinal < place else None

    def whole_number(self, start: int, end: int) -> float | None:
        """The whole number written in words exactly from piece START to END ("a" is one), or None."""
        if end - start == 1 and self.words[start] in self.lex.articles:
            return 1.0
        figure = self.read_words(start, stop=end)
        if figure is None or figure.end != end or figure.start != start or figure.ordinal or figure.value % 1:
            return None
        return figure.value

    def links_words(self, k: int) -> bool:
        """Whether piece k is a hyphen glued between two words of a number written as one word:
        "one-and-a-half", "half-a-million"."""
        if self.word(k) != "-" or self.spaced(k) or self.spaced(k + 1):
            return False
        lex = self.lex
        before, after = self.word(k - 1), self.word(k + 1)
        if before in lex.cardinals and after in lex.cardinals:
            return False  # "three-nought-four" is a code; "twenty-five" is read on its own
        return all(word in lex.cardinals or word in lex.conjunctions or word in lex.articles or word in lex.fractions
                   or lex.scales.get(word, (0, ""))[1] == "word" for word in (before, after))

    def fraction_follows(self, i: int) -> bool:
        """Whether pieces from i read as a fraction: "a half", "three fifths", "fifty-four hundredths",
        "-a-half"."""
        lex = self.lex
        while self.word(i) in lex.articles or self.word(i) == "-":
            i += 1
        while self.word(i) in lex.cardinals or self.word(i) == "-":
            i += 1
        return self.word(i) in lex.fractions or lex.ordinals.get(self.word(i), 0) >= 3

    # --- what surrounds a number ---------------------------------------------------------

    def currency_before(self, i: int):
        """The currency written before piece i: (its entry, first piece) or (None, i)."""
        entry, start = self.match_before(self.lex.currencies, i)
        if entry is None or entry[1] == "suffix" or entry[2] == "attached" and self.spaced(i):
            return None, i
        return entry, start

    def sign_before(self, i: int):
        word = self.word(i - 1)
        if i - 1 < self.done:
            return 1.0, i
        after_number = self.is_numeral(i - 2)  # "75 -300mm" is a range badly spaced, no minus
        if word in MINUS and not self.spaced(i) and (self.spaced(i - 1) or not self.is_alnum(i - 2)) and not after_number:
            return -1.0, i - 1
        if (word in MINUS and self.gap(i) == " " and self.spaced(i - 1) and not self.opens_line(i - 1)
                and not self.opens_line(i) and self.token(i - 2).pos_ in SIGNED_AFTER):
            return -1.0, i - 1  # "fell to - 5"; a spaced dash opening a line is a bullet
        if word in self.lex.signs:
            return -1.0, i - 1
        return 1.0, i

    def opens_line(self, i: int) -> bool:
        return i <= 0 or "\n" in self.gap(i)

    def is_code(self, i: int) -> bool:
        """Digits glued to letters before them ("G7", "COVID-19") or a list marker ("1)")."""
        if self.spaced(i) or not self.is_numeral(i):
            return self.word(i + 1) == ")" and not self.spaced(i + 1) and self.word(i - 1) != "("
        if self.is_alnum(i - 1):
            return True
        glued = self.word(i - 1) == "-" and not self.spaced(i - 1) and self.is_alnum(i - 2)
        return glued and (self.word(i - 2)[:1].isalpha() or not self.spaced(i - 2) and self.is_alnum(i - 3))

    def read_unit(self, reading: _Reading, money: bool) -> None:
        """A currency, percent sign or unit written after the figure ("$5 million", "3-inch")."""
        at = reading.last
        opener = self.word(at)
        if opener == "-" and not self.spaced(at) and not self.spaced(at + 1):
            at += 1
        elif opener in BRACKETS:
            at += 1
        entry, end = self.match_after(self.lex.currencies, at)
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
        entry, end = self.match_after(self.lex.units, at)
        figure = reading.figure
        if entry is None and 0 < figure.value < 1 and not self.is_numeral(figure.start):
            article = at + (self.word(at) == "of")  # "half a percentage point", "a quarter of an hour"
            if self.word(article) in self.lex.articles:
                entry, end = self.match_after(self.lex.units, article + 1)
        if entry is None or self.is_numeral(end) and not self.spaced(end):
            return  # "24703 m212" is a code
        if entry[2] in ("attached", "capital") and self.spaced(at) or entry[2] == "unpaired" and self.quotes(at):
            return
        if entry[2] == "capital" and not self.text[self.starts[at]:self.ends[end - 1]].isupper():
            return  # "11c" is cents, not Celsius
        if opener in BRACKETS:
            if self.word(end) != BRACKETS[opener]:
                return
            end += 1
        reading.unit, reading.unit_kind, reading.last = entry[0], entry[1], end
        self.read_second_part(reading, money=False)

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

    def starts_next_figure(self, end: int) -> bool:
        """Whether the currency ending before piece END belongs to the figure after it: the "$" of
        "10 $ 30" (a symbol before digits) or the "USD" of "3 USD50"."""
        return self.is_numeral(end) and (not self.words[end - 1].isalpha() or not self.spaced(end))

    def apply_currency_scale(self, figure: _Figure, entry) -> None:
        """ "30 MUSD": a currency code that counts in millions."""
        if entry[2] == "millions":
            figure.value *= 1e6
            figure.multiplier *= 1e6

    def read_second_part(self, reading: _Reading, money: bool) -> None:
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

    def read(self, i: int, money_hint: bool = False, in_range: bool = False) -> _Reading | None:
        """The figure at piece i with its sign, currency and unit, or None."""
        words_figure = None if self.is_numeral(i) else self.read_word_fraction(i) or self.read_words(i)
        if words_figure is None and not self.is_numeral(i):
            return None
        if words_figure is not None:
            i = words_figure.start  # "a third term": the article is no part of the ordinal
            self.read_of_scale(words_figure)
        currency, first = self.currency_before(i)
        if currency is None and not in_range and self.is_code(i):
            return None
        sign, first = self.sign_before(first)
        money = currency is not None or money_hint or self.token(i).ent_type_ == "MONEY"
        figure = words_figure or self.read_digits(i, money)
        reading = _Reading(figure, min(first, figure.start), figure.end, figure.end, sign, currency and currency[0])
        if currency is not None and figure.value is not None:
            self.apply_currency_scale(figure, currency)
        if figure.value is not None and not figure.plural and not figure.ordinal:
            self.read_unit(reading, money)
            if reading.last == figure.end and self.word(figure.end)[:1].isalpha() and not self.spaced(figure.end):
                figure.value = None  # letters glued to the digits name something: "5G", "3D", "24703L"
                figure.end = reading.last = figure.end + 1
        reading.consumed = reading.last
        return reading

    def read_range_end(self, first: _Reading, role: str | None) -> _Reading | None:
        """The second figure of "10-15 km", "$5m to $7m", "between 5,000 and 7,000"."""
        at = first.last
        entry, after = self.match_after(self.lex.range_words, at)
        if entry is None or role == "from" or entry[3] == "after between" and role != "between":
            return None
        if entry[0] in DASHES and (self.spaced(at) != self.spaced(after) or not self.is_numeral(after)
                                   and not self.is_numeral(after + 1)):
            return None  # "10-15", "1000 - 5000"; not "three-nought-four"
        token = self.token(at)
        if entry[0].isalpha() and token.dep_ == "prep" and token.head.pos_ == "VERB":
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

    # --- rows -----------------------------------------------------------------------------

    def rows(self) -> list[dict]:
        rows, i = [], 0
        previous = None  # (row, role, end piece) of the row before, to join "more than 10 and less than 20"
        while i < self.count:
            if not self.could_start(i):
                i += 1
                continue
            row, role, qualifier_start, end = self.read_row(i)
            if row is not None:
                if previous is not None and self.joins_bounds(previous, role, qualifier_start, row):
                    rows[-1] = row = self.joined_bounds(rows[-1], row)
                else:
                    rows.append(row)
                previous = (row, role, end)
            if end <= i:
                i += 1
                continue
            self.done = i = end
        return rows

    def could_start(self, i: int) -> bool:
        word = self.words[i]
        lex = self.lex
        if not (self.is_numeral(i) or word in lex.cardinals or word in lex.ordinals or word in lex.values
                or word in lex.fractions or word in lex.articles or word in lex.percent_starts
                or self.word_scale(i)):
            return False
        token = self.token(i)
        return not (token.like_url or token.like_email)

    def read_row(self, i: int):
        """The row for the figure at piece i (or None), its qualifier's role and first piece, and the
        piece where reading resumes."""
        reading = self.read(i) or self.read_percent_of(i)
        if reading is None:
            return None, None, i, i + 1 if self.is_numeral(i) else i
        figure = reading.figure
        if figure.value is None:
            return None, None, i, figure.end
        self.read_ratio(reading)
        qualifier, qualifier_start = self.match_before(self.lex.qualifiers, reading.first, "before")
        if qualifier is None and figure.ordinal and self.word(reading.first - 1) in self.lex.determiners:
            qualifier, qualifier_start = self.match_before(self.lex.qualifiers, reading.first - 1, "before")
            # "higher than the tenth" bounds a rank, but "over the second Test" is no bound
            ranks = not self.describes_noun(figure.end - 1) and not self.counts_after(figure.end)
            if qualifier is not None and qualifier[1] != "between" and not (ranks and qualifier[1] in ("low", "high")):
                qualifier, qualifier_start = None, reading.first
        phrase, role = (qualifier[0], qualifier[1]) if qualifier else (None, None)
        if role == "from" and self.token(qualifier_start).head.pos_ != "VERB":
            phrase, role = None, None  # "the number is from 200 to 300" is a range; "rose from 200 to 300" a change
        low = high = None
        value = reading.value
        second = self.read_range_end(reading, role)
        if second is not None and self.join_range(reading, second):
            value, low, high = None, reading.value, second.value
        else:
            second = None
        labelled = (reading.currency is None and reading.unit is None and self.labelled(reading.first)
                    and not self.counts_plural(reading.consumed))  # "the answer was no. 30 members voted": a count
        kind, unit = ("ordinal", None) if labelled else self.kind_and_unit(reading)
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
        if role == "age" and kind in ("count", "date"):  # "a man of age 87": NER calls 87 a date
            kind, unit = "age", "year"
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
            "value": _tidy(value), "low": _tidy(low), "high": _tidy(high), "unit": unit, "kind": kind,
            "qualifier": phrase,
        }
        return row, role, qualifier_start, reading.consumed

    def read_ratio(self, reading: _Reading) -> None:
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

    def labelled(self, i: int) -> bool:
        """Whether a number sign ranks or labels the figure from piece i ("No. 1", "#1", "nr. 22"), or
        the list it ends ("Nos. 3, 5 and 7")."""
        while not _after_number_sign(self.words, i, self.lex.number_signs):
            if not (self.word(i - 1) in self.lex.list_separators and self.is_numeral(i - 2)):
                return False
            i -= 2
        return True

    def is_name(self, figure: _Figure) -> bool:
        """Digits that name rather than count: "Room 101", "Article 5", "Boeing 737" as a product."""
        token = self.token(figure.start)
        return token.ent_type_ in NAME_ENTITIES or (
            self.is_numeral(figure.start) and token.dep_ == "nummod" and token.head.i < token.i
            and token.head.pos_ == "PROPN")

    def join_range(self, reading: _Reading, second: _Reading) -> bool:
        """Make READING the range from it to SECOND, sharing scale, unit and currency, if it rises."""
        figure, end = reading.figure, second.figure
        if "\n" in self.text[self.ends[reading.last - 1]:self.starts[second.first]]:
            return False  # figures on two lines ("- 10" / "- 20" bullets) are no range
        if not figure.scaled and end.scaled and figure.value < end.value / end.multiplier:
            figure.value *= end.multiplier  # "between 5 and 7 million"
        years = self.is_year(figure) and end.plain_integer and len(self.words[end.start]) == 2
        if years:
            end.value += figure.value // 100 * 100  # "2022-23"
        if reading.value >= second.value:
            return False  # a score ("3-1"), not a range
        reading.years = years
        reading.currency = reading.currency or second.currency
        reading.unit, reading.unit_kind = reading.unit or second.unit, reading.unit_kind or second.unit_kind
        reading.last = reading.consumed = second.last
        return True

    def read_percent_of(self, i: int) -> _Reading | None:
        """"percent of 10", the reversed way of writing 10 percent."""
        entry, end = self.match_after(self.lex.units, i)
        if entry is None or entry[1] != "percent" or self.word(end) != "of":
            return None
        reading = self.read(end + 1)
        if reading is None or reading.figure.value is None or reading.unit or reading.currency:
            return None
        reading.first, reading.unit, reading.unit_kind = i, entry[0], entry[1]
        return reading

    def joins_bounds(self, previous, role, qualifier_start, row) -> bool:
        """Whether ROW's bound and the previous row's make one range: "above 1000 and below 1500"."""
        before, before_role, before_end = previous
        if {before_role, role} != {"low", "high"} or before["value"] is None or row["value"] is None:
            return False
        if any(self.words[k] not in self.lex.join_words for k in range(before_end, qualifier_start)):
            return False
        low, high = (before, row) if before_role == "low" else (row, before)
        return qualifier_start - before_end <= 2 and low["value"] < high["value"]

    def joined_bounds(self, before: dict, row: dict) -> dict:
        low, high = (before, row) if before["low"] is not None else (row, before)
        start, end = before["start_char"], row["end_char"]
        return dict(before, end_char=end, text=self.text[start:end], value=None, low=low["value"],
                    high=high["value"], unit=before["unit"] or row["unit"], qualifier="between")

    def kind_and_unit(self, reading: _Reading):
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

    def is_year(self, figure: _Figure) -> bool:
        return (figure.plain_integer and not figure.plural and 1000 <= figure.value <= 2999
                and len(self.words[figure.start]) == 4)

    def named_in_entity(self, reading: _Reading, label: str, also: bool = False) -> bool:
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

    def plural_noun_after(self, end: int) -> str | None:
        """The plural noun right after a figure the parser left unattached: "3m people"."""
        return self.text[self.starts[end]:self.ends[end]] if self.counts_plural(end) else None

    def counted_noun(self, end: int) -> str | None:
        """The noun counted by the figure ending at piece END, with the nouns and proper
        adjectives that name it ("draft treaties", "Russian troops"), not opinions ("new")."""
        token = self.token(end - 1)
        head = token.head
        if (token.dep_ not in ("nummod", "quantmod", "compound") or head.i <= token.i
                or head.pos_ not in ("NOUN", "PROPN") or not head.is_alpha):
            return None
        if head.idx < self.ends[end - 1]:
            return None
        first = head
        for left in reversed(self.doc[token.i + 1:head.i]):
            names = left.dep_ == "compound" or left.dep_ in ("amod", "nmod") and (
                left.pos_ == "PROPN" or left.ent_type_ in ("NORP", "GPE", "ORG"))
            if not (names and left.i < left.head.i <= head.i):
                break
            first = left
        return self.text[first.idx:head.idx + len(head.text)]


@Language.factory("claims_numbers")
def make_numbers_component(nlp: Language, name: str):
    return find_numbers


def find_numbers(doc: Doc) -> Doc:
    """Set doc._.numbers to a fresh list of figure dicts (see docs/pipeline.md)."""
    doc._.numbers = _Reader(doc, lexicon()).rows()
    return doc
