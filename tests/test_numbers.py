"""The claims_numbers component with the real English model, on sentences written as news writes."""
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import SEEDS, nlp_with, shared_path

FIELDS = {"start_char", "end_char", "text", "value", "low", "high", "unit", "kind", "qualifier"}
KINDS = {"count", "money", "percent", "quantity", "ordinal", "year", "date", "time", "duration", "age", "score",
         "multiplier", "proportion"}


@pytest.fixture(scope="module")
def nlp():
    return nlp_with("claims_numbers")


def numbers(nlp, text):
    doc = nlp(text)
    for row in doc._.numbers:
        assert set(row) == FIELDS
        assert row["text"] == text[row["start_char"]:row["end_char"]]
        assert row["kind"] in KINDS
    return doc._.numbers


def number(nlp, text, written):
    """The one row whose text is WRITTEN."""
    rows = [row for row in numbers(nlp, text) if row["text"] == written]
    assert len(rows) == 1, (written, numbers(nlp, text))
    return rows[0]


def summary(row):
    return row["value"], row["unit"], row["kind"]


# --- the seed article -------------------------------------------------------------------------

SEED_TEXT = (SEEDS / "000_e2ab171a521ca024.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def seed_rows(nlp):
    return numbers(nlp, SEED_TEXT)


@pytest.mark.parametrize("context, written, value, unit", [
    ("NATO's 30 allies", "30", 30, "allies"),
    ("100,000 troops", "100,000", 100000, "troops"),
    ("two draft treaties", "two", 2, "draft treaties"),
])
def test_seed_counts(seed_rows, context, written, value, unit):
    where = SEED_TEXT.index(context)
    rows = [row for row in seed_rows if where <= row["start_char"] < where + len(context)]
    assert [(row["text"], row["value"], row["unit"], row["kind"]) for row in rows] == [(written, value, unit, "count")]


@pytest.mark.parametrize("phrase", ["the 1990s", "Wednesday", "Tuesday", "Thursday", "December", "this week"])
def test_seed_dates_are_never_counts(seed_rows, phrase):
    start = 0
    while (where := SEED_TEXT.find(phrase, start)) >= 0:
        assert not [row for row in seed_rows
                    if where <= row["start_char"] < where + len(phrase) and row["kind"] == "count"]
        start = where + 1


def test_seed_matches_hand_annotation(seed_rows):
    gold = json.loads(shared_path("gold", "000_e2ab171a521ca024.gold.json").read_text(encoding="utf-8"))
    found = {(row["text"], row["value"], row["unit"], row["kind"]) for row in seed_rows}
    for want in gold["numbers"]:
        assert (want["text"], want["value"], want["unit"], want["kind"]) in found


# --- values -----------------------------------------------------------------------------------

@pytest.mark.parametrize("text, written, value", [
    ("The army sent 100,000 soldiers to the border.", "100,000", 100000),
    ("Inflation hit 1.5 points last month, analysts said.", "1.5", 1.5),
    ("China's population is 1 412 000 000, the bureau said.", "1 412 000 000", 1412000000),
    ("Two men were arrested.", "Two", 2),
    ("Twenty-five people died in the crash.", "Twenty-five", 25),
    ("Police seized a dozen rifles.", "a dozen", 12),
    ("Half a million people marched on Sunday.", "Half a million", 500000),
    ("Three quarters of voters backed the plan.", "Three quarters", 0.75),
    ("The vaccine was one and a half times as effective.", "one and a half times", 1.5),
    ("About two-thirds of the budget went on defence.", "two-thirds", 2 / 3),
    ("Temperatures fell to -5 overnight.", "-5", -5),
    ("It cost 10 1/2 times more.", "10 1/2 times", 10.5),
    ("The fund holds 3 million shares.", "3 million", 3000000),
    ("The app has 10k users.", "10k", 10000),
    ("One hundred and six passengers were rescued.", "One hundred and six", 106),
])
def test_values(nlp, text, written, value):
    assert number(nlp, text, written)["value"] == pytest.approx(value)


@pytest.mark.parametrize("text, written, value", [
    ("Two thirds of a million people voted.", "Two thirds of a million", 2e6 / 3),
    ("Two hundred and two thousand votes were cast.", "Two hundred and two thousand", 202000),
    ("Some hundred thousand dollars went missing.", "hundred thousand dollars", 100000),
    ("The firm employs 3 hundred and 21 people.", "3 hundred and 21", 321),
    ("The census found 4 thousand 3 hundred and 21 residents.", "4 thousand 3 hundred and 21", 4321),
    ("About 4 thousand 500 people fled.", "4 thousand 500", 4500),
    ("They counted 6 crore and two hundred votes.", "6 crore and two hundred", 60000200),
    ("The court awarded 1.111,11 euros.", "1.111,11 euros", 1111.11),
    ("The virus has 3.2x10^5 copies per millilitre.", "3.2x10^5", 320000),
    ("The error shrank to 6.23×10^-4 metres.", "6.23×10^-4 metres", 0.000623),
    ("Compound growth is 1.1^23 over the period.", "1.1^23", 1.1 ** 23),
    ("Only one twenty-fifth of the land is farmed.", "one twenty-fifth", 1 / 25),
    ("Three twenty-firsts of the vote went to him.", "Three twenty-firsts", 3 / 21),
    ("The ratio is one hundred thirty-fifths.", "one hundred thirty-fifths", 100 / 35),
    ("The ratio is one hundred and thirty fifths.", "one hundred and thirty fifths", 130 / 5),
    ("The share fell to one one hundred fifth.", "one one hundred fifth", 1 / 105),
    ("I counted six million and two thirds", "six million and two thirds", 6e6 + 2e6 / 3),
    ("It measured two and fifty-four hundredths.", "two and fifty-four hundredths", 2.54),
    ("For one-and-a-half years he waited.", "one-and-a-half years", 1.5),
    ("He paid out half-a-million-pounds in damages.", "half-a-million-pounds", 500000),
    ("Half-a-dozen eggs broke.", "Half-a-dozen", 6),
])
def test_values_in_mixed_and_rare_forms(nlp, text, written, value):
    assert number(nlp, text, written)["value"] == pytest.approx(value)


@pytest.mark.parametrize("text, written, value, unit", [
    ("One in three children lives in poverty.", "One in three", 1 / 3, "children"),
    ("Four out of five doctors agree.", "Four out of five", 0.8, "doctors"),
    ("One out of every five homes was damaged.", "One out of every five", 0.2, "homes"),
    ("Seven in 10 Americans back the plan.", "Seven in 10", 0.7, "Americans"),
    ("One in a million people have it.", "One in a million", 1e-6, "people"),
    ("Nine-in-ten voters said the economy mattered.", "Nine-in-ten", 0.9, "voters"),
    ("The answer is negative one over 20.", "negative one over 20", -0.05, None),
])
def test_proportions_are_one_figure(nlp, text, written, value, unit):
    assert summary(number(nlp, text, written)) == (pytest.approx(value), unit, "proportion")


@pytest.mark.parametrize("text, values", [
    ("It killed 12 in 3 attacks.", [12, 3]),  # a proportion is smaller than its whole
    ("The team won 5 in 2019.", [5, 2019]),  # nor is it "in" a year
    ("He shot 71 over 4 rounds.", [71, 4]),  # "over 4 rounds" is a bound
    ("Prices rose 5% over 3 years.", [5, 3]),
    ("About 4 thousand 3 people fled.", [4000, 3]),  # a rest without "and" needs all its digits
    ("A fee of $5 to 7 members applies.", [5, 7]),  # a bare count after "to" keeps no currency
])
def test_what_is_no_proportion_or_compound_stays_apart(nlp, text, values):
    assert [row["value"] for row in numbers(nlp, text)] == values


def test_a_comma_between_numbers_of_a_list_or_after_a_year_is_no_decimal_comma(nlp):
    assert [row["value"] for row in numbers(nlp, "Children aged 10,11 and 12 were there.")] == [10, 11, 12]
    assert [row["value"] for row in numbers(nlp, "In 2019,20 people died.")] == [2019, 20]
    assert [row["value"] for row in numbers(nlp, "Scores were 3,4 and 5,6.")] == [3.4, 5.6]


def test_a_sentence_ending_in_no_does_not_label_a_count(nlp):
    row = number(nlp, "The answer was no. 30 members voted against.", "30")
    assert (row["kind"], row["unit"]) == ("count", "members")
    assert number(nlp, "He lives at No. 22 Elm Street.", "22")["kind"] == "ordinal"


def test_a_dash_after_a_number_is_no_minus(nlp):
    assert number(nlp, "The lens is a 75 -300mm zoom.", "300mm")["value"] == 300


@pytest.mark.parametrize("text, written, value", [
    ("Temperatures fell to - 5 overnight.", "- 5", -5),  # after a preposition
    ("- 10  k", "10  k", 10000),  # a dash opening a line is a bullet
    ("Results:\n- 10\n- 20", "20", 20),  # two bullets, not a range
    ("LONDON - 10 people died.", "10", 10),  # a dash after a dateline
    ("Key points:\n- 10 people died\n- 5 were hurt", "10", 10),  # a bullet
    ("We have only leased out - begun to explore - 2% of the shelf.", "2%", 2),  # a dash pair
])
def test_a_dash_with_a_space_after_it_is_a_minus_only_where_a_sign_stands(nlp, text, written, value):
    assert number(nlp, text, written)["value"] == value


@pytest.mark.parametrize("text, written, value", [
    ("The bill was 1,2 million euros.", "1,2 million euros", 1.2e6),
    ("In some countries you write 5,00.", "5,00", 5),
    ("The population is 67.1 million.", "67.1 million", 67100000),  # stored as written, not 67099999.99999999
    ("Inflation is forecast at 2¼% next year.", "2¼%", 2.25),
    ("He ran 10 ½ miles.", "10 ½ miles", 10.5),
    ("It has a 1.5-billion-dollar budget.", "1.5-billion-dollar", 1.5e9),
    ("He won a $3-million contract.", "$3-million", 3e6),
])
def test_decimal_commas_glued_fractions_and_hyphenated_scales(nlp, text, written, value):
    assert number(nlp, text, written)["value"] == value


@pytest.mark.parametrize("text, values", [
    ("Pages 1,3, 5 and 7 were torn.", [1, 3, 5, 7]),  # a decimal comma is no part of a list
    ("It will cost between 2,5 and 3,5 million.", [None]),  # but two decimals are no list
    ("Exercises 22,24,26,31 were set.", [22, 24, 26, 31]),  # no group of thousands either
    ("It cost 22,240,260 dollars.", [22240260]),
])
def test_numbers_listed_with_commas_are_apart(nlp, text, values):
    assert [row["value"] for row in numbers(nlp, text)] == values


@pytest.mark.parametrize("text, values", [
    ("He is the world No. 1 and No.22 in Europe.", [1, 22]),
    ("See exercise nr. 22,240,260,310.", [22240260310]),
    ("Exercises nrs. 22,24,26,31.", [22, 24, 26, 31]),
    ("The #1 seed lost to Nos. 3, 5 and 7.", [1, 3, 5, 7]),
])
def test_a_number_sign_ranks_or_labels(nlp, text, values):
    assert [(row["value"], row["kind"]) for row in numbers(nlp, text)] == [(value, "ordinal") for value in values]


def test_a_scale_after_a_vague_word_has_no_value(nlp):
    assert numbers(nlp, "It cost several hundred million dollars.") == []


def test_only_between_reaches_an_ordinal_over_the(nlp):
    assert number(nlp, "Rain hung over the second Test.", "second")["qualifier"] is None


def test_singular_ordinals_before_a_noun_are_no_fractions(nlp):
    assert summary(number(nlp, "It is a twenty-first century problem.", "twenty-first"))[0] == 21
    rows = numbers(nlp, "He won by a hundredth of a second.")
    assert [summary(row) for row in rows] == [(0.01, "second", "duration")]


def test_counted_noun_keeps_the_nouns_that_name_it(nlp):
    assert number(nlp, "Russia massed 100,000 Russian troops near the border.", "100,000")["unit"] == "Russian troops"
    assert number(nlp, "They signed 12 new trade deals.", "12")["unit"] == "trade deals"


# --- money, percent, units ----------------------------------------------------------------------

@pytest.mark.parametrize("text, written, value, unit", [
    ("The company raised $1.5bn from investors.", "$1.5bn", 1.5e9, "USD"),
    ("Russia accepted a US$150 million World Bank loan.", "US$150 million", 1.5e8, "USD"),
    ("The club paid £5m for the striker.", "£5m", 5e6, "GBP"),
    ("Fines reached €20,000.", "€20,000", 20000, "EUR"),
    ("Exports were worth ¥300 billion.", "¥300 billion", 3e11, "JPY"),
    ("He was fined 500,000 rubles.", "500,000 rubles", 500000, "RUB"),
    ("She paid 50 dollars for it.", "50 dollars", 50, "USD"),
    ("Shares closed at 470 pence.", "470 pence", 470, "pence"),
    ("Profit rose to 361 million pounds.", "361 million pounds", 3.61e8, "GBP"),
    ("The loan of C$300 million was approved.", "C$300 million", 3e8, "CAD"),
    ("His fortune is estimated at $US2.5 billion.", "$US2.5 billion", 2.5e9, "USD"),
    ("It cost $A8,800.", "$A8,800", 8800, "AUD"),
    ("The company earned Sh2.5 billion.", "Sh2.5 billion", 2.5e9, "KES"),
])
def test_money(nlp, text, written, value, unit):
    assert summary(number(nlp, text, written)) == (pytest.approx(value), unit, "money")


@pytest.mark.parametrize("text, written, value, unit", [
    ("The ticket cost 3 dollars 50 cents.", "3 dollars 50 cents", 3.5, "USD"),
    ("It costs thirteen dollars and forty-five cents.", "thirteen dollars and forty-five cents", 13.45, "USD"),
    ("The subscription rises to 17 USD 25.", "17 USD 25", 17.25, "USD"),
    ("They lost 75 USD million last year.", "75 USD million", 7.5e7, "USD"),
    ("Losses in excess of 30 MUSD were reported.", "30 MUSD", 3e7, "USD"),
    ("Had they paid 15 USD 50 more, it would be done.", "15 USD 50", 15.5, "USD"),
    ("It costs three point five million dollars.", "three point five million dollars", 3.5e6, "USD"),
])
def test_money_written_in_parts(nlp, text, written, value, unit):
    assert summary(number(nlp, text, written)) == (pytest.approx(value), unit, "money")


def test_dollars_then_a_count_stay_two_figures(nlp):
    rows = numbers(nlp, "He paid 5 dollars and 30 people came.")
    assert [(row["value"], row["kind"]) for row in rows] == [(5, "money"), (30, "count")]


def test_a_dollar_amount_after_an_article_is_not_australian(nlp):
    assert number(nlp, "He won a $48.2 million contract.", "$48.2 million")["unit"] == "USD"


@pytest.mark.parametrize("text, written", [
    ("Unemployment rose to 12% in May.", "12%"),
    ("Unemployment rose to 12 per cent in May.", "12 per cent"),
    ("Unemployment rose to 12 percent in May.", "12 percent"),
    ("Unemployment rose to twelve percent in May.", "twelve percent"),
])
def test_percent(nlp, text, written):
    assert summary(number(nlp, text, written)) == (12, "percent", "percent")


@pytest.mark.parametrize("text, written, value, unit, kind", [
    ("The convoy stretched 40 km along the road.", "40 km", 40, "kilometer", "quantity"),
    ("The estate covers 190,000 square meters.", "190,000 square meters", 190000, "square meter", "quantity"),
    ("It was 35 degrees Celsius in Madrid.", "35 degrees Celsius", 35, "degree Celsius", "quantity"),
    ("He lost 25 pounds.", "25 pounds", 25, "pound", "quantity"),
    ("The 3-inch screen cracked.", "3-inch", 3, "inch", "quantity"),
    ("The siege lasted 10 days.", "10 days", 10, "day", "duration"),
    ("The suspect, a 30-year-old man, was held.", "30-year", 30, "year", "age"),
    ("She is 29 years old.", "29 years", 29, "year", "age"),
    ("The patient is an 87 yo man.", "87 yo", 87, "year", "age"),
    # fractions in words take their unit; glued inch marks and Celsius; decades of age
    ("The rate was cut by half a percentage point.", "half a percentage point", 0.5, "percentage point", "percent"),
    ("He waited a quarter of an hour.", "a quarter of an hour", 0.25, "hour", "duration"),
    ("Warming must stay below 1.5C.", "1.5C", 1.5, "degree Celsius", "quantity"),
    ('He has a pen that is 10 " long.', '10 "', 10, "inch", "quantity"),
    ('A 10" screen and a 12" screen.', '12"', 12, "inch", "quantity"),
    ("He is in his 60s.", "60s", 60, "year", "age"),
])
def test_units(nlp, text, written, value, unit, kind):
    assert summary(number(nlp, text, written)) == (value, unit, kind)


@pytest.mark.parametrize("text, written", [
    ('He said "I paid 10" and left.', "10"),  # a quote mark that closes a quotation
    ('It was 2019 "a good year".', "2019"),  # or opens one
    ('He left in 1990. "It was hard," he said.', "1990"),  # after a full stop
    ("Direct Relief loaded a FedEx 777F freighter.", None),  # F glued is no Fahrenheit
    ("The stamp cost 11c.", None),  # nor a small c Celsius
])
def test_what_is_no_inch_or_degree(nlp, text, written):
    assert [row for row in numbers(nlp, text) if row["kind"] == "quantity"] == []
    if written is not None:
        assert number(nlp, text, written)["unit"] is None


def test_measure_in_two_units(nlp):
    assert number(nlp, "The suspect is 5 feet 2 inches tall.", "5 feet 2 inches")["value"] == pytest.approx(5 + 2 / 12)
    assert summary(number(nlp, "He weighs 15st 4lb.", "15st 4lb")) == (pytest.approx(15 + 4 / 14), "stone", "quantity")
    assert number(nlp, "The flight lasted 14 hours and 30 minutes.", "14 hours and 30 minutes")["value"] == 14.5


def test_percent_written_before_its_figure(nlp):
    assert summary(number(nlp, "per cent of twenty-two", "per cent of twenty-two")) == (22, "percent", "percent")


def test_numbers_in_urls_are_not_figures(nlp):
    assert numbers(nlp, "Read https://www.test.com/search?q=30%25%2020% today.") == []


# --- ranges and qualifiers ----------------------------------------------------------------------

@pytest.mark.parametrize("text, written, low, high, unit, qualifier", [
    ("Between 5,000 and 7,000 people attended.", "5,000 and 7,000", 5000, 7000, "people", "between"),
    ("Shelling hit villages 10-15 km from the front.", "10-15 km", 10, 15, "kilometer", None),
    ("The plan costs $5 million to $7 million.", "$5 million to $7 million", 5e6, 7e6, "USD", None),
    ("Between 5 and 7 million people fled.", "5 and 7 million", 5e6, 7e6, "people", "between"),
    ("The index rose above 1000 and below 1500.", "1000 and below 1500", 1000, 1500, None, "between"),
    ("The project will cost $1.5-2bn.", "$1.5-2bn", 1.5e9, 2e9, "USD", None),
    ("It will cost £3-4m.", "£3-4m", 3e6, 4e6, "GBP", None),
])
def test_ranges(nlp, text, written, low, high, unit, qualifier):
    row = number(nlp, text, written)
    assert (row["value"], row["low"], row["high"], row["unit"], row["qualifier"]) == (None, low, high, unit, qualifier)


@pytest.mark.parametrize("text, written, qualifier, low, high", [
    ("More than 3 million people voted.", "3 million", "more than", 3e6, None),
    ("At least 20 people were killed.", "20", "at least", 20, None),
    ("Up to 700 workers will lose their jobs.", "700", "up to", None, 700),
    ("Less than 15% of the cash was recovered.", "15%", "less than", None, 15),
    ("Nearly 40 villages were cut off.", "40", "nearly", None, 40),
    ("About 300 people gathered.", "300", "about", None, None),
    ("The blast injured 50 or more people.", "50", "or more", 50, None),
    ("The number of cars exceeded 150.", "150", "exceeded", 150, None),
])
def test_qualifiers(nlp, text, written, qualifier, low, high):
    row = number(nlp, text, written)
    assert (row["qualifier"], row["low"], row["high"]) == (qualifier, low, high)
    assert row["value"] is not None


def test_opposite_bounds_of_one_figure_join_but_contradictions_do_not(nlp):
    assert [(row["low"], row["high"]) for row in numbers(nlp, "Between them, x is larger than 10 and smaller than 20.")] == [
        (10, 20)]
    rows = numbers(nlp, "More than 40 and less than 10 are two ranges.")
    assert [(row["low"], row["high"]) for row in rows if row["kind"] == "count"][:2] == [(40, None), (None, 10)]


def test_a_trailing_qualifier_that_begins_the_next_bound_is_left_to_it(nlp):
    rows = numbers(nlp, "His score is 200 or greater than 190.")
    assert [(row["value"], row["low"], row["qualifier"]) for row in rows] == [(200, None, None), (190, 190, "greater than")]


@pytest.mark.parametrize("text", ["His score is 200 or greater than", "His score is 200 or greater than."])
def test_a_trailing_qualifier_with_no_figure_after_it_bounds_the_figure_before(nlp, text):
    assert [(row["value"], row["low"], row["qualifier"]) for row in numbers(nlp, text)] == [(200, 200, "or greater")]


def test_bounds_of_a_rank_reach_past_the(nlp):
    text = "He ranks higher than the tenth but lower than the fifteenth."
    row = number(nlp, text, "tenth but lower than the fifteenth")
    assert (row["value"], row["low"], row["high"], row["kind"]) == (None, 10, 15, "ordinal")


def test_fraction_after_a_scale(nlp):
    assert number(nlp, "The population is 3 million and a half.", "3 million and a half")["value"] == 3.5e6


@pytest.mark.parametrize("text", [
    "Sales rose from 200 to 300 units.",
    "Unemployment rose 2% to 7%.",
    "The population grew by 1.2 million to 67.1 million.",
])
def test_a_change_is_two_figures_not_a_range(nlp, text):
    assert [row["value"] is not None and row["low"] is None for row in numbers(nlp, text)] == [True, True]


@pytest.mark.parametrize("text, written, low, high", [
    ("The number is from 200 to 3000000 in 2008.", "200 to 3000000", 200, 3000000),
    ("The ages ranged from 5 to 12.", "5 to 12", 5, 12),
    ("Between two hundred and two thousand votes were cast.", "two hundred and two thousand", 200, 2000),
    ("The walls are eight to 10 feet high.", "eight to 10 feet", 8, 10),
    ("He ranks between the tenth and the fifteenth.", "tenth and the fifteenth", 10, 15),
    ("Between a third and a half of voters are undecided.", "a third and a half", 1 / 3, 0.5),
    ("He faces 5-to-10 years in prison.", "5-to-10 years", 5, 10),
])
def test_ranges_without_a_change(nlp, text, written, low, high):
    row = number(nlp, text, written)
    assert (row["value"], row["low"], row["high"]) == (None, pytest.approx(low), high)


def test_age_after_of_age(nlp):
    row = number(nlp, "The patient is a man of age 87 with hypertension.", "87")
    assert (row["kind"], row["unit"], row["qualifier"]) == ("age", "year", None)


# --- what is not a count ----------------------------------------------------------------------

@pytest.mark.parametrize("text, phrase", [
    ("Prices doubled in 2019.", "2019"),
    ("Rents were lower in the 1990s.", "1990s"),
    ("The talks resume on December 5.", "5"),
    ("The attacks of 9/11 changed everything.", "9/11"),
    ("The meeting is at 10:30 on Tuesday.", "10:30"),
    ("The 21st century began badly.", "21st"),
])
def test_dates_and_times_are_never_counts(nlp, text, phrase):
    where = text.index(phrase)
    assert not [row for row in numbers(nlp, text)
                if where <= row["start_char"] < where + len(phrase) and row["kind"] == "count"]


@pytest.mark.parametrize("text, written", [
    ("The talks resume on May 5.", "5"),  # "May" is a stop word ("it may"), but here a month
    ("The deadline is May 4th.", "4th"),
    ("The talks resume on December 5.", "5"),
])
def test_a_day_of_a_month_is_a_date(nlp, text, written):
    assert number(nlp, text, written)["kind"] == "date"


def test_year_kind(nlp):
    assert number(nlp, "Prices doubled in 2019.", "2019")["kind"] == "year"


def test_a_financial_year_is_a_span_of_years(nlp):
    row = number(nlp, "The 2022-23 budget was cut.", "2022-23")
    assert (row["low"], row["high"], row["kind"]) == (2022, 2023, "year")


@pytest.mark.parametrize("text", [
    "Call +1-222-2222-2222 for details.",
    "The COVID-19 rules were lifted.",
    "Visit https://example.com/page?id=2024&ref=30 for more.",
    "1) Leave the building.",
    "See 192.168.1.2 for the router.",
    "The 5G network went live.",
    "Call our London office on +44 20 7946 0958.",
    "Steps:\n1. Leave the building.\n2. Call for help.",
    "The calculator printed 10^999 and 0^-1.",  # no finite value, and no part read as a figure
])
def test_codes_phone_numbers_and_list_markers_are_not_numbers(nlp, text):
    assert numbers(nlp, text) == []


@pytest.mark.parametrize("text", [
    "The talks were held in Room 101.",
    "Allies invoked Article 5 of the treaty.",
    "He fought in World War 2.",
])
def test_numbers_that_name_are_not_counts(nlp, text):
    assert [row for row in numbers(nlp, text) if row["kind"] == "count"] == []


def test_m_is_millions_before_a_plural_noun_and_meters_otherwise(nlp):
    assert summary(number(nlp, "Roughly 3m people voted.", "3m")) == (3e6, "people", "count")
    assert summary(number(nlp, "The wall is 2m tall.", "2m")) == (2, "meter", "quantity")


def test_pronoun_one_is_not_a_number(nlp):
    assert numbers(nlp, "The one you mentioned is invalid.") == []


@pytest.mark.parametrize("text, written, value", [
    ("She finished second in the race.", "second", 2),
    ("It is the 21st edition of the summit.", "21st", 21),
    ("Biden named him for a third term.", "third", 3),
])
def test_ordinals(nlp, text, written, value):
    assert summary(number(nlp, text, written))[0::2] == (value, "ordinal")


def test_an_ordinal_suffix_fits_the_last_digits(nlp):
    text = "the 1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st, 22nd, 101st and 111th"
    assert [row["value"] for row in numbers(nlp, text) if row["kind"] == "ordinal"] == [
        1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111]
    assert [row["kind"] for row in numbers(nlp, "He lost 2st and came 15st.")] == ["quantity", "quantity"]


def test_component_sets_a_fresh_list_per_doc(nlp):
    first, second = nlp("There were 3 cats."), nlp("No figures here.")
    assert len(first._.numbers) == 1 and second._.numbers == []


# --- robustness -------------------------------------------------------------------------------

NEWSY = st.lists(st.sampled_from(list("0123456789 ,.-/%$£€¥:()+~kmbn") + [
    " million", " and ", " between ", " more than ", " two", " twenty-", " half", " a ", " dollars",
    " km", " per cent", " 1990s", " first", "\n", "\u202f", "th", " of ", " to ", " percent", "US$", "C$",
    " or more", " years old", " point ", " three quarters", " dozen", "-year-old"])).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.one_of(st.text(), NEWSY))
def test_arbitrary_text_never_raises_and_offsets_index_the_text(nlp, text):
    for row in nlp(text)._.numbers:
        assert row["text"] == text[row["start_char"]:row["end_char"]]
        assert 0 <= row["start_char"] < row["end_char"] <= len(text)
