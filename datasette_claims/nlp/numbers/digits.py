"""Numbers written in digits and the scales after them: "100,000", "1,3", "1.5bn", "2¼", "1.3x10^6",
"4 thousand 500"; signs, codes and list markers that are no figures."""
import math
import re

from .pieces import DECIMAL_COMMA, EUROPEAN_NUMERAL, NUMERAL, Figure

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


class Digits:
    """Reading digits, scales and signs (a part of Reader)."""

    def chain_end(self, i: int) -> int:
        """End of numerals joined to piece i by separators without spaces: "555-123-4567"."""
        end = i + 1
        while (self.word(end) in CHAIN_SEPARATORS and not self.spaced(end) and not self.spaced(end + 1)
               and self.is_numeral(end + 1)):
            end += 2
        return end

    def read_digits(self, i: int, money: bool) -> Figure | None:
        written = self.words[i]
        code = Figure(i, self.chain_end(i), None)
        decimal_comma = bool(EUROPEAN_NUMERAL.fullmatch(written) or DECIMAL_COMMA.fullmatch(written))
        if not (decimal_comma or NUMERAL.fullmatch(written)):
            return code
        links = (code.end - i) // 2
        if self.word(i + 1) == ":" and links >= 1 or links >= 2:
            return code  # a clock time, a phone number, a date like 5/17/2018
        if (written[0] == "0" and written[1:2].isdigit() and not self.ends_years(i)
                or self.word(i - 1) == "+" and not self.spaced(i)):
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
            return Figure(i, end, value if math.isfinite(value) else None)
        if self.word(end) == "/" and links == 1:
            denominator = float(self.words[end + 1]) if NUMERAL.fullmatch(self.words[end + 1]) else 0
            if denominator not in DENOMINATORS and self.word(end + 2) != "of" or value >= denominator:
                return code  # "9/11", "24/7"; but "about 1/40 of the wavelength"
            value, end, plain = value / denominator, end + 2, False
        elif plain and self.word(end) in self.lex.values and self.gap(end) in ("", " "):
            value, end, plain = value + self.lex.values[self.words[end]], end + 1, False  # "2¼", "10 ½"
        elif plain and self.spaced(end):
            fraction = self.simple_fraction(end)
            if fraction is not None:
                value, end, plain = value + fraction, end + 3, False
        figure = Figure(i, end, value, plain_integer=plain)
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
        """ "1.1^23", "2.5^-1", "1.3x10^6", "6.23×10^-4", "8x2^10", and a power of ten with its sign
        but no caret, "2.48×10−5", from piece AT, all glued: (value, end) or None."""
        times = (self.word(at) in TIMES and self.word(at + 1).isdigit() and not self.spaced(at)
                 and not self.spaced(at + 1))
        base = float(self.words[at + 1]) if times else None
        caret = at + 2 if times else at
        if self.word(caret) != "^" or self.spaced(caret):
            if base == 10 and self.word(caret) in MINUS and self.word(caret + 1).isdigit() and not any(
                    self.spaced(k) for k in (caret, caret + 1)):
                return value * 10.0 ** -float(self.words[caret + 1]), caret + 2
            return None
        k, sign = caret + 1, 1
        while self.word(k) in MINUS or self.word(k) == "+":
            sign, k = (-sign if self.words[k] in MINUS else sign), k + 1
        if not NUMERAL.fullmatch(self.word(k)) or any(self.spaced(n) for n in range(caret, k + 1)):
            return None
        exponent = sign * float(self.words[k])
        try:
            value = value * base ** exponent if times else value ** exponent
        except (OverflowError, ZeroDivisionError):
            value = math.inf  # no figure, and no part of it read as one
        return (value, k + 1) if isinstance(value, float) else (math.inf, k + 1)  # (-8) ** 0.5 is complex

    def read_rest(self, figure: Figure, money: bool) -> None:
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

    def read_scales(self, figure: Figure, money: bool, at: int) -> int:
        """Apply "million", "bn", "k", "m" written from piece AT ("1.5-billion-dollar" too); return the
        end. A letter that is also a unit ("m", "k") is one where the figure measures ("2m tall", "a
        5k run"), and a spaced small "m" is metres ("12 m") unless a plural noun follows ("3 m people")."""
        first = True
        if self.word(at) == "-" and not self.spaced(at) and not self.spaced(at + 1) and self.word_scale(at + 1):
            at += 1
        while at < self.count:
            scale = self.lex.scales.get(self.words[at])
            if scale is None:
                break
            multiplier, where = scale
            written = self.text[self.starts[at]:self.ends[at]]
            if where == "suffix" and not first or self.is_numeral(at + 1) and not self.spaced(at + 1):
                break  # "24703m2" is square metres
            measure = self.words[at] in self.lex.scale_measures
            if measure and self.si_unit(at)[0] is not None or written == "K" and (
                    self.measures_temperature(at) or not money and self.measures(at, by_sentence=False)):
                break  # "12 m s−1" is a speed; "573.15K" beside "300 °C" a temperature; "ran 10K" a run
            if not (money or written.isupper()) and (
                    measure and self.measures(at) and not self.counts_plural(at + 1)  # "a 400m race"; "1m homes"
                    or where == "money" and (self.spaced(at) or not measure) and not self.counts_plural(at + 1)):
                break  # "12 m", "300mm"
            figure.value *= multiplier
            figure.multiplier *= multiplier
            figure.plain_integer = False
            at += 1
            first = False
        return at

    def sign_before(self, i: int):
        word = self.word(i - 1)
        if i - 1 < self.done:
            return 1.0, i
        after_number = self.is_numeral(i - 2)  # "75 -300mm" is a range badly spaced, no minus
        if (word in MINUS and not self.spaced(i) and (self.spaced(i - 1) or not self.is_alnum(i - 2)) and not after_number
                and not self.bound_before(i - 1)):  # "over-70s" is no minus
            return -1.0, i - 1
        if (word in MINUS and self.gap(i) == " " and self.spaced(i - 1) and not self.opens_line(i - 1)
                and not self.opens_line(i) and self.token(i - 2).pos_ in SIGNED_AFTER):
            return -1.0, i - 1  # "fell to - 5"; a spaced dash opening a line is a bullet
        if word in self.lex.signs:
            return -1.0, i - 1
        return 1.0, i

    def ends_years(self, i: int) -> bool:
        """Whether the two digits at piece i end a span of years: the "06" of "2005-06"."""
        year = self.word(i - 2)
        return (len(self.words[i]) == 2 and self.word(i - 1) in MINUS | {"/", "\u2013"} and not self.spaced(i)
                and not self.spaced(i - 1) and len(year) == 4 and year.isdigit() and 1000 <= int(year) <= 2999)

    def is_code(self, i: int) -> bool:
        """Digits glued to letters before them ("G7", "COVID-19") or a list marker ("1)"); not an age
        group after a bound or a part of a decade ("over-70s", "under-18s", "mid-40s")."""
        if self.spaced(i) or not self.is_numeral(i):
            return self.word(i + 1) == ")" and not self.spaced(i + 1) and self.word(i - 1) != "("
        if self.is_alnum(i - 1):
            return True
        glued = self.word(i - 1) == "-" and not self.spaced(i - 1) and self.is_alnum(i - 2)
        if glued and (self.bound_before(i - 1) or self.word(i - 2) in self.lex.decade_parts):
            return False  # "over-70s", "mid-40s"
        return glued and (self.word(i - 2)[:1].isalpha() or not self.spaced(i - 2) and self.is_alnum(i - 3))
