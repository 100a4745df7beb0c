"""Pieces: the text of a Doc cut into numerals, runs of letters and single symbols, so "US$75",
"us $ 75" and "1.5bn" read alike however the tokenizer split them; and the two records a reading
builds, a Figure (the number) and a Reading (the number with what surrounds it)."""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING

from spacy.tokens import Doc

from ..units import text_of

if TYPE_CHECKING:
    from .lexicon import Lexicon, Table

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
PLURAL_NOUN_TAGS = {"NNS", "NNPS"}


def phrase_key(phrase: str) -> str:
    """How phrases are compared: lower case, without dots, one space between words ("U.S. dollars"
    == "us dollars"); a space still matters, so "a $5 bill" is not "A$5" (Australian dollars)."""
    return " ".join(phrase.lower().replace(".", "").split())


def after_number_sign(words: list, k: int, signs: set) -> bool:
    """Whether words[k] comes right after a number sign: a word with its dot ("No. 1", "nrs. 22") or
    a symbol ("#1", "№ 5")."""
    before = words[k - 1] if k >= 1 else ""
    return (before == "." and k >= 2 and words[k - 2].isalpha() and words[k - 2] in signs
            or before in signs and not before.isalpha())


def tidy(number: float | None) -> float | None:
    """NUMBER to 15 significant digits, so 67.1 million is stored as 67100000, not 67099999.99999999."""
    return None if number is None else float(f"{number:.15g}")


@dataclass
class Figure:
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
class Reading:
    """A figure with what surrounds it: sign, currency, unit, qualifier, range partner."""

    figure: Figure
    first: int  # first piece of the row's text (sign, currency symbol)
    last: int  # end of the row's text (unit, currency name)
    consumed: int  # end of everything read, trailing qualifiers included
    sign: float = 1.0
    currency: str | None = None
    unit: str | None = None
    unit_kind: str | None = None
    years: bool = False  # a span of years written short: "2022-23"
    proportion: bool = False  # "one in five": the share 0.2

    @property
    def value(self) -> float:
        return self.sign * self.figure.value


class Pieces:
    """The pieces of one Doc and how to look word lists up at them."""

    def __init__(self, doc: Doc, lex: Lexicon):
        self.doc, self.lex, self.text = doc, lex, text_of(doc)
        spans = self.split_lists([match.span() for match in PIECE.finditer(self.text)])
        self.starts = [start for start, _ in spans]
        self.ends = [end for _, end in spans]
        self.words = [self.text[start:end].lower() for start, end in spans]
        self.count = len(spans)
        self.token_starts = doc.to_array("IDX").tolist()
        self.done = 0  # pieces before this one belong to rows already read
        self.found: list = []  # the rows read so far
        self.keys = {}  # (start, end) -> key

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
        return listed_after or listed_before or after_number_sign(words, k, self.lex.number_signs)

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
        """The `phrase_key` of pieces START to END, made once: each word list is looked up at the same pieces."""
        key = self.keys.get((start, end))
        if key is None:
            key = self.keys[start, end] = phrase_key("".join(
                (" " + self.words[k]) if k > start and self.spaced(k) else self.words[k] for k in range(start, end)))
        return key

    def match_after(self, table: Table, start: int):
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

    def match_before(self, table: Table, end: int, position: str | None = None):
        """The longest entry of TABLE ending just before piece END (of qualifiers, only those written
        in POSITION, so "of age 87" finds "age"): (entry, start) or (None, end)."""
        for start in range(max(end - table.longest, self.done), end):
            if self.words[start] == ".":
                continue
            entry = table.entries.get(self.key(start, end))
            if entry is not None and position in (None, entry[2]):
                return entry, start
        return None, end

    def opens_line(self, i: int) -> bool:
        return i <= 0 or "\n" in self.gap(i)

    def describes_noun(self, i: int) -> bool:
        """Whether the word at piece i modifies a noun after it, as the ordinal of "a third term" does."""
        token = self.token(i)
        return token.dep_ == "amod" and token.head.i > token.i

    def counts_after(self, i: int) -> bool:
        """Whether piece i is a word the figure before it may count (a noun or another number)."""
        return self.is_alnum(i) and self.token(i).pos_ in ("NOUN", "PROPN", "NUM", "X")

    def counts_plural(self, i: int) -> bool:
        """Whether piece i is a plural noun, so the "m" before it is millions: "3m people" (but "2m tall")."""
        return i < self.count and self.spaced(i) and self.token(i).tag_ in PLURAL_NOUN_TAGS
