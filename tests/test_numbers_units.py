"""Physical units in general text (issue 15, held-out general text with physical units): US
customary units, compound units and rates, powers, abbreviations with and without a space, ranges
and lists that share a unit, scales against metres and tweet-style writing. Each sentence is written
for its test: the shape of a class, not a sentence of the development data
(benchmarks/numbers_general_text.py)."""
import pytest

from conftest import nlp_with
from test_numbers import number, numbers


@pytest.fixture(scope="module")
def nlp():
    return nlp_with("claims_numbers")


def reading(row):
    return row["value"], row["low"], row["high"], row["unit"], row["kind"]


@pytest.mark.parametrize("text, written, value, unit", [
    # US customary units
    ("Gusts of 75 mph tore roofs off.", "75 mph", 75, "mile per hour"),
    ("The boxer weighed in at 147 lbs.", "147 lbs", 147, "pound"),
    ("The ice was 4 in thick on the pond.", "4 in", 4, "inch"),
    ("The hot tub holds 400 gallons.", "400 gallons", 400, "gallon"),
    ("The ranch covers 2,300 acres.", "2,300 acres", 2300, "acre"),
    ("The pickup makes 420 hp.", "420 hp", 420, "horsepower"),
    ("The hybrid manages 52 mpg on the highway.", "52 mpg", 52, "mile per gallon"),
    ("The furnace is rated at 80,000 BTUs.", "80,000 BTUs", 80000, "British thermal unit"),
    # glued and spaced abbreviations
    ("Pack 250g of rice and a 5-km map.", "250g", 250, "gram"),
    ("Pack 250g of rice and a 5-km map.", "5-km", 5, "kilometer"),
    ("The reactor runs at 2.1 GW.", "2.1 GW", 2.1, "gigawatt"),
    # abbreviations of science and technology
    ("Inflate the tyres to 35 psi.", "35 psi", 35, "psi"),
    ("The cylinder holds gas at 300 bar.", "300 bar", 300, "bar"),
    ("Methane reached 1,900 ppm in the mine.", "1,900 ppm", 1900, "ppm"),
    ("Fibre gives 900 Mbps at home.", "900 Mbps", 900, "megabit per second"),
    ("The nebula is 1,300 light-years away.", "1,300 light-years", 1300, "light year"),
    ("The engine is 1,600 cc.", "1,600 cc", 1600, "cubic centimeter"),
    # a unit pint names by its symbol when its name is several words
    ("Gamma photons of 1.3 MeV were measured.", "1.3 MeV", 1.3, "MeV"),
])
def test_units_news_writes(nlp, text, written, value, unit):
    row = number(nlp, text, written)
    assert (row["value"], row["unit"], row["kind"]) == (pytest.approx(value), unit, "quantity")


@pytest.mark.parametrize("text, written, unit", [
    ("The spill covered 3 square miles.", "3 square miles", "square mile"),
    ("The quarry removed 2 cubic kilometres of rock.", "2 cubic kilometres", "cubic kilometer"),
    ("The plots are 40 m squared each.", "40 m squared", "square meter"),
    ("Dosing starts at 3 mg per kg of body weight.", "3 mg per kg", "milligram per kilogram"),
    ("The pump moves 900 litres per minute.", "900 litres per minute", "liter per minute"),
    ("The link carried just 9 kb per second.", "9 kb per second", "kilobit per second"),
    ("Ozone peaked at 180 µg/m3 in the city.", "180 µg/m3", "microgram per cubic meter"),
    ("The probe slowed at 0.2 m/s2.", "0.2 m/s2", "meter per square second"),
])
def test_powers_and_rates(nlp, text, written, unit):
    assert number(nlp, text, written)["unit"] == unit


@pytest.mark.parametrize("text, written, value, low, high, unit", [
    ("A planned 6- to 10-meter mirror.", "6- to 10-meter", None, 6, 10, "meter"),
    ("Patients were given 20 mg to 40 mg daily.", "20 mg to 40 mg", None, 20, 40, "milligram"),
    ("Heavy rain of 2-4 inches is due.", "2-4 inches", None, 2, 4, "inch"),
    ("Highs of 28-31C are forecast.", "28-31C", None, 28, 31, "degree Celsius"),
])
def test_ranges_with_units(nlp, text, written, value, low, high, unit):
    assert reading(number(nlp, text, written)) == (value, low, high, unit, "quantity")


def test_a_change_is_two_figures_only_after_a_verb_of_change(nlp):
    rows = numbers(nlp, "The limit was lowered from 50 mph to 40 mph.")
    assert [(row["value"], row["unit"]) for row in rows] == [(50, "mile per hour"), (40, "mile per hour")]
    row = number(nlp, "Valves let from 20 to 30% of the steam escape.", "20 to 30%")
    assert (row["low"], row["high"], row["unit"]) == (20, 30, "percent")


@pytest.mark.parametrize("text, written, unit, kind", [
    ("Tablets of 10 and 20 mg were recalled.", "10", "milligram", "quantity"),
    ("Trails of 5, 8 or 12 km are signposted.", "5", "kilometer", "quantity"),
    ("Trails of 5, 8 or 12 km are signposted.", "8", "kilometer", "quantity"),
    ("Rates of 2 and 3 per cent were offered.", "2", "percent", "percent"),
])
def test_a_list_shares_the_unit_written_after_it(nlp, text, written, unit, kind):
    row = number(nlp, text, written)
    assert (row["unit"], row["kind"]) == (unit, kind)


def test_a_list_does_not_share_what_is_not_written_after_it(nlp):
    assert number(nlp, "She read 12 and 15 pages.", "12")["unit"] == "pages"
    assert number(nlp, "He paid 4 and $9 for them.", "4")["kind"] == "count"


@pytest.mark.parametrize("text, written, value, unit", [
    ("The field strength was 3.2x10-4 T.", "3.2x10-4", 3.2e-4, None),
    ("Noise fell by 4.1×10−3 in the trial.", "4.1×10−3", 4.1e-3, None),
    ("A mebibyte is 8x2^20 bits.", "8x2^20 bits", 8 * 2 ** 20, "bit"),
    ("The rod is 1.52 +/- 0.02 m long.", "1.52 +/- 0.02 m", 1.52, "meter"),
    ("The mass was 12.4±0.3 kg.", "12.4±0.3 kg", 12.4, "kilogram"),
    ("Each grain is about 1/50 of a millimetre.", "1/50", 0.02, None),
])
def test_powers_tolerances_and_fractions(nlp, text, written, value, unit):
    row = [row for row in numbers(nlp, text) if row["text"].startswith(written)][0]
    assert (row["value"], row["unit"]) == (pytest.approx(value), unit)


@pytest.mark.parametrize("text, written, value, unit, kind", [
    ("He set a record in the 200m.", "200m", 200, "meter", "quantity"),
    ("The 4.5m voters of the region.", "4.5m", 4500000, "voters", "count"),
    ("The sea was 2 to 3 in deep, and 4 in of rain fell.", "4 in", 4, "inch", "quantity"),
    ("The brothers ran 1 in 4 races together.", "1 in 4", 0.25, "races", "proportion"),
])
def test_scales_and_short_units_by_context(nlp, text, written, value, unit, kind):
    row = number(nlp, text, written)
    assert (row["value"], row["unit"], row["kind"]) == (pytest.approx(value), unit, kind)


@pytest.mark.parametrize("text, written, value, unit", [
    ("ugh it's 102F in the car rn", "102F", 102, "degree Fahrenheit"),
    ("down 8lbs since jan!!", "8lbs", 8, "pound"),
    ("did a 10k this morning in 52 mins", "10k", 10, "kilometer"),
    ("The newborn weighed 7 pounds.", "7 pounds", 7, "pound"),
])
def test_tweet_style_and_mass(nlp, text, written, value, unit):
    row = number(nlp, text, written)
    assert (row["value"], row["unit"]) == (pytest.approx(value), unit)


@pytest.mark.parametrize("text", [
    "The cargo airline bought a 767F last year.",
    "Airbus and Boeing 777F orders rose.",
    "Funds must file a 13F report.",
    "13F filings are public.",
])
def test_a_glued_f_naming_a_thing_is_no_temperature(nlp, text):
    assert all(row["unit"] != "degree Fahrenheit" for row in numbers(nlp, text))


def test_short_units_of_time_and_a_word_that_names_a_noun(nlp):
    row = number(nlp, "Each flash lasts 40 ms.", "40 ms")
    assert (row["unit"], row["kind"]) == ("millisecond", "duration")
    assert number(nlp, "The club hired 12 bar staff.", "12")["unit"] == "bar staff"


def test_money_after_spent_stays_money(nlp):
    row = number(nlp, "He spent 30 million pounds on it.", "30 million pounds")
    assert (row["unit"], row["kind"]) == ("GBP", "money")


@pytest.mark.parametrize("text, written, unit", [
    ("Pour a pint of stock into the pan.", "a pint", "pint"),
    ("The camp lies a mile from the border.", "a mile", "mile"),
    ("They bought an acre of woodland.", "an acre", "acre"),
])
def test_an_article_before_a_unit_counts_one(nlp, text, written, unit):
    row = number(nlp, text, written)
    assert (row["value"], row["unit"], row["kind"]) == (1, unit, "quantity")


@pytest.mark.parametrize("text", [
    "Diesel cost $1.90 a gallon.",
    "It was a bit colder and a degree or so warmer inland.",
])
def test_an_article_that_means_per_or_is_no_unit_counts_nothing(nlp, text):
    assert all(row["value"] != 1 for row in numbers(nlp, text))


def test_a_bare_degree_takes_the_scale_named_after_it(nlp):
    rows = numbers(nlp, "Mercury freezes at −38.8° on the Celsius scale and −37.9° on the Fahrenheit scale.")
    assert [row["unit"] for row in rows] == ["degree Celsius", "degree Fahrenheit"]
    assert number(nlp, "The ramp turns 90° to the left.", "90°")["unit"] == "degree"


def test_a_clock_hour_is_no_length_whatever_follows(nlp):
    rows = numbers(nlp, "Bars may serve drinks until 11pm under the new rules.")
    assert all(row["unit"] != "picometer" for row in rows)


def test_a_symbol_that_names_something_is_no_unit(nlp):
    assert number(nlp, "Ministers of the 27 EU states met.", "27")["kind"] == "count"


@pytest.mark.parametrize("text, written, value, unit", [
    ("The torch runs on 4.5V.", "4.5V", 4.5, "volt"),
    ("Snow: 3.5in at the airport.", "3.5in", 3.5, "inch"),
    ("The centre is 6′4″ tall.", "6′4″", 6 + 4 / 12, "foot"),
    ("The hall is 15 by 40 metres.", "15", 15, "meter"),
])
def test_glued_and_written_dimensions(nlp, text, written, value, unit):
    row = number(nlp, text, written)
    assert (row["value"], row["unit"]) == (pytest.approx(value), unit)


def test_a_plural_noun_after_m_makes_millions_even_beside_a_measure(nlp):
    row = number(nlp, "The 2GW plant can power 1.5m homes.", "1.5m")
    assert (row["value"], row["unit"]) == (1500000, "homes")


@pytest.mark.parametrize("text, written, unit", [
    ("Sunlight delivered 240 W m−2 at the surface.", "240 W m−2", "watt per square meter"),
    ("The coast rises 3 mm yr−1 here.", "3 mm yr−1", "millimeter per year"),
    ("Gusts reached 25 m s−1 on the ridge.", "25 m s−1", "meter per second"),
    ("A band appears at 1720 cm−1 in the spectrum.", "1720 cm−1", "inverse centimeter"),
    ("The furnace heats at 5 °C/min up to 900 °C.", "5 °C/min", "degree Celsius per minute"),
    ("The spring yields 2 m3/s of water.", "2 m3/s", "cubic meter per second"),
])
def test_units_written_as_scientists_write_them(nlp, text, written, unit):
    assert number(nlp, text, written)["unit"] == unit


def test_a_spaced_unit_without_a_negative_exponent_is_no_product(nlp):
    assert number(nlp, "The wall is 4 m high and the gate 2 m wide.", "4 m")["unit"] == "meter"


def test_a_model_name_is_no_inverse_unit(nlp):
    assert number(nlp, "The navy sent two P-3 aircraft.", "two")["unit"] == "aircraft"


def test_a_glued_capital_k_beside_a_temperature_is_kelvin(nlp):
    row = number(nlp, "Helium boils at 4.2K, or −268.9 °C.", "4.2K")
    assert (row["value"], row["unit"]) == (4.2, "kelvin")
    row = number(nlp, "The channel passed 40K subscribers.", "40K")
    assert (row["value"], row["unit"]) == (40000, "subscribers")


def test_an_abbreviation_dot_does_not_hide_the_measuring_word(nlp):
    row = number(nlp, "Use a 3/4 in. wide strap.", "3/4 in")
    assert (row["value"], row["unit"]) == (0.75, "inch")


@pytest.mark.parametrize("text, written, value, unit", [
    ("ran 10K this morning in 48min!!", "10K", 10, "kilometer"),
    ("Entries for the 10K race open today.", "10K", 10, "kilometer"),
    ("The clip hit 10K views overnight.", "10K", 10000, "views"),
])
def test_a_capital_k_of_a_run_is_kilometres(nlp, text, written, value, unit):
    row = number(nlp, text, written)
    assert (row["value"], row["unit"]) == (pytest.approx(value), unit)
