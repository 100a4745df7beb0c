"""Numbers written in words and fractions: "twenty-five", "half a million", "two thirds of a
million", "one twenty-fifth"."""
import math

from .pieces import Figure

LONGEST_WORD_NUMBER = 24  # pieces: "one million two thousand two hundred and thirty-four fifths" is 10
NUMBER_POS = "NUM"


class Words:
    """Reading number words and fractions (a part of Reader)."""

    def read_words(self, i: int, stop: int | None = None) -> Figure | None:
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
            elif word in lex.conjunctions or word in lex.group_separators and last == "scale":
                k = j + 1  # the scale word after the next number: "and two thousand"
                while self.word(k) in lex.cardinals or self.word(k) == "-":
                    k += 1
                after_scale = self.word_scale(k)
                whole = last in ("hundred", "scale") and following in lex.cardinals and (
                    after_scale < last_scale  # "one hundred and six", "a million and two thousand"
                    or last == "hundred" and 1000 <= after_scale < largest_scale
                    and not self.opens_range(start))  # "two hundred and two thousand", not "between ..."
                fraction = (stop is None and word in lex.conjunctions and last in ("unit", "tens", "hundred", "scale")
                            and self.fraction_follows(j + 1))
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
        return Figure(start, end, value, ordinal=ordinal, multiplier=last_scale or 1.0)

    def word_scale(self, i: int) -> float:
        """The multiplier of a scale word at piece i ("thousand"), else 0."""
        multiplier, where = self.lex.scales.get(self.word(i), (0.0, ""))
        return multiplier if where == "word" else 0.0

    def opens_range(self, i: int) -> bool:
        """Whether "between" (or a like qualifier) stands before piece i."""
        entry, _ = self.match_before(self.lex.qualifiers, i)
        return entry is not None and entry[1] == "between"

    def read_word_fraction(self, i: int) -> Figure | None:
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
                return Figure(i, last + 1, numerator / denominator)
        return None

    def read_of_scale(self, figure: Figure) -> None:
        """ "two thirds of a million": a fraction of a scale word."""
        scale = self.word_scale(figure.end + 2)
        if (0 < figure.value < 1 and not figure.ordinal and self.word(figure.end) == "of"
                and self.word(figure.end + 1) in self.lex.articles and scale >= 1000):
            figure.value, figure.multiplier, figure.end = figure.value * scale, scale, figure.end + 3

    def before_hyphen(self, k: int) -> int:
        """Piece k, or the hyphen glued before it ("thirty-fifths")."""
        return k - 1 if self.word(k - 1) == "-" else k

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
